"""Recording an inspection and the hazards it finds: one domain function each, atomic and audited.

A failed item becomes a hazard at the item's default level (another level needs a reason), with a deadline
or an on-the-spot fix. Other apps learn about new hazards through :data:`hazards_recorded` (the stop-order
app proposes an order for a major one) without this app knowing them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import django.dispatch
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.core.images import clean_image
from minorworks.core.jurisdiction import in_scope
from minorworks.core.roles import Role
from minorworks.orgs.models import Department
from minorworks.projects.models import ACTIVE_STATUSES, Project
from minorworks.projects.numbering import next_record_number, next_record_numbers, prefix_for

from . import watch
from .kinds import RECTIFICATION_NOTICE
from .models import (
    Answer,
    ChecklistTemplate,
    ChecklistVersion,
    Hazard,
    Inspection,
    InspectionPolicy,
    InspectionResult,
    Kind,
    Level,
    Photo,
)
from .reference import STANDARD

INSPECTORS = frozenset({Role.STREET_OFFICER, Role.GRID_WORKER, Role.DEPARTMENT_OFFICER, Role.DISTRICT_ADMIN})
# Kinds that only some roles carry out (the rest: any inspector).
KIND_ROLES: dict[str, frozenset[str]] = {
    Kind.SPOT_CHECK: frozenset({Role.DISTRICT_ADMIN}),
    Kind.STREET_REQUEST: frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER}),
}
MAX_PHOTOS_PER_ITEM = 5

# Sent inside the recording transaction with the new hazards; a receiver returns True when it proposed a
# stop-work order (the API answers ``proposed_stop_order``).
hazards_recorded = django.dispatch.Signal()

INSPECTION_AUDIT = [
    "number",
    "notice_number",
    "project",
    "kind",
    "inspected_at",
    "checklist",
    "passed",
    "conclusion",
]
HAZARD_AUDIT = [
    "number",
    "project",
    "inspection",
    "level",
    "deadline",
    "fix_on_spot",
    "status",
    "description",
]


def policy_for(district_id: int) -> InspectionPolicy:
    """The district's inspection policy (created with the defaults on first use)."""
    policy, _ = InspectionPolicy.objects.get_or_create(district_id=district_id)
    return policy


def current_checklist() -> ChecklistVersion:
    """The version new inspections use: the latest of the standard small-works checklist."""
    template = ChecklistTemplate.objects.filter(code=STANDARD[0]).first()
    version = template.current() if template else None
    if version is None:
        raise ValidationError(_("No checklist is loaded: run `minorworks init`."))
    return version


def can_inspect(user: Any, project: Project) -> bool:
    """Staff whose jurisdiction holds the project inspect it while it is accepted, in progress or stopped."""
    if getattr(user, "role", None) not in INSPECTORS or project.status not in ACTIVE_STATUSES:
        return False
    return in_scope(user, project)


@dataclass
class ResultIn:
    """One answer as the form or the API sends it (``level`` and the hazard fields matter for a failure)."""

    item_code: str
    answer: str
    note: str = ""
    level: str = ""
    level_reason: str = ""
    deadline: dt.date | None = None
    fix_on_spot: bool = False
    location: str = ""
    photos: list[Any] = field(default_factory=list)


@dataclass
class Recorded:
    """What recording an inspection produced."""

    inspection: Inspection
    hazards: list[Hazard]
    proposed_stop_order: bool
    created: bool = True  # False: the same submission (client_uid) had already been recorded


def _validate(project: Project, version: ChecklistVersion, kind: str, results: list[ResultIn], actor: Any):
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose the kind of inspection.")]
    elif kind in KIND_ROLES and actor.role not in KIND_ROLES[kind]:
        errors["kind"] = [_("Your role does not carry out this kind of inspection.")]
    items = {item.code: item for item in version.items.all()}
    if not results:
        errors["results"] = [_("Answer at least one item.")]
    seen: set[str] = set()
    for index, result in enumerate(results):
        item = items.get(result.item_code)
        where = f"results.{index}"
        if item is None:
            errors[f"{where}.item_code"] = [_("No such item in this checklist.")]
            continue
        if result.item_code in seen:
            errors[f"{where}.item_code"] = [_("This item is answered twice.")]
        seen.add(result.item_code)
        if result.answer not in Answer.values:
            errors[f"{where}.answer"] = [_("Answer complies, does not comply or not applicable.")]
        if result.answer == Answer.FAIL:
            level = result.level or item.default_level
            if level not in Level.values:
                errors[f"{where}.level"] = [_("Choose general or major.")]
            elif level != item.default_level and not (result.level_reason or result.note).strip():
                errors[f"{where}.level_reason"] = [_("Give the reason for another level than the item's.")]
        if len(result.photos) > MAX_PHOTOS_PER_ITEM:
            errors[f"{where}.photos"] = [_("At most %(n)s photos per item.") % {"n": MAX_PHOTOS_PER_ITEM}]
    if errors:
        raise ValidationError(errors)
    return items


