"""The reporter's identity: masked on the report's page, the phone revealed only by an audited POST."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from minorworks.core.audit import record
from minorworks.core.masking import mask_phone

from .models import Report
from .workflow import report_parties


def may_see_identity(user: Any, report: Report) -> bool:
    """The officers of the handling street and the district desk (no one else, whatever they may read)."""
    return bool(report_parties(user, report))


def masked_identity(user: Any, report: Report) -> dict[str, str] | None:
    """Name and masked phone for those who may see them; None for everyone else."""
    if report.anonymous or not may_see_identity(user, report):
        return None
    return {"name": report.reporter_name, "phone": mask_phone(report.reporter_phone)}


def reveal_phone(report: Report, *, actor: Any) -> str:
    """The reporter's full phone number; writes the audit row (who saw whose number, when)."""
    if not may_see_identity(actor, report):
        raise PermissionDenied(_("You may not see this number."))
    with transaction.atomic():
        record(actor=actor, action="report.reveal", obj=report, note=_("reporter's phone"))
    return report.reporter_phone
