"""The scope test (限额判定): is a project below quota, above quota (needs a permit) or out of scope?

Rules are data (:class:`~minorworks.scoperules.models.ScopeRule`), per jurisdiction and dated. The rule that
applies is the latest one in force on the day for the nearest jurisdiction walking up the region tree
(community → street → district → city). Thresholds are inclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minorworks.core.audit import record, snapshot
from minorworks.core.figures import figure
from minorworks.core.roles import Role
from minorworks.orgs.models import Region

from .models import ProjectType, ScopeRule

BELOW = "below_quota"
ABOVE = "above_quota"
OUT = "out_of_scope"
VERDICTS = (BELOW, ABOVE, OUT)


@dataclass(frozen=True)
class ScopeVerdict:
    """The verdict, a human-readable reason in the current language, and the rule applied (if any).

    ``summary`` is the reason without the rule's own wording (for short lists such as review checks).
    """

    verdict: str
    reason: str
    rule: ScopeRule | None
    summary: str = ""


class ScopeInputError(ValueError):
    """A figure the verdict needs is missing; ``field`` names it (investment or floor_area)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _ancestors(jurisdiction: Region | None) -> list[Region]:
    """The jurisdiction and its ancestors, nearest first (one query for the whole chain)."""
    if jurisdiction is None:
        jurisdiction = default_jurisdiction()
        if jurisdiction is None:
            return []
    loaded = _loaded_chain(jurisdiction)
    if loaded is not None:
        return loaded
    node = Region.objects.select_related("parent__parent__parent").filter(pk=jurisdiction.pk).first()
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def _loaded_chain(node: Region) -> list[Region] | None:
    """The chain up from ``node`` when the caller loaded it already (select_related), else None."""
    chain = []
    while True:
        chain.append(node)
        if node.parent_id is None:
            return chain
        if not Region.parent.is_cached(node):
            return None
        parent = node.parent
        if parent is None:
            return chain
        node = parent


def default_jurisdiction() -> Region | None:
    """The jurisdiction of questions asked without one: the only district if there is one, else a city."""
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code")[:2])
    if len(districts) == 1:
        return districts[0]
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


def rule_in_force(on: dt.date | None = None, jurisdiction: Region | None = None) -> ScopeRule | None:
    """The rule that applies on ``on`` to ``jurisdiction``: nearest region first, then the latest date."""
    on = on or timezone.localdate()
    chain = _ancestors(jurisdiction)
    if not chain:
        return None
    rules = ScopeRule.objects.filter(jurisdiction__in=chain, effective_from__lte=on).select_related(
        "jurisdiction"
    )
    best: dict[int, ScopeRule] = {}
    for rule in rules:
        current = best.get(rule.jurisdiction_id)
        if current is None or rule.effective_from > current.effective_from:
            best[rule.jurisdiction_id] = rule
    for node in chain:
        if node.pk in best:
            return best[node.pk]
    return None


def _money(value: Decimal) -> str:
    return figure(value)  # written as on the pages: 800,000 (not 800,000.00)


def _rule_reason(rule: ScopeRule) -> str:
    english = (get_language() or "").startswith("en")
    return (rule.reason_en if english else rule.reason) or rule.reason or rule.reason_en


def evaluate_scope(
    project_type_code: str,
    investment: Decimal | None,
    floor_area: Decimal | None,
    on: dt.date | None = None,
    jurisdiction: Region | None = None,
    *,
    rule: ScopeRule | None = None,
) -> ScopeVerdict:
    """Apply the rule in force (or ``rule`` when the caller already has it) to one project's figures.

    Raises :class:`ScopeInputError` when a figure the verdict depends on is missing.
    """
    if rule is None:
        rule = rule_in_force(on, jurisdiction)
    if rule is None:
        return ScopeVerdict(OUT, _("No scope rule is in force for this place on this date."), None)
    code = (project_type_code or "").strip()
    basis = _rule_reason(rule)
    inv_limit, area_limit = rule.investment_limit, rule.floor_area_limit
    if code in rule.excluded_types:
        text = _("This type of works is excluded from below-quota management.")
        return ScopeVerdict(OUT, text + " " + basis, rule, text)
    if code in rule.area_types:
        if investment is None and floor_area is None:
            raise ScopeInputError("investment", _("Enter the investment or the floor area."))
        if investment is not None and investment <= inv_limit:
            text = _("Investment %(value)s yuan is within the limit of %(limit)s yuan.") % {
                "value": _money(investment),
                "limit": _money(inv_limit),
            }
            return ScopeVerdict(BELOW, text + " " + basis, rule, text)
        if floor_area is not None and floor_area <= area_limit:
            text = _("Floor area %(value)s m² is within the limit of %(limit)s m².") % {
                "value": _money(floor_area),
                "limit": _money(area_limit),
            }
            return ScopeVerdict(BELOW, text + " " + basis, rule, text)
        if floor_area is None:
            raise ScopeInputError(
                "floor_area", _("The investment is over the limit: enter the floor area too.")
            )
        if investment is None:
            raise ScopeInputError(
                "investment", _("The floor area is over the limit: enter the investment too.")
            )
        text = _(
            "Investment above %(limit)s yuan and floor area above %(area)s m²: a construction permit is needed."
        ) % {"limit": _money(inv_limit), "area": _money(area_limit)}
        return ScopeVerdict(ABOVE, text, rule, text)
    if code in rule.investment_only_types:
        if investment is None:
            raise ScopeInputError("investment", _("Enter the investment."))
        if investment <= inv_limit:
            text = _("Investment %(value)s yuan is within the limit of %(limit)s yuan.") % {
                "value": _money(investment),
                "limit": _money(inv_limit),
            }
            return ScopeVerdict(BELOW, text + " " + basis, rule, text)
        text = _("Investment above %(limit)s yuan: a construction permit is needed.") % {
            "limit": _money(inv_limit)
        }
        return ScopeVerdict(ABOVE, text, rule, text)
    return ScopeVerdict(OUT, _("The rule in force does not cover this type of works."), rule)


