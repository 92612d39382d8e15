"""Excel import of registered projects: read the file within bounds, validate every row, then register all
rows or none.

``import_projects(file, actor=...)`` is the one domain function (the background task of :mod:`.jobs` calls
it). The import is the registry's second registration path and runs through the same domain rules: each row
becomes a draft (validated like ``registration.registration.create_draft``: street in the importer's scope,
community in that street, builder and contractor named) and then takes the workflow's ``import``
transition (draft → accepted on the file's acceptance date, audited, the safety notice issued as by
``accept``). Messages are in the active language; column names are the template's Chinese headers
(English glosses in English).
"""

from __future__ import annotations

import bisect
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from minorworks.accounts.models import User
from minorworks.core.audit import record, snapshot
from minorworks.core.roles import Role
from minorworks.orgs.models import Enterprise, EnterpriseKind, Person, Region
from minorworks.projects.models import Project, Status
from minorworks.projects.numbering import next_project_numbers
from minorworks.registration.parties import ENTERPRISE_AUDIT_FIELDS
from minorworks.review.workflow import perform
from minorworks.scoperules.models import ScopeRule
from minorworks.scoperules.scope import ABOVE, OUT, ScopeInputError, evaluate_scope, rule_in_force

from .cells import (
    CellError,
    to_credit_code,
    to_date,
    to_decimal,
    to_phone,
    to_text,
    to_yes_no,
)
from .importread import ImportProblem, read_rows
from .importspec import COLUMNS_BY_KEY, IMPORT_COLUMNS, import_streets, operation_lookup, project_types

