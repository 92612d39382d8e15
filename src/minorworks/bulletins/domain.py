"""Bulletins: the scheme, generating a draft, editing it, issuing it. One transaction, one audit row each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core import audit
from minorworks.core.documents.store import issue as issue_document
from minorworks.core.indicators import registered
from minorworks.core.jurisdiction import get_scoped, scoped
from minorworks.core.notifications import notify
from minorworks.core.roles import Role
from minorworks.core.workflow import InvalidInput, NotAllowedNow, NotPermitted
from minorworks.orgs.models import Region

from . import prose, ranking
from .models import Bulletin, BulletinStatus, Scheme

DEFAULT_NAME = "限额以下工程施工安全管理工作考核评分办法"
DEFAULT_FROM = dt.date(2020, 1, 1)
# The default scheme: registration and inspection work weigh most (the seed's bulletins ranked on these).
DEFAULT_WEIGHTS = {
    "projects.registered_new": 15,
    "projects.registered_before_start": 15,
    "leads.resolved": 10,
    "inspections.count": 10,
    "inspections.coverage": 20,
    "inspections.closed_on_time": 15,
    "inspections.overdue": 10,
    "stoporders.resolved": 5,
}
MAX_PERIOD_DAYS = 366


def default_items() -> list[dict[str, Any]]:
    """The default scheme's items (those of its indicators that are declared)."""
    known = registered()
    return [
        {
            "code": code,
            "weight": weight,
            "higher_is_better": known[code].higher_is_better,
            "normalisation": "minmax",
        }
        for code, weight in DEFAULT_WEIGHTS.items()
        if code in known
    ]


def scheme_for(district_id: int, on: dt.date) -> Scheme:
    """The scheme in force on ``on`` (an unsaved default when the district has none yet)."""
    found = Scheme.objects.filter(district_id=district_id, effective_from__lte=on).first()
    return found or Scheme(
        district_id=district_id, name=DEFAULT_NAME, effective_from=DEFAULT_FROM, items=default_items()
    )


def _admin(actor: Any) -> int:
    if getattr(actor, "role", None) != Role.DISTRICT_ADMIN or not actor.district_id:
        raise NotPermitted(str(_("Only the district administrator may do this.")))
    return actor.district_id


def save_scheme(*, actor: Any, name: str, effective_from: dt.date, items: list[dict[str, Any]]) -> Scheme:
    """A new version of the district's scheme, in force from ``effective_from``."""
    district_id = _admin(actor)
    known = registered()
    problems: dict[str, list[str]] = {}
    if not items:
        problems["items"] = [str(_("Choose at least one indicator."))]
    for item in items:
        if item["code"] not in known:
            problems.setdefault("items", []).append(str(_("Unknown indicator.")))
    if problems:
        raise InvalidInput(str(_("The scheme is not valid.")), errors=problems)
    with transaction.atomic():
        scheme = Scheme.objects.create(
            district_id=district_id, name=name, effective_from=effective_from, items=items, created_by=actor
        )
        audit.record(actor=actor, action="bulletins.scheme_saved", obj=scheme, after=audit.snapshot(scheme))
    return scheme


def visible_bulletins(user: Any) -> QuerySet[Bulletin]:
    """The bulletins ``user`` may see: the district administrator all of the district's, others issued ones."""
    rows = scoped(Bulletin, user)
    if getattr(user, "role", None) != Role.DISTRICT_ADMIN:
        rows = rows.filter(status=BulletinStatus.ISSUED)
    return rows


def get_bulletin(user: Any, pk: Any) -> Bulletin:
    """One bulletin ``user`` may see (404 otherwise)."""
    return get_scoped(visible_bulletins(user).select_related("district", "scheme"), user, pk)


def previous_ranks(district_id: int, before: dt.date) -> dict[int, int]:
    """Street id → rank in the district's latest issued bulletin ending before ``before``."""
    previous = (
        Bulletin.objects.filter(district_id=district_id, status=BulletinStatus.ISSUED, period_end__lt=before)
        .order_by("-period_end", "-id")
        .values_list("ranking", flat=True)
        .first()
    )
    return {row["street_id"]: row["rank"] for row in previous or []}


def columns_of(items: list[ranking.Item]) -> list[dict[str, Any]]:
    """The indicator columns of a ranking (Chinese titles, kind, weight, direction, the drill-down)."""
    known = registered()
    titles = prose.zh_titles([i.code for i in items])
    return [
        {
            "code": i.code,
            "title": titles[i.code],
            "kind": known[i.code].kind,
            "weight": float(i.weight),
            "higher_is_better": i.higher_is_better,
            "normalisation": i.normalisation,
            "drill": known[i.code].drill or "",
        }
        for i in items
    ]


