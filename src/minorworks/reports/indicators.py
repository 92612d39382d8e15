"""Bulletin indicators of residents' reports, computed by the rates page's own function (:mod:`.rates`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minorworks.core.indicators import Figure, district_id, indicator

from .rates import street_rates


def _per_street(district, start, end, numerator: str, denominator: str | None) -> dict[int, Figure]:
    found = {}
    for street_id, r in street_rates(district_id(district), start, end).items():
        if street_id is None:
            continue  # still at the desk: no street to credit
        num = r.satisfaction_points if numerator == "points" else getattr(r, numerator)
        found[street_id] = Figure(num, getattr(r, denominator) if denominator else None)
    return found


@indicator(
    "reports.received",
    title=_("Residents' reports received"),
    definition=_("Reports received in the period (by date of receipt; merged duplicates not counted)."),
    kind="count",
    higher_is_better=False,
    drill="reports:list",
)
def received(district, start, end) -> dict[int, Figure]:
    return _per_street(district, start, end, "received", None)


@indicator(
    "reports.handled_on_time",
    title=_("Reports handled on time"),
    definition=_("Reports closed within the resolution deadline ÷ reports received in the period."),
    kind="ratio",
    drill="reports:list",
)
def handled_on_time(district, start, end) -> dict[int, Figure]:
    return _per_street(district, start, end, "resolved_on_time", "received")


@indicator(
    "reports.response_rate",
    title=_("Response rate"),
    definition=_("Reports responded to within the response deadline ÷ reports received in the period."),
    kind="ratio",
    drill="reports:rates",
)
def response_rate(district, start, end) -> dict[int, Figure]:
    return _per_street(district, start, end, "responded_on_time", "received")


@indicator(
    "reports.resolution_rate",
    title=_("Resolution rate"),
    definition=_("Reports closed with a reply ÷ reports received in the period."),
    kind="ratio",
    drill="reports:rates",
)
def resolution_rate(district, start, end) -> dict[int, Figure]:
    return _per_street(district, start, end, "resolved", "received")


@indicator(
    "reports.satisfaction_rate",
    title=_("Satisfaction rate"),
    definition=_(
        "(Satisfied + basically satisfied × weight) ÷ reports rated, of those received in the period."
    ),
    kind="ratio",
    drill="reports:rates",
)
def satisfaction_rate(district, start, end) -> dict[int, Figure]:
    return _per_street(district, start, end, "points", "rated")
