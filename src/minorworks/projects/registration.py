"""Registration as domain functions: who may act, drafts, parties, workers, completeness.

Each state change takes a keyword-only ``actor``, runs in one transaction and writes an audit row. The UI
views and the JSON API call these same functions. Submission itself is the workflow's transition; it asks
:func:`missing_for_submission` what is still missing. Files are in :mod:`.uploads`, leads in :mod:`.leads`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.core.masking import mask_id_number, mask_phone
from minorworks.core.roles import Role
from minorworks.orgs.models import Certificate, Enterprise, EnterpriseKind, Person, Qualification, Region

from .models import EDITABLE_STATUSES, Attachment, Project, ProjectWorker, Status
from .numbering import next_project_number
from .scope import rule_in_force

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
]


# --- who may do what -------------------------------------------------------------------------------------
def can_register(user: Any) -> bool:
    """Builders (for their own enterprise) and street officers (on a builder's behalf) register projects."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (user.role == Role.BUILDER and user.enterprise_id is not None) or (
        user.role == Role.STREET_OFFICER and user.street_id is not None
    )


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


def sees_personal_data(user: Any, project: Project) -> bool:
    """Phones in full only for the project's street officer and the district administrator."""
    role = getattr(user, "role", None)
    if role == Role.STREET_OFFICER:
        return project.street_id == user.street_id
    return role == Role.DISTRICT_ADMIN and project.district_id == user.district_id


# --- parties --------------------------------------------------------------------------------------------
def _enterprise(name: str, credit_code: str, kind: str, *, individual: bool = False) -> Enterprise | None:
    """Find a unit by credit code, else by exact name, else create it; make sure it carries ``kind``."""
    name = (name or "").strip()
    credit_code = (credit_code or "").strip().upper()
    if not name:
        return None
    found = None
    if credit_code:
        found = Enterprise.objects.filter(credit_code=credit_code).order_by("pk").first()
    if found is None:
        found = Enterprise.objects.filter(name=name).order_by("pk").first()
        if found is not None and credit_code and found.credit_code and found.credit_code != credit_code:
            found = None  # same name, different unit
    if found is None:
        return Enterprise.objects.create(
            name=name,
            credit_code=credit_code,
            kinds=[kind],
            is_individual=individual,
            district=Region.objects.filter(level=Region.Level.DISTRICT).order_by("code").first(),
        )
    changed = []
    if kind not in found.kinds:
        found.kinds = [*found.kinds, kind]
        changed.append("kinds")
    if credit_code and not found.credit_code:
        found.credit_code = credit_code
        changed.append("credit_code")
    if changed:
        found.save(update_fields=changed)
    return found


def _qualification(enterprise: Enterprise, kind: str, number: str, expires_on) -> None:
    number = (number or "").strip()
    if not number or expires_on is None:
        return
    Qualification.objects.update_or_create(
        enterprise=enterprise, kind=kind, number=number, defaults={"expires_on": expires_on}
    )


def _site_manager(project: Project, name: str, phone: str, contractor: Enterprise | None) -> Person | None:
    name, phone = (name or "").strip(), (phone or "").strip()
    if not name:
        return None
    current = project.site_manager if project.site_manager_id else None
    if current is not None and current.name == name and current.phone == phone:
        return current
    # A new person rather than editing one who may manage other sites too.
    return Person.objects.create(name=name, phone=phone, enterprise=contractor)


def _registration_snapshot(project: Project) -> dict[str, Any]:
    data = snapshot(project, PROJECT_FIELDS)
    manager = project.site_manager if project.site_manager_id else None
    data["site_manager_phone"] = mask_phone(manager.phone) if manager else ""
    # The contractor's papers live on the enterprise; a new expiry is still a change to this registration.
    papers = (
        Qualification.objects.filter(enterprise_id=project.contractor_id) if project.contractor_id else []
    )
    data["contractor_papers"] = sorted(f"{q.kind} {q.number} {q.expires_on.isoformat()}" for q in papers)
    return data


