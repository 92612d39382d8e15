"""The issued bulletin's .docx and PDF (stored when issued, served from the store)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse

from minorworks.core.documents.store import CONTENT_TYPES, Format, stored_bytes
from minorworks.core.downloads import bytes_download

from . import prose
from .domain import get_bulletin
from .models import BulletinStatus


def bulletin_response(user: Any, pk: int, fmt: Format) -> HttpResponse:
    """The bulletin ``pk`` in ``fmt``; 404 outside the user's scope or before it is issued."""
    bulletin = get_bulletin(user, pk)
    if bulletin.status != BulletinStatus.ISSUED or not bulletin.number:
        raise Http404
    _, data = stored_bytes(
        prose.BULLETIN,
        bulletin,
        prose.content(bulletin, bulletin.number, bulletin.district.name),
        fmt,
        number=bulletin.number,
        issued_at=bulletin.issued_at,
        issued_by=bulletin.issued_by,
    )
    return bytes_download(data, f"定期通报_{bulletin.number}.{fmt}", CONTENT_TYPES[fmt])