Progress = Callable[[str, int, int], None]  # (phase, done, total)
TEXT_LIMITS = {
    "name": 200,
    "address": 200,
    "content": 5000,
    "builder_name": 128,
    "contractor_name": 128,
    "site_manager": 64,
    "internal_unit": 128,
}


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: Excel row number, column name and letter, message."""

    row: int
    column: str
    letter: str
    message: str
    order: int = 0  # the column's place in the template, to list a row's problems left to right


@dataclass
class ImportResult:
    """What an import did: created projects, or the per-row errors and file problems (then nothing)."""

    created: list[Project] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        """True when the file was imported."""
        return not self.errors and not self.problems

    def bad_rows(self) -> list[int]:
        """The Excel row numbers that have at least one error."""
        return sorted({error.row for error in self.errors})


# --- validation ----------------------------------------------------------------------------------------
class RowValidator:
    """Validates rows against the reference data and the importing user's scope (lookups loaded once)."""

    def __init__(self, actor, mapping: dict[str, int]):
        self.mapping = mapping
        self.today = timezone.localdate()
        self.types = {}
        for kind in project_types():
            self.types[kind.code] = kind
            self.types[kind.name] = kind
        self.scope_streets = self._street_index(import_streets(actor).select_related("parent"))
        self.all_streets = self._street_index(Region.objects.filter(level=Region.Level.STREET))
        self.communities: dict[int, dict[str, Region]] = defaultdict(dict)
        for community in Region.objects.filter(
            level=Region.Level.COMMUNITY, parent_id__in=self._street_ids()
        ):
            assert community.parent_id is not None  # filtered on parent_id__in
            for key in (community.name, community.name.removesuffix("社区"), community.code):
                self.communities[community.parent_id][key] = community
        self.operations = operation_lookup()
        self.rules: dict[tuple[int, int], Any] = {}
        # The rule in force only changes on these dates: one lookup per street and period, not per row.
        self.rule_dates = sorted(set(ScopeRule.objects.values_list("effective_from", flat=True)))

    @staticmethod
    def _street_index(streets) -> dict[str, Region]:
        index = {}
        for street in streets:
            for key in (street.name, street.name.removesuffix("街道"), street.code):
                index[key] = street
        return index

    def _street_ids(self) -> set[int]:
        return {street.pk for street in self.scope_streets.values()}

    def validate(self, number: int, raw: dict[str, Any]) -> tuple[dict[str, Any], list[RowError]]:
        """The cleaned values of one row and its errors."""
        clean: dict[str, Any] = {}
        errors: list[RowError] = []

        def fail(key: str, message: str) -> None:
            column = COLUMNS_BY_KEY[key]
            index = self.mapping.get(key)
            letter = get_column_letter(index + 1) if index is not None else ""
            errors.append(RowError(number, column.label(), letter, message, IMPORT_COLUMNS.index(column)))

        converters: dict[str, Callable[[Any], Any]] = {
            **{key: partial(to_text, limit=limit) for key, limit in TEXT_LIMITS.items()},
            "content": lambda v: to_text(v, TEXT_LIMITS["content"], multiline=True),
            "project_type": lambda v: to_text(v, 64),
            "street": lambda v: to_text(v, 64),
            "community": lambda v: to_text(v, 64),
            "investment": lambda v: to_decimal(v, Decimal("1e12")),
            "floor_area": lambda v: to_decimal(v, Decimal("1e10")),
            "planned_start": to_date,
            "planned_end": to_date,
            "hazardous_operations": lambda v: to_text(v, 500),
            "builder_credit_code": to_credit_code,
            "contractor_credit_code": to_credit_code,
            "site_manager_phone": to_phone,
            "is_internal": to_yes_no,
            "decided_on": to_date,
        }
        for column in IMPORT_COLUMNS:
            try:
                value = converters[column.key](raw.get(column.key))
            except CellError as exc:
                fail(column.key, str(exc))
                continue
            if column.required and value in (None, ""):
                fail(column.key, _("This column is required."))
                continue
            clean[column.key] = value

        self._lookups(clean, fail)
        start, end = clean.get("planned_start"), clean.get("planned_end")
        if start and end and end < start:
            fail("planned_end", _("The planned end is before the planned start."))
        if start and "investment" in clean and "floor_area" in clean:
            self._scope(clean, fail)
        if clean.get("decided_on") and clean["decided_on"] > self.today:
            fail("decided_on", _("The acceptance date is in the future."))
        elif "decided_on" in clean and clean["decided_on"] is None:
            clean["decided_on"] = self.today
        if clean.get("is_internal") and not clean.get("internal_unit"):
            fail("internal_unit", _("Required for works inside a unit."))
        if clean.get("site_manager_phone") and not clean.get("site_manager"):
            fail("site_manager", _("Enter the site manager's name for this phone number."))
        return clean, errors

    def _scope(self, clean: dict[str, Any], fail) -> None:
        """Only below-quota works belong in the registry: apply the scope rule in force at the planned start."""
        kind, street, start = clean.get("project_type"), clean.get("street"), clean["planned_start"]
        if kind is None or street is None:
            return
        key = (street.pk, bisect.bisect_right(self.rule_dates, start))
        if key not in self.rules:
            self.rules[key] = rule_in_force(start, street)
        try:
            verdict = evaluate_scope(
                kind.code, clean["investment"], clean["floor_area"], start, street, rule=self.rules[key]
            )
        except ScopeInputError as exc:
            fail(exc.field, exc.message)
            return
        if verdict.verdict == OUT:
            fail("project_type", _("Not a below-quota project: %(reason)s") % {"reason": verdict.reason})
        elif verdict.verdict == ABOVE:
            fail("investment", _("Not a below-quota project: %(reason)s") % {"reason": verdict.reason})

    def _lookups(self, clean: dict[str, Any], fail) -> None:
        if clean.get("project_type"):
            kind = self.types.get(clean["project_type"]) or self.types.get(clean["project_type"].lower())
            if kind is None:
                fail(
                    "project_type", _("Unknown project type “%(value)s”.") % {"value": clean["project_type"]}
                )
            clean["project_type"] = kind
        street = None
        if clean.get("street"):
            street = self.scope_streets.get(clean["street"])
            if street is None and clean["street"] in self.all_streets:
                fail("street", _("The street “%(value)s” is outside your area.") % {"value": clean["street"]})
            elif street is None:
                fail("street", _("Unknown street “%(value)s”.") % {"value": clean["street"]})
        clean["street"] = street
        if clean.get("community") and street is not None:
            name = clean["community"]
            community = self.communities[street.pk].get(name) or self.communities[street.pk].get(
                name.removesuffix("社区")
            )
            if community is None:
                fail(
                    "community",
                    _("The community “%(value)s” is not in %(street)s.")
                    % {"value": name, "street": street.name},
                )
            clean["community"] = community
        operations: list[str] = []
        for item in re.split(r"[、,，;；/\s]+", clean.get("hazardous_operations") or ""):
            if not item:
                continue
            code = self.operations.get(item) or self.operations.get(item.lower())
            if code is None:
                fail("hazardous_operations", _("Unknown hazardous operation “%(value)s”.") % {"value": item})
            elif code not in operations:
                operations.append(code)
        clean["hazardous_operations"] = sorted(operations)


