"""The content of a document as a small tree of blocks, defined once and rendered to .docx and PDF.

Blocks are frozen dataclasses of plain strings and tuples, so a document's content can be hashed
(:func:`content_hash`): the hash decides whether a stored rendering still shows the current facts.
Headings carry no numbers of their own; :func:`heading_labels` numbers them 一、二、… and （一）（二）… the
same way for both renderers, so a chapter that is left out never leaves a gap.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right", "justify"]
Layout = Literal["official", "board"]

# The blank signature line printed for a party that has not confirmed online.
SIGN_LINE = "负责人签字（盖章）：＿＿＿＿＿＿　日期：＿＿＿年＿＿月＿＿日"


@dataclass(frozen=True)
class Title:
    """The document's title (方正小标宋 in .docx, the bold serif in PDF)."""

    text: str


@dataclass(frozen=True)
class NumberLine:
    """The document number (发文字号 or 编号) under the title."""

    text: str
    align: Align = "right"


@dataclass(frozen=True)
class Addressee:
    """The addressee (主送), flush left, ending with a full-width colon."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A chapter (level 1: 一、 in 黑体) or section (level 2: （一） in 楷体) heading; numbered on rendering."""

    text: str
    level: Literal[1, 2] = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text: indented two characters unless ``indent`` is false; newlines start new paragraphs."""

    text: str
    indent: bool = True
    align: Align = "justify"
    small: bool = False  # a note in a smaller size (e.g. a board's registration note)


@dataclass(frozen=True)
class Facts:
    """A label/value table (工程基本信息); values of any length."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A data table with a header row repeated on every page; ``widths`` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class NumberedList:
    """Items printed as indented paragraphs 1. 2. 3. …"""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """A party's signature block: 「party：name」, then the online confirmation or a blank signature line."""

    party: str
    name: str
    confirmation: str = ""  # e.g. 已于 2026年11月23日 14:05 在线确认（确认人：…）; blank: a line to sign on
    blank_line: str = SIGN_LINE


@dataclass(frozen=True)
class Issuer:
    """The issuing office and the date (成文日期), right-aligned at the end."""

    name: str
    date: str


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class QRCode:
    """A QR code with captions under it and, beside it, a titled panel of large lines (e.g. hotlines)."""

    data: str
    captions: tuple[str, ...] = ()
    aside_title: str = ""
    aside: tuple[tuple[str, str], ...] = ()  # (large text, small label)


Block = (
    Title
    | NumberLine
    | Addressee
    | Heading
    | Paragraph
    | Facts
    | Table
    | NumberedList
    | Signature
    | Issuer
    | PageBreak
    | QRCode
)


@dataclass(frozen=True)
class Content:
    """A whole document: metadata, page layout and the blocks in print order."""

    title: str
    blocks: tuple[Block, ...]
    layout: Layout = "official"
    author: str = ""
    subject: str = ""
    footer: tuple[str, ...] = field(default=())  # board layout: texts on the footer band (left, right)


def content_hash(content: Content) -> str:
    """SHA-256 of the content (block types and every field): equal hashes mean the same document."""

    def encode(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            data = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return {"type": type(value).__name__, **data}
        if isinstance(value, tuple | list):
            return [encode(item) for item in value]
        return value

    payload = json.dumps(encode(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """一 … 九十九 (enough for chapter numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return f"{prefix}十{CHINESE_NUMERALS[ones - 1] if ones else ''}"


def heading_labels(blocks: tuple[Block, ...]) -> dict[int, str]:
    """Block index → printed heading: 「一、安全生产」, 「（一）应当履行的职责」 (level 2 restarts per chapter)."""
    labels: dict[int, str] = {}
    chapter = section = 0
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        if block.level == 1:
            chapter, section = chapter + 1, 0
            labels[index] = f"{chinese_number(chapter)}、{block.text}"
        else:
            section += 1
            labels[index] = f"（{chinese_number(section)}）{block.text}"
    return labels


def paragraphs_of(text: str) -> list[str]:
    """The non-empty lines of ``text``: a newline typed into a form starts a new paragraph."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
