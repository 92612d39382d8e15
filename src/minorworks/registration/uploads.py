"""Project files: type judged by content, size-limited, stored under MEDIA_ROOT with random names."""

from __future__ import annotations

import uuid
import zipfile
from types import SimpleNamespace
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.audit import record
from minorworks.projects.models import Attachment, Project

from .registration import can_attach, can_edit

# Allowed upload types, detected from the bytes (the name and the browser's claim are not trusted).
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}


def check_upload(
    upload: Any, allowed: dict[str, str] = ALLOWED_TYPES, field: str = "file"
) -> tuple[str, str]:
    """The (content type, extension) of an upload, judged from its bytes; ValidationError if refused."""
    if upload is None:
        raise ValidationError({field: _("Choose a file.")})
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: _("The file is too large (at most %(mb)s MB).")
                % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    if upload.size == 0:
        raise ValidationError({field: _("The file is empty.")})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if head.startswith(b"PK\x03\x04") and (kind is None or kind.mime not in allowed):
        kind = _office_kind(upload)
    if kind is None or kind.mime not in allowed:
        raise ValidationError(
            {
                field: _("This type of file is not accepted. Allowed: %(types)s.")
                % {"types": ", ".join(sorted(set(allowed.values())))}
            }
        )
    return kind.mime, allowed[kind.mime]


def _office_kind(upload: Any) -> Any:
    """Tell .docx from .xlsx by the parts inside the zip (filetype only sees a zip)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    for part, mime in (
        ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        if part in names:
            return SimpleNamespace(mime=mime)
    return None


def add_attachment(project: Project, *, actor: Any, kind: str, upload: Any) -> Attachment:
    """Store one checked upload under MEDIA_ROOT with a random name, and list it on the project."""
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    mime, ext = check_upload(upload)
    original = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not can_attach(actor, project):
            raise PermissionDenied(_("You may not add files to this project."))
        upload.name = f"{uuid.uuid4().hex}.{ext}"
        attachment = Attachment.objects.create(
            project=project,
            kind=kind,
            file=upload,
            original_name=original,
            content_type=mime,
            size=upload.size,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        record(
            actor=actor,
            action="project.attachment_add",
            obj=project,
            after={"attachment": attachment.pk, "kind": kind, "name": original, "size": attachment.size},
        )
    return attachment


def can_remove_attachment(user: Any, attachment: Attachment) -> bool:
    """Editors remove files of a draft; the street removes what it filed itself."""
    project = attachment.project
    if can_edit(user, project):
        return True
    return can_attach(user, project) and attachment.uploaded_by_id == user.pk


def remove_attachment(attachment: Attachment, *, actor: Any) -> None:
    """Delete an attachment and its file (not one that serves as a signed notice)."""
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=attachment.project_id).first()
        current = Attachment.objects.select_related("project").filter(pk=attachment.pk).first()
        if current is None:
            return  # already removed (double submission)
        if not can_remove_attachment(actor, current):
            raise PermissionDenied(_("You may not remove this file."))
        if current.kind == Attachment.Kind.SIGNED_NOTICE:
            raise ValidationError(_("This file is the signed notice; it cannot be removed."))
        name = current.file.name
        record(
            actor=actor,
            action="project.attachment_remove",
            obj=current.project,
            before={"attachment": current.pk, "kind": current.kind, "name": current.original_name},
        )
        current.delete()
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))
