"""Changing personnel covers workers too: the list is kept true after acceptance, audited with a reason, in
a constant number of queries (issue 6 §5, issue 7 §7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minorworks.accounts.tokens import issue_token
from minorworks.core.models import AuditEntry
from minorworks.projects.models import ProjectWorker, Status
from minorworks.registration.workers import set_workers

from .conftest import client_for
from .workflow_support import make_project

pytestmark = pytest.mark.django_db


def _post(rows: list[dict], reason: str = "") -> dict:
    data = {"workers-TOTAL_FORMS": str(len(rows)), "workers-INITIAL_FORMS": "0", "reason": reason}
    for i, row in enumerate(rows):
        data.update({f"workers-{i}-{k}": v for k, v in row.items()})
    return data


ROW = {"name": "赵电工", "id_number": "110101199001011111", "phone": "13600001111", "trade": "电工"}


def test_the_builder_changes_the_workers_of_a_project_in_progress(world):
    project = make_project(world, Status.IN_PROGRESS)
    client = client_for(world, "builder")
    assert client.get(f"/projects/{project.pk}/workers/").status_code == 200
    refused = client.post(f"/projects/{project.pk}/workers/", _post([ROW]))
    assert refused.status_code == 200 and 'data-field-error="reason"' in refused.content.decode()
    assert not ProjectWorker.objects.filter(project=project).exists()
    done = client.post(f"/projects/{project.pk}/workers/", _post([ROW], reason="新增电工"))
    assert done.status_code == 302
    worker = ProjectWorker.objects.get(project=project)
    assert worker.person.name == "赵电工" and worker.person.phone == "13600001111"
    entry = AuditEntry.objects.get(action="project.workers", object_id=str(project.pk))
    assert entry.note == "新增电工" and "13600001111" not in str(entry.after)


@pytest.mark.parametrize(
    ("persona", "status"), [("grid_worker", 403), ("street_b_officer", 404), ("dept_officer", 403)]
)
def test_who_may_not_change_workers(world, persona, status):
    project = make_project(world, Status.IN_PROGRESS)
    response = client_for(world, persona).post(f"/projects/{project.pk}/workers/", _post([ROW], "x"))
    assert response.status_code == status
    assert not ProjectWorker.objects.filter(project=project).exists()


def test_workers_through_the_api(world):
    project = make_project(world, Status.ACCEPTED)
    token = issue_token(world.street_a_officer)

    def put(body):
        return Client().put(
            f"/api/v1/projects/{project.pk}/workers",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert put({"workers": [ROW]}).status_code == 400  # the reason is required after acceptance
    response = put({"workers": [ROW], "reason": "补录作业人员"})
    assert response.status_code == 200
    assert response.json()["workers"][0]["phone"] == "136****1111"
    project.status = Status.COMPLETED
    project.save()
    assert put({"workers": [], "reason": "x"}).status_code == 409


def _rows(n: int) -> list[dict]:
    return [
        {
            "name": f"工人{i}",
            "id_number": f"1101011990010{i:05d}",
            "phone": f"1390000{i:04d}",
            "trade": "电工",
            "certificate_kind": "electrician",
            "certificate_number": f"T{i:08d}",
            "certificate_expires": dt.date(2030, 1, 1),
        }
        for i in range(n)
    ]


@pytest.mark.parametrize("count", [5, 40])
def test_set_workers_needs_the_same_queries_for_5_and_40_workers(world, count):
    project = make_project(world, Status.DRAFT)
    with CaptureQueriesContext(connection) as first:
        set_workers(project, actor=world.builder, rows=_rows(count))
    rows = _rows(count)
    rows[0]["phone"] = "13700009999"  # one changed worker, the others kept
    with CaptureQueriesContext(connection) as second:
        set_workers(project, actor=world.builder, rows=rows)
    assert ProjectWorker.objects.filter(project=project).count() == count
    # Pinned: the same for 5 and 40 workers (no query per worker).
    assert (len(first), len(second)) == EXPECTED_QUERIES[connection.vendor]


EXPECTED_QUERIES = {"sqlite": (10, 12), "postgresql": (10, 12)}
