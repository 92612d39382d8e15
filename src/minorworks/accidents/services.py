"""The accidents' domain functions: the quick report, a casualty change (regrade), revealing a casualty.

Each is one transaction with an audit row; notifications are written inside it and sent after commit. The UI
and the API call these functions. Casualties' names and identity numbers never enter an audit row or a
notification.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core.audit import record, snapshot
from minorworks.core.jurisdiction import scoped
from minorworks.core.notifications import active_users, notify
from minorworks.core.roles import Role
from minorworks.core.validators import normalise_id_number
from minorworks.orgs.models import Region
from minorworks.projects.models import Project
from minorworks.projects.numbering import next_record_number
from minorworks.stoporders.models import Source
from minorworks.stoporders.proposals import propose

from .deadlines import deadlines_of, is_late
from .grading import GRADE_ZH, grade
from .models import Accident, Casualty, CasualtyChange, Kind, Outcome

FIGURES = ("deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss")
AUDIT_FIELDS = [
    "number", "status", "kind", "project", "site", "unit", "street", "occurred_at", "head_informed_at",
    "place", "deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss", "grade",
]  # fmt: skip
REPORTERS = frozenset(
    {Role.BUILDER, Role.STREET_OFFICER, Role.DEPARTMENT_OFFICER, Role.DISTRICT_ADMIN, Role.GRID_WORKER}
)


def _figures(accident: Accident) -> dict[str, Any]:
    return {name: str(getattr(accident, name)) for name in FIGURES}


def _check_figures(data: dict[str, Any]) -> None:
    errors = {}
    for name in FIGURES:
        value = data.get(name, 0)
        try:
            number = Decimal(str(value if value is not None else 0))
        except Exception:
            number = Decimal(-1)
        if not number.is_finite() or number < 0 or (name != "direct_loss" and number != int(number)):
            errors[name] = [
                _("Enter a whole number of 0 or more.")
                if name != "direct_loss"
                else _("Enter an amount of 0 or more.")
            ]
        elif number > Decimal("999999999999"):
            errors[name] = [_("This figure is too large.")]
    if errors:
        raise ValidationError(errors)


def _where(actor: Any, project: Project | None, street: Region | None) -> tuple[Any, Region, Region | None]:
    """The accident's district, street and community; PermissionDenied when ``actor`` may not report it."""
    if project is not None:
        if not scoped(Project, actor).filter(pk=project.pk).exists():
            raise Http404  # a project outside the reporter's reach (a builder's: its own projects only)
        return project.district, project.street, project.community
    if actor.role == Role.BUILDER:
        raise ValidationError({"project": [_("Choose the project the accident happened on.")]})
    if actor.role in (Role.STREET_OFFICER, Role.GRID_WORKER):
        own = Region.objects.get(pk=actor.street_id)
        if street is not None and street.pk != own.pk:
            raise PermissionDenied(_("You may report accidents of your own street only."))
        return own.parent, own, None
    if street is None or street.parent_id != actor.district_id:
        raise ValidationError({"street": [_("Choose the street of the site.")]})
    return street.parent, street, None


def recipients_for(accident: Accident) -> list[Any]:
    """Who is told of an accident: its street's officers, the district's administrators, the emergency bureau."""
    users = active_users(street_id=accident.street_id, role=Role.STREET_OFFICER) | active_users(
        district_id=accident.district_id, role=Role.DISTRICT_ADMIN
    )
    bureau = active_users(
        district_id=accident.district_id, role=Role.DEPARTMENT_OFFICER, department__oversees_all=True
    )
    return list((users | bureau).distinct())


