"""The review and lifecycle state machine of a project, as data, and the one function that applies it.

``TRANSITIONS`` maps each action to the states it may start from, the state it leads to (``None`` for actions
that change data but not the status: acknowledging the notice, uploading a signed scan, changing dates or
personnel), who may perform it and the guard that must hold. :func:`perform` applies any of them inside one
transaction with a conditional UPDATE, so two concurrent requests give exactly one change and one audit row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core.audit import record, snapshot
from minorworks.core.masking import mask_phone
from minorworks.core.roles import Role
from minorworks.orgs.models import Person

from .models import Attachment, Notice, Project, Status
from .numbering import next_notice_number
from .workflow_forms import (
    SCAN_TYPES,
    DatesForm,
    EmptyForm,
    NoteForm,
    PersonnelForm,
    ReasonForm,
    ResumeForm,
    SignedNoticeForm,
    StopForm,
    check_scan,
)

# --- who is acting -----------------------------------------------------------------------------------------


class Party(StrEnum):
    """How a user stands towards one project."""

    BUILDER = "builder"  # a portal account of the project's builder (建设单位)
    CONTRACTOR = "contractor"  # a portal account of the project's contractor (施工单位)
    STREET = "street"  # an officer of the project's street
    DISTRICT = "district"  # an administrator of the project's district


PARTY_ROLE = {
    Party.BUILDER: Role.BUILDER,
    Party.CONTRACTOR: Role.BUILDER,
    Party.STREET: Role.STREET_OFFICER,
    Party.DISTRICT: Role.DISTRICT_ADMIN,
}


def parties_of(user: Any, project: Project) -> frozenset[Party]:
    """The parties ``user`` represents on ``project`` (empty for everyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    found: set[Party] = set()
    if user.role == Role.STREET_OFFICER and user.street_id and user.street_id == project.street_id:
        found.add(Party.STREET)
    if user.role == Role.DISTRICT_ADMIN and user.district_id and user.district_id == project.district_id:
        found.add(Party.DISTRICT)
    if user.role == Role.BUILDER and user.enterprise_id:
        if user.enterprise_id == project.builder_id:
            found.add(Party.BUILDER)
        if user.enterprise_id == project.contractor_id:
            found.add(Party.CONTRACTOR)
    return frozenset(found)


# --- outcomes -----------------------------------------------------------------------------------------------


class WorkflowError(Exception):
    """A transition that did not happen; ``status`` is the HTTP status the API answers with."""

    status = 409

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotPermitted(WorkflowError):
    """The user sees the project but may not perform this action on it."""

    status = 403


class NotAllowedNow(WorkflowError):
    """The project's current state does not allow the action (``already_done`` when it already happened)."""

    def __init__(self, message: str, *, current: str, already_done: bool):
        super().__init__(message)
        self.current = current
        self.already_done = already_done


class Blocked(WorkflowError):
    """The state allows the action but a guard does not (registration incomplete, notice not acknowledged)."""


class InvalidInput(WorkflowError):
    """The input is missing or wrong; ``errors`` maps field names to messages."""

    status = 400


# --- guards and effects -------------------------------------------------------------------------------------


def notice_of(project: Project) -> Notice | None:
    """The project's notice, or None when none was issued."""
    try:
        return project.notice
    except Notice.DoesNotExist:
        return None


REQUIRED_FOR_SUBMISSION = ("name", "address", "content", "planned_start", "planned_end", "contractor")


def _minimal_missing(project: Project) -> list[tuple[str | None, str]]:
    # Fallback until projects.registration provides the full completeness check.
    missing: list[tuple[str | None, str]] = []
    for name in REQUIRED_FOR_SUBMISSION:
        if not getattr(project, f"{name}_id" if name == "contractor" else name):
            label = Project._meta.get_field(name).verbose_name
            missing.append((name, _("%(field)s is required before submission.") % {"field": label}))
    if project.investment is None and project.floor_area is None:
        missing.append(("investment", _("Give the investment or the floor area.")))
    return missing


def _normalise(found: Any) -> list[tuple[str | None, str]]:
    """Accept the registration check's answer as a dict, a list of messages or of (field, message) pairs."""
    if not found:
        return []
    if isinstance(found, dict):
        items: Iterable = found.items()
    else:
        items = found
    result: list[tuple[str | None, str]] = []
    for item in items:
        if isinstance(item, tuple | list) and len(item) == 2:
            name, messages = item
            for message in messages if isinstance(messages, list | tuple) else [messages]:
                result.append((name or None, str(message)))
        else:
            result.append((None, str(item)))
    return result


def missing_for_submission(project: Project) -> list[tuple[str | None, str]]:
    """What the registration still lacks: (field or None, message) pairs; empty when it can be submitted."""
    try:
        from .registration import missing_for_submission as registration_check
    except ImportError:
        return _minimal_missing(project)
    return _normalise(registration_check(project))


def _guard_submit(project: Project, actor: Any) -> list[tuple[str | None, str]]:
    return missing_for_submission(project)


def _guard_notice_acknowledged(project: Project, actor: Any) -> list[tuple[str | None, str]]:
    notice = notice_of(project)
    if notice is None or not notice.acknowledged:
        return [(None, _("The notice must be acknowledged (or a signed scan uploaded) before work starts."))]
    return []


def _guard_notice_issued(project: Project, actor: Any) -> list[tuple[str | None, str]]:
    if notice_of(project) is None:
        return [(None, _("No notice has been issued for this project."))]
    return []


def _ack_fields(project: Project, actor: Any) -> list[str]:
    """The acknowledgement columns this actor still has to fill (builder and/or contractor)."""
    notice = notice_of(project)
    parties = parties_of(actor, project)
    names = []
    if Party.BUILDER in parties and (notice is None or notice.builder_ack_at is None):
        names.append("builder")
    if Party.CONTRACTOR in parties and (notice is None or notice.contractor_ack_at is None):
        names.append("contractor")
    return names


@dataclass
class Step:
    """What one application of a transition is working with."""

    project: Project  # freshly read inside the transaction, before the update
    actor: Any
    values: dict[str, Any]
    now: dt.datetime
    today: dt.date
    before: dict[str, Any] = field(default_factory=dict)  # extra audit data beyond the project's columns
    after: dict[str, Any] = field(default_factory=dict)


def _stamp(name: str) -> Callable[[Step], dict[str, Any]]:
    return lambda step: {name: step.now}


def _decided(step: Step) -> dict[str, Any]:
    return {"decided_at": step.now, "review_note": step.values.get("reason") or step.values.get("note", "")}


def _stop(step: Step) -> dict[str, Any]:
    ordered_by = step.values.get("ordered_by") or step.actor.scope_label or str(step.actor)
    return {"stop_reason": step.values["reason"], "stop_ordered_by": ordered_by[:128]}


def _dates(step: Step) -> dict[str, Any]:
    start, end = step.values["planned_start"], step.values["planned_end"]
    if (start, end) == (step.project.planned_start, step.project.planned_end):
        raise InvalidInput(_("Nothing changed."), errors={NON_FIELD_ERRORS: [_("Nothing changed.")]})
    return {"planned_start": start, "planned_end": end}


def _personnel(step: Step) -> dict[str, Any]:
    values, old = step.values, step.project.site_manager
    name, phone = values["site_manager_name"].strip(), values["site_manager_phone"].strip()
    id_number = (values.get("site_manager_id_number") or "").strip().upper()
    if (
        old is not None
        and (old.name, old.phone) == (name, phone)
        and (not id_number or id_number == old.id_number)
    ):
        raise InvalidInput(_("Nothing changed."), errors={NON_FIELD_ERRORS: [_("Nothing changed.")]})
    person = Person.objects.create(
        name=name, phone=phone, id_number=id_number, enterprise_id=step.project.contractor_id
    )
    # Names and masked phones make the change readable in the history without exposing the number.
    step.before["site_manager_label"] = f"{old.name} {mask_phone(old.phone)}".strip() if old else None
    step.after["site_manager_label"] = f"{person.name} {mask_phone(person.phone)}".strip()
    return {"site_manager": person}


def _issue_notice(step: Step) -> None:
    project = step.project
    if notice_of(project) is not None:
        return  # issued earlier (e.g. imported data): keep its number
    notice = Notice.objects.create(
        project=project,
        number=next_notice_number(project.district.code),
        issued_at=step.now,
        issued_by=step.actor,
    )
    step.after["notice"] = notice.number


def _acknowledge(step: Step) -> None:
    notice = notice_of(step.project)
    assert notice is not None  # the guard ran first
    changed = 0
    for side in _ack_fields(step.project, step.actor):
        # Conditional: a second click (or a concurrent request) finds the column filled and changes nothing.
        changed += Notice.objects.filter(pk=notice.pk, **{f"{side}_ack_at__isnull": True}).update(
            **{f"{side}_ack_at": step.now, f"{side}_ack_by": step.actor}
        )
        step.after[f"{side}_ack_at"] = step.now.isoformat()
    if not changed:
        raise NotAllowedNow(
            _("You have already acknowledged the notice."), current=step.project.status, already_done=True
        )


def _attach_signed_scan(step: Step) -> None:
    notice = notice_of(step.project)
    assert notice is not None
    upload = step.values["file"]
    mime = check_scan(upload)
    attachment = Attachment(
        project=step.project,
        kind=Attachment.Kind.SIGNED_NOTICE,
        original_name=(getattr(upload, "name", "") or "scan")[-200:],
        content_type=mime,
        size=upload.size,
        uploaded_by=step.actor,
        uploaded_at=step.now,
    )
    # A random stored name: the user's file name never becomes a path.
    attachment.file.save(f"{uuid.uuid4().hex}.{SCAN_TYPES[mime]}", upload, save=False)
    attachment.save()
    Notice.objects.filter(pk=notice.pk).update(signed_scan=attachment)
    step.before["signed_scan"] = notice.signed_scan_id
    step.after["signed_scan"] = attachment.pk
    step.after["signed_scan_name"] = attachment.original_name


# --- the table ----------------------------------------------------------------------------------------------

S = Status
ACTIVE = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.STOPPED})


