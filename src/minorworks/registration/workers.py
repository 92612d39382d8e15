"""The workers of a project and their special-operation certificates, replaced as a whole list.

Rows come from the worker formset (or the API): one row per certificate; a worker listed twice holds two.
A person record is never edited: a worker whose details or certificates change becomes a new person (other
projects keep the papers they were registered with). Queries are constant in the number of workers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minorworks.core.audit import record
from minorworks.core.masking import mask_id_number, mask_phone
from minorworks.core.validators import is_masked, normalise_id_number
from minorworks.orgs.models import Certificate, Person
from minorworks.projects.models import EDITABLE_STATUSES, Project, ProjectWorker, Status
from minorworks.projects.parties_of import Party, parties_of

# Beyond the registration, the builder, contractor and street keep the list true while the works go on.
CHANGEABLE_STATUSES = EDITABLE_STATUSES | {Status.ACCEPTED, Status.IN_PROGRESS, Status.STOPPED}
CHANGERS = frozenset({Party.BUILDER, Party.CONTRACTOR, Party.STREET})
AGAIN = "Enter the full number again (the masked number does not match)."


def can_change_workers(user: Any, project: Project) -> bool:
    """Editors of a draft; and the builder, contractor or street of an accepted, unfinished project."""
    if project.status not in CHANGEABLE_STATUSES:
        return False
    return bool(parties_of(user, project) & CHANGERS)


def _current(project: Project) -> list[ProjectWorker]:
    return list(
        ProjectWorker.objects.filter(project=project)
        .select_related("person")
        .prefetch_related("person__certificates")
        .order_by("pk")
    )


def _rows_of(workers: list[ProjectWorker]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for worker in workers:
        base = {
            "name": worker.person.name,
            "id_number": worker.person.id_number,
            "phone": worker.person.phone,
            "trade": worker.trade,
        }
        certs = list(worker.person.certificates.all())
        if not certs:
            rows.append(
                {**base, "certificate_kind": "", "certificate_number": "", "certificate_expires": None}
            )
        for cert in certs:
            rows.append(
                {
                    **base,
                    "certificate_kind": cert.kind,
                    "certificate_number": cert.number,
                    "certificate_expires": cert.expires_on,
                }
            )
    return rows


def worker_rows(project: Project) -> list[dict[str, Any]]:
    """The workers as edit-form rows, numbers masked (sent back unchanged, they keep the stored ones)."""
    return [
        {**row, "id_number": mask_id_number(row["id_number"]), "phone": mask_phone(row["phone"])}
        for row in _rows_of(_current(project))
    ]


def _masked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "id_number": mask_id_number(row["id_number"]),
            "phone": mask_phone(row["phone"]),
            "certificate_expires": row["certificate_expires"].isoformat()
            if row["certificate_expires"]
            else None,
        }
        for row in rows
    ]


def _unmasked(rows: list[dict[str, Any]], current: list[ProjectWorker]) -> list[dict[str, Any]]:
    """``rows`` with each masked number replaced by the stored number of the same-named worker."""
    stored: dict[str, list[Person]] = {}
    for worker in current:
        stored.setdefault(worker.person.name, []).append(worker.person)
    result = []
    for index, row in enumerate(rows):
        row = dict(row)
        for key, mask in (("id_number", mask_id_number), ("phone", mask_phone)):
            value = (row.get(key) or "").strip()
            if not is_masked(value):
                continue
            people = stored.get((row.get("name") or "").strip(), [])
            match = next((getattr(p, key) for p in people if mask(getattr(p, key)) == value), None)
            if match is None:
                raise ValidationError({f"workers.{index}.{key}": _(AGAIN)})
            row[key] = match
        result.append(row)
    return result


def _identity(name: str, id_number: str) -> str:
    return f"id:{id_number}" if id_number else f"name:{name}"


def replace_workers(project: Project, *, actor: Any, rows: list[dict[str, Any]], note: str = "") -> None:
    """Make the project's workers exactly ``rows`` (call inside the caller's transaction; audited)."""
    current = _current(project)
    rows = _unmasked(rows, current)
    before = _rows_of(current)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        name = (row.get("name") or "").strip()
        if name:
            groups.setdefault(_identity(name, normalise_id_number(row.get("id_number"))), []).append(row)
    by_key = {_identity(w.person.name, w.person.id_number.upper()): w for w in current}

    keep: dict[str, tuple[ProjectWorker, str]] = {}  # key → (existing row, trade)
    new_people: list[tuple[str, Person, dict[tuple[str, str], Any], str]] = []
    for key, group in groups.items():
        first = group[0]
        certs = {
            (r["certificate_kind"], (r.get("certificate_number") or "").strip()): r.get("certificate_expires")
            for r in group
            if r.get("certificate_kind")
        }
        fields = {
            "name": first["name"].strip(),
            "id_number": normalise_id_number(first.get("id_number")),
            "phone": (first.get("phone") or "").strip(),
        }
        trade = (first.get("trade") or "").strip()
        existing = by_key.get(key)
        if existing is not None:
            person = existing.person
            have = {(c.kind, c.number): c.expires_on for c in person.certificates.all()}
            if all(getattr(person, k) == v for k, v in fields.items()) and have == certs:
                keep[key] = (existing, trade)
                continue
        # Copy on write: a changed worker is a new person record.
        new_people.append((key, Person(enterprise_id=project.contractor_id, **fields), certs, trade))

    Person.objects.bulk_create([person for _key, person, _certs, _trade in new_people])
    Certificate.objects.bulk_create(
        [
            Certificate(person=person, kind=kind, number=number, expires_on=expires)
            for _key, person, certs, _trade in new_people
            for (kind, number), expires in certs.items()
        ]
    )
    gone = [w.pk for key, w in by_key.items() if key not in keep]
    ProjectWorker.objects.filter(pk__in=gone).delete()
    retraded = [w for w, trade in keep.values() if w.trade != trade]
    for worker, trade in keep.values():
        worker.trade = trade
    ProjectWorker.objects.bulk_update(retraded, ["trade"])
    ProjectWorker.objects.bulk_create(
        [ProjectWorker(project=project, person=person, trade=trade) for _key, person, _c, trade in new_people]
    )
    after = _rows_of(_current(project))
    if before != after:
        record(
            actor=actor,
            action="project.workers",
            obj=project,
            before={"workers": _masked(before)},
            after={"workers": _masked(after)},
            note=note,
        )


def set_workers(project: Project, *, actor: Any, rows: list[dict[str, Any]], note: str = "") -> None:
    """Make the project's workers (with their certificates) exactly ``rows`` (WorkerForm cleaned data)."""
    with transaction.atomic():
        project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
        if not can_change_workers(actor, project):
            raise PermissionDenied(_("The workers of this project cannot be changed now."))
        replace_workers(project, actor=actor, rows=rows, note=note)