def report_accident(
    *,
    actor: Any,
    project: Project | None = None,
    site: str = "",
    street: Region | None = None,
    unit: str = "",
    kind: str = Kind.CONSTRUCTION,
    occurred_at: dt.datetime,
    head_informed_at: dt.datetime,
    place: str,
    course: str,
    deaths: int = 0,
    missing: int = 0,
    serious_injuries: int = 0,
    minor_injuries: int = 0,
    direct_loss: Decimal | int = 0,
    measures: str = "",
    casualties: list[dict[str, str]] | None = None,
) -> Accident:
    """File a quick report (事故快报): graded, numbered, deadlines set, a stop-work order proposed."""
    if actor.role not in REPORTERS:
        raise PermissionDenied(_("You may not report accidents."))
    data = {
        "deaths": deaths, "missing": missing, "serious_injuries": serious_injuries,
        "minor_injuries": minor_injuries, "direct_loss": direct_loss,
    }  # fmt: skip
    _check_figures(data)
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if kind not in Kind.values:
        errors["kind"] = [_("Choose the kind of accident.")]
    if occurred_at > now + dt.timedelta(minutes=5):
        errors["occurred_at"] = [_("The accident cannot be in the future.")]
    if head_informed_at < occurred_at:
        errors["head_informed_at"] = [_("The head cannot be informed before the accident happened.")]
    if not (place or "").strip():
        errors["place"] = [_("Enter the place.")]
    if not (course or "").strip():
        errors["course"] = [_("Describe what happened.")]
    if project is None and not (site or "").strip():
        errors["site"] = [_("Choose the project, or enter the address of the unregistered site.")]
    if errors:
        raise ValidationError(errors)
    district, where_street, community = _where(actor, project, street)
    if not unit.strip():
        unit = (project.contractor.name if project and project.contractor_id else "") or (
            project.builder.name if project else ""
        )
    graded = grade(
        int(deaths), int(serious_injuries), Decimal(str(direct_loss)), on=timezone.localdate(occurred_at)
    )
    with transaction.atomic():
        accident = Accident.objects.create(
            number=next_record_number("SG", district.code),
            kind=kind,
            project=project,
            site=(site or "").strip(),
            unit=(unit or "").strip()[:128] or "—",
            district=district,
            street=where_street,
            community=community,
            occurred_at=occurred_at,
            head_informed_at=head_informed_at,
            reported_at=now,
            reported_by=actor,
            on_behalf=actor.role != Role.BUILDER,
            place=place.strip(),
            course=course.strip(),
            measures=(measures or "").strip(),
            grade=graded.grade,
            grade_reason=graded.reason[:300],
            **{k: (Decimal(str(v)) if k == "direct_loss" else int(v)) for k, v in data.items()},
        )
        for row in casualties or []:
            if row.get("outcome") not in Outcome.values or not (row.get("name") or "").strip():
                raise ValidationError({"casualties": [_("Each casualty needs a name and an outcome.")]})
            Casualty.objects.create(
                accident=accident,
                name=row["name"].strip()[:64],
                id_number=normalise_id_number(row.get("id_number")),
                outcome=row["outcome"],
            )
        record(actor=actor, action="accident.report", obj=accident, after=snapshot(accident, AUDIT_FIELDS))
        notify(
            recipients_for(accident),
            kind="accident.reported",
            subject=gettext_lazy("Accident reported: %(number)s (%(grade)s), %(place)s"),
            body=gettext_lazy("Report onward by %(due)s (Decree 493 Art. 11)."),
            params={
                "number": accident.number,
                "grade": GRADE_ZH[accident.grade],
                "place": accident.place,
                "due": timezone.localtime(deadlines_of(accident)["onward_due"]).strftime("%Y-%m-%d %H:%M"),
            },
            url=f"/accidents/{accident.pk}/",
            obj=accident,
            actor=actor,
        )
        if project is not None:
            propose(
                project=project,
                source=Source.OFFICER,
                reason=_("Accident %(number)s at %(place)s: work stops pending the investigation.")
                % {"number": accident.number, "place": accident.place},
                actor=actor,
            )
    return accident


