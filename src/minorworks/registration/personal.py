"""Personal numbers of the people on a project: masked everywhere, revealed one at a time by an audited POST.

The UI (a button beside each masked number) and the API (``POST /api/v1/projects/{id}/reveal``) call
:func:`reveal_number`; nothing else returns a full identity or phone number.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core.audit import record
from minorworks.orgs.models import Person
from minorworks.projects.models import Project, ProjectWorker
from minorworks.projects.parties_of import Party, parties_of

FIELDS = {"phone": gettext_lazy("phone"), "id_number": gettext_lazy("identity number")}
REVEALERS = frozenset({Party.STREET, Party.DISTRICT, Party.BUILDER, Party.CONTRACTOR})


def can_reveal(user: Any, project: Project) -> bool:
    """The project's street and district, and its own builder and contractor, may reveal its numbers."""
    return bool(parties_of(user, project) & REVEALERS)


def people_of(project: Project) -> dict[int, Person]:
    """The people whose numbers the project holds: its site manager and its workers."""
    ids = set(ProjectWorker.objects.filter(project=project).values_list("person_id", flat=True))
    if project.site_manager_id:
        ids.add(project.site_manager_id)
    return Person.objects.in_bulk(ids)


def reveal_number(project: Project, *, actor: Any, person_id: int, field: str) -> str:
    """The full ``field`` of one person of ``project``; writes the audit row (who, whose number, when)."""
    if field not in FIELDS:
        raise ValidationError({"field": _("Choose the phone or the identity number.")})
    if not can_reveal(actor, project):
        raise PermissionDenied(_("You may not see this number."))
    person = people_of(project).get(person_id)
    if person is None:
        raise Http404
    value = getattr(person, field)
    with transaction.atomic():
        record(
            actor=actor,
            action="reveal",
            obj=project,
            after={"person": person.pk, "name": person.name, "field": field},
            note=f"{person.name} {FIELDS[field]}",
        )
    return value