@dataclass(frozen=True)
class Transition:
    """One action: from which states, to which (None: status unchanged), by whom, under which guard."""

    action: str
    sources: frozenset[str]
    target: str | None
    parties: frozenset[Party]
    label: str | Promise = ""
    form: type[forms.Form] = EmptyForm
    guard: Callable[[Project, Any], list[tuple[str | None, str]]] | None = None
    guard_status: int = 409  # the HTTP status of a failed guard (400 when it is about missing data)
    updates: Callable[[Step], dict[str, Any]] | None = None  # project columns set with the status
    effect: Callable[[Step], None] | None = None  # other rows written after the conditional update
    done: Callable[[Project, Any], bool] | None = None  # already done by this actor (button hidden)
    style: str = "outline-primary"
    success: str | Promise = ""

    @property
    def roles(self) -> frozenset[str]:
        """The roles that can hold one of the allowed parties (for the access decorators)."""
        return frozenset(PARTY_ROLE[p] for p in self.parties)

    @property
    def slug(self) -> str:
        """The action as it appears in URLs (acknowledge-notice)."""
        return self.action.replace("_", "-")


B, C, ST, D = Party.BUILDER, Party.CONTRACTOR, Party.STREET, Party.DISTRICT
_t = Transition
# fmt: off
TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    _t("submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, frozenset({B, ST}),
       guard=_guard_submit, guard_status=400, updates=_stamp("submitted_at"), style="primary",
       label=gettext_lazy("Submit for review"), success=gettext_lazy("Submitted for review.")),
    _t("accept", frozenset({S.SUBMITTED}), S.ACCEPTED, frozenset({ST}),
       form=NoteForm, updates=_decided, effect=_issue_notice, style="success",
       label=gettext_lazy("Accept"), success=gettext_lazy("Accepted; the safety notice has been issued.")),
    _t("return", frozenset({S.SUBMITTED}), S.RETURNED, frozenset({ST}),
       form=ReasonForm, updates=_decided, style="outline-warning",
       label=gettext_lazy("Return for correction"),
       success=gettext_lazy("Returned to the builder for correction.")),
    _t("refuse", frozenset({S.SUBMITTED}), S.REFUSED, frozenset({ST}),
       form=ReasonForm, updates=_decided, style="outline-danger",
       label=gettext_lazy("Refuse"), success=gettext_lazy("Registration refused.")),
    _t("acknowledge_notice", ACTIVE, None, frozenset({B, C}),
       guard=_guard_notice_issued, effect=_acknowledge, done=lambda p, user: not _ack_fields(p, user),
       style="primary", label=gettext_lazy("Acknowledge the notice"),
       success=gettext_lazy("Notice acknowledged.")),
    _t("upload_signed_notice", ACTIVE, None, frozenset({ST}),
       form=SignedNoticeForm, guard=_guard_notice_issued, effect=_attach_signed_scan,
       label=gettext_lazy("Upload signed notice"),
       success=gettext_lazy("Signed notice uploaded; the notice counts as acknowledged.")),
    _t("start", frozenset({S.ACCEPTED}), S.IN_PROGRESS, frozenset({B, ST}),
       guard=_guard_notice_acknowledged, updates=lambda step: {"actual_start": step.today}, style="success",
       label=gettext_lazy("Start work"), success=gettext_lazy("Work started.")),
    _t("stop", frozenset({S.IN_PROGRESS}), S.STOPPED, frozenset({ST, D, B}),
       form=StopForm, updates=_stop, style="outline-danger",
       label=gettext_lazy("Stop work"), success=gettext_lazy("Work stopped.")),
    _t("resume", frozenset({S.STOPPED}), S.IN_PROGRESS, frozenset({ST, D}),
       form=ResumeForm, style="outline-success",
       label=gettext_lazy("Resume work"), success=gettext_lazy("Work resumed.")),
    _t("complete", frozenset({S.IN_PROGRESS}), S.COMPLETED, frozenset({B, ST}),
       updates=lambda step: {"actual_end": step.today}, style="success",
       label=gettext_lazy("Mark completed"), success=gettext_lazy("Project marked completed.")),
    _t("archive", frozenset({S.COMPLETED, S.REFUSED}), S.ARCHIVED, frozenset({ST, D}),
       style="outline-secondary", label=gettext_lazy("Archive"), success=gettext_lazy("Project archived.")),
    _t("change_dates", ACTIVE, None, frozenset({B, ST}),
       form=DatesForm, updates=_dates, style="outline-secondary",
       label=gettext_lazy("Change dates"), success=gettext_lazy("Dates changed.")),
    _t("change_personnel", ACTIVE, None, frozenset({B, C, ST}),
       form=PersonnelForm, updates=_personnel, style="outline-secondary",
       label=gettext_lazy("Change site manager"), success=gettext_lazy("Site manager changed.")),
]}
# fmt: on

