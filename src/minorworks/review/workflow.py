"""The review and lifecycle state machine of a project, declared on the core engine.

The table below says, per action, the states it may start from, the state it leads to (``None`` for actions
that change data but not the status: acknowledging the notice, uploading a signed scan, changing dates or
personnel), which parties may perform it, its input form, guard, column updates and effect.
:class:`minorworks.core.workflow.Workflow` applies any of them (one conditional UPDATE, one audit row). Button
labels and styles live beside the views (``review.views.ACTION_UI``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext as _

from minorworks.core.audit import snapshot  # noqa: F401  (re-exported for older callers)
from minorworks.core.masking import mask_phone
from minorworks.core.roles import Role
from minorworks.core.workflow import (  # noqa: F401  (the outcomes are part of this module's interface)
    Available,
    Blocked,
    EmptyForm,
    InvalidInput,
    NotAllowedNow,
    NotPermitted,
    Problems,
    Step,
    Transition,
    Workflow,
    WorkflowError,
    register,
)
from minorworks.orgs.models import Person
from minorworks.projects.models import ACTIVE_STATUSES, Project, Status
from minorworks.projects.parties_of import PARTY_ROLE, Party, parties_of  # noqa: F401  (part of this interface)
from minorworks.registration import parties
from minorworks.registration.registration import missing_for_submission

from . import notifications
from .workflow_forms import (
    AssignOfficerForm,
    DatesForm,
    ImportDecisionForm,
    NoteForm,
    PersonnelForm,
    ReasonForm,
)

# --- guards and effects -------------------------------------------------------------------------------------


def _guard_submit(project: Project, actor: Any) -> Problems:
    return [(name or None, message) for name, message in missing_for_submission(project)]


def _stamp(name: str) -> Callable[[Step], dict[str, Any]]:
    return lambda step: {name: step.now}


def _decided(step: Step) -> dict[str, Any]:
    return {"decided_at": step.now, "review_note": step.values.get("reason") or step.values.get("note", "")}


def _accepted(step: Step) -> dict[str, Any]:
    # The accepting officer becomes the project's responsible officer (责任人) until the street reassigns it.
    return {**_decided(step), "responsible_officer": step.actor}


def _imported(step: Step) -> dict[str, Any]:
    """A registration accepted before the platform: dated by the file, responsible officer given or the importer."""
    day: dt.date = step.values["decided_on"]
    if day > step.today:
        message = _("The acceptance date is in the future.")
        raise InvalidInput(message, errors={"decided_on": [message]})
    when = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    officer = step.values.get("officer")
    if officer is None and step.actor.role == Role.STREET_OFFICER:
        officer = step.actor
    return {
        "submitted_at": when,
        "decided_at": when,
        "review_note": step.values.get("note", ""),
        "responsible_officer": officer,
    }


def _officer_label(user: Any) -> str | None:
    return (user.display_name or user.get_username()) if user is not None else None


def _assign_officer(step: Step) -> dict[str, Any]:
    officer = step.values["officer"]
    if (
        officer.role != Role.STREET_OFFICER
        or officer.street_id != step.obj.street_id
        or not officer.is_active
    ):
        message = _("Choose an officer of the project's street.")
        raise InvalidInput(message, errors={"officer": [message]})
    current = step.obj.responsible_officer
    if current is not None and current.pk == officer.pk:
        raise InvalidInput(_("Nothing changed."), errors={NON_FIELD_ERRORS: [_("Nothing changed.")]})
    step.before["responsible_officer_label"] = _officer_label(current)
    step.after["responsible_officer_label"] = _officer_label(officer)
    return {"responsible_officer": officer}


def _dates(step: Step) -> dict[str, Any]:
    start, end = step.values["planned_start"], step.values["planned_end"]
    if (start, end) == (step.obj.planned_start, step.obj.planned_end):
        raise InvalidInput(_("Nothing changed."), errors={NON_FIELD_ERRORS: [_("Nothing changed.")]})
    return {"planned_start": start, "planned_end": end}


def _personnel(step: Step) -> dict[str, Any]:
    values, old = step.values, step.obj.site_manager
    name, phone = values["site_manager_name"].strip(), values["site_manager_phone"].strip()
    id_number = (values.get("site_manager_id_number") or "").strip().upper()
    if (
        old is not None
        and (old.name, old.phone) == (name, phone)
        and (not id_number or id_number == old.id_number)
    ):
        raise InvalidInput(_("Nothing changed."), errors={NON_FIELD_ERRORS: [_("Nothing changed.")]})
    person = Person.objects.create(
        name=name, phone=phone, id_number=id_number, enterprise_id=step.obj.contractor_id
    )
    # Names and masked phones make the change readable in the history without exposing the number.
    step.before["site_manager_label"] = f"{old.name} {mask_phone(old.phone)}".strip() if old else None
    step.after["site_manager_label"] = f"{person.name} {mask_phone(person.phone)}".strip()
    return {"site_manager": person}


def _guard_papers_differ(project: Project, actor: Any) -> Problems:
    if not parties.papers_differing_from_file(project):
        return [(None, _("The contractor's record on file already holds the declared papers."))]
    return []


def _adopt_papers(step: Step) -> None:
    step.after["adopted_papers"] = parties.adopt_papers(step.obj, actor=step.actor)


# --- the table ----------------------------------------------------------------------------------------------

S = Status
B, C, ST, D = Party.BUILDER, Party.CONTRACTOR, Party.STREET, Party.DISTRICT
_t = Transition
# fmt: off
TRANSITIONS_LIST = [
    _t("submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, frozenset({B, ST}),
       guard=_guard_submit, guard_status=400, updates=_stamp("submitted_at"), notify=notifications.submitted),
    _t("accept", frozenset({S.SUBMITTED}), S.ACCEPTED, frozenset({ST}),
       form=NoteForm, updates=_accepted),
    # The Excel import's second registration path: a draft it has just created, accepted on the file's date
    # (the notices app issues the notice on it as on ``accept``).
    _t("import", frozenset({S.DRAFT}), S.ACCEPTED, frozenset({ST, D}),
       form=ImportDecisionForm, updates=_imported, routed=False),
    _t("return", frozenset({S.SUBMITTED}), S.RETURNED, frozenset({ST}), form=ReasonForm, updates=_decided,
       notify=notifications.returned),
    _t("refuse", frozenset({S.SUBMITTED}), S.REFUSED, frozenset({ST}), form=ReasonForm, updates=_decided,
       notify=notifications.refused),
    _t("start", frozenset({S.ACCEPTED}), S.IN_PROGRESS, frozenset({B, ST}),
       updates=lambda step: {"actual_start": step.today}),
    # stop (by an order), pause (the builder's) and resume are added by the stop-order capability.
    _t("complete", frozenset({S.IN_PROGRESS}), S.COMPLETED, frozenset({B, ST}),
       updates=lambda step: {"actual_end": step.today}),
    _t("archive", frozenset({S.COMPLETED, S.REFUSED}), S.ARCHIVED, frozenset({ST, D})),
    _t("change_dates", ACTIVE_STATUSES, None, frozenset({B, ST}), form=DatesForm, updates=_dates),
    _t("change_personnel", ACTIVE_STATUSES, None, frozenset({B, C, ST}), form=PersonnelForm, updates=_personnel),
    # The street has checked the originals: the declared papers become the company's papers on file.
    _t("adopt_papers", ACTIVE_STATUSES | {S.SUBMITTED}, None, frozenset({ST}),
       guard=_guard_papers_differ, effect=_adopt_papers),
    _t("assign_officer", ACTIVE_STATUSES | {S.COMPLETED}, None, frozenset({ST}),
       form=AssignOfficerForm, updates=_assign_officer),
]
# fmt: on

PROJECT_WORKFLOW = register(
    Workflow(
        name="project",
        model=Project,
        transitions=TRANSITIONS_LIST,
        parties_of=parties_of,
        party_roles=PARTY_ROLE,
        state_label=lambda value: str(Status(value).label),
        related=("district", "site_manager", "responsible_officer"),
    )
)
TRANSITIONS = PROJECT_WORKFLOW.table


def perform(
    action: str, project: Project, *, actor: Any, today: dt.date | None = None, **values: Any
) -> Project:
    """Apply ``action`` to ``project`` as ``actor`` (see :meth:`core.workflow.Workflow.perform`)."""
    return PROJECT_WORKFLOW.perform(action, project, actor=actor, today=today, **values)


def available_actions(project: Project, user: Any) -> list[Available]:
    """The actions ``user`` may take on ``project`` in its current state (in the table's order)."""
    return PROJECT_WORKFLOW.available(project, user)


def bind(action: str, data: Any = None, files: Any = None, prefix: str | None = None) -> forms.Form:
    """The input form of ``action``, bound to ``data`` / ``files`` (unbound when both are None)."""
    return PROJECT_WORKFLOW.bind(action, data, files, prefix=prefix)