def _duplicates(rows: list[tuple[int, dict[str, Any]]]) -> list[RowError]:
    """Rows repeating an earlier row, or a project already registered (same street, name and address)."""
    errors = []
    column = COLUMNS_BY_KEY["name"]
    seen: dict[tuple, int] = {}
    keys = {}
    for number, clean in rows:
        key = (clean["street"].pk, clean["name"], clean["address"])
        if key in seen:
            errors.append(
                RowError(number, column.label(), "", _("Same project as row %(row)s.") % {"row": seen[key]})
            )
        else:
            seen[key] = number
            keys[key] = number
    names = sorted({key[1] for key in keys})
    for start in range(0, len(names), 500):
        existing = Project.objects.filter(
            name__in=names[start : start + 500], street_id__in={key[0] for key in keys}
        ).values_list("street_id", "name", "address", "number")
        for street_id, name, address, registered in existing:
            row = keys.get((street_id, name, address))
            if row is not None:
                message = _("Already registered as %(number)s.") % {"number": registered}
                errors.append(RowError(row, column.label(), "", message))
    return errors


# --- creation ------------------------------------------------------------------------------------------
# Lookups and inserts are batched (a few queries per import, not per row): on a small server the ORM's
# per-query cost, not the database, is what makes a 5,000-row import slow.
def _chunks(values, size: int = 500):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _enterprise_key(name: str, code: str) -> tuple[str, str]:
    return ("code", code) if code else ("name", name)


def _resolve_enterprises(
    rows: list[tuple[int, dict[str, Any]]], district, actor
) -> dict[tuple[str, str], Enterprise]:
    """Builders and contractors as a registration links them: by credit code only, else a new company.

    Like ``registration.parties.find_or_create_party``, never by name and never changing an existing company.
    Within one file, a name given without a code is the company the file itself creates under that name.
    """
    wanted: dict[tuple[str, str], tuple[str, str, EnterpriseKind]] = {}
    for _number, clean in rows:
        for role, kind in (("builder", EnterpriseKind.BUILDER), ("contractor", EnterpriseKind.CONTRACTOR)):
            name, code = clean[f"{role}_name"], clean.get(f"{role}_credit_code", "")
            wanted.setdefault(_enterprise_key(name, code), (name, code, kind))
    by_code: dict[str, Enterprise] = {}
    for chunk in _chunks({code for _name, code, _kind in wanted.values() if code}):
        for enterprise in Enterprise.objects.filter(credit_code__in=chunk).order_by("-pk"):
            by_code[enterprise.credit_code] = enterprise  # descending, so the oldest wins
    created_by_name: dict[str, Enterprise] = {}
    resolved: dict[tuple[str, str], Enterprise] = {}
    new: list[Enterprise] = []
    # Codes first, so that a name also given without a code finds the company this file creates for it.
    for key, (name, code, kind) in sorted(wanted.items(), key=lambda item: not item[1][1]):
        found = by_code.get(code) if code else created_by_name.get(name)
        if found is None:
            found = Enterprise(name=name, credit_code=code, kinds=[kind], district=district)
            new.append(found)
            created_by_name.setdefault(name, found)
            if code:
                by_code[code] = found
        resolved[key] = found
    Enterprise.objects.bulk_create(new, batch_size=500)
    for company in new:
        after = snapshot(company, ENTERPRISE_AUDIT_FIELDS)
        record(actor=actor, action="enterprise.create", obj=company, after=after, note="import")
    return resolved


def _resolve_people(rows, contractor_of) -> dict[tuple[str, str, int | None], Person]:
    """Site managers: an existing person of the contractor with the same name and phone, else new."""
    wanted = {
        (clean["site_manager"], clean.get("site_manager_phone", ""), contractor_of[number].pk)
        for number, clean in rows
        if clean.get("site_manager")
    }
    found: dict[tuple[str, str, int | None], Person] = {}
    enterprise_ids = {key[2] for key in wanted}
    for chunk in _chunks({key[0] for key in wanted}):
        for person in Person.objects.filter(name__in=chunk, enterprise_id__in=enterprise_ids).order_by("-pk"):
            found[(person.name, person.phone, person.enterprise_id)] = person
    new = [Person(name=n, phone=p, enterprise_id=e) for n, p, e in sorted(wanted) if (n, p, e) not in found]
    Person.objects.bulk_create(new, batch_size=500)
    found.update({(p.name, p.phone, p.enterprise_id): p for p in new})
    return found


def _officers(streets: set[int], actor) -> dict[int, User]:
    """The responsible street officer per street: the importer for their own street, else the first one."""
    officers: dict[int, User] = {}
    for officer in User.objects.filter(
        role=Role.STREET_OFFICER, street_id__in=streets, is_active=True
    ).order_by("pk"):
        assert officer.street_id is not None  # filtered on street_id__in
        officers.setdefault(officer.street_id, officer)
    if actor.role == Role.STREET_OFFICER and actor.street_id in streets:
        officers[actor.street_id] = actor
    return officers


