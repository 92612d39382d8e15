"""Registration as domain functions: who may act, drafts, parties, workers, completeness.

Each state change takes a keyword-only ``actor``, runs in one transaction and writes an audit row. The UI
views and the JSON API call these same functions. Submission itself is the workflow's transition; it asks
:func:`missing_for_submission` what is still missing. Files are in :mod:`.uploads`, leads in :mod:`minorworks.leads`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.core.masking import mask_phone
from minorworks.core.roles import Role
from minorworks.orgs.models import (
    Department,
    Enterprise,
    EnterpriseKind,
    Person,
    Qualification,
    Region,
)
from minorworks.projects.models import EDITABLE_STATUSES, Attachment, Project, ProjectPaper, Status
from minorworks.projects.numbering import next_project_number
from minorworks.projects.registrants import can_register
from minorworks.scoperules.scope import ABOVE, OUT, ScopeInputError, evaluate_scope, rule_in_force

from . import parties, workers
from .workers import set_workers, worker_rows  # noqa: F401  (the registration interface)

PROJECT_FIELDS = [
    "name",
    "project_type",
    "street",
    "community",
    "district",
    "address",
    "latitude",
    "longitude",
    "investment",
    "floor_area",
    "planned_start",
    "planned_end",
    "content",
    "hazardous_operations",
    "is_internal",
    "internal_unit",
    "public_contact_name",
    "public_contact_phone",
    "builder",
    "contractor",
    "designer",
    "supervisor",
    "property_company",
    "site_manager",
]
SIMPLE_FIELDS = [
    "name",
    "project_type",
    "address",
    "latitude",
    "longitude",
    "investment",
    "floor_area",
    "planned_start",
    "planned_end",
    "content",
    "hazardous_operations",
    "is_internal",
    "internal_unit",
    "public_contact_name",
    "public_contact_phone",
]


# --- who may do what -------------------------------------------------------------------------------------
def can_edit(user: Any, project: Project) -> bool:
    """Drafts and returned registrations are edited by the builder's enterprise or the project's street."""
    if project.status not in EDITABLE_STATUSES or not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.BUILDER:
        return user.enterprise_id is not None and project.builder_id == user.enterprise_id
    return user.role == Role.STREET_OFFICER and project.street_id == user.street_id


def can_attach(user: Any, project: Project) -> bool:
    """Editors add files to a draft; the project's street may also file documents later (e.g. a signed scan)."""
    if can_edit(user, project):
        return True
    return (
        getattr(user, "role", None) == Role.STREET_OFFICER
        and project.street_id == user.street_id
        and project.status != Status.ARCHIVED
    )


def _registration_snapshot(project: Project) -> dict[str, Any]:
    data = snapshot(project, PROJECT_FIELDS)
    manager = project.site_manager if project.site_manager_id else None
    data["site_manager_phone"] = mask_phone(manager.phone) if manager else ""
    data["public_contact_phone"] = mask_phone(project.public_contact_phone)  # no full number in the log
    data["contractor_papers"] = parties.paper_lines(project) if project.pk else []
    return data


