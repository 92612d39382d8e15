"""The assessment rules as data: deadlines, the working-day calendar, the satisfaction weights, definitions.

The files are ``data/rules.json`` and ``data/calendar.json`` beside this module; a deployment points
``REPORTS_RULES_FILE`` / ``REPORTS_CALENDAR_FILE`` at its own copies when the city's rules change.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Calendar:
    """Working days: Monday to Friday, minus public holidays, plus the weekend days worked instead."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool:
        """True when ``day`` is a working day."""
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The end of the ``days``-th working day after ``start``'s day (23:59:59 local time)."""
        local = timezone.localtime(start)
        day = local.date()
        left = days
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        end = dt.datetime.combine(day, dt.time(23, 59, 59))
        return timezone.make_aware(end, timezone.get_current_timezone())


@dataclass(frozen=True)
class Rules:
    """Deadlines and rate rules in force."""

    respond_working_days: int
    resolve_days: int
    remind_hours_before: int
    weights: dict[str, Decimal]
    definitions: dict[str, dict[str, str]]

    def definition(self, code: str) -> str:
        """The definition of rate ``code`` in the active language."""
        entry = self.definitions[code]
        return entry["zh"] if (get_language() or "zh-hans").startswith("zh") else entry["en"]


def _read(name: str, setting: str) -> dict:
    path = Path(getattr(settings, setting, "") or DATA / name)
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _rules(path_key: str) -> Rules:
    raw = _read("rules.json", "REPORTS_RULES_FILE")
    return Rules(
        respond_working_days=int(raw["respond_within_working_days"]),
        resolve_days=int(raw["resolve_within_days"]),
        remind_hours_before=int(raw.get("remind_hours_before", 4)),
        weights={k: Decimal(str(w)) for k, w in raw["satisfaction_weights"].items()},
        definitions=raw["definitions"],
    )


@functools.cache
def _calendar(path_key: str) -> Calendar:
    raw = _read("calendar.json", "REPORTS_CALENDAR_FILE")
    return Calendar(
        holidays=frozenset(dt.date.fromisoformat(d) for d in raw.get("holidays", [])),
        workdays=frozenset(dt.date.fromisoformat(d) for d in raw.get("workdays", [])),
    )


def rules() -> Rules:
    """The rules in force (read once per file setting)."""
    return _rules(str(getattr(settings, "REPORTS_RULES_FILE", "")))


def calendar() -> Calendar:
    """The working-day calendar in force."""
    return _calendar(str(getattr(settings, "REPORTS_CALENDAR_FILE", "")))


def deadlines(received_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """(respond by, resolve by) for a report received at ``received_at``."""
    r = rules()
    respond_by = calendar().add_working_days(received_at, r.respond_working_days)
    return respond_by, received_at + dt.timedelta(days=r.resolve_days)
