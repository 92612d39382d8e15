"""Automatic review checks shown to the reviewer (domain §4.2): papers, certificates, hazards, scope, splits.

:func:`run_checks` needs a fixed number of queries whatever the number of workers or certificates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum, Value
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from minorworks.core.counting import Rows
from minorworks.core.page_memo import remembered
from minorworks.orgs.certificates import group_label, requirement_for
from minorworks.orgs.models import Certificate, Qualification
from minorworks.projects.models import HazardousOperation, Project, ProjectWorker, Status
from minorworks.scoperules.scope import ABOVE, BELOW, ScopeInputError, evaluate_scope, rule_in_force

from . import parties

OK, WARNING, ERROR = "ok", "warning", "error"
LEVELS = (OK, WARNING, ERROR)
SPLIT_WINDOW_DAYS = 90

# A seam: other capabilities add checks (e.g. training: no worker has effective safety training), each a
# function (project, today) → list of results with a constant number of queries, registered from their
# AppConfig.ready().
EXTRA_CHECKS: list = []


@dataclass(frozen=True)
class CheckResult:
    """One check: a stable code, its level (ok / warning / error) and a message in the current language."""

    code: str
    level: str
    message: str


def _d(day: dt.date) -> str:
    return formats.date_format(day, "Y-m-d")


def _expiry(code: str, what: str, expires: dt.date, today: dt.date, end: dt.date | None) -> CheckResult:
    """Expired → error; expiring before the planned end → warning; otherwise ok."""
    values = {"what": what, "date": _d(expires), "end": _d(end) if end else ""}
    if expires < today:
        return CheckResult(code, ERROR, _("%(what)s expired on %(date)s.") % values)
    if end is not None and expires < end:
        return CheckResult(
            code, WARNING, _("%(what)s expires on %(date)s, before the planned end %(end)s.") % values
        )
    return CheckResult(code, OK, _("%(what)s is valid until %(date)s.") % values)


def _contractor_checks(project: Project, today: dt.date) -> list[CheckResult]:
    """The contractor's papers as declared for this project (its own snapshot), and how they match the file."""
    if not project.contractor_id:
        return [CheckResult("contractor", ERROR, _("No contractor is named."))]
    declared = {p.kind: p for p in parties.papers_of(project)}
    labels = dict(Qualification.Kind.choices)
    results = []
    for kind, level, missing in (
        (
            Qualification.Kind.QUALIFICATION,
            WARNING,
            _("No qualification certificate of the contractor is declared."),
        ),
        (
            Qualification.Kind.SAFETY_LICENCE,
            ERROR,
            _("No safety production licence of the contractor is declared."),
        ),
    ):
        code = f"contractor_{kind}"
        held = declared.get(kind)
        if held is None or held.expires_on is None:
            results.append(CheckResult(code, level, missing))
        else:
            what = _("The contractor's %(kind)s %(number)s") % {"kind": labels[kind], "number": held.number}
            results.append(_expiry(code, what, held.expires_on, today, project.planned_end))
    if parties.papers_differing_from_file(project):
        results.append(
            CheckResult(
                "contractor_file",
                WARNING,
                _(
                    "The declared papers differ from the contractor's record on file: verify the originals, "
                    "then record them on the company file."
                ),
            )
        )
    return results


def _worker_checks(
    project: Project, certificates: list[Certificate], workers: int, today: dt.date
) -> list[CheckResult]:
    if workers == 0:
        return [CheckResult("workers", WARNING, _("No workers are listed."))]
    problems = []
    for cert in certificates:
        what = _("%(name)s's %(kind)s certificate %(number)s") % {
            "name": cert.person.name,
            "kind": cert.get_kind_display(),
            "number": cert.number,
        }
        result = _expiry("worker_certificate", what, cert.expires_on, today, project.planned_end)
        if result.level != OK:
            problems.append(result)
    if problems:
        return problems
    if not certificates:
        return [CheckResult("worker_certificate", OK, _("No special-operation certificates are listed."))]
    return [
        CheckResult(
            "worker_certificate",
            OK,
            _("All %(count)s certificates are valid through the planned end.") % {"count": len(certificates)},
        )
    ]


