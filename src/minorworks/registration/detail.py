"""What one project's page and its API answer show, computed once (templates do no domain work).

:func:`registration_view` gathers the parties, declared papers, site manager, workers (numbers masked),
files, automatic checks and what the user may do — in a fixed number of queries, whatever the number of
workers, certificates or files. The detail page renders it; ``GET /api/v1/projects/{id}`` serialises it.
"""

from __future__ import annotations

from typing import Any

from minorworks.core.masking import mask_id_number, mask_phone
from minorworks.core.roles import STAFF_ROLES
from minorworks.orgs.models import Enterprise
from minorworks.projects.models import Attachment, HazardousOperation, Project
from minorworks.projects.parties_of import parties_of

from . import registration as reg
from . import uploads
from .checks import run_checks, workers_of, worst_level
from .parties import papers_of
from .personal import can_reveal
from .workers import can_change_workers

PARTY_ROLES = ("builder", "contractor", "designer", "supervisor", "property_company")


def registration_view(user: Any, project: Project) -> dict[str, Any]:
    """The registration part of a project's page and API answer, for ``user`` (who already sees it)."""
    # Units read with the project (select_related) are taken as they are; the others in one query.
    fields = {role: Project._meta.get_field(role) for role in PARTY_ROLES}
    units = {
        getattr(project, f"{role}_id"): getattr(project, role)
        for role, field in fields.items()
        if field.is_cached(project) and getattr(project, f"{role}_id")
    }
    missing = [i for r in PARTY_ROLES if (i := getattr(project, f"{r}_id")) and i not in units]
    units.update(Enterprise.objects.in_bulk(missing) if missing else {})
    parties = [
        {"role": role, "unit": units[getattr(project, f"{role}_id")]}
        for role in PARTY_ROLES
        if getattr(project, f"{role}_id") in units
    ]
    manager = project.site_manager  # read with the project (DETAIL_RELATED, the API's detail query)
    workers = [
        {
            "person_id": w.person_id,
            "name": w.person.name,
            "trade": w.trade,
            "id_number": mask_id_number(w.person.id_number),
            "phone": mask_phone(w.person.phone),
            "certificates": list(w.person.certificates.all()),
        }
        for w in workers_of(project)
    ]
    labels = dict(HazardousOperation.choices)
    attachments = list(Attachment.objects.filter(project_id=project.pk).order_by("kind", "uploaded_at", "pk"))
    for attachment in attachments:
        attachment.project = project  # no query per row in can_remove_attachment
    editable = reg.can_edit(user, project)
    # Staff review with the checks; the builder and contractor see the same checks before submitting.
    shows_checks = getattr(user, "role", None) in STAFF_ROLES or bool(parties_of(user, project))
    checks = run_checks(project) if shows_checks else []
    return {
        "parties": parties,
        "papers": papers_of(project),
        "site_manager": manager,
        "site_manager_phone": mask_phone(manager.phone) if manager else "",
        "workers": workers,
        "hazards": [labels.get(op, op) for op in project.hazardous_operations or []],
        "attachments": [{"obj": a, "removable": uploads.can_remove_attachment(user, a)} for a in attachments],
        "checks": checks,
        "worst": worst_level(checks),
        "can_edit": editable,
        "can_attach": reg.can_attach(user, project),
        "can_reveal": can_reveal(user, project),
        "can_change_workers": not editable and can_change_workers(user, project),
        "missing": reg.missing_for_submission(project) if editable else [],
    }