def record_inspection(
    *,
    actor: Any,
    project: Project,
    kind: str,
    inspected_at: dt.datetime | None,
    results: list[ResultIn],
    latitude: Any = None,
    longitude: Any = None,
    departments: list[str] | None = None,
    co_inspectors: list[Any] | None = None,
    conclusion: str = "",
    site_representative: str = "",
    representative_refused: bool = False,
    client_uid: uuid.UUID | None = None,
) -> Recorded:
    """Record one inspection with its answers; each failed item becomes a hazard (notified after commit)."""
    if client_uid is not None:
        earlier = Inspection.objects.filter(client_uid=client_uid, recorded_by=actor).first()
        if earlier is not None:  # the phone sent the same inspection again (a dropped connection)
            return Recorded(earlier, list(earlier.hazards.all()), _proposed(earlier), created=False)
    project = Project.objects.select_related("district", "builder", "contractor").get(pk=project.pk)
    if not can_inspect(actor, project):
        raise PermissionDenied(_("You may not inspect this project."))
    now = timezone.now()
    inspected_at = inspected_at or now
    if inspected_at > now + dt.timedelta(minutes=10):
        raise ValidationError({"inspected_at": _("The inspection cannot be in the future.")})
    version = current_checklist()
    items = _validate(project, version, kind, results, actor)
    wanted = sorted(set(departments or []))
    found = {d.code: d for d in Department.objects.filter(code__in=wanted, district_id=project.district_id)}
    if unknown := [code for code in wanted if code not in found]:
        raise ValidationError(
            {"departments": [_("Unknown department: %(codes)s") % {"codes": "、".join(unknown)}]}
        )
    if kind == Kind.JOINT and not found:
        raise ValidationError({"departments": [_("Name the departments that inspect together.")]})
    if actor.role == Role.DEPARTMENT_OFFICER and actor.department_id:
        found.setdefault("__own__", actor.department)
    failed = [r for r in results if r.answer == Answer.FAIL]
    policy = policy_for(project.district_id)
    try:
        # One refresh of the project's watch row at the end (not one per save; the hazards are bulk-created).
        with transaction.atomic(), watch.batched() as touched:
            inspection = Inspection.objects.create(
                number=next_record_number("JC", project.district.code),
                client_uid=client_uid or uuid.uuid4(),
                project=project,
                district_id=project.district_id,
                street_id=project.street_id,
                community_id=project.community_id,
                kind=kind,
                inspected_at=inspected_at,
                latitude=latitude,
                longitude=longitude,
                checklist=version,
                conclusion=(conclusion or "").strip(),
                passed=not failed,
                site_representative=(site_representative or "").strip(),
                representative_refused=bool(representative_refused),
                recorded_by=actor,
            )
            inspection.inspectors.set([actor, *(co_inspectors or [])])
            inspection.departments.set(list(found.values()))
            saved = InspectionResult.objects.bulk_create(
                [
                    InspectionResult(
                        inspection=inspection, item=items[r.item_code], answer=r.answer, note=r.note.strip()
                    )
                    for r in results
                ]
            )
            by_code = {r.item.code: r for r in saved}
            _store_photos(
                actor,
                [(by_code[r.item_code], photo) for r in results for photo in r.photos],
                inspection=inspection,
            )
            numbers = next_record_numbers("YH", project.district.code, len(failed))
            hazards = []
            for number, result in zip(numbers, failed, strict=True):
                item = items[result.item_code]
                hazards.append(
                    Hazard(
                        number=number,
                        project=project,
                        inspection=inspection,
                        item=item,
                        district_id=project.district_id,
                        street_id=project.street_id,
                        community_id=project.community_id,
                        level=result.level or item.default_level,
                        level_reason=(
                            result.level_reason
                            or (result.note if result.level and result.level != item.default_level else "")
                        ).strip(),
                        description=(result.note or item.text).strip(),
                        location=result.location.strip(),
                        clause=item.basis,
                        responsible_unit=project.contractor.name
                        if project.contractor_id
                        else project.builder.name,
                        fix_on_spot=result.fix_on_spot,
                        deadline=None
                        if result.fix_on_spot
                        else (
                            result.deadline
                            or timezone.localdate(inspected_at)
                            + dt.timedelta(days=policy.default_deadline_days)
                        ),
                        found_at=inspected_at,
                        found_by=actor,
                    )
                )
            Hazard.objects.bulk_create(hazards)
            touched.add(project.pk)
            if hazards:
                inspection.notice_number = RECTIFICATION_NOTICE.next_number(
                    district=prefix_for(project.district.code)
                )
                inspection.save(update_fields=["notice_number"])
            record(
                actor=actor,
                action="inspection.create",
                obj=inspection,
                after=snapshot(inspection, INSPECTION_AUDIT),
            )
            for hazard in hazards:
                record(actor=actor, action="hazard.create", obj=hazard, after=snapshot(hazard, HAZARD_AUDIT))
            answers = hazards_recorded.send(
                sender=Inspection, inspection=inspection, hazards=hazards, actor=actor
            )
    except IntegrityError:
        # Two concurrent sends of one submission: the other one won; answer with what it recorded.
        earlier = Inspection.objects.filter(client_uid=client_uid).first() if client_uid else None
        if earlier is None:
            raise
        return Recorded(earlier, list(earlier.hazards.all()), _proposed(earlier), created=False)
    return Recorded(inspection, hazards, any(bool(answer) for _receiver, answer in answers))


def _proposed(inspection: Inspection) -> bool:
    """Whether a stop-work order stands proposed (or issued) for this inspection's findings."""
    answers = hazards_recorded.send(sender=Inspection, inspection=inspection, hazards=[], actor=None)
    return any(bool(answer) for _receiver, answer in answers)


def _store_photos(actor: Any, pairs: list[tuple[Any, Any]], *, inspection: Inspection | None = None) -> None:
    """Re-encode and store the photos of answers (or of a hazard); each is checked before any is written."""
    cleaned = [(target, clean_image(upload, field="photos")) for target, upload in pairs]
    for target, image in cleaned:
        photo = Photo(inspection=inspection, content_type=image.content_type, uploaded_by=actor)
        if isinstance(target, InspectionResult):
            photo.result = target
        else:
            photo.hazard = target
            photo.purpose = Photo.Purpose.RECTIFICATION
        photo.file.save(image.content.name, image.content, save=False)
        photo.save()
