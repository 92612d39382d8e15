"""The reports' daily job (run by ``minorworks jobs``): overdue responses and resolutions go to the district."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from minorworks.core.jobs import daily
from minorworks.core.notifications import notify

from .intake import district_desk, street_officers
from .models import OPEN_STATUSES, Report


def _tell(report: Report, subject, body) -> None:
    recipients = district_desk(report.district_id)
    if report.street_id:
        recipients += street_officers(report.street_id)
    notify(
        recipients,
        kind="reports.overdue",
        subject=subject,
        body=body,
        params={"number": report.number},
        url=f"/reports/{report.pk}/",
        obj=report,
    )


def escalate_overdue(now: dt.datetime | None = None) -> tuple[int, int]:
    """Flag and escalate reports past a deadline, once each: (response overdue, resolution overdue)."""
    now = now or timezone.now()
    late_response = Report.objects.filter(
        status__in=OPEN_STATUSES, responded_at__isnull=True, respond_by__lt=now, escalated_at__isnull=True
    )
    late_resolution = Report.objects.filter(
        status__in=OPEN_STATUSES, resolve_by__lt=now, resolve_escalated_at__isnull=True
    )
    responses = resolutions = 0
    with transaction.atomic():
        for report in late_response.select_for_update():
            # The conditional update makes a second run (or a parallel one) escalate nothing twice.
            if Report.objects.filter(pk=report.pk, escalated_at__isnull=True).update(escalated_at=now):
                responses += 1
                _tell(
                    report,
                    gettext_lazy("Report %(number)s: no response in time"),
                    gettext_lazy("The response deadline has passed; the district desk has been told."),
                )
        for report in late_resolution.select_for_update():
            if Report.objects.filter(pk=report.pk, resolve_escalated_at__isnull=True).update(
                resolve_escalated_at=now
            ):
                resolutions += 1
                _tell(
                    report,
                    gettext_lazy("Report %(number)s: not resolved in time"),
                    gettext_lazy("The resolution deadline has passed; the district desk has been told."),
                )
    return responses, resolutions


@daily("reports.escalate_overdue")
def escalate(today: dt.date) -> str:
    """Escalate reports past their response or resolution deadline to the district desk."""
    responses, resolutions = escalate_overdue()
    return f"{responses} responses and {resolutions} resolutions overdue"
