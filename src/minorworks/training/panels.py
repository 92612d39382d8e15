"""The training panel of a project's page (who of its workers is trained), and the registry check that
warns when none is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from minorworks.projects.checks import OK, WARNING, CheckResult
from minorworks.projects.models import ProjectWorker

from .services import trained_people, valid_months


def _people(project: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    for worker in ProjectWorker.objects.filter(project=project).select_related("person").order_by("pk"):
        seen.setdefault(worker.person_id, worker.person)
    return list(seen.values())


def project_panel(project: Any, request: Any) -> dict[str, Any] | None:
    """The project's workers, each marked trained or not (effective safety training in the last 12 months)."""
    people = _people(project)
    if not people:
        return None
    trained = trained_people(people)
    rows = [{"name": p.name, "trained": p.pk in trained} for p in people]
    return {"rows": rows, "months": valid_months(), "trained": len(trained), "total": len(people)}


def training_check(project: Any, today: dt.date) -> list[CheckResult]:
    """A warning when the project lists workers and none has effective safety training (two queries)."""
    people = _people(project)
    if not people:
        return []
    trained = trained_people(people, today)
    if not trained:
        return [
            CheckResult(
                "worker_training",
                WARNING,
                _(
                    "None of the %(count)s workers has effective safety training in the last %(months)s months."
                )
                % {"count": len(people), "months": valid_months()},
            )
        ]
    return [
        CheckResult(
            "worker_training",
            OK,
            _("%(trained)s of %(count)s workers have effective safety training.")
            % {"trained": len(trained), "count": len(people)},
        )
    ]
