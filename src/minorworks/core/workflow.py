"""The state-machine engine: a table of transitions for any model with a status field, and one function
that applies any of them.

An app declares a :class:`Workflow` (its model, its status field, how a user stands towards one record, and
the transitions). :meth:`Workflow.perform` applies a transition in one transaction:

1. the party check (who the actor is towards this record) and the required inputs, before anything is written;
2. ONE conditional ``UPDATE … SET status = target WHERE pk = … AND status IN (sources)``. This single statement
   is the protection against double submission (ADR 0003): it tests the state and takes the row lock at once,
   so of two concurrent requests exactly one changes the row and the other finds zero rows and is told the
   action was already done. Nothing else re-checks the state;
3. under that lock: the "already done by this actor" test, the guard, the column updates, the effect (other
   rows), one audit row, and the notifications, which are delivered only after commit.

A failed guard or effect raises and the whole transaction rolls back. UI labels and button styles are not
here: they live beside the views (``ActionUI`` tables in each app's views module).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record, snapshot

Problems = list[tuple[str | None, str]]  # (field or None, message)


class EmptyForm(forms.Form):
    """No input: the button is the whole form."""


# --- outcomes -------------------------------------------------------------------------------------------------


class WorkflowError(Exception):
    """A transition that did not happen; ``status`` is the HTTP status the API answers with."""

    status = 409

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotPermitted(WorkflowError):
    """The user sees the record but may not perform this action on it."""

    status = 403


class NotAllowedNow(WorkflowError):
    """The record's current state does not allow the action (``already_done`` when it already happened)."""

    def __init__(self, message: str, *, current: str, already_done: bool):
        super().__init__(message)
        self.current = current
        self.already_done = already_done


class Blocked(WorkflowError):
    """The state allows the action but a guard does not (data missing, a precondition unmet)."""


class InvalidInput(WorkflowError):
    """The input is missing or wrong; ``errors`` maps field names to messages."""

    status = 400


def problems_to_errors(problems: Problems) -> dict[str, list[str]]:
    """Group (field, message) pairs by field, unnamed ones under NON_FIELD_ERRORS."""
    errors: dict[str, list[str]] = {}
    for name, message in problems:
        errors.setdefault(name or NON_FIELD_ERRORS, []).append(message)
    return errors


# --- the table ------------------------------------------------------------------------------------------------


@dataclass
class Step:
    """What one application of a transition is working with (``obj`` is read under the row lock)."""

    obj: Any
    actor: Any
    values: dict[str, Any]
    now: dt.datetime
    today: dt.date
    before: dict[str, Any] = field(default_factory=dict)  # extra audit data beyond the record's columns
    after: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Transition:
    """One action: from which states, to which (None: status unchanged), by which parties, under which guard.

    ``updates`` returns the columns set with the status; ``effect`` writes other rows; ``notify`` raises the
    notifications (delivered after commit); ``done`` tells that this actor already did it (button hidden).
    ``routed=False`` marks a transition that only domain code applies (the Excel import's ``import``): it gets
    no UI or API route and is never offered as an action.
    """

    action: str
    sources: frozenset[str]
    target: str | None
    parties: frozenset[str]
    form: type[forms.Form] = EmptyForm
    guard: Callable[[Any, Any], Problems] | None = None
    guard_status: int = 409  # the HTTP status of a failed guard (400 when it is about missing data)
    updates: Callable[[Step], dict[str, Any]] | None = None
    effect: Callable[[Step], None] | None = None
    done: Callable[[Any, Any], bool] | None = None
    notify: Callable[[Step], None] | None = None
    note_keys: tuple[str, ...] = ("reason", "note")  # inputs that become the audit row's note
    audit_action: str = ""  # the audit log's action code, when it differs from ``action``
    routed: bool = True

    @property
    def slug(self) -> str:
        """The action as it appears in URLs (acknowledge-notice)."""
        return self.action.replace("_", "-")


@dataclass(frozen=True)
class Available:
    """An action the user may take now; ``blocked`` lists why it cannot go through yet."""

    transition: Transition
    blocked: list[str]


