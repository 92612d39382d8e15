"""Kinds of documents, declared in code by the app that owns them, and their numbers.

A kind's numbers come from one counter per kind, district and year (``core.sequences``), named
``{code}-{district}-{year}``: the notice kept the counter name it had before the engine existed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from minorworks.core.sequences import next_value

KINDS: dict[str, DocumentKind] = {}


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: code, Chinese name and number format (blank for documents without a number).

    ``number_format`` placeholders: ``{district}`` (the district key the caller passes), ``{year}`` and
    ``{n}`` (the sequence value; ``{n:06d}`` pads it), e.g. ``东城住建告〔{year}〕{n}号``.
    """

    code: str
    name: str
    number_format: str = ""

    @property
    def numbered(self) -> bool:
        """True when documents of this kind carry a number."""
        return bool(self.number_format)

    def sequence_name(self, district: str, year: int) -> str:
        """The counter this kind draws from for ``district`` and ``year``."""
        return f"{self.code}-{district}-{year}"

    def next_number(self, *, district: str, year: int | None = None) -> str:
        """A new, unique number of this kind for ``district`` (this year unless ``year`` is given)."""
        if not self.numbered:
            raise ValueError(f"documents of kind {self.code!r} have no number")
        year = year or timezone.localdate().year
        n = next_value(self.sequence_name(district, year))
        return self.number_format.format(district=district, year=year, n=n)


def declare(code: str, name: str, number_format: str = "") -> DocumentKind:
    """Declare a kind once (at import of the owning app's module); a second, different declaration fails."""
    kind = DocumentKind(code=code, name=name, number_format=number_format)
    existing = KINDS.setdefault(code, kind)
    if existing != kind:
        raise ValueError(f"document kind {code!r} is declared twice, differently")
    return kind