def _apply(project: Project, *, actor: Any, data: dict[str, Any]) -> dict[str, Any] | None:
    """Copy the registration fields of ``data`` (a RegistrationForm's cleaned data) onto ``project``.

    Returns the declared papers to save once the project has its primary key (None: not in ``data``).
    """
    for field in SIMPLE_FIELDS:
        if field in data:
            value = data[field]
            if field in (
                "address",
                "content",
                "internal_unit",
                "name",
                "public_contact_name",
                "public_contact_phone",
            ):
                value = (value or "").strip()
            if field == "hazardous_operations":
                value = sorted(set(value or []))
            if field == "is_internal":
                value = bool(value)
            setattr(project, field, value)
    if "street" in data:
        street = data["street"]
        if street is None or street.level != Region.Level.STREET:
            raise ValidationError({"street": _("Choose the street.")})
        if actor.role == Role.STREET_OFFICER and street.pk != actor.street_id:
            raise ValidationError({"street": _("You can only register works in your own street.")})
        project.street = street
        project.district = street.parent
    if "community" in data:
        community = data["community"]
        if community is not None and community.parent_id != project.street_id:
            raise ValidationError({"community": _("This community is not in the chosen street.")})
        project.community = community
    roles = ("builder", "contractor", "designer", "supervisor", "property_company")
    units = Enterprise.objects.in_bulk([i for r in roles if (i := getattr(project, f"{r}_id", None))])
    current = {r: units.get(getattr(project, f"{r}_id", None)) for r in roles}

    def party(name: str, kind: str, code_key: str = "", individual: bool = False) -> Enterprise | None:
        return parties.find_or_create_party(
            actor=actor,
            name=data.get(f"{name}_name", ""),
            credit_code=data.get(code_key, "") if code_key else "",
            kind=kind,
            current=current.get(name),
            district_id=project.district_id,
            individual=individual,
        )

    if actor.role == Role.BUILDER:
        project.builder = actor.enterprise
    elif data.get("builder_name"):
        project.builder = party(  # type: ignore[assignment]  # a non-blank name always gives a company
            "builder",
            EnterpriseKind.BUILDER,
            "builder_credit_code",
            individual=bool(data.get("builder_is_individual")),
        )
    if "contractor_name" in data:
        project.contractor = party("contractor", EnterpriseKind.CONTRACTOR, "contractor_credit_code")
    for name, kind in (
        ("designer", EnterpriseKind.DESIGNER),
        ("supervisor", EnterpriseKind.SUPERVISOR),
        ("property_company", EnterpriseKind.PROPERTY),
    ):
        if f"{name}_name" in data:
            setattr(project, name, party(name, kind))
    if "site_manager_name" in data:
        project.site_manager = parties.site_manager_for(
            project, name=data.get("site_manager_name", ""), phone=data.get("site_manager_phone", "")
        )
    return parties.declared_papers(data)


