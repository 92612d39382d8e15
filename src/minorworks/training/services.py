"""Trainings' domain functions: hold a training, sign in (QR or staff), and who of a project's workers is trained."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.core.crypto import blind_index
from minorworks.core.roles import Role

from .models import Attendance, Host, Source, Training

AUDIT = ["host", "topic", "starts_at", "ends_at", "place", "trainer", "audience", "street", "pass_mark"]


def can_manage(user: Any, training: Training) -> bool:
    """The host may register attendees: the district's admins, the street's officers, the department, the builder."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.DISTRICT_ADMIN:
        return user.district_id == training.district_id
    if user.role == Role.STREET_OFFICER:
        return training.street_id is not None and user.street_id == training.street_id
    if user.role == Role.DEPARTMENT_OFFICER:
        return user.department_id is not None and user.department_id == training.host_department_id
    if user.role == Role.BUILDER:
        return user.enterprise_id is not None and user.enterprise_id == training.host_enterprise_id
    return False


def hold_training(
    *, actor: Any, topic: str, starts_at: dt.datetime, ends_at: dt.datetime, place: str, trainer: str,
    audience: str = "", street: Any = None, quiz: list[dict[str, Any]] | None = None, pass_mark: int = 0,
) -> Training:  # fmt: skip
    """Announce a training held by the actor's district, street, department or enterprise."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The end is before the start.")]})
    fields: dict[str, Any] = {}
    if actor.role == Role.DISTRICT_ADMIN:
        fields = {"host": Host.DISTRICT, "district_id": actor.district_id, "street": street}
    elif actor.role == Role.STREET_OFFICER:
        fields = {"host": Host.STREET, "district_id": actor.district_id, "street_id": actor.street_id}
    elif actor.role == Role.DEPARTMENT_OFFICER:
        fields = {
            "host": Host.DEPARTMENT, "district_id": actor.department.district_id,
            "host_department_id": actor.department_id,
        }  # fmt: skip
    elif actor.role == Role.BUILDER and actor.enterprise_id:
        if street is None:
            raise ValidationError({"street": [_("Choose the street where the training is held.")]})
        fields = {"host": Host.BUILDER, "district_id": street.parent_id, "street": street,
                  "host_enterprise_id": actor.enterprise_id}  # fmt: skip
    else:
        raise PermissionDenied(_("You may not hold trainings."))
    quiz = _clean_quiz(quiz or [])
    if pass_mark > len(quiz):
        raise ValidationError({"pass_mark": [_("The pass mark is higher than the number of questions.")]})
    with transaction.atomic():
        training = Training.objects.create(
            topic=topic.strip(), starts_at=starts_at, ends_at=ends_at, place=place.strip(), trainer=trainer.strip(),
            audience=(audience or "").strip(), quiz=quiz, pass_mark=pass_mark if quiz else 0,
            created_by=actor, **fields,
        )  # fmt: skip
        record(actor=actor, action="training.hold", obj=training, after=snapshot(training, AUDIT))
    return training


def _clean_quiz(quiz: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for item in quiz[:20]:
        options = [str(o).strip()[:200] for o in item.get("options", []) if str(o).strip()][:6]
        answer = item.get("answer")
        if not str(item.get("question", "")).strip() or len(options) < 2 or answer not in range(len(options)):
            raise ValidationError(
                {"quiz": [_("Each question needs a text, two options or more and the right one.")]}
            )
        cleaned.append(
            {"question": str(item["question"]).strip()[:300], "options": options, "answer": answer}
        )
    return cleaned


def score_of(training: Training, answers: dict[str, Any] | None) -> int | None:
    """The number of right answers (None when the training has no quiz)."""
    if not training.quiz:
        return None
    answers = answers or {}
    return sum(1 for i, q in enumerate(training.quiz) if str(answers.get(f"q{i}", "")) == str(q["answer"]))


def sign_in(
    training: Training, *, name: str, unit: str, phone: str, answers: dict[str, Any] | None = None,
    actor: Any = None, source: str = Source.QR, now: dt.datetime | None = None,
) -> tuple[Attendance, bool]:  # fmt: skip
    """Record one attendance (idempotent by phone): (the attendance, whether it is new)."""
    if source == Source.STAFF and not can_manage(actor, training):
        raise PermissionDenied(_("You may not register attendees of this training."))
    score = score_of(training, answers)
    effective = score is None or score >= training.pass_mark
    existing = Attendance.objects.filter(training=training, phone_hash=blind_index(phone)).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                training=training, name=name, unit=unit, phone=phone, source=source, score=score,
                effective=effective, registered_at=now or timezone.now(),
                registered_by=actor if source == Source.STAFF else None,
            )  # fmt: skip
            record(
                actor=actor if source == Source.STAFF else "public",
                action="training.attend",
                obj=training,
                after={"attendance": attendance.pk, "source": source, "effective": effective, "score": score},
            )
    except IntegrityError:  # the same phone signed in concurrently
        return Attendance.objects.get(training=training, phone_hash=blind_index(phone)), False
    return attendance, True


def valid_months() -> int:
    """How long an effective training counts (``TRAINING_VALID_MONTHS``, 12 by default)."""
    return int(getattr(settings, "TRAINING_VALID_MONTHS", 12))


def cutoff(today: dt.date | None = None) -> dt.datetime:
    """The earliest start of a training that still counts today."""
    today = today or timezone.localdate()
    months = valid_months()
    year, month = divmod(today.month - 1 - months, 12)
    last_day = calendar.monthrange(today.year + year, month + 1)[1]
    start = dt.date(today.year + year, month + 1, min(today.day, last_day))  # 31 March - 1 month: 28/29 Feb
    return timezone.make_aware(dt.datetime.combine(start, dt.time()))


def trained_exists(today: dt.date | None = None) -> Exists:
    """An EXISTS over effective attendances since the cutoff with the row's person's name and phone (blind
    index), for annotating ProjectWorker rows."""
    return Exists(
        Attendance.objects.filter(
            phone_hash=OuterRef("person__phone_hash"),
            name=OuterRef("person__name"),
            effective=True,
            training__starts_at__gte=cutoff(today),
        ).exclude(phone_hash="")
    )


def trained_people(people: list[Any], today: dt.date | None = None) -> set[int]:
    """The ids of ``people`` (orgs.Person) with an effective training since the cutoff, matched by name and
    phone (the phone through its blind index): one query."""
    by_hash = {p.phone_hash: p for p in people if p.phone_hash}
    if not by_hash:
        return set()
    found = Attendance.objects.filter(
        phone_hash__in=list(by_hash), effective=True, training__starts_at__gte=cutoff(today)
    ).values_list("phone_hash", "name")
    return {by_hash[h].pk for h, name in found if by_hash[h].name.strip() == name.strip()}
