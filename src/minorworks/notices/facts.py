"""The project's facts as printed on the notice and the board: Chinese dates, office names, labels.

Everything here is Chinese whatever the user's language: the documents are Chinese by nature.
"""

from __future__ import annotations

from decimal import Decimal

from minorworks.core.figures import cn_date, cn_datetime  # noqa: F401  (the documents' dates)
from minorworks.core.masking import mask_phone
from minorworks.notices.models import Notice
from minorworks.orgs.models import Enterprise
from minorworks.orgs.offices import office_title
from minorworks.projects.models import POST_ACCEPTANCE_STATUSES, Project

from . import notice_text as text

# A notice exists, and the board and the public page are shown, only from acceptance on.
POST_ACCEPTANCE = POST_ACCEPTANCE_STATUSES


def is_post_acceptance(project: Project) -> bool:
    """True once the street has accepted the project (accepted, in progress, stopped, completed, archived)."""
    return project.status in POST_ACCEPTANCE


def office_name(project: Project) -> str:
    """The supervising street office, e.g. 北京市东城区和平里街道办事处."""
    return office_title(project.street.name, project.district.name if project.district_id else "")


def money(value: Decimal | None) -> str:
    """500,000.00 元, or the 'not filled in' marker."""
    if value is None:
        return text.UNKNOWN_TEXT
    return text.INVESTMENT_TEXT.format(amount=f"{value:,.2f}")


def planned_dates(project: Project) -> str:
    """2026年12月3日 至 2027年2月1日."""
    start = cn_date(project.planned_start) or text.UNKNOWN_TEXT
    end = cn_date(project.planned_end) or text.UNKNOWN_TEXT
    return text.DATES_TEXT.format(start=start, end=end)


def hazard_codes(project: Project) -> list[str]:
    """The declared hazardous operations that the notice knows, in a stable order."""
    declared = set(project.hazardous_operations or [])
    return [code for code in text.HAZARD_LABELS if code in declared]


def hazard_labels(project: Project) -> str:
    """动火作业、高处作业, or 无."""
    labels = [text.HAZARD_LABELS[code] for code in hazard_codes(project)]
    return "、".join(labels) if labels else text.NONE_TEXT


def site_manager_text(project: Project) -> str:
    """The site manager's name and masked phone: no document shows a full personal number."""
    manager = project.site_manager
    if manager is None:
        return text.UNKNOWN_TEXT
    phone = mask_phone(manager.phone)
    return f"{manager.name}　{phone}" if phone else manager.name


def public_party(enterprise: Enterprise | None) -> str:
    """A unit's name for public notices; an individual appears as 「个人」, never by name."""
    if enterprise is None:
        return text.UNKNOWN_TEXT
    return text.INDIVIDUAL_TEXT if enterprise.is_individual else enterprise.name


def public_contact(project: Project) -> tuple[str, str]:
    """The contact shown on the board and the public page: (name, phone).

    The contact the builder declared for publication, in full; for projects registered before that
    existed, the site manager with surname and phone masked.
    """
    if project.public_contact_name or project.public_contact_phone:
        return project.public_contact_name, project.public_contact_phone
    manager = project.site_manager
    if manager is None:
        return "", ""
    return masked_name(manager.name), mask_phone(manager.phone)


def notice_facts(project: Project) -> list[tuple[str, str]]:
    """The project data table of the notice: (label, value) in print order."""
    values = {
        "number": project.number,
        "name": project.name,
        "type": project.project_type.name,
        "address": project.address,
        "street": project.street.name + (f" {project.community.name}" if project.community_id else ""),
        "builder": project.builder.name,
        "contractor": project.contractor.name if project.contractor_id else text.UNKNOWN_TEXT,
        "site_manager": site_manager_text(project),
        "dates": planned_dates(project),
        "investment": money(project.investment),
        "floor_area": text.AREA_TEXT.format(area=f"{project.floor_area:,.2f}")
        if project.floor_area is not None
        else text.UNKNOWN_TEXT,
        "hazards": hazard_labels(project),
        "content": project.content or text.UNKNOWN_TEXT,
    }
    return [(label, values[key]) for key, label in text.FACT_LABELS.items()]


def addressee(project: Project) -> str:
    """建设单位、施工单位： (one name when the builder contracts itself)."""
    contractor = project.contractor.name if project.contractor_id else ""
    if not contractor or contractor == project.builder.name:
        return text.ADDRESSEE.format(builder=project.builder.name, contractor_sep="", contractor="")
    return text.ADDRESSEE.format(builder=project.builder.name, contractor_sep="、", contractor=contractor)


def intro(project: Project) -> str:
    """The opening paragraph with the project's name, number and the street office."""
    return text.INTRO.format(
        basis=text.LEGAL_BASIS, project=project.name, number=project.number, office=office_name(project)
    )


def acknowledgements(project: Project, notice: Notice) -> list[tuple[str, str, str | None]]:
    """Per party: (party label, unit name, online-confirmation line or None for a blank signature line)."""
    rows = []
    parties = (
        ("builder", project.builder.name, notice.builder_ack_at, notice.builder_ack_by),
        (
            "contractor",
            project.contractor.name if project.contractor_id else "",
            notice.contractor_ack_at,
            notice.contractor_ack_by,
        ),
    )
    for key, name, at, by in parties:
        line = None
        if at is not None:
            who = str(by) if by is not None else "—"
            line = text.ACK_ONLINE.format(when=cn_datetime(at), who=who)
        rows.append((text.ACK_PARTIES[key], name or text.UNKNOWN_TEXT, line))
    return rows


def scan_line(notice: Notice) -> str | None:
    """A line saying a signed scan is on file, when the street uploaded one."""
    scan = notice.signed_scan
    if scan is None:
        return None
    return text.ACK_SCAN.format(when=cn_date(scan.uploaded_at))


def board_facts(project: Project) -> list[tuple[str, str]]:
    """The site board's rows: (label, value), public facts only."""
    labels = text.BOARD_LABELS
    contact, phone = public_contact(project)
    return [
        (labels["name"], project.name),
        (labels["number"], project.number),
        (labels["builder"], public_party(project.builder)),
        (
            labels["contractor"],
            public_party(project.contractor) if project.contractor_id else text.UNKNOWN_TEXT,
        ),
        (labels["contact"], contact or text.UNKNOWN_TEXT),
        (labels["phone"], phone or text.UNKNOWN_TEXT),
        (labels["dates"], planned_dates(project)),
        (labels["street"], project.street.name),
        (labels["office"], office_name(project)),
    ]


def masked_name(name: str) -> str:
    """张** for 张三丰: the surname only, for pages anyone can open."""
    name = (name or "").strip()
    return f"{name[0]}{'*' * (len(name) - 1)}" if len(name) > 1 else name
