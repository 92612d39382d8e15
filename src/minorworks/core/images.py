"""Photos from phones: judged by content, re-encoded so no EXIF or location metadata is ever stored.

Pillow decodes the image (refusing decompression bombs and anything that is not a JPEG, PNG or WebP), turns it
upright by its EXIF orientation, shrinks it to a sensible size and writes a fresh JPEG or PNG that carries no
metadata at all. The caller stores the returned bytes under a random name.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: what some phone cameras call their JPEGs
MAX_SIDE = 2560  # pixels: enough to read a label on a photo, small enough for a phone upload
MAX_PIXELS = 40_000_000  # a larger image is refused before it is decoded (decompression bombs)


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded photo: the file to store, its content type and size."""

    content: ContentFile
    content_type: str

    @property
    def size(self) -> int:
        """Bytes."""
        return self.content.size


def clean_image(upload: Any, *, field: str = "photo") -> CleanImage:
    """The photo ``upload`` re-encoded without metadata; ValidationError (on ``field``) if it is refused."""
    if upload is None or not getattr(upload, "size", 0):
        raise ValidationError({field: _("Choose a photo.")})
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: _("The file is too large (at most %(mb)s MB).")
                % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in ACCEPTED:
                raise ValidationError({field: _("Upload a photo (JPEG or PNG).")})
            if width * height > MAX_PIXELS:
                raise ValidationError({field: _("This image is too large.")})
            image = ImageOps.exif_transpose(probe)  # upright, before the EXIF is dropped
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError({field: _("Upload a photo (JPEG or PNG).")}) from exc
    finally:
        upload.seek(0)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind == "PNG" and image.mode in ("RGBA", "LA", "P"):
        image.save(out, format="PNG", optimize=True)
        content_type, ext = "image/png", "png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        content_type, ext = "image/jpeg", "jpg"
    return CleanImage(ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}"), content_type)
