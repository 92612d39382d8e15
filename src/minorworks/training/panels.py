"""The training panel of a project's page (who of its workers is trained), and the registry check that
warns when none is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.page_memo import remembered
from minorworks.projects.models import ProjectWorker
from minorworks.registration.checks import OK, WARNING, CheckResult

from .services import trained_exists, valid_months


def _workers(project: Any, today: dt.date | None = None) -> list[tuple[str, bool]]:
    """(name, trained) per person on the project, in one query (the match runs in the database)."""
    day = today or timezone.localdate()  # the page's panel and its check ask the same question
    return remembered(project, ("workers_trained", day), lambda: _workers_query(project, day))


def _workers_query(project: Any, today: dt.date | None) -> list[tuple[str, bool]]:
    rows = (
        ProjectWorker.objects.filter(project=project)
        .annotate(trained=trained_exists(today))
        .order_by("pk")
        .values_list("person_id", "person__name", "trained")
    )
    seen: dict[int, tuple[str, bool]] = {}
    for person_id, name, trained in rows:
        seen.setdefault(person_id, (name, bool(trained)))
    return list(seen.values())


def project_panel(project: Any, request: Any) -> dict[str, Any] | None:
    """The project's workers, each marked trained or not (effective safety training in the last 12 months)."""
    workers = _workers(project)
    if not workers:
        return None
    rows = [{"name": name, "trained": trained} for name, trained in workers]
    trained = sum(1 for _name, ok in workers if ok)
    return {"rows": rows, "months": valid_months(), "trained": trained, "total": len(workers)}


def training_check(project: Any, today: dt.date) -> list[CheckResult]:
    """A warning when the project lists workers and none has effective safety training (one query)."""
    workers = _workers(project, today)
    if not workers:
        return []
    trained = sum(1 for _name, ok in workers if ok)
    if not trained:
        return [
            CheckResult(
                "worker_training",
                WARNING,
                _(
                    "None of the %(count)s workers has effective safety training in the last %(months)s months."
                )
                % {"count": len(workers), "months": valid_months()},
            )
        ]
    return [
        CheckResult(
            "worker_training",
            OK,
            _("%(trained)s of %(count)s workers have effective safety training.")
            % {"trained": trained, "count": len(workers)},
        )
    ]