def _apply(project: Project, *, actor: Any, data: dict[str, Any]) -> None:
    """Copy the registration fields of ``data`` (a RegistrationForm's cleaned data) onto ``project``."""
    for field in SIMPLE_FIELDS:
        if field in data:
            value = data[field]
            if field in ("address", "content", "internal_unit", "name"):
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
    if actor.role == Role.BUILDER:
        project.builder = actor.enterprise
    elif data.get("builder_name"):
        # _enterprise() returns None only for a blank name; the form strips names, so not here.
        project.builder = _enterprise(  # type: ignore[assignment]  # see above; kept as is (no behaviour change)
            data["builder_name"],
            data.get("builder_credit_code", ""),
            EnterpriseKind.BUILDER,
            individual=bool(data.get("builder_is_individual")),
        )
    if "contractor_name" in data:
        project.contractor = _enterprise(
            data.get("contractor_name", ""), data.get("contractor_credit_code", ""), EnterpriseKind.CONTRACTOR
        )
        if project.contractor is not None:
            _qualification(
                project.contractor,
                Qualification.Kind.QUALIFICATION,
                data.get("qualification_number", ""),
                data.get("qualification_expires"),
            )
            _qualification(
                project.contractor,
                Qualification.Kind.SAFETY_LICENCE,
                data.get("safety_licence_number", ""),
                data.get("safety_licence_expires"),
            )
    for party, kind in (
        ("designer", EnterpriseKind.DESIGNER),
        ("supervisor", EnterpriseKind.SUPERVISOR),
        ("property_company", EnterpriseKind.PROPERTY),
    ):
        if f"{party}_name" in data:
            setattr(project, party, _enterprise(data.get(f"{party}_name", ""), "", kind))
    if "site_manager_name" in data:
        project.site_manager = _site_manager(
            project, data.get("site_manager_name", ""), data.get("site_manager_phone", ""), project.contractor
        )


def registration_values(project: Project) -> dict[str, Any]:
    """The project as RegistrationForm values (codes for regions and type): the edit form's initial data."""
    parties = {
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
    builder = parties.get(project.builder_id)
    contractor = parties.get(project.contractor_id) if project.contractor_id is not None else None
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
        unit = parties.get(getattr(project, f"{party}_id"))
        values[f"{party}_name"] = unit.name if unit else ""
    if contractor is not None:
        for qual in Qualification.objects.filter(enterprise=contractor).order_by("expires_on"):
            prefix = "qualification" if qual.kind == Qualification.Kind.QUALIFICATION else "safety_licence"
            values[f"{prefix}_number"], values[f"{prefix}_expires"] = qual.number, qual.expires_on
    manager = Person.objects.filter(pk=project.site_manager_id).first() if project.site_manager_id else None
    values["site_manager_name"] = manager.name if manager else ""
    values["site_manager_phone"] = manager.phone if manager else ""
    return values


def create_draft(*, actor: Any, data: dict[str, Any]) -> Project:
    """Register a new project as a draft (may be incomplete); numbers come from the district's sequence."""
    if not can_register(actor):
        raise PermissionDenied(_("You may not register projects."))
    if actor.role == Role.STREET_OFFICER and not data.get("builder_name"):
        raise ValidationError({"builder_name": _("Name the builder.")})
    with transaction.atomic():
        project = Project(status=Status.DRAFT, registered_by=actor)
        _apply(project, actor=actor, data=data)
        if not project.street_id:
            raise ValidationError({"street": _("Choose the street.")})
        project.number = next_project_number(project.district.code)
        project.save()
        record(actor=actor, action="project.create", obj=project, after=_registration_snapshot(project))
        if data.get("workers") is not None:
            _set_workers(project, actor=actor, rows=data["workers"])
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
        _apply(project, actor=actor, data=data)
        project.save()
        project.refresh_from_db()  # compare stored values (800000 and 800000.00 are the same investment)
        after = _registration_snapshot(project)
        if before != after:
            record(actor=actor, action="project.update", obj=project, before=before, after=after)
        if data.get("workers") is not None:
            _set_workers(project, actor=actor, rows=data["workers"])
    return project


# --- workers ----------------------------------------------------------------------------------------------
def _worker_rows(project: Project) -> list[dict[str, Any]]:
    """The project's workers, one row per certificate (a worker without one: one row), for forms and audit."""
    rows: list[dict[str, Any]] = []
    workers = (
        ProjectWorker.objects.filter(project=project)
        .select_related("person")
        .prefetch_related("person__certificates")
        .order_by("pk")
    )
    for worker in workers:
        base = {
            "name": worker.person.name,
            "id_number": worker.person.id_number,
            "phone": worker.person.phone,
            "trade": worker.trade,
        }
        certs = list(worker.person.certificates.all())
        if not certs:
            rows.append(
                {**base, "certificate_kind": "", "certificate_number": "", "certificate_expires": None}
            )
        for cert in certs:
            rows.append(
                {
                    **base,
                    "certificate_kind": cert.kind,
                    "certificate_number": cert.number,
                    "certificate_expires": cert.expires_on,
                }
            )
    return rows


def worker_rows(project: Project) -> list[dict[str, Any]]:
    """The project's workers as form rows (full identity numbers: for its editors only)."""
    return _worker_rows(project)


def _masked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "id_number": mask_id_number(row["id_number"]),
            "phone": mask_phone(row["phone"]),
            "certificate_expires": row["certificate_expires"].isoformat()
            if row["certificate_expires"]
            else None,
        }
        for row in rows
    ]


