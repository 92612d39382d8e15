"""``{% registration_panel project request as reg %}``: what the registration panel of a project shows.

The panel is included by the project detail page; its queries are bounded (no per-worker queries).
"""

from __future__ import annotations

from typing import Any

from django import template

from minorworks.core.masking import mask_id_number, mask_phone
from minorworks.core.roles import STAFF_ROLES
from minorworks.orgs.models import Enterprise, Person

from .. import registration as reg
from .. import uploads
from ..checks import run_checks, worst_level
from ..forms import AttachmentForm
from ..models import Attachment, HazardousOperation
from ..parties_of import parties_of
from ..personal import can_reveal
from ..workers import can_change_workers

register = template.Library()


@register.simple_tag
def registration_panel(project, request) -> dict[str, Any]:
    """Parties, site manager, workers, hazards, files, checks (staff) and what editors may do."""
    user = request.user
    revealable = can_reveal(user, project)
    party_ids = [
        p
        for p in (
            project.builder_id,
            project.contractor_id,
            project.designer_id,
            project.supervisor_id,
            project.property_company_id,
        )
        if p
    ]
    units = {e.pk: e for e in Enterprise.objects.filter(pk__in=party_ids).prefetch_related("qualifications")}
    parties = []
    for role in ("builder", "contractor", "designer", "supervisor", "property_company"):
        unit = units.get(getattr(project, f"{role}_id"))
        if unit is not None:
            quals = list(unit.qualifications.all()) if role == "contractor" else []
            parties.append({"role": role, "unit": unit, "qualifications": quals})
    manager = Person.objects.filter(pk=project.site_manager_id).first() if project.site_manager_id else None
    workers = []
    for w in project.workers.select_related("person").prefetch_related("person__certificates").order_by("pk"):
        workers.append(
            {
                "name": w.person.name,
                "trade": w.trade,
                "person_id": w.person_id,
                "id_number": mask_id_number(w.person.id_number),
                "phone": mask_phone(w.person.phone),
                "certificates": list(w.person.certificates.all()),
            }
        )
    hazard_labels = dict(HazardousOperation.choices)
    attachments = list(Attachment.objects.filter(project_id=project.pk).order_by("kind", "uploaded_at"))
    for attachment in attachments:
        attachment.project = project  # no query per row in can_remove_attachment
    editable = reg.can_edit(user, project)
    # Staff review with the checks; the builder and contractor see the same checks before submitting.
    shows_checks = getattr(user, "role", None) in STAFF_ROLES or bool(parties_of(user, project))
    checks = run_checks(project) if shows_checks else []
    return {
        "parties": parties,
        "site_manager": manager,
        "site_manager_phone": mask_phone(manager.phone) if manager else "",
        "can_reveal": revealable,
        "can_change_workers": not editable and can_change_workers(user, project),
        "workers": workers,
        "hazards": [hazard_labels.get(op, op) for op in project.hazardous_operations or []],
        "attachments": [{"obj": a, "removable": uploads.can_remove_attachment(user, a)} for a in attachments],
        "checks": checks,
        "worst": worst_level(checks),
        "can_edit": editable,
        "can_attach": reg.can_attach(user, project),
        "attachment_form": AttachmentForm(auto_id="id_upload_%s"),
        "missing": reg.missing_for_submission(project) if editable else [],
    }
