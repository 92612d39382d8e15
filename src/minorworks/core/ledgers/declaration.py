"""What a ledger (台账) is: a declaration of its rows, filters, columns and phone card, kept in a registry.

Everything else (the desktop table, the phone cards, the Excel export and the API list) is rendered from one
:class:`Ledger` by the modules beside this one; an app declares its ledgers in its ``ledgers.py`` module
(found by :func:`autodiscover`) and never writes a view, a template or a writer of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language, gettext

Row = dict[str, Any]  # one ``values()`` row
Render = Callable[[Row, Any], Any]  # (row, context) → str | date | Decimal | int | None
KINDS = frozenset({"text", "date", "money", "number", "seq"})


@dataclass(frozen=True)
class Column:
    """One column: its key (API and card), Chinese header, English gloss, the ``values()`` keys it reads,
    how it renders, its kind (text, date, money, number; ``seq`` numbers the rows) and its width in Excel."""

    key: str
    zh: str
    en: str
    fields: tuple[str, ...]
    render: Render
    kind: str = "text"
    width: int = 14

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key}: unknown kind {self.kind!r}")

    def label(self) -> str:
        """The header in the active language: the Chinese header, or the English gloss."""
        return self.zh if (get_language() or "zh-hans").startswith("zh") else self.en


@dataclass(frozen=True)
class Card:
    """The phone layout of a row: a title line, a subtitle line and three to five labelled fields."""

    title: str
    subtitle: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


def default_context() -> SimpleNamespace:
    """The lookups a ledger without its own context gets: today's date and the words for yes and no.

    A ledger's own context must offer ``yes`` and ``no`` too when it declares a yes/no column; contexts are
    built once per page or file, in its language, so that no cell calls gettext.
    """
    return SimpleNamespace(today=timezone.localdate(), yes=gettext("Yes"), no=gettext("No"))


@dataclass(frozen=True)
class Ledger:
    """A ledger: who may open it, its rows for a user, its filter set, its columns and its phone card.

    ``queryset_for(user)`` returns the rows ``user`` may see (already scoped by the owning app's jurisdiction
    function); ``managing_party(user)`` names who manages the ledger in that user's scope (明确由谁管理);
    ``table`` lists the column keys the desktop page shows (all but the row number when empty); ``link(row)``
    is the URL a row's title opens; ``context()`` builds the lookups a render needs, once per page or file.
    """

    slug: str
    title: str | Promise
    title_zh: str  # the title of the exported file, which is Chinese whatever the UI language
    description: str | Promise
    roles: frozenset[str]
    queryset_for: Callable[[Any], QuerySet]
    filterset: type
    columns: tuple[Column, ...]
    card: Card
    managing_party: Callable[[Any], str]
    scope_label: Callable[[Any], str] = lambda user: ""
    table: tuple[str, ...] = ()
    link: Callable[[Row], str] | None = None
    link_fields: tuple[str, ...] = ()
    context: Callable[[], Any] = default_context
    page_size: int = 50
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {column.key: column for column in self.columns}
        if len(by_key) != len(self.columns):
            raise ValueError(f"ledger {self.slug}: two columns share a key")
        named = [self.card.title, *self.card.subtitle, *self.card.fields, *self.table]
        unknown = [key for key in named if key not in by_key]
        if unknown:
            raise ValueError(f"ledger {self.slug}: card or table names unknown columns {unknown}")
        if not 3 <= len(self.card.fields) <= 5:
            raise ValueError(f"ledger {self.slug}: a phone card shows three to five fields")
        object.__setattr__(self, "by_key", by_key)

    def value_fields(self) -> list[str]:
        """The ``values()`` keys every render reads: one query, no model objects, no per-row lookups."""
        seen: dict[str, None] = {"pk": None}
        for name in (*self.link_fields, *(f for column in self.columns for f in column.fields)):
            seen.setdefault(name, None)
        return list(seen)

    def table_columns(self) -> list[Column]:
        """The columns of the desktop table, in order."""
        if self.table:
            return [self.by_key[key] for key in self.table]
        return [column for column in self.columns if column.kind != "seq"]

    def export_columns(self) -> tuple[Column, ...]:
        """Every column, in the documented order of the exchange format."""
        return self.columns

    def admits(self, user: Any) -> bool:
        """True when ``user`` may open this ledger."""
        return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in self.roles


REGISTRY: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    """Make a ledger known to the host (pages, exports, API); a slug is registered once."""
    existing = REGISTRY.get(ledger.slug)
    if existing is not None and existing is not ledger:
        raise ValueError(f"ledger {ledger.slug!r} is registered twice")
    REGISTRY[ledger.slug] = ledger
    return ledger


def registered() -> list[Ledger]:
    """Every registered ledger, in registration order."""
    return list(REGISTRY.values())


def ledgers_for(user: Any) -> list[Ledger]:
    """The ledgers ``user`` may open, in registration order."""
    return [ledger for ledger in REGISTRY.values() if ledger.admits(user)]


def all_roles(ledgers: Iterable[Ledger] | None = None) -> frozenset[str]:
    """Every role that may open at least one ledger."""
    return frozenset(role for ledger in (ledgers or REGISTRY.values()) for role in ledger.roles)


def autodiscover() -> None:
    """Import every installed app's ``ledgers`` module, where ledgers register themselves."""
    autodiscover_modules("ledgers")
