"""What the reporter does through the private link: read the status and reply, and rate the handling once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.audit import record
from minorworks.core.notifications import notify

from .intake import district_desk
from .models import Rating, Report, Status


def report_by_secret(secret: str) -> Report:
    """The report behind a private link (404 for anything else)."""
    if not secret or len(secret) > 64:
        raise Http404
    found = Report.objects.select_related("street", "merged_into").filter(secret=secret).first()
    if found is None:
        raise Http404
    return found


def rate(report: Report, *, rating: str, comment: str = "", actor: Any = "reporter") -> bool:
    """Record the reporter's rating once (a conditional UPDATE); "not satisfied" reopens it for desk review.

    Returns False when the report was already rated or is not closed (a second click changes nothing).
    """
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose how satisfied you are.")})
    comment = (comment or "").strip()
    if len(comment) > v.NOTE_MAX:
        raise ValidationError({"comment": _("At most %(n)s characters.") % {"n": v.NOTE_MAX}})
    target = Status.REVIEW if rating == Rating.NOT_SATISFIED else Status.CLOSED
    now = timezone.now()
    with transaction.atomic():
        changed = Report.objects.filter(pk=report.pk, status=Status.CLOSED, rating="").update(
            rating=rating, rated_at=now, rating_comment=comment, status=target, updated_at=now
        )
        if not changed:
            return False
        report.refresh_from_db()
        record(
            actor=actor,
            action="report.rate",
            obj=report,
            before={"status": Status.CLOSED, "rating": ""},
            after={"status": target, "rating": rating},
            note=comment,
        )
        if target == Status.REVIEW:
            notify(
                district_desk(report.district_id),
                kind="reports.not_satisfied",
                subject=gettext_lazy("Report %(number)s: the reporter is not satisfied"),
                body=gettext_lazy("Review the handling and dispatch it again or confirm the reply."),
                params={"number": report.number},
                url=f"/reports/{report.pk}/",
                obj=report,
            )
    return True
