"""Issued documents and their stored versions: render once, serve the stored bytes, re-render on change.

A document belongs to one record (object type + id, as in the audit log) and one kind. Each version
holds both formats in Django's default storage with their SHA-256 and size. Whether the stored version
still shows the current facts is decided by the hash of the block tree, which costs a few queries'
worth of time; rendering happens only when that hash changes (or a stored file is lost or damaged).
Storing a rendering changes no fact, so it writes no audit row: the domain function that issues a
numbered document (and draws its number) writes that row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any, Literal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from minorworks.core.models import DocumentVersion, IssuedDocument

from .blocks import Content, content_hash
from .kinds import DocumentKind
from .render_docx import render_docx
from .render_pdf import render_pdf

logger = logging.getLogger(__name__)

Format = Literal["pdf", "docx"]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
RENDERERS: dict[str, Callable[[Content], bytes]] = {"pdf": render_pdf, "docx": render_docx}


class DamagedFile(Exception):
    """A stored file is missing or its bytes no longer match the recorded SHA-256."""


def _reference(record: models.Model) -> dict[str, str]:
    return {"object_type": record._meta.label_lower, "object_id": str(record.pk)}


def _labels(record: models.Model) -> list[str]:
    # A model that moved app keeps finding the documents stored under its former name.
    return [record._meta.label_lower, *getattr(type(record), "audit_aliases", ())]


def document_of(kind: DocumentKind, record: models.Model) -> IssuedDocument | None:
    """The document of ``kind`` issued for ``record``, or None."""
    return (
        IssuedDocument.objects.filter(
            kind=kind.code, object_type__in=_labels(record), object_id=str(record.pk)
        )
        .order_by("pk")
        .first()
    )


def _document(
    kind: DocumentKind,
    record: models.Model,
    content: Content,
    *,
    number: str,
    issued_at: dt.datetime | None,
    issued_by: Any,
) -> IssuedDocument:
    issued_at = issued_at or timezone.now()
    existing = document_of(kind, record)
    if existing is not None:
        if existing.title != content.title[:200]:
            existing.title = content.title[:200]
            existing.save(update_fields=["title"])
        return existing
    document, created = IssuedDocument.objects.get_or_create(
        kind=kind.code,
        **_reference(record),
        defaults={
            "number": number,
            "year": timezone.localtime(issued_at).year,
            "title": content.title[:200],
            "issued_at": issued_at,
            "issued_by": issued_by,
        },
    )
    if not created and document.title != content.title[:200]:
        document.title = content.title[:200]
        document.save(update_fields=["title"])
    return document


def _store(document: IssuedDocument, content: Content, digest: str, after: int) -> DocumentVersion:
    """Render both formats and store them as the version after ``after`` (a concurrent twin wins ties)."""
    rendered = {fmt: render(content) for fmt, render in RENDERERS.items()}
    version = after + 1
    stem = f"documents/{document.kind}/{document.year}/{document.object_id}-v{version}-{digest[:12]}"
    names = {fmt: default_storage.save(f"{stem}.{fmt}", ContentFile(data)) for fmt, data in rendered.items()}
    fields: dict[str, Any] = {}
    for fmt, data in rendered.items():
        fields |= {
            f"{fmt}_file": names[fmt],
            f"{fmt}_sha256": hashlib.sha256(data).hexdigest(),
            f"{fmt}_size": len(data),
        }
    try:
        with transaction.atomic():
            return DocumentVersion.objects.create(
                document=document, version=version, content_hash=digest, **fields
            )
    except IntegrityError:  # another request stored this version first: keep its files, drop ours
        for name in names.values():
            default_storage.delete(name)
        return document.versions.order_by("-version").first()  # type: ignore[return-value]


def current_version(
    kind: DocumentKind,
    record: models.Model,
    content: Content,
    *,
    number: str = "",
    issued_at: dt.datetime | None = None,
    issued_by: Any = None,
    renew: bool = False,
) -> DocumentVersion:
    """The stored version showing ``content``: the newest one if its hash matches, else a new one.

    The first call issues the document record (with ``number``, ``issued_at``, ``issued_by``); ``renew``
    stores a fresh rendering even when the hash matches (after a stored file was found damaged).
    """
    document = _document(kind, record, content, number=number, issued_at=issued_at, issued_by=issued_by)
    digest = content_hash(content)
    latest = document.versions.order_by("-version").first()
    if latest is not None and latest.content_hash == digest and not renew:
        return latest
    return _store(document, content, digest, latest.version if latest else 0)


def issue(
    kind: DocumentKind,
    record: models.Model,
    build: Callable[[str], Content],
    *,
    district: str,
    actor: Any,
) -> DocumentVersion:
    """Issue a numbered document for ``record``: draw the next number, build the content with it, store it.

    Call it inside the domain function that issues the document (it writes the audit row). A record
    that already has its document keeps its number.
    """
    existing = document_of(kind, record)
    number = existing.number if existing else kind.next_number(district=district)
    return current_version(kind, record, build(number), number=number, issued_by=actor)


def read(version: DocumentVersion, fmt: Format) -> bytes:
    """The stored bytes of one format, checked against the recorded SHA-256."""
    field = getattr(version, f"{fmt}_file")
    try:
        with default_storage.open(field.name, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise DamagedFile(field.name) from exc
    if hashlib.sha256(data).hexdigest() != getattr(version, f"{fmt}_sha256"):
        raise DamagedFile(field.name)
    return data


def stored_bytes(
    kind: DocumentKind, record: models.Model, content: Content, fmt: Format, **issue_fields: Any
) -> tuple[DocumentVersion, bytes]:
    """The current version of the document and its bytes in ``fmt`` (rendered anew only when needed)."""
    version = current_version(kind, record, content, **issue_fields)
    try:
        return version, read(version, fmt)
    except DamagedFile as exc:
        logger.error("stored document file %s is missing or damaged; storing a fresh rendering", exc)
        version = current_version(kind, record, content, renew=True, **issue_fields)
        return version, read(version, fmt)
