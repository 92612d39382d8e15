"""The units and people a registration names, without ever changing a shared record as a side effect.

Companies are shared by every project that names them, so a registration only *links* to a company: by its
unified social credit code, and by nothing else (a name is not an identity; two units may share one, and a
forged name must not reach another builder's company). A party without a code, or with a code nobody holds
yet, becomes a new company record (audited). The papers declared for a project (the contractor's
qualification certificate and safety production licence) are the project's own snapshot, checked by the
reviewer; the company's papers on file change only through the street's explicit, audited ``adopt_papers``
action. People are never edited in place either: a changed site manager or worker is a new person record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.core.masking import mask_phone
from minorworks.core.page_memo import remembered
from minorworks.core.validators import is_masked, normalise_credit_code
from minorworks.orgs.models import Enterprise, Person, Qualification
from minorworks.projects.models import Project, ProjectPaper

ENTERPRISE_AUDIT_FIELDS = ["name", "credit_code", "is_individual", "kinds", "district"]
# (form prefix, paper kind): the papers a registration declares for its contractor.
DECLARED_PAPERS = (
    ("qualification", Qualification.Kind.QUALIFICATION),
    ("safety_licence", Qualification.Kind.SAFETY_LICENCE),
)


def find_or_create_party(
    *,
    actor: Any,
    name: str,
    credit_code: str,
    kind: str,
    current: Enterprise | None,
    district_id: int | None,
    individual: bool = False,
) -> Enterprise | None:
    """The company a registration names: the current one if unchanged, the holder of the credit code, or new.

    Never changes an existing company (not its name, code, kinds or papers).
    """
    name = (name or "").strip()
    code = normalise_credit_code(credit_code)
    if not name:
        return None
    if current is not None and current.name == name and current.credit_code == code:
        return current
    if code:
        holder = Enterprise.objects.filter(credit_code=code).order_by("pk").first()
        if holder is not None:
            return holder
    company = Enterprise.objects.create(
        name=name, credit_code=code, kinds=[kind], is_individual=individual, district_id=district_id
    )
    record(
        actor=actor,
        action="enterprise.create",
        obj=company,
        after=snapshot(company, ENTERPRISE_AUDIT_FIELDS),
        note="registration",
    )
    return company


def declared_papers(data: dict[str, Any]) -> dict[str, tuple[str, dt.date | None]] | None:
    """The papers in registration form data: kind → (number, valid until); None when the data has none."""
    if not any(f"{prefix}_number" in data for prefix, _kind in DECLARED_PAPERS):
        return None
    papers: dict[str, tuple[str, dt.date | None]] = {}
    for prefix, kind in DECLARED_PAPERS:
        number = (data.get(f"{prefix}_number") or "").strip()
        if number:
            papers[kind] = (number, data.get(f"{prefix}_expires"))
    return papers


def save_papers(project: Project, papers: dict[str, tuple[str, dt.date | None]]) -> None:
    """Make the project's declared contractor papers exactly ``papers`` (the project's own rows only)."""
    ProjectPaper.objects.filter(project=project).exclude(kind__in=list(papers)).delete()
    for kind, (number, expires) in papers.items():
        ProjectPaper.objects.update_or_create(
            project=project, kind=kind, defaults={"number": number, "expires_on": expires}
        )


def paper_lines(project: Project) -> list[str]:
    """The declared papers as sortable text (for the audit snapshot)."""
    return sorted(
        f"{p.kind} {p.number} {p.expires_on.isoformat() if p.expires_on else ''}".strip()
        for p in ProjectPaper.objects.filter(project=project)
    )


def site_manager_for(project: Project, *, name: str, phone: str) -> Person | None:
    """The site manager a registration names: the current person if unchanged, else a new person record."""
    name, phone = (name or "").strip(), (phone or "").strip()
    if not name:
        return None
    current = project.site_manager if project.site_manager_id else None
    phone = unmask(phone, current.phone if current else "", mask_phone, field="site_manager_phone")
    if current is not None and current.name == name and current.phone == phone:
        return current
    return Person.objects.create(name=name, phone=phone, enterprise_id=project.contractor_id)


def unmask(value: str, stored: str, mask: Any, *, field: str) -> str:
    """The stored number when ``value`` is its masked form (an edit form sent it back unchanged)."""
    if not is_masked(value):
        return value
    if stored and mask(stored) == value:
        return stored
    raise ValidationError({field: _("Enter the full number again (the masked number does not match).")})


def papers_of(project: Project) -> list[ProjectPaper]:
    """The papers declared for this project (its own snapshot of the contractor's), by kind."""
    return remembered(
        project,
        "declared_papers",
        lambda: list(ProjectPaper.objects.filter(project=project).order_by("kind")),
    )


def papers_differing_from_file(project: Project) -> list[ProjectPaper]:
    """The declared papers that the contractor's record on file does not hold (same kind, number, expiry)."""
    if not project.contractor_id:
        return []
    contractor_id = project.contractor_id
    return remembered(project, "papers_differing_from_file", lambda: _differing(project, contractor_id))


def _differing(project: Project, contractor_id: int) -> list[ProjectPaper]:
    on_file = {
        (q.kind, q.number, q.expires_on) for q in Qualification.objects.filter(enterprise_id=contractor_id)
    }
    return [
        p
        for p in papers_of(project)
        if p.expires_on is not None and (p.kind, p.number, p.expires_on) not in on_file
    ]


def adopt_papers(project: Project, *, actor: Any) -> list[str]:
    """Record the project's verified papers on the contractor's company file (one audit row on the company)."""
    company = Enterprise.objects.get(pk=project.contractor_id or 0)
    before = sorted(f"{q.kind} {q.number} {q.expires_on.isoformat()}" for q in company.qualifications.all())
    adopted = []
    for paper in papers_differing_from_file(project):
        Qualification.objects.update_or_create(
            enterprise=company,
            kind=paper.kind,
            number=paper.number,
            defaults={"expires_on": paper.expires_on},
        )
        adopted.append(f"{paper.kind} {paper.number} {paper.expires_on.isoformat()}")
    after = sorted(f"{q.kind} {q.number} {q.expires_on.isoformat()}" for q in company.qualifications.all())
    record(
        actor=actor,
        action="enterprise.papers",
        obj=company,
        before={"papers": before},
        after={"papers": after},
        note=project.number,
    )
    return adopted
