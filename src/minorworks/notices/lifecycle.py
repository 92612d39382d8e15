"""What the safety notice adds to the project's lifecycle (declared here, added to the project's table at start):

accepting a registration issues the notice (a number of the district and year); the builder and the contractor
acknowledge it in the portal, or the street files the signed scan; work starts only once it is acknowledged.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core.documents.kinds import declare
from minorworks.core.workflow import Step, Transition
from minorworks.core.workflow_views import ActionUI
from minorworks.projects.models import ACTIVE_STATUSES, Attachment, Project
from minorworks.projects.numbering import prefix_for
from minorworks.projects.parties_of import Party, parties_of
from minorworks.review.workflow_forms import SCAN_TYPES, SignedNoticeForm, check_scan

from .models import Notice

# A numbered document issued on acceptance. Its counter is ``notice-DC-2026`` (kind, district prefix, year),
# the name it had before the documents engine, so existing numbers carry on.
NOTICE = declare("notice", "安全生产管理告知书", "{district}GZ{year}{n:06d}")


def next_notice_number(district_code: str) -> str:
    """A new, unique number for a safety notice (告知书) of the district."""
    return NOTICE.next_number(district=prefix_for(district_code))


def notice_of(project: Project) -> Notice | None:
    """The project's notice, or None when none was issued."""
    try:
        return project.notice
    except Notice.DoesNotExist:
        return None


def _guard_notice_acknowledged(project: Project, actor: Any) -> list[tuple[str | None, str]]:
    notice = notice_of(project)
    if notice is None or not notice.acknowledged:
        return [(None, _("The notice must be acknowledged (or a signed scan uploaded) before work starts."))]
    return []


def _guard_notice_issued(project: Project, actor: Any) -> list[tuple[str | None, str]]:
    if notice_of(project) is None:
        return [(None, _("No notice has been issued for this project."))]
    return []


def _ack_fields(project: Project, actor: Any) -> list[str]:
    """The acknowledgement columns this actor still has to fill (builder and/or contractor)."""
    notice = notice_of(project)
    parties = parties_of(actor, project)
    names = []
    if Party.BUILDER in parties and (notice is None or notice.builder_ack_at is None):
        names.append("builder")
    if Party.CONTRACTOR in parties and (notice is None or notice.contractor_ack_at is None):
        names.append("contractor")
    return names


def _issue_notice(step: Step) -> None:
    project = step.obj
    if notice_of(project) is not None:
        return  # issued earlier (e.g. imported data): keep its number
    notice = Notice.objects.create(
        project=project,
        number=next_notice_number(project.district.code),
        issued_at=step.now,
        issued_by=step.actor,
    )
    step.after["notice"] = notice.number


def _acknowledge(step: Step) -> None:
    notice = notice_of(step.obj)
    assert notice is not None  # the guard ran first
    # The engine's row lock makes ``done`` (no column left to fill) reliable: a repeat never gets here.
    for side in _ack_fields(step.obj, step.actor):
        Notice.objects.filter(pk=notice.pk).update(
            **{f"{side}_ack_at": step.now, f"{side}_ack_by": step.actor}
        )
        step.after[f"{side}_ack_at"] = step.now.isoformat()


def _attach_signed_scan(step: Step) -> None:
    notice = notice_of(step.obj)
    assert notice is not None
    upload = step.values["file"]
    mime = check_scan(upload)
    attachment = Attachment(
        project=step.obj,
        kind=Attachment.Kind.SIGNED_NOTICE,
        original_name=(getattr(upload, "name", "") or "scan")[-200:],
        content_type=mime,
        size=upload.size,
        uploaded_by=step.actor,
        uploaded_at=step.now,
    )
    # A random stored name: the user's file name never becomes a path.
    attachment.file.save(f"{uuid.uuid4().hex}.{SCAN_TYPES[mime]}", upload, save=False)
    attachment.save()
    Notice.objects.filter(pk=notice.pk).update(signed_scan=attachment)
    step.before["signed_scan"] = notice.signed_scan_id
    step.after["signed_scan"] = attachment.pk
    step.after["signed_scan_name"] = attachment.original_name


B, C, ST = Party.BUILDER, Party.CONTRACTOR, Party.STREET
PROJECT_TRANSITIONS = [
    Transition(
        "acknowledge_notice",
        ACTIVE_STATUSES,
        None,
        frozenset({B, C}),
        guard=_guard_notice_issued,
        effect=_acknowledge,
        done=lambda p, user: not _ack_fields(p, user),
    ),
    Transition(
        "upload_signed_notice",
        ACTIVE_STATUSES,
        None,
        frozenset({ST}),
        form=SignedNoticeForm,
        guard=_guard_notice_issued,
        effect=_attach_signed_scan,
    ),
]
ACTION_UI = {
    "acknowledge_notice": ActionUI(
        gettext_lazy("Acknowledge the notice"), "primary", gettext_lazy("Notice acknowledged.")
    ),
    "upload_signed_notice": ActionUI(
        gettext_lazy("Upload signed notice"),
        "outline-primary",
        gettext_lazy("Signed notice uploaded; the notice counts as acknowledged."),
    ),
}


def extend_project_lifecycle(workflow: Any, action_ui: dict[str, Any]) -> None:
    """The seam: the notice's transitions, the accept effect that issues it, the guard on starting work."""
    workflow.add(*PROJECT_TRANSITIONS)
    workflow.extend("accept", effect=_issue_notice)
    workflow.extend("import", effect=_issue_notice)  # the Excel import's acceptance issues it too
    workflow.extend("start", guard=_guard_notice_acknowledged)
    action_ui.update(ACTION_UI)
