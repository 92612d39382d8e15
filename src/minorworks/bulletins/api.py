"""Bulletins API: generate (and issue) a bulletin for a period, list and read them, their documents; a
street's own indicator figures for a period."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from minorworks.core.access import allow
from minorworks.core.indicators import batch, registered
from minorworks.core.roles import STAFF_ROLES, Role
from minorworks.core.schemas import DetailOut, ErrorsOut
from minorworks.core.workflow import InvalidInput, NotAllowedNow, NotPermitted

from . import domain
from .documents import bulletin_response
from .models import Bulletin
from .ranking import streets_of

router = Router(tags=["bulletins"])


class BulletinIn(Schema):
    """The period (inclusive days); ``draft: true`` keeps it a draft to edit in the UI, else it is issued."""

    period_start: dt.date | None = None
    period_end: dt.date | None = None
    draft: bool = False


class RankingRowOut(Schema):
    street: str
    street_name: str
    score: float
    rank: int
    rank_change: int | None
    indicators: dict[str, float | int | None]


class RequirementOut(Schema):
    text: str
    deadline: dt.date


class BulletinSummaryOut(Schema):
    id: int
    number: str | None
    status: str
    title: str
    period_start: dt.date
    period_end: dt.date
    issued_at: dt.datetime | None


class BulletinOut(BulletinSummaryOut):
    ranking: list[RankingRowOut]
    laggards: list[str]
    requirements: list[RequirementOut]
    opening: str
    findings: str
    problems: str


def _out(b: Bulletin, full: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": b.pk,
        "number": b.number or None,
        "status": b.status,
        "title": b.title,
        "period_start": b.period_start,
        "period_end": b.period_end,
        "issued_at": b.issued_at,
    }
    if full:
        codes = {r["street_id"]: r["street"] for r in b.ranking}
        data.update(
            ranking=b.ranking,
            laggards=[codes[s] for s in b.laggards if s in codes],
            requirements=b.requirements,
            opening=b.opening,
            findings=b.findings,
            problems=b.problems,
        )
    return data


@router.post("/bulletins", response={201: BulletinOut, 400: ErrorsOut, 403: DetailOut, 409: DetailOut})
@allow(Role.DISTRICT_ADMIN, api=True)
def create_bulletin(request, payload: BulletinIn):
    """Compute the ranking for the period and issue the bulletin (201 with its number and ranking)."""
    user = request.auth
    try:
        bulletin = domain.generate(
            actor=user, period_start=payload.period_start, period_end=payload.period_end
        )
        if not payload.draft:
            bulletin = domain.issue(bulletin, actor=user)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except InvalidInput as exc:
        raise ValidationError(exc.errors or exc.message) from exc
    except NotAllowedNow as exc:
        raise HttpError(409, exc.message) from exc
    return Status(201, _out(bulletin))


@router.get("/bulletins", response={200: list[BulletinSummaryOut], 403: DetailOut})
@allow(STAFF_ROLES, api=True)
def list_bulletins(request):
    """The bulletins of your district, newest first (drafts only for the district administrator)."""
    rows = domain.visible_bulletins(request.auth).order_by("-period_end", "-id")[:200]
    return [_out(b, full=False) for b in rows]


@router.get("/bulletins/{bulletin_id}", response={200: BulletinOut, 403: DetailOut, 404: DetailOut})
@allow(STAFF_ROLES, api=True)
def read_bulletin(request, bulletin_id: int):
    """One bulletin with its ranking."""
    return _out(domain.get_bulletin(request.auth, bulletin_id))


@router.get(
    "/bulletins/{bulletin_id}/bulletin.docx",
    response={403: DetailOut, 404: DetailOut},
    openapi_extra={"responses": {200: {"description": "The .docx."}}},
)
@allow(STAFF_ROLES, api=True)
def bulletin_docx(request, bulletin_id: int):
    """The issued bulletin (定期通报) as .docx; 404 while it is a draft."""
    return bulletin_response(request.auth, bulletin_id, "docx")


@router.get(
    "/bulletins/{bulletin_id}/bulletin.pdf",
    response={403: DetailOut, 404: DetailOut},
    openapi_extra={"responses": {200: {"description": "The PDF."}}},
)
@allow(STAFF_ROLES, api=True)
def bulletin_pdf(request, bulletin_id: int):
    """The issued bulletin (定期通报) as PDF; 404 while it is a draft."""
    return bulletin_response(request.auth, bulletin_id, "pdf")


class IndicatorOut(Schema):
    code: str
    title: str
    definition: str
    kind: str
    higher_is_better: bool


class FigureOut(Schema):
    value: float | int | None
    numerator: float | int
    denominator: float | int | None


class StreetFiguresOut(Schema):
    street: str
    street_name: str
    figures: dict[str, FigureOut]


class IndicatorsOut(Schema):
    period_start: dt.date
    period_end: dt.date
    indicators: list[IndicatorOut]
    streets: list[StreetFiguresOut]


def _num(value: Any) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


@router.get("/indicators", response={200: IndicatorsOut, 400: ErrorsOut, 403: DetailOut})
@allow(Role.DISTRICT_ADMIN, Role.STREET_OFFICER, api=True)
def indicator_figures(request, period_start: dt.date | None = None, period_end: dt.date | None = None):
    """Every declared indicator for the period: your own street's figures (the district sees every street)."""
    user = request.auth
    try:
        start, end = domain.check_period(period_start, period_end)
    except InvalidInput as exc:
        raise ValidationError(exc.errors) from exc
    known = registered()
    streets = [
        s for s in streets_of(user.district_id) if user.role == Role.DISTRICT_ADMIN or s[0] == user.street_id
    ]
    with batch():
        computed = {code: ind.figures(user.district_id, start, end) for code, ind in known.items()}
    out = []
    for pk, code, name in streets:
        figures: dict[str, dict[str, Any]] = {}
        for ind_code, ind in known.items():
            f = computed[ind_code].get(pk)
            if f is None:
                figures[ind_code] = {
                    "value": 0 if ind.kind == "count" else None,
                    "numerator": 0,
                    "denominator": None if ind.kind == "count" else 0,
                }
            else:
                figures[ind_code] = {
                    "value": _num(f.value),
                    "numerator": _num(f.numerator),
                    "denominator": _num(f.denominator),
                }
        out.append({"street": code, "street_name": name, "figures": figures})
    return {
        "period_start": start,
        "period_end": end,
        "indicators": [
            {
                "code": c,
                "title": str(i.title),
                "definition": str(i.definition),
                "kind": i.kind,
                "higher_is_better": i.higher_is_better,
            }
            for c, i in known.items()
        ],
        "streets": out,
    }
