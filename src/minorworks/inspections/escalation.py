"""Overdue and escalation (issue 8 §5), run by the daily job: hazards past their deadline are notified to the
responsible people once, and escalated to the district's view after the district's delay; rectifications
waiting longer than the district allows for their re-inspection are reminded to the street, once.

Each step looks at the records (``overdue_notified_on``, ``escalated_at``, ``reinspection_reminded_on``), not at
whether the job ran, so running it twice on one day, or after a missed day, does the right thing once.
The actor of the audit rows is the platform (``actor=None``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minorworks.core.audit import record
from minorworks.core.figures import cn_date
from minorworks.core.notifications import active_users, notify
from minorworks.core.roles import Role

from .models import Hazard, HazardStatus, InspectionPolicy
from .queries import overdue_q

DEFAULTS = InspectionPolicy()  # the defaults of a district without its own policy row


def _policies() -> dict[int, InspectionPolicy]:
    return {p.district_id: p for p in InspectionPolicy.objects.all()}


class Recipients:
    """The responsible people of a set of projects, read with three queries whatever their number."""

    def __init__(self, projects: Iterable[Any]):
        projects = list(projects)
        streets = {p.street_id for p in projects}
        districts = {p.district_id for p in projects}
        firms = {f for p in projects for f in (p.builder_id, p.contractor_id) if f}
        self.officers: dict[int, list[Any]] = defaultdict(list)
        self.firms: dict[int, list[Any]] = defaultdict(list)
        self.district: dict[int, list[Any]] = defaultdict(list)
        self.by_id: dict[int, Any] = {}
        for user in active_users(role=Role.STREET_OFFICER, street_id__in=streets):
            self.officers[user.street_id].append(user)
            self.by_id[user.pk] = user
        for user in active_users(role=Role.BUILDER, enterprise_id__in=firms):
            self.firms[user.enterprise_id].append(user)
        for user in active_users(role=Role.DISTRICT_ADMIN, district_id__in=districts):
            self.district[user.district_id].append(user)

    def street(self, project: Any) -> list[Any]:
        """The project's responsible officer, or every officer of its street when none is named."""
        named = self.by_id.get(project.responsible_officer_id)
        return [named] if named else self.officers[project.street_id]

    def parties(self, project: Any) -> list[Any]:
        """The accounts of the project's builder and contractor."""
        return self.firms[project.builder_id] + self.firms[project.contractor_id]

    def district_desk(self, project: Any) -> list[Any]:
        """The district administrators of the project's district."""
        return self.district[project.district_id]


def _url(hazard: Hazard) -> str:
    return reverse("inspections:hazard_detail", kwargs={"pk": hazard.pk})


def overdue_hazards(today: dt.date | None = None) -> tuple[int, int]:
    """Notify hazards newly past their deadline and escalate those overdue longer than the district's delay.

    Answers (notified, escalated).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    policies = _policies()
    late = list(
        Hazard.objects.filter(overdue_q(today))
        .filter(Q(overdue_notified_on__isnull=True) | Q(escalated_at__isnull=True))
        .select_related("project")
        .order_by("pk")
    )
    people = Recipients(h.project for h in late)
    notified = escalated = 0
    for hazard in late:
        project = hazard.project
        params = {"number": hazard.number, "project": project.name, "due": cn_date(hazard.due_on())}
        if hazard.overdue_notified_on is None:
            notify(
                people.street(project) + people.parties(project),
                kind="hazard.overdue",
                subject=_("Hazard %(number)s is overdue"),
                body=_("Hazard %(number)s on %(project)s was due on %(due)s and is not closed."),
                url=_url(hazard),
                obj=hazard,
                params=params,
            )
            Hazard.objects.filter(pk=hazard.pk).update(overdue_notified_on=today)
            notified += 1
        delay = policies.get(hazard.district_id, DEFAULTS).escalate_after_days
        due = hazard.due_on()
        if hazard.escalated_at is None and due is not None and (today - due).days > delay:
            Hazard.objects.filter(pk=hazard.pk, escalated_at__isnull=True).update(escalated_at=now)
            record(
                actor=None,
                action="hazard.escalate",
                obj=hazard,
                after={"escalated_at": now.isoformat()},
                note=f"overdue since {due.isoformat()}, escalation after {delay} days",
            )
            notify(
                people.district_desk(project) + people.street(project),
                kind="hazard.escalated",
                subject=_("Hazard %(number)s escalated to the district"),
                body=_(
                    "Hazard %(number)s on %(project)s was due on %(due)s and is still not closed: "
                    "it is now on the district's list."
                ),
                url=_url(hazard),
                obj=hazard,
                params=params,
            )
            escalated += 1
    return notified, escalated


def late_reinspections(today: dt.date | None = None) -> int:
    """Remind the street of rectifications waiting longer than the district allows for the re-inspection."""
    today = today or timezone.localdate()
    policies = _policies()
    waiting = [
        h
        for h in Hazard.objects.filter(
            status=HazardStatus.SUBMITTED,
            reinspection_reminded_on__isnull=True,
            rectified_at__isnull=False,
        )
        .select_related("project")
        .order_by("pk")
        if (today - timezone.localdate(h.rectified_at)).days
        > policies.get(h.district_id, DEFAULTS).reinspect_within_days
    ]
    people = Recipients(h.project for h in waiting)
    for hazard in waiting:
        notify(
            people.street(hazard.project),
            kind="hazard.reinspection_late",
            subject=_("Re-inspection of hazard %(number)s is late"),
            body=_(
                "The rectification of hazard %(number)s on %(project)s was submitted on %(submitted)s "
                "and waits for its re-inspection."
            ),
            url=_url(hazard),
            obj=hazard,
            params={
                "number": hazard.number,
                "project": hazard.project.name,
                "submitted": cn_date(timezone.localdate(hazard.rectified_at)),
            },
        )
        Hazard.objects.filter(pk=hazard.pk).update(reinspection_reminded_on=today)
    return len(waiting)
