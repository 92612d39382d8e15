"""The safety notice (告知书) and the site board (公示牌) as block trees for the documents engine.

The notice's kind (and its number) is declared by the projects app, which issues it on acceptance; the
board has no number and is declared here.
"""

from __future__ import annotations

from minorworks.core.documents import blocks as b
from minorworks.core.documents.kinds import declare
from minorworks.notices.models import Notice
from minorworks.projects.models import Project

from . import facts
from . import notice_text as text

SITE_BOARD = declare("site_board", "限额以下工程公示牌")


def _chapter(section: text.Section, project: Project, office: str) -> list[b.Block]:
    out: list[b.Block] = [b.Heading(section.heading)]
    if section.duties:
        out += [b.Heading(text.DUTIES_LABEL, level=2), b.NumberedList(section.duties)]
    if section.prohibited:
        out += [b.Heading(text.PROHIBITED_LABEL, level=2), b.NumberedList(section.prohibited)]
    codes = facts.hazard_codes(project) if section.with_hazards else []
    if codes:
        out.append(b.Heading(text.HAZARD_HEADING, level=2))
        out += [
            b.Paragraph(f"{text.HAZARD_LABELS[code]}：{text.HAZARD_REQUIREMENTS[code]}") for code in codes
        ]
    if section.paragraphs:
        out.append(b.NumberedList(tuple(p.format(office=office) for p in section.paragraphs)))
    return out


def notice_content(project: Project, notice: Notice) -> b.Content:
    """The notice: title, number, addressee, project facts, the chapters, issuer and acknowledgements."""
    office = facts.office_name(project)
    blocks: list[b.Block] = [
        b.Title(text.TITLE),
        b.NumberLine(f"{text.NUMBER_LABEL}{notice.number}"),
        b.Addressee(facts.addressee(project)),
        b.Paragraph(facts.intro(project)),
        b.Heading(text.FACTS_HEADING),
        b.Facts(tuple(facts.notice_facts(project))),
    ]
    for section in text.SECTIONS:
        blocks += _chapter(section, project, office)
    blocks += [
        b.Paragraph(text.CONTACT),
        b.Paragraph(text.COPIES.format(office=office)),
        b.Issuer(text.ISSUER.format(office=office), facts.cn_date(notice.issued_at)),
        b.Heading(text.ACK_HEADING),
        b.Paragraph(text.ACK_STATEMENT),
    ]
    blocks += [
        b.Signature(party, name, confirmation or "")
        for party, name, confirmation in facts.acknowledgements(project, notice)
    ]
    scan = facts.scan_line(notice)
    if scan:
        blocks.append(b.Paragraph(scan))
    return b.Content(
        title=f"{text.TITLE} {notice.number}", blocks=tuple(blocks), author=office, subject=project.name
    )


def board_content(project: Project, notice: Notice | None, public_url: str) -> b.Content:
    """The board: public facts, the QR code of the public page beside the hotlines, the registration note."""
    office = facts.office_name(project)
    note = (
        text.BOARD_NOTE.format(office=office, notice=notice.number)
        if notice is not None
        else text.BOARD_NOTE_NO_NOTICE.format(office=office)
    )
    blocks: tuple[b.Block, ...] = (
        b.Title(text.BOARD_TITLE),
        b.Facts(tuple(facts.board_facts(project))),
        b.QRCode(
            public_url,
            captions=(text.BOARD_QR_CAPTION, text.BOARD_QR_CAPTION_2),
            aside_title=text.BOARD_HOTLINE_HEADING,
            aside=text.HOTLINES,
        ),
        b.Paragraph(note, indent=False, small=True),
    )
    return b.Content(
        title=f"{text.BOARD_TITLE} {project.number}",
        blocks=blocks,
        layout="board",
        author=office,
        subject=project.name,
        footer=(text.BOARD_FOOTER.format(office=office), text.BOARD_FOOTER_RIGHT),
    )