def _hazard_checks(project: Project, certificates: list[Certificate], today: dt.date) -> list[CheckResult]:
    """Each declared operation against :mod:`minorworks.orgs.certificates`: missing certificates are errors,
    what only paper can show is a warning for the reviewer."""
    held = {cert.kind for cert in certificates if cert.expires_on >= today}
    labels = dict(HazardousOperation.choices)
    results = []
    declared = [op for op in project.hazardous_operations or [] if requirement_for(op) is not None]
    for op in declared:
        rule = requirement_for(op)
        assert rule is not None  # filtered above
        for group in rule.missing(held):
            results.append(
                CheckResult(
                    "hazard_certificate",
                    ERROR,
                    _("%(operation)s is declared but no worker holds a valid %(kind)s certificate.")
                    % {"operation": labels[op], "kind": group_label(group)},
                )
            )
        if rule.on_paper:
            values = {"operation": labels[op], "what": rule.on_paper, "basis": rule.basis}
            results.append(
                CheckResult("hazard_paper", WARNING, _("%(operation)s: %(what)s (basis: %(basis)s)") % values)
            )
    if not any(r.code == "hazard_certificate" for r in results):
        message = (
            _("Every certificate the declared hazardous operations require is held by a worker.")
            if declared
            else _("No hazardous operations are declared.")
        )
        results.insert(0, CheckResult("hazard_certificate", OK, message))
    return results


def _scope_check(project: Project, rule) -> CheckResult:
    type_code = project.project_type.code if project.project_type_id else ""
    try:
        verdict = evaluate_scope(type_code, project.investment, project.floor_area, rule=rule)
    except ScopeInputError as exc:
        return CheckResult(
            "scope", WARNING, _("The scope cannot be judged yet: %(reason)s") % {"reason": exc.message}
        )
    if verdict.verdict == BELOW:
        return CheckResult("scope", OK, _("Below quota.") + " " + (verdict.summary or verdict.reason))
    if verdict.verdict == ABOVE:
        return CheckResult(
            "scope",
            ERROR,
            _("Above quota: refer to the housing commission for a permit.")
            + " "
            + (verdict.summary or verdict.reason),
        )
    return CheckResult(
        "scope",
        ERROR,
        _("Out of scope of below-quota management.") + " " + (verdict.summary or verdict.reason),
    )


def _split_check(project: Project, rule) -> CheckResult:
    if not project.address.strip() or rule is None:
        return CheckResult("split", OK, _("No sign of a split project."))
    around = project.created_at or timezone.now()
    window = dt.timedelta(days=SPLIT_WINDOW_DAYS)
    others = (
        # LOWER(address) = LOWER(%s), the expression of the project_builder_address_ci index (iexact is
        # LIKE on SQLite and UPPER() on PostgreSQL, neither of which an index serves).
        Project.objects.annotate(address_ci=Lower("address"))
        .filter(
            builder_id=project.builder_id,
            address_ci=Lower(Value(project.address.strip())),
            created_at__gte=around - window,
            created_at__lte=around + window,
        )
        .exclude(pk=project.pk)
        .exclude(status=Status.REFUSED)
        .aggregate(count=Rows(), total=Sum("investment"))
    )
    if not others["count"]:
        return CheckResult("split", OK, _("No sign of a split project."))
    total = (others["total"] or Decimal("0")) + (project.investment or Decimal("0"))
    values = {
        "count": others["count"],
        "days": SPLIT_WINDOW_DAYS,
        "total": f"{total:,.2f}",
        "limit": f"{rule.investment_limit:,.2f}",
    }
    if total > rule.investment_limit:
        return CheckResult(
            "split",
            WARNING,
            _(
                "Possible split project: %(count)s other registration(s) by the same builder at this address within "
                "%(days)s days; together %(total)s yuan, over the limit of %(limit)s yuan."
            )
            % values,
        )
    return CheckResult(
        "split",
        OK,
        _(
            "%(count)s other registration(s) by the same builder at this address within %(days)s days; together "
            "%(total)s yuan, within the limit."
        )
        % values,
    )


def workers_of(project: Project) -> list[ProjectWorker]:
    """The project's workers in the order they were listed, each with its person and the person's
    certificates (two queries; read once for a page's list and its checks)."""

    def read() -> list[ProjectWorker]:
        return list(
            ProjectWorker.objects.filter(project=project)
            .select_related("person")
            .prefetch_related("person__certificates")
            .order_by("pk")
        )

    return remembered(project, "workers_of", read)


def run_checks(project: Project, today: dt.date | None = None) -> list[CheckResult]:
    """All automatic checks of one registration, in a fixed order, with a fixed number of queries."""
    today = today or timezone.localdate()
    workers = workers_of(project)
    certificates: list[Certificate] = sorted(
        (cert for worker in workers for cert in worker.person.certificates.all()),
        key=lambda cert: (cert.person.name, cert.kind),  # as ORDER BY name, kind under a C collation
    )
    rule = rule_in_force(project.planned_start or today, project.street)
    return [
        *_contractor_checks(project, today),
        *_worker_checks(project, certificates, len(workers), today),
        *_hazard_checks(project, certificates, today),
        _scope_check(project, rule),
        _split_check(project, rule),
        *(result for check in EXTRA_CHECKS for result in check(project, today)),
    ]


def worst_level(results: list[CheckResult]) -> str:
    """The most serious level among ``results``."""
    return max((r.level for r in results), key=LEVELS.index, default=OK)