def registration_values(project: Project) -> dict[str, Any]:
    """The project as RegistrationForm values (codes for regions and type): the edit form's initial data."""
    units = {
        e.pk: e
        for e in Enterprise.objects.filter(
            pk__in=[
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
        )
    }
    regions = {r.pk: r.code for r in Region.objects.filter(pk__in=[project.street_id, project.community_id])}
    values: dict[str, Any] = {
        field: getattr(project, field) for field in SIMPLE_FIELDS if field != "project_type"
    }
    values["project_type"] = project.project_type.code if project.project_type_id else None
    values["street"] = regions.get(project.street_id)
    values["community"] = regions.get(project.community_id) if project.community_id else None
    builder = units.get(project.builder_id)
    contractor = units.get(project.contractor_id) if project.contractor_id is not None else None
    values.update(
        builder_name=builder.name if builder else "",
        builder_credit_code=builder.credit_code if builder else "",
        builder_is_individual=builder.is_individual if builder else False,
        contractor_name=contractor.name if contractor else "",
        contractor_credit_code=contractor.credit_code if contractor else "",
        qualification_number="",
        qualification_expires=None,
        safety_licence_number="",
        safety_licence_expires=None,
    )
    for party in ("designer", "supervisor", "property_company"):
        unit = units.get(getattr(project, f"{party}_id"))
        values[f"{party}_name"] = unit.name if unit else ""
    prefixes: dict[str, str] = {kind: prefix for prefix, kind in parties.DECLARED_PAPERS}
    for paper in ProjectPaper.objects.filter(project=project):
        prefix = prefixes[paper.kind]
        values[f"{prefix}_number"], values[f"{prefix}_expires"] = paper.number, paper.expires_on
    manager = Person.objects.filter(pk=project.site_manager_id).first() if project.site_manager_id else None
    values["site_manager_name"] = manager.name if manager else ""
    values["site_manager_phone"] = mask_phone(manager.phone) if manager else ""  # masked: "keep it"
    return values


def create_draft(*, actor: Any, data: dict[str, Any]) -> Project:
    """Register a new project as a draft (may be incomplete); numbers come from the district's sequence."""
    if not can_register(actor):
        raise PermissionDenied(_("You may not register projects."))
    if actor.role == Role.STREET_OFFICER and not data.get("builder_name"):
        raise ValidationError({"builder_name": _("Name the builder.")})
    with transaction.atomic():
        project = Project(status=Status.DRAFT, registered_by=actor)
        papers = _apply(project, actor=actor, data=data)
        if not project.street_id:
            raise ValidationError({"street": _("Choose the street.")})
        project.number = next_project_number(project.district.code)
        project.save()
        if papers is not None:
            parties.save_papers(project, papers)
        record(actor=actor, action="project.create", obj=project, after=_registration_snapshot(project))
        if data.get("workers") is not None:
            workers.replace_workers(project, actor=actor, rows=data["workers"])
    return project


def update_draft(project: Project, *, actor: Any, data: dict[str, Any]) -> Project:
    """Change a draft or returned registration; only its builder's enterprise or its street may."""
    with transaction.atomic():
        project = (
            Project.objects.select_for_update(of=("self",))
            .select_related("site_manager", "district")
            .get(pk=project.pk)
        )
        if not can_edit(actor, project):
            raise PermissionDenied(_("This registration cannot be changed now."))
        before = _registration_snapshot(project)
        papers = _apply(project, actor=actor, data=data)
        project.save()
        if papers is not None:
            parties.save_papers(project, papers)
        project.refresh_from_db()  # compare stored values (800000 and 800000.00 are the same investment)
        after = _registration_snapshot(project)
        if before != after:
            record(actor=actor, action="project.update", obj=project, before=before, after=after)
        if data.get("workers") is not None:
            workers.replace_workers(project, actor=actor, rows=data["workers"])
    return project


# --- completeness -----------------------------------------------------------------------------------------
def missing_for_submission(project: Project) -> list[tuple[str, str]]:
    """What a registration still lacks before it may be submitted: (field, message) pairs."""
    missing: list[tuple[str, str]] = []

    def need(field: str, ok: Any, message: str) -> None:
        if not ok:
            missing.append((field, message))

    need("name", project.name.strip(), _("Enter the project name."))
    need("address", project.address.strip(), _("Enter the address."))
    need("community", project.community_id, _("Choose the community."))
    need(
        "latitude",
        project.latitude is not None and project.longitude is not None,
        _("Mark the site on the map or enter its coordinates."),
    )
    need("investment", project.investment is not None, _("Enter the investment."))
    rule = rule_in_force(project.planned_start, project.street)
    type_code = project.project_type.code if project.project_type_id else ""
    if rule is not None and type_code in rule.area_types:
        need("floor_area", project.floor_area is not None, _("Enter the floor area."))
    need("planned_start", project.planned_start, _("Enter the planned start."))
    need("planned_end", project.planned_end, _("Enter the planned end."))
    need("content", project.content.strip(), _("Describe the works."))
    if project.is_internal:
        need("internal_unit", project.internal_unit.strip(), _("Name the unit the works are inside."))
    need("contractor_name", project.contractor_id, _("Name the contractor."))
    if project.contractor_id:
        kinds = set(ProjectPaper.objects.filter(project=project).values_list("kind", flat=True))
        need(
            "qualification_number",
            Qualification.Kind.QUALIFICATION in kinds,
            _("Enter the contractor's qualification certificate."),
        )
        need(
            "safety_licence_number",
            Qualification.Kind.SAFETY_LICENCE in kinds,
            _("Enter the contractor's safety production licence."),
        )
    manager = project.site_manager if project.site_manager_id else None
    need("site_manager_name", manager is not None, _("Name the site manager."))
    need("site_manager_phone", manager is not None and manager.phone, _("Enter the site manager's phone."))
    need(
        "attachments",
        project.attachments.filter(kind=Attachment.Kind.CONTRACT).exists(),
        _("Upload the contract."),
    )
    blocker = scope_blocker(project, rule)
    if blocker:
        missing.append(("investment", blocker))
    return missing


def scope_blocker(project: Project, rule: Any) -> str:
    """Why the project may not be registered here at all (above quota or out of scope), else ""."""
    type_code = project.project_type.code if project.project_type_id else ""
    try:
        verdict = evaluate_scope(type_code, project.investment, project.floor_area, rule=rule)
    except ScopeInputError:
        return ""  # the figures are still missing: asked for above
    if verdict.verdict == ABOVE:
        return _(
            "Above quota: this works needs a construction permit and is not registered here. Apply to %(authority)s."
        ) % {"authority": permit_authority(project)}
    if verdict.verdict == OUT:
        return _("Not below-quota works, so it is not registered here: %(reason)s") % {
            "reason": verdict.summary or verdict.reason
        }
    return ""


def permit_authority(project: Project) -> str:
    """Who issues the permit for works of this type: the departments supervising its sector."""
    names = list(
        dict.fromkeys(
            Department.objects.filter(
                district_id=project.district_id, sectors__project_types=project.project_type_id
            )
            .order_by("code")
            .values_list("name", flat=True)
        )
    )
    return "、".join(names) if names else _("the district's sector authority")
