"""Helpers for the workflow tests: a project of street A in any status, and the inputs of each action."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minorworks.accounts.models import User
from minorworks.core.roles import Role
from minorworks.notices.models import Notice
from minorworks.projects.models import Attachment, Project, ProjectPaper, Status
from minorworks.scoperules.models import ProjectType

from .conftest import World
from .factories import EnterpriseFactory, PersonFactory, ProjectFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)

NOTICE_STATES = {Status.ACCEPTED, Status.IN_PROGRESS, Status.STOPPED, Status.COMPLETED, Status.ARCHIVED}
STARTED_STATES = {Status.IN_PROGRESS, Status.STOPPED, Status.COMPLETED, Status.ARCHIVED}


def contractor_user(world: World) -> User:
    """A portal account of a contractor that is not the builder (for acknowledgements)."""
    enterprise = EnterpriseFactory(name="北京承包施工有限公司", kinds=["contractor"])
    return UserFactory(username="contractor", role=Role.BUILDER, enterprise=enterprise)


def make_project(
    world: World, status: str = Status.DRAFT, *, contractor: User | None = None, scan: bool = True, **fields
) -> Project:
    """A complete greening project of street A in ``status``, with a notice from acceptance on.

    ``scan``: the notice carries a signed scan (so it counts as acknowledged while the builder's and the
    contractor's own acknowledgements are still open).
    """
    today = timezone.localdate()
    defaults = {
        "street": world.street_a,
        "community": world.community_a,
        "builder": world.builder.enterprise,
        "contractor": contractor.enterprise if contractor else world.builder.enterprise,
        "project_type": ProjectType.objects.get(code="greening"),
        "site_manager": PersonFactory(name="张经理", phone="13812345678"),
        "status": status,
    }
    if status in STARTED_STATES:
        defaults["actual_start"] = today - dt.timedelta(days=3)
    if status in {Status.COMPLETED, Status.ARCHIVED}:
        defaults["actual_end"] = today - dt.timedelta(days=1)
    if status == Status.STOPPED:
        defaults.update(stop_reason="临时用电不规范", stop_ordered_by="和平里街道")
    project = ProjectFactory(**(defaults | fields))
    # The contractor's licence as declared for this project (not yet on the company's file).
    ProjectPaper.objects.create(
        project=project,
        kind="safety_licence",
        number=f"(京)JZ安许证字[2025]{project.pk:06d}",
        expires_on=today.replace(year=today.year + 2),
    )
    if status in NOTICE_STATES:
        signed = None
        if scan:
            signed = Attachment.objects.create(
                project=project,
                kind=Attachment.Kind.SIGNED_NOTICE,
                file=ContentFile(PDF, name="scan.pdf"),
                original_name="scan.pdf",
                content_type="application/pdf",
                size=len(PDF),
            )
        Notice.objects.create(project=project, number=f"TESTGZ{project.pk:06d}", signed_scan=signed)
    return project


def form_data(action: str, project: Project, *, prefix: bool = True) -> dict:
    """Valid input for ``action`` (prefixed as the detail page's forms are, or bare for the API)."""
    today = timezone.localdate()
    data: dict = {
        "accept": {"note": "资料齐全"},
        "return": {"reason": "缺少施工合同"},
        "refuse": {"reason": "超过限额，应办理施工许可"},
        "stop": {"reason": "动火作业无看火人", "extent": "whole", "measures": "切断临时用电"},
        "pause": {"reason": "材料未到，暂停施工"},
        "resume": {"note": "复查合格"},
        "change_dates": {
            "planned_start": (today + dt.timedelta(days=20)).isoformat(),
            "planned_end": (today + dt.timedelta(days=90)).isoformat(),
            "reason": "材料延期到场",
        },
        "change_personnel": {
            "site_manager_name": "李经理",
            "site_manager_phone": "13900001111",
            "reason": "人员调整",
        },
        "upload_signed_notice": {
            "file": SimpleUploadedFile("签字告知书.pdf", PDF, content_type="application/pdf")
        },
    }.get(action, {})
    if prefix:
        return {f"{action}-{key}": value for key, value in data.items()}
    return data


def reinspect(world: World, project: Project, *, passed: bool = True):
    """A re-inspection of ``project`` by street A's officer (every answer given complies, or one fails)."""
    from minorworks.inspections.services import ResultIn, record_inspection

    return record_inspection(
        actor=world.street_a_officer,
        project=project,
        kind="reinspection",
        inspected_at=timezone.now(),
        results=[
            ResultIn(item_code="A01", answer="pass" if passed else "fail", note="" if passed else "未整改")
        ],
    )