@dataclass
class Workflow:
    """A state machine over ``model``'s ``status_field``.

    ``parties_of(user, obj)`` says how a user stands towards one record (e.g. {"street"}); ``party_roles``
    maps each party to the role that can hold it (for the access decorators of the generated routes);
    ``state_label(value)`` names a state in messages; ``related`` is what ``perform`` selects with the row.
    """

    name: str
    model: type[models.Model]
    transitions: Iterable[Transition]
    parties_of: Callable[[Any, Any], frozenset[str]]
    party_roles: Mapping[str, str]
    status_field: str = "status"
    state_label: Callable[[str], str] = str
    related: tuple[str, ...] = ()
    stamp_field: str | None = "updated_at"  # set to now by every transition, when the model has it
    # Called with the changed record inside the transaction, after the effect (e.g. a summary row follows):
    # the conditional UPDATE sends no post_save.
    on_change: Callable[[Any], None] | None = None
    table: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.table = {t.action: t for t in self.transitions}
        states = {value for value, _label in self.model._meta.get_field(self.status_field).choices or []}
        for t in self.table.values():
            unknown = (set(t.sources) | ({t.target} if t.target else set())) - states
            if unknown:
                raise ValueError(f"{self.name}.{t.action}: unknown states {sorted(unknown)}")
            if not set(t.parties) <= set(self.party_roles):
                raise ValueError(f"{self.name}.{t.action}: parties without a role")

    def add(self, *transitions: Transition) -> None:
        """Extend the table with transitions another app declares (a seam: the owner need not know it).

        Call from the extending app's ``AppConfig.ready()``, before URLs are loaded (routes come from the table).
        """
        states = {value for value, _label in self.model._meta.get_field(self.status_field).choices or []}
        for t in transitions:
            if t.action in self.table:
                raise ValueError(f"{self.name}.{t.action} is declared twice")
            unknown = (set(t.sources) | ({t.target} if t.target else set())) - states
            if unknown or not set(t.parties) <= set(self.party_roles):
                raise ValueError(f"{self.name}.{t.action}: unknown states or parties")
            self.table[t.action] = t

    def extend(
        self,
        action: str,
        *,
        guard: Callable[[Any, Any], Problems] | None = None,
        effect: Callable[[Step], None] | None = None,
    ) -> None:
        """Add a guard and/or an effect to an existing transition (another app's seam: both run after the
        owner's own)."""
        t = self.table[action]

        def both_guards(obj: Any, actor: Any) -> Problems:
            return [*(t.guard(obj, actor) if t.guard else []), *(guard(obj, actor) if guard else [])]

        def both_effects(step: Step) -> None:
            if t.effect is not None:
                t.effect(step)
            if effect is not None:
                effect(step)

        self.table[action] = dataclasses.replace(
            t, guard=both_guards if guard else t.guard, effect=both_effects if effect else t.effect
        )

    def __getitem__(self, action: str) -> Transition:
        return self.table[action]

    def __iter__(self):
        return iter(self.table.values())

    def routed(self) -> list[Transition]:
        """The transitions that get a UI and an API route (all but those only domain code applies)."""
        return [t for t in self.table.values() if t.routed]

    def roles(self, action: str) -> frozenset[str]:
        """The roles that can hold one of the parties allowed to perform ``action``."""
        return frozenset(self.party_roles[p] for p in self.table[action].parties)

    # --- inputs ---------------------------------------------------------------------------------------

    def bind(self, action: str, data: Any = None, files: Any = None, **kwargs: Any) -> forms.Form:
        """The input form of ``action`` bound to ``data`` / ``files`` (unbound when both are None)."""
        form_class = self.table[action].form
        if data is None and files is None:
            return form_class(**kwargs)
        return form_class(data, files, **kwargs)

    def _check_values(self, transition: Transition, values: dict[str, Any]) -> None:
        # Direct callers (CLI, other domain code) skip the forms: the required inputs are checked again here.
        errors: dict[str, list[str]] = {}
        for name, form_field in transition.form.base_fields.items():
            value = values.get(name)
            if form_field.required and (value is None or (isinstance(value, str) and not value.strip())):
                errors[name] = [str(form_field.error_messages["required"])]
        if errors:
            raise InvalidInput(_("Some input is missing."), errors=errors)

    # --- messages -------------------------------------------------------------------------------------

    def _not_now(self, transition: Transition, current: str) -> NotAllowedNow:
        label = self.state_label(current)
        if transition.target is not None and current == transition.target:
            return NotAllowedNow(
                _("Already done: it is now “%(status)s”.") % {"status": label},
                current=current,
                already_done=True,
            )
        return NotAllowedNow(
            _("This is not possible now: it is “%(status)s”.") % {"status": label},
            current=current,
            already_done=False,
        )

    # --- applying -------------------------------------------------------------------------------------

    def perform(
        self, action: str, obj: models.Model, *, actor: Any, today: dt.date | None = None, **values: Any
    ) -> Any:
        """Apply ``action`` to ``obj`` as ``actor``: one conditional update, one audit row; the fresh record.

        Raises NotPermitted (wrong party), NotAllowedNow (wrong state, or already done), Blocked (a guard
        failed) or InvalidInput (missing input). The caller must already have checked that ``actor`` sees
        ``obj`` (its scope): this function decides what the actor may do, not what it may see.
        """
        transition = self.table[action]
        if not self.parties_of(actor, obj) & transition.parties:
            raise NotPermitted(_("You may not do this here."))
        self._check_values(transition, values)
        model = type(obj)
        status = self.status_field
        now = timezone.now()
        with transaction.atomic():
            before_status = model._default_manager.filter(pk=obj.pk).values_list(status, flat=True).first()
            if before_status is None:
                raise NotAllowedNow(_("This record no longer exists."), current="", already_done=False)
            stamp: dict[str, Any] = (
                {self.stamp_field: now} if self.stamp_field and self._has(self.stamp_field) else {}
            )
            target = transition.target if transition.target is not None else F(status)
            # The one protection against double submission (see the module docstring and ADR 0003).
            changed = model._default_manager.filter(
                pk=obj.pk, **{f"{status}__in": transition.sources}
            ).update(**{status: target}, **stamp)
            if not changed:
                current = model._default_manager.filter(pk=obj.pk).values_list(status, flat=True).get()
                raise self._not_now(transition, current)
            locked = model._default_manager.select_related(*self.related).get(pk=obj.pk)
            setattr(locked, status, before_status)  # the guards and updates see the state acted upon
            if transition.done is not None and transition.done(locked, actor):
                raise NotAllowedNow(_("Already done."), current=before_status, already_done=True)
            problems = transition.guard(locked, actor) if transition.guard else []
            if problems:
                blocked = Blocked(
                    " ".join(message for _name, message in problems), errors=problems_to_errors(problems)
                )
                blocked.status = transition.guard_status
                raise blocked
            step = Step(obj=locked, actor=actor, values=values, now=now, today=today or timezone.localdate())
            columns = transition.updates(step) if transition.updates else {}
            audit_fields = [status, *columns]
            before = snapshot(locked, audit_fields) | step.before
            if transition.target is not None:
                setattr(locked, status, transition.target)
            if columns:
                model._default_manager.filter(pk=obj.pk).update(**columns)
                for name, value in columns.items():
                    setattr(locked, name, value)
            if transition.effect is not None:
                transition.effect(step)
            if self.on_change is not None:
                self.on_change(locked)
            after = snapshot(locked, audit_fields) | step.after
            note = "\n".join(str(values[k]) for k in transition.note_keys if values.get(k))
            record(
                actor=actor,
                action=transition.audit_action or action,
                obj=locked,
                before=before,
                after=after,
                note=note,
            )
            if transition.notify is not None:
                transition.notify(step)
        obj.refresh_from_db()  # also forgets cached relations
        return obj

    def _has(self, name: str | None) -> bool:
        if not name:
            return False
        try:
            self.model._meta.get_field(name)
        except Exception:  # FieldDoesNotExist
            return False
        return True

    def available(self, obj: Any, user: Any) -> list[Available]:
        """The actions ``user`` may take on ``obj`` in its current state (in the table's order)."""
        parties = self.parties_of(user, obj)
        current = getattr(obj, self.status_field)
        result = []
        for transition in self.table.values():
            if not transition.routed or current not in transition.sources or not parties & transition.parties:
                continue
            if transition.done is not None and transition.done(obj, user):
                continue
            problems = transition.guard(obj, user) if transition.guard else []
            result.append(Available(transition, [message for _name, message in problems]))
        return result

    def open_actions(self, obj: Any, user: Any) -> list[str]:
        """The actions ``user`` could complete now (not blocked)."""
        return [a.transition.action for a in self.available(obj, user) if not a.blocked]


REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Make a workflow known (the route tests walk every registered table)."""
    REGISTRY[workflow.name] = workflow
    return workflow