def parse_decimal(raw: str | None) -> Decimal | None:
    """A non-negative decimal from user input ("1,000,000" allowed); None when blank; ValueError if nonsense."""
    if raw is None or not str(raw).strip():
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise ValueError(raw) from exc
    if not value.is_finite() or value < 0:
        raise ValueError(raw)
    return value


def check_scope_query(
    project_type: str | None,
    investment: str | None,
    floor_area: str | None,
    on: str | None,
    jurisdiction: str | None = None,
) -> ScopeVerdict:
    """Validate the raw inputs of the public scope check and evaluate them.

    Raises ``ValidationError`` with one message per bad field (messages in the current language).
    """
    errors: dict[str, str] = {}
    code = (project_type or "").strip()
    if not code:
        errors["project_type"] = _("Choose the project type.")
    elif not ProjectType.objects.filter(code=code).exists():
        errors["project_type"] = _("Unknown project type.")
    values: dict[str, Decimal | None] = {}
    for name, raw in (("investment", investment), ("floor_area", floor_area)):
        try:
            value = values[name] = parse_decimal(raw)
        except ValueError:
            errors[name] = _("Enter a number of zero or more.")
        else:
            if value is not None and value >= Decimal("1e12"):
                errors[name] = _("This number is too large.")
    if investment is None or not str(investment).strip():
        errors.setdefault("investment", _("Enter the investment."))
    day = None
    if on:
        try:
            day = dt.date.fromisoformat(on.strip())
        except ValueError:
            errors["on"] = _("Enter a date as YYYY-MM-DD.")
    region = None
    if jurisdiction:
        region = Region.objects.filter(code=jurisdiction.strip()).first()
        if region is None:
            errors["jurisdiction"] = _("Unknown region code.")
    if errors:
        raise ValidationError(errors)
    try:
        return evaluate_scope(code, values["investment"], values["floor_area"], on=day, jurisdiction=region)
    except ScopeInputError as exc:
        raise ValidationError({exc.field: exc.message}) from exc


RULE_FIELDS = [
    "jurisdiction",
    "name",
    "basis",
    "effective_from",
    "investment_limit",
    "floor_area_limit",
    "area_types",
    "investment_only_types",
    "excluded_types",
    "reason",
    "reason_en",
]


def may_set_rules_for(actor, jurisdiction: Region | None) -> bool:
    """Rules belong to a jurisdiction's own administrator: a district administrator sets its district's."""
    return (
        jurisdiction is not None
        and getattr(actor, "is_authenticated", False)
        and actor.role == Role.DISTRICT_ADMIN
        and actor.district_id == jurisdiction.pk
    )


def add_scope_rule(*, actor, data: dict) -> ScopeRule:
    """Add a dated scope rule (an administrator's act; audited). ``data`` holds the model fields."""
    if not may_set_rules_for(actor, data.get("jurisdiction")):
        raise ValidationError({"jurisdiction": _("You may add rules for your own district only.")})
    with transaction.atomic():
        if ScopeRule.objects.filter(
            jurisdiction=data["jurisdiction"], effective_from=data["effective_from"]
        ).exists():
            raise ValidationError(
                {"effective_from": _("A rule for this jurisdiction already starts on this date.")}
            )
        overlap = (set(data["area_types"]) & set(data["investment_only_types"])) | (
            set(data["excluded_types"]) & (set(data["area_types"]) | set(data["investment_only_types"]))
        )
        if overlap:
            raise ValidationError({"excluded_types": _("A type may be in one list only.")})
        rule = ScopeRule.objects.create(**{k: data[k] for k in RULE_FIELDS if k in data})
        record(actor=actor, action="scope_rule.create", obj=rule, after=snapshot(rule))
    return rule
