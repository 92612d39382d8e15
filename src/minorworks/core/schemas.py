"""The error bodies every API operation answers with (one definition, used by every router)."""

from __future__ import annotations

from ninja import Schema


class FieldError(Schema):
    field: str | None
    message: str


class ErrorsOut(Schema):
    """400: one entry per refused field (``field`` null for the request as a whole)."""

    detail: list[FieldError]


class DetailOut(Schema):
    """401, 403, 404, 409, 429 and 500: one message in the caller's language."""

    detail: str
