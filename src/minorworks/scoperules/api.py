"""The public scope check as an API (no login): is a project below quota, on a date, in a jurisdiction?"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from minorworks.core.access import public
from minorworks.core.schemas import ErrorsOut

from .scope import check_scope_query

router = Router(tags=["scope"])


def _errors(errors: dict) -> list[dict[str, Any]]:
    return [
        {"field": None if f == "__all__" else f, "message": str(m)} for f, ms in errors.items() for m in ms
    ]


class ScopeRuleOut(Schema):
    id: int
    name: str
    basis: str
    effective_from: dt.date
    jurisdiction: str
    jurisdiction_name: str


class ScopeOut(Schema):
    verdict: str
    reason: str
    rule: ScopeRuleOut | None


@router.get("/scope-check", auth=None, response={200: ScopeOut, 400: ErrorsOut}, url_name="scope_check")
@public
def scope_check(
    request,
    project_type: str | None = None,
    investment: str | None = None,
    floor_area: str | None = None,
    on: str | None = None,
    jurisdiction: str | None = None,
):
    """Public: is a project below quota? ``on`` is YYYY-MM-DD (default today); ``jurisdiction`` a region code
    (default: the district this platform serves)."""
    try:
        verdict = check_scope_query(project_type, investment, floor_area, on, jurisdiction)
    except ValidationError as exc:
        return Status(400, {"detail": _errors(exc.message_dict)})
    rule = verdict.rule
    return Status(
        200,
        {
            "verdict": verdict.verdict,
            "reason": verdict.reason,
            "rule": {
                "id": rule.pk,
                "name": rule.name,
                "basis": rule.basis,
                "effective_from": rule.effective_from,
                "jurisdiction": rule.jurisdiction.code,
                "jurisdiction_name": rule.jurisdiction.name,
            }
            if rule
            else None,
        },
    )