def change_casualties(
    accident: Accident, *, actor: Any, note: str = "", at: dt.datetime | None = None, **figures: Any
) -> CasualtyChange:
    """Add a change of the figures (补报, Art. 13); within the window it regrades the accident (Art. 20)."""
    if not can_change(actor, accident):
        raise PermissionDenied(_("You may not change this accident's figures."))
    at = at or timezone.now()
    with transaction.atomic():
        locked = Accident.objects.select_for_update().get(pk=accident.pk)
        merged = {name: figures.get(name, getattr(locked, name)) for name in FIGURES}
        merged = {k: (getattr(locked, k) if v is None else v) for k, v in merged.items()}
        _check_figures(merged)
        before = _figures(locked)
        grade_before = locked.grade
        supplement_until = deadlines_of(locked)["supplement_until"]
        within = supplement_until is not None and not is_late(supplement_until, at)
        updates: dict[str, Any] = {
            k: (Decimal(str(v)) if k == "direct_loss" else int(v)) for k, v in merged.items()
        }
        if within:
            graded = grade(
                updates["deaths"], updates["serious_injuries"], updates["direct_loss"],
                on=timezone.localdate(locked.occurred_at),
            )  # fmt: skip
            updates["grade"], updates["grade_reason"] = graded.grade, graded.reason[:300]
        Accident.objects.filter(pk=locked.pk).update(**updates)
        for name, value in updates.items():
            setattr(locked, name, value)
        change = CasualtyChange.objects.create(
            accident=locked,
            at=at,
            by=actor,
            figures_before=before,
            figures_after=_figures(locked),
            grade_before=grade_before,
            grade_after=locked.grade,
            within_window=within,
            note=(note or "").strip(),
        )
        record(
            actor=actor,
            action="accident.casualty_change",
            obj=locked,
            before={**before, "grade": grade_before},
            after={**_figures(locked), "grade": locked.grade, "within_window": within},
            note=note,
        )
        if locked.grade != grade_before:
            notify(
                recipients_for(locked),
                kind="accident.regraded",
                subject=gettext_lazy("Accident %(number)s regraded: %(before)s → %(after)s"),
                body=gettext_lazy("The higher level may investigate again (Decree 493 Art. 20)."),
                params={
                    "number": locked.number,
                    "before": GRADE_ZH[grade_before],
                    "after": GRADE_ZH[locked.grade],
                },
                url=f"/accidents/{locked.pk}/",
                obj=locked,
                actor=actor,
            )
    accident.refresh_from_db()
    return change


def can_change(user: Any, accident: Accident) -> bool:
    """The accident's street, the district and the unit that reported it may add casualty changes."""
    if not getattr(user, "is_authenticated", False) or accident.status == "closed":
        return False
    if user.role == Role.STREET_OFFICER:
        return user.street_id == accident.street_id
    if user.role == Role.DISTRICT_ADMIN:
        return user.district_id == accident.district_id
    if user.role == Role.BUILDER and accident.project_id:
        return user.enterprise_id in (accident.project.builder_id, accident.project.contractor_id)
    return False


def can_reveal(user: Any, accident: Accident) -> bool:
    """The street and the district (the investigators) may reveal a casualty's identity number."""
    if user.role == Role.STREET_OFFICER:
        return user.street_id == accident.street_id
    return user.role == Role.DISTRICT_ADMIN and user.district_id == accident.district_id


def reveal_casualty(accident: Accident, *, actor: Any, casualty_id: int) -> dict[str, str]:
    """The full name and identity number of one casualty; writes the audit row (who, whose, when)."""
    if not can_reveal(actor, accident):
        raise PermissionDenied(_("You may not see this number."))
    casualty = accident.casualties.filter(pk=casualty_id).first()
    if casualty is None:
        raise Http404
    with transaction.atomic():
        record(
            actor=actor,
            action="reveal",
            obj=accident,
            after={"casualty": casualty.pk, "field": "id_number"},
            note=f"casualty #{casualty.pk}",
        )
    return {"name": casualty.name, "id_number": casualty.id_number}
