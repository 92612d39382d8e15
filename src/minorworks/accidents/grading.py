"""The grade of an accident by Decree 493 Art. 3, read from dated data (``data/grades.json``), not from code.

The file holds versions, each with ``valid_from``: an accident is graded by the version in force on the day
it happened. Within a version, grades are listed from the highest; the grade is the first (highest) one that
any of the three figures reaches ("以上" includes the bound, so 30 deaths is 特别重大; "以下" excludes it, so
29 deaths stays 重大).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATA = Path(__file__).parent / "data" / "grades.json"


class Grade(models.TextChoices):
    ESPECIALLY_MAJOR = "especially_major", gettext_lazy("Especially major (特别重大)")
    MAJOR = "major", gettext_lazy("Major (重大)")
    LARGER = "larger", gettext_lazy("Larger (较大)")
    GENERAL = "general", gettext_lazy("General (一般)")


GRADE_ZH = {"especially_major": "特别重大", "major": "重大", "larger": "较大", "general": "一般"}


@dataclass(frozen=True)
class Bound:
    """The lower bounds of one grade."""

    code: str
    min_deaths: int
    min_serious_injuries: int
    min_direct_loss: Decimal


@dataclass(frozen=True)
class Version:
    """One dated version of the grading table (highest grade first)."""

    valid_from: dt.date
    grades: tuple[Bound, ...]


@functools.cache
def versions() -> tuple[Version, ...]:
    """Every version of the table, oldest first."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    found = [
        Version(
            dt.date.fromisoformat(v["valid_from"]),
            tuple(
                Bound(
                    g["code"],
                    int(g["min_deaths"]),
                    int(g["min_serious_injuries"]),
                    Decimal(g["min_direct_loss"]),
                )
                for g in v["grades"]
            ),
        )
        for v in raw["versions"]
    ]
    return tuple(sorted(found, key=lambda v: v.valid_from))


def version_on(day: dt.date) -> Version:
    """The version in force on ``day`` (the oldest one for a day before every version)."""
    current = versions()[0]
    for version in versions():
        if version.valid_from <= day:
            current = version
    return current


@dataclass(frozen=True)
class Grading:
    """A grade, the figure that decided it, and the table version used."""

    grade: str
    reason: str
    valid_from: dt.date


def grade(
    deaths: int, serious_injuries: int, direct_loss: Decimal | int, *, on: dt.date | None = None
) -> Grading:
    """The highest grade that any of the three figures reaches (Decree 493 Art. 3), with a reason."""
    if deaths < 0 or serious_injuries < 0 or Decimal(direct_loss) < 0:
        raise ValueError("accident figures cannot be negative")
    version = version_on(on or dt.date.today())
    loss = Decimal(direct_loss)
    for bound in version.grades:
        reasons = []
        if bound.min_deaths and deaths >= bound.min_deaths:
            reasons.append(_("%(n)s deaths (%(min)s or more)") % {"n": deaths, "min": bound.min_deaths})
        if bound.min_serious_injuries and serious_injuries >= bound.min_serious_injuries:
            reasons.append(
                _("%(n)s serious injuries (%(min)s or more)")
                % {"n": serious_injuries, "min": bound.min_serious_injuries}
            )
        if bound.min_direct_loss and loss >= bound.min_direct_loss:
            reasons.append(
                _("direct loss of %(n)s yuan (%(min)s or more)")
                % {"n": f"{loss:,.0f}", "min": f"{bound.min_direct_loss:,.0f}"}
            )
        if reasons:
            return Grading(bound.code, "; ".join(reasons), version.valid_from)
    lowest = [b for b in version.grades if b.min_deaths][-1]
    return Grading(
        Grade.GENERAL,
        _(
            "below every bound of the next grade (%(deaths)s deaths, %(serious)s serious injuries, %(loss)s yuan)"
        )
        % {
            "deaths": lowest.min_deaths,
            "serious": lowest.min_serious_injuries,
            "loss": f"{lowest.min_direct_loss:,.0f}",
        },
        version.valid_from,
    )