# The inputs that become the audit row's note.
_NOTE_KEYS = ("reason", "note")


# --- applying ----------------------------------------------------------------------------------------------


def bind(action: str, data: Any = None, files: Any = None, prefix: str | None = None) -> forms.Form:
    """The input form of ``action``, bound to ``data`` / ``files`` (unbound when both are None)."""
    form_class = TRANSITIONS[action].form
    if data is None and files is None:
        return form_class(prefix=prefix)
    return form_class(data, files, prefix=prefix)


def _check_values(transition: Transition, values: dict[str, Any]) -> None:
    # Direct callers (CLI, other domain code) skip the forms: the required inputs are checked again here.
    form = transition.form
    errors: dict[str, list[str]] = {}
    for name, form_field in form.base_fields.items():
        value = values.get(name)
        if form_field.required and (value is None or (isinstance(value, str) and not value.strip())):
            errors[name] = [str(form_field.error_messages["required"])]
    if errors:
        raise InvalidInput(_("Some input is missing."), errors=errors)


def _not_now(transition: Transition, current: str) -> NotAllowedNow:
    label = Status(current).label
    if transition.target is not None and current == transition.target:
        return NotAllowedNow(
            _("Already done: the project is now “%(status)s”.") % {"status": label},
            current=current,
            already_done=True,
        )
    return NotAllowedNow(
        _("“%(action)s” is not possible now: the project is “%(status)s”.")
        % {"action": transition.label, "status": label},
        current=current,
        already_done=False,
    )