def live_ranking(district_id: int, start: dt.date, end: dt.date) -> tuple[list[dict], list[dict]]:
    """The ranking now, for the dashboard: (rows, columns) on the scheme in force at ``end``."""
    scheme = scheme_for(district_id, end)
    items = ranking.items_of(scheme.items)
    rows = ranking.compute(district_id, start, end, items, previous_ranks(district_id, start))
    return rows, columns_of(items)


def check_period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    problems: dict[str, list[str]] = {}
    if start is None:
        problems["period_start"] = [str(_("Enter a valid date."))]
    if end is None:
        problems["period_end"] = [str(_("Enter a valid date."))]
    if start and end and end < start:
        problems["period_end"] = [str(_("The period ends before it starts."))]
    elif start and end and (end - start).days >= MAX_PERIOD_DAYS:
        problems["period_end"] = [str(_("A bulletin covers at most a year."))]
    if start and end and end > timezone.localdate():
        problems["period_end"] = [str(_("The period cannot end in the future."))]
    if problems:
        raise InvalidInput(str(_("The period is not valid.")), errors=problems)
    assert start and end
    return start, end


def generate(*, actor: Any, period_start: dt.date | None, period_end: dt.date | None) -> Bulletin:
    """A draft bulletin for the period: the ranking computed now and frozen, the prose written from it."""
    district_id = _admin(actor)
    start, end = check_period(period_start, period_end)
    district = Region.objects.get(pk=district_id)
    with transaction.atomic():
        scheme = scheme_for(district_id, end)
        if scheme.pk is None:
            scheme.created_by = actor
            scheme.save()
        items = ranking.items_of(scheme.items)
        rows = ranking.compute(district_id, start, end, items, previous_ranks(district_id, start))
        columns = columns_of(items)
        lagging = ranking.laggards(rows)
        texts = prose.draft_texts(
            district_name=district.name,
            scheme_name=scheme.name,
            scheme_from=scheme.effective_from,
            start=start,
            end=end,
            rows=rows,
            columns=columns,
            laggard_rows=lagging,
        )
        bulletin = Bulletin.objects.create(
            district_id=district_id,
            period_start=start,
            period_end=end,
            scheme=scheme,
            title=prose.title_of(start, end),
            ranking=rows,
            columns=columns,
            laggards=[r["street_id"] for r in lagging],
            requirements=prose.draft_requirements(lagging, timezone.localdate()),
            created_by=actor,
            **texts,
        )
        audit.record(
            actor=actor,
            action="bulletins.generated",
            obj=bulletin,
            after={"period_start": start.isoformat(), "period_end": end.isoformat(), "scheme": scheme.pk},
        )
    return bulletin


def edit(
    bulletin: Bulletin,
    *,
    actor: Any,
    title: str,
    opening: str,
    findings: str,
    problems: str,
    requirements: list[dict[str, str]],
) -> Bulletin:
    """Change the words of a draft (the figures stay as computed)."""
    _admin(actor)
    fields = ("title", "opening", "findings", "problems", "requirements")
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.status != BulletinStatus.DRAFT:
            raise NotAllowedNow(
                str(_("The bulletin has been issued; it can no longer change.")),
                current=locked.status,
                already_done=False,
            )
        before = audit.snapshot(locked, fields)
        for name, value in zip(fields, (title, opening, findings, problems, requirements), strict=True):
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
        audit.record(
            actor=actor,
            action="bulletins.edited",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, fields),
        )
    return locked


def issue(bulletin: Bulletin, *, actor: Any) -> Bulletin:
    """Number and issue the draft, store its .docx and PDF, tell every street (one conditional UPDATE)."""
    _admin(actor)
    now = timezone.now()
    district = Region.objects.get(pk=bulletin.district_id)
    with transaction.atomic():
        won = Bulletin.objects.filter(pk=bulletin.pk, status=BulletinStatus.DRAFT).update(
            status=BulletinStatus.ISSUED, issued_at=now, issued_by=actor
        )
        if not won:
            raise NotAllowedNow(
                str(_("The bulletin has already been issued.")),
                current=BulletinStatus.ISSUED,
                already_done=True,
            )
        bulletin.refresh_from_db()
        version = issue_document(
            prose.BULLETIN,
            bulletin,
            lambda number: prose.content(bulletin, number, district.name),
            district=district.name,
            actor=actor,
        )
        bulletin.number = version.document.number
        bulletin.save(update_fields=["number"])
        audit.record(actor=actor, action="bulletins.issued", obj=bulletin, after={"number": bulletin.number})
        streets = get_user_model().objects.filter(
            district_id=bulletin.district_id, role=Role.STREET_OFFICER, is_active=True
        )
        notify(
            streets,
            kind="bulletin.issued",
            subject=_("Bulletin %(number)s has been issued"),
            url=reverse("bulletins:detail", args=[bulletin.pk]),
            obj=bulletin,
            actor=actor,
            params={"number": bulletin.number},
        )
    return bulletin