def _identity(row: dict[str, Any]) -> str:
    number = (row.get("id_number") or "").strip().upper()
    return f"id:{number}" if number else f"name:{(row.get('name') or '').strip()}"


def _set_workers(project: Project, *, actor: Any, rows: list[dict[str, Any]]) -> None:
    before = _worker_rows(project)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if (row.get("name") or "").strip():
            groups.setdefault(_identity(row), []).append(row)
    current = {
        (f"id:{w.person.id_number.upper()}" if w.person.id_number else f"name:{w.person.name}"): w
        for w in ProjectWorker.objects.filter(project=project).select_related("person")
    }
    for key, worker in current.items():
        if key not in groups:
            worker.delete()
    for key, group in groups.items():
        first = group[0]
        certs = {
            (r["certificate_kind"], r["certificate_number"].strip()): r["certificate_expires"]
            for r in group
            if r.get("certificate_kind")
        }
        fields = {
            "name": first["name"].strip(),
            "id_number": (first.get("id_number") or "").strip().upper(),
            "phone": (first.get("phone") or "").strip(),
        }
        existing = current.get(key)
        person = existing.person if existing else None
        if person is not None:
            have = {(c.kind, c.number): c.expires_on for c in person.certificates.all()}
            same = all(getattr(person, k) == v for k, v in fields.items()) and have == certs
            shared = person.assignments.exclude(project=project).exists() or person.managed_projects.exists()
            if not same and shared:
                person = None  # copy on write: other projects keep the papers they were registered with
            elif not same:
                for k, v in fields.items():
                    setattr(person, k, v)
                person.save()
                person.certificates.exclude(
                    pk__in=[c.pk for c in person.certificates.all() if (c.kind, c.number) in certs]
                ).delete()
                for (kind, number), expires in certs.items():
                    Certificate.objects.update_or_create(
                        person=person, kind=kind, number=number, defaults={"expires_on": expires}
                    )
        if person is None:
            person = Person.objects.create(enterprise=project.contractor, **fields)
            Certificate.objects.bulk_create(
                [Certificate(person=person, kind=k, number=n, expires_on=e) for (k, n), e in certs.items()]
            )
        trade = (first.get("trade") or "").strip()
        if existing is None:
            ProjectWorker.objects.create(project=project, person=person, trade=trade)
        elif existing.person_id != person.pk or existing.trade != trade:
            existing.person, existing.trade = person, trade
            existing.save(update_fields=["person", "trade"])
    after = _worker_rows(project)
    if before != after:
        record(
            actor=actor,
            action="project.workers",
            obj=project,
            before={"workers": _masked(before)},
            after={"workers": _masked(after)},
        )


def set_workers(project: Project, *, actor: Any, rows: list[dict[str, Any]]) -> None:
    """Make the project's workers (with their certificates) exactly ``rows`` (WorkerForm cleaned data)."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not can_edit(actor, project):
            raise PermissionDenied(_("This registration cannot be changed now."))
        _set_workers(project, actor=actor, rows=rows)


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
        kinds = set(
            Qualification.objects.filter(enterprise_id=project.contractor_id).values_list("kind", flat=True)
        )
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
    return missing