def perform(
    action: str, project: Project, *, actor: Any, today: dt.date | None = None, **values: Any
) -> Project:
    """Apply ``action`` to ``project`` as ``actor``: one conditional update, one audit row; the fresh project.

    Raises NotPermitted (wrong party), NotAllowedNow (wrong state, or already done), Blocked (a guard failed)
    or InvalidInput (missing input). The caller must already have checked that ``actor`` sees the project.
    """
    transition = TRANSITIONS[action]
    if not parties_of(actor, project) & transition.parties:
        raise NotPermitted(_("You may not “%(action)s” this project.") % {"action": transition.label})
    _check_values(transition, values)
    with transaction.atomic():
        # Lock the row (PostgreSQL; SQLite serialises writers at BEGIN IMMEDIATE) so guards see fresh data.
        current = (
            Project.objects.select_for_update(of=("self",))
            .select_related("district", "site_manager")
            .get(pk=project.pk)
        )
        if current.status not in transition.sources:
            raise _not_now(transition, current.status)
        if transition.done is not None and transition.done(current, actor):
            raise NotAllowedNow(_("Already done."), current=current.status, already_done=True)
        problems = transition.guard(current, actor) if transition.guard else []
        if problems:
            errors: dict[str, list[str]] = {}
            for name, message in problems:
                errors.setdefault(name or NON_FIELD_ERRORS, []).append(message)
            blocked = Blocked(" ".join(message for _name, message in problems), errors=errors)
            blocked.status = transition.guard_status
            raise blocked
        step = Step(
            project=current,
            actor=actor,
            values=values,
            now=timezone.now(),
            today=today or timezone.localdate(),
        )
        columns = transition.updates(step) if transition.updates else {}
        if transition.target is not None:
            columns["status"] = transition.target
        before = snapshot(current, ["status", *columns]) | step.before
        # The guarantee against double submission: only a row still in a source state is changed.
        changed = Project.objects.filter(pk=current.pk, status__in=transition.sources).update(
            updated_at=step.now, **columns
        )
        if not changed:
            raise _not_now(
                transition, Project.objects.filter(pk=current.pk).values_list("status", flat=True).get()
            )
        for name, value in columns.items():
            setattr(current, name, value)
        if transition.effect is not None:
            transition.effect(step)
        after = snapshot(current, ["status", *columns]) | step.after
        note = "\n".join(str(values[k]) for k in _NOTE_KEYS if values.get(k))
        record(actor=actor, action=action, obj=current, before=before, after=after, note=note)
    project.refresh_from_db()  # also forgets the cached notice and relations
    return project


@dataclass(frozen=True)
class Available:
    """An action the user may take on the project now; ``blocked`` lists why it cannot go through yet."""

    transition: Transition
    blocked: list[str]


def available_actions(project: Project, user: Any) -> list[Available]:
    """The actions ``user`` may take on ``project`` in its current state (in the table's order)."""
    parties = parties_of(user, project)
    result = []
    for transition in TRANSITIONS.values():
        if project.status not in transition.sources or not parties & transition.parties:
            continue
        if transition.done is not None and transition.done(project, user):
            continue
        problems = transition.guard(project, user) if transition.guard else []
        result.append(Available(transition, [message for _name, message in problems]))
    return result