class TookTooLong(ImportProblem):
    """The import passed its time bound; nothing was written."""


def _check_time(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise TookTooLong(
            _("The import took too long and was stopped; nothing was imported. Split the file.")
        )


def _drafts(rows: list[tuple[int, dict[str, Any]]], actor) -> list[Project]:
    """Each row as a draft registration with its number, parties and site manager (batched lookups)."""
    enterprises = _resolve_enterprises(rows, Region.objects.filter(pk=actor.district_id).first(), actor)
    builder_of, contractor_of = {}, {}
    for number, clean in rows:
        builder_of[number] = enterprises[
            _enterprise_key(clean["builder_name"], clean.get("builder_credit_code", ""))
        ]
        contractor_of[number] = enterprises[
            _enterprise_key(clean["contractor_name"], clean.get("contractor_credit_code", ""))
        ]
    people = _resolve_people(rows, contractor_of)
    # Numbers are reserved per district in one step each: one counter round trip per row was half the time.
    by_district: dict[str, list[int]] = {}
    for number, clean in rows:
        by_district.setdefault(clean["street"].parent.code, []).append(number)
    numbers = {
        row: reg
        for code, row_numbers in by_district.items()
        for row, reg in zip(row_numbers, next_project_numbers(code, len(row_numbers)), strict=True)
    }
    projects = []
    for number, clean in rows:
        street = clean["street"]
        manager = None
        if clean.get("site_manager"):
            manager = people[
                (clean["site_manager"], clean.get("site_manager_phone", ""), contractor_of[number].pk)
            ]
        internal = bool(clean.get("is_internal"))
        projects.append(
            Project(
                number=numbers[number],
                name=clean["name"],
                project_type=clean["project_type"],
                status=Status.DRAFT,
                district=street.parent,
                street=street,
                community=clean["community"],
                address=clean["address"],
                investment=clean.get("investment"),
                floor_area=clean.get("floor_area"),
                planned_start=clean["planned_start"],
                planned_end=clean["planned_end"],
                content=clean.get("content", ""),
                hazardous_operations=clean["hazardous_operations"],
                builder=builder_of[number],
                contractor=contractor_of[number],
                site_manager=manager,
                is_internal=internal,
                internal_unit=clean.get("internal_unit", "") if internal else "",
                registered_by=actor,
            )
        )
    Project.objects.bulk_create(projects, batch_size=500)
    return projects


def _register(
    rows: list[tuple[int, dict[str, Any]]], actor, progress: Progress, deadline: float | None
) -> list[Project]:
    """Create the drafts, then take each through the ``import`` transition (audited, notice issued)."""
    projects = _drafts(rows, actor)
    officers = _officers({clean["street"].pk for _n, clean in rows}, actor)
    total = len(projects)
    for done, ((number, clean), project) in enumerate(zip(rows, projects, strict=True), start=1):
        _check_time(deadline)
        note = _("Imported from Excel (row %(row)s).") % {"row": number}
        record(actor=actor, action="project.create", obj=project, after=snapshot(project), note=note)
        perform(
            "import",
            project,
            actor=actor,
            decided_on=clean["decided_on"],
            officer=officers.get(clean["street"].pk),
            note=note,
        )
        if done % 100 == 0 or done == total:
            progress("writing", done, total)
    return projects


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


def import_projects(
    file, *, actor, progress: Progress | None = None, deadline: float | None = None
) -> ImportResult:
    """Validate every row of an uploaded workbook and, only if all are good, register them all.

    ``progress(phase, done, total)`` is told how far reading, checking and writing are; past ``deadline``
    (a ``time.monotonic()`` value) the import stops, and if it was writing, everything is rolled back.
    """
    report = progress or _no_progress
    result = ImportResult()
    try:
        report("reading", 0, 1)
        mapping, raw_rows = read_rows(file)
        result.rows = len(raw_rows)
        validator = RowValidator(actor, mapping)
        clean_rows = []
        for done, (number, raw) in enumerate(raw_rows, start=1):
            clean, errors = validator.validate(number, raw)
            result.errors.extend(errors)
            if not errors:
                clean_rows.append((number, clean))
            if done % 250 == 0:
                _check_time(deadline)
                report("checking", done, len(raw_rows))
        with transaction.atomic():
            # Inside the transaction, so that no project registered meanwhile slips past the duplicate check.
            result.errors.extend(_duplicates(clean_rows))
            if result.errors:
                result.errors.sort(key=lambda error: (error.row, error.order))
                return result  # nothing has been written
            result.created = _register(clean_rows, actor, report, deadline)
    except ImportProblem as exc:
        result.problems.append(str(exc))
        result.created = []
    return result
