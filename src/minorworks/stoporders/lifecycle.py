"""What this capability adds to the project's lifecycle (declared here, added to the project's table at start):

- ``stop``: a street officer or the district orders the works stopped — the order is a record of its own
  (a proposal is issued, or a new order made), numbered, and the project goes to ``stopped``;
- ``pause``: the builder's own, lighter stop (no order);
- ``resume``: after an order, only once a re-inspection after the order has passed, by the street or the
  district (the order is lifted); after a pause, the builder may resume too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.audit import record, snapshot
from minorworks.core.page_memo import remembered
from minorworks.core.roles import Role
from minorworks.core.workflow import InvalidInput, Problems, Step, Transition
from minorworks.core.workflow_views import ActionUI
from minorworks.inspections.models import Inspection, Kind
from minorworks.orgs.models import Department
from minorworks.projects.models import Status
from minorworks.projects.numbering import next_record_number
from minorworks.projects.parties_of import Party

from .models import BASIS, Extent, OrderStatus, Source, StopOrder

ORDER_AUDIT = ["number", "status", "project", "reason", "extent", "issued_at", "lifted_at"]


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():
            css = "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
            bound.widget.attrs.setdefault("class", css)


class ExtentField(forms.ChoiceField):
    """The extent as a code (whole, part, equipment) or its label in either language."""

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        for code, label in Extent.choices:
            if value in (code, str(label)):
                return code
        return value


class StopOrderForm(_Styled):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )
    extent = ExtentField(
        label=gettext_lazy("Extent"), choices=Extent.choices, required=False, initial=Extent.WHOLE
    )
    extent_detail = forms.CharField(
        label=gettext_lazy("Which part or equipment"), max_length=200, required=False
    )
    measures = forms.CharField(
        label=gettext_lazy("Measures while stopped"),
        max_length=v.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resume_conditions = forms.CharField(
        label=gettext_lazy("Conditions to resume"),
        max_length=v.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    basis = forms.CharField(label=gettext_lazy("Basis"), max_length=200, required=False, initial=BASIS)
    proposal = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PauseForm(_Styled):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )


class ResumeForm(_Styled):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=v.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def order_in_force(project_id: int) -> StopOrder | None:
    """The issued, not yet lifted order of a project."""
    return (
        StopOrder.objects.filter(project_id=project_id, status=OrderStatus.ISSUED)
        .order_by("-issued_at")
        .first()
    )


def passed_reinspection_after(order: StopOrder) -> Inspection | None:
    """The latest passed re-inspection of the order's project made after the order was issued.

    Inspection times are entered to the minute: one recorded after the order, inspected in the minute of the
    order or later, counts.
    """
    issued = order.issued_at
    if issued is None:
        return None
    return (
        Inspection.objects.filter(
            project_id=order.project_id or 0,
            kind=Kind.REINSPECTION,
            passed=True,
            created_at__gt=issued,
            inspected_at__gte=issued.replace(second=0, microsecond=0),
        )
        .order_by("-inspected_at")
        .first()
    )


def _default_copies(project: Any) -> list[Department]:
    """The sector departments of the project's works (the order is copied to them)."""
    return list(
        Department.objects.filter(
            district_id=project.district_id, sectors__project_types=project.project_type_id
        )
    )


def _issue(step: Step) -> None:
    project, values = step.obj, step.values
    extent = values.get("extent") or Extent.WHOLE
    if extent not in Extent.values:
        message = _("Choose the extent: whole, part or equipment.")
        raise InvalidInput(message, errors={"extent": [message]})
    order = None
    if values.get("proposal"):
        order = StopOrder.objects.filter(
            pk=values["proposal"], project=project, status=OrderStatus.PROPOSED
        ).first()
        if order is None:
            message = _("This proposal is no longer open.")
            raise InvalidInput(message, errors={"proposal": [message]})
    order = order or StopOrder(
        project=project,
        source=Source.OFFICER,
        district_id=project.district_id,
        street_id=project.street_id,
        community_id=project.community_id,
    )
    before = snapshot(order, ORDER_AUDIT) if order.pk else None
    order.number = next_record_number("TG", project.district.code)
    order.status = OrderStatus.ISSUED
    order.reason = values["reason"].strip()
    order.basis = (values.get("basis") or BASIS).strip()
    order.extent = extent
    order.extent_detail = (values.get("extent_detail") or "").strip()
    order.measures = (values.get("measures") or "").strip()
    order.resume_conditions = (values.get("resume_conditions") or "").strip() or _(
        "Rectify every hazard, pass the re-inspection, and have the street approve the resumption."
    )
    order.issued_at, order.issued_by = step.now, step.actor
    order.save()
    order.copies_to.set(_default_copies(project))
    record(
        actor=step.actor,
        action="stop_order.issue",
        obj=order,
        before=before,
        after=snapshot(order, ORDER_AUDIT),
    )
    step.after["stop_order"] = order.number


def _stopped(step: Step) -> dict[str, Any]:
    ordered_by = step.actor.scope_label or str(step.actor)
    return {"stop_reason": step.values["reason"].strip(), "stop_ordered_by": ordered_by[:128]}


def _paused(step: Step) -> dict[str, Any]:
    builder = step.obj.builder.name if step.obj.builder_id else str(step.actor)
    return {"stop_reason": step.values["reason"].strip(), "stop_ordered_by": builder[:128]}


def open_orders(project: Any) -> list[StopOrder]:
    """The project's issued and proposed orders (one query; once for a page, see core.page_memo)."""
    return remembered(
        project,
        "open_orders",
        lambda: list(
            StopOrder.objects.filter(
                project_id=project.pk, status__in=[OrderStatus.ISSUED, OrderStatus.PROPOSED]
            )
        ),
    )


def _in_force_for(project: Any) -> StopOrder | None:
    issued = [order for order in open_orders(project) if order.status == OrderStatus.ISSUED]
    # As order_in_force: the latest issued (an issued order always has its instant; none would sort last).
    return max(issued, key=lambda order: (order.issued_at is not None, order.issued_at or 0), default=None)


def _guard_no_order(project: Any, actor: Any) -> Problems:
    if _in_force_for(project) is not None:
        return [(None, _("A stop-work order is already in force for this project."))]
    return []


def _guard_resume(project: Any, actor: Any) -> Problems:
    order = _in_force_for(project)
    if order is None:
        return []
    if getattr(actor, "role", None) not in (Role.STREET_OFFICER, Role.DISTRICT_ADMIN):
        return [(None, _("Work stopped by an order resumes only with the street's approval."))]
    if passed_reinspection_after(order) is None:
        return [
            (
                None,
                _(
                    "Resumption needs a passed re-inspection after the stop-work order %(number)s of %(date)s: "
                    "re-inspect the site first."
                )
                % {"number": order.number, "date": order.issued_at.date().isoformat()},
            )
        ]
    return []


def _resumed(step: Step) -> None:
    order = order_in_force(step.obj.pk)
    if order is None:
        return
    before = snapshot(order, ORDER_AUDIT)
    order.status, order.lifted_at, order.lifted_by = OrderStatus.LIFTED, step.now, step.actor
    order.resumption_inspection = passed_reinspection_after(order)
    order.save(update_fields=["status", "lifted_at", "lifted_by", "resumption_inspection"])
    record(
        actor=step.actor,
        action="stop_order.lift",
        obj=order,
        before=before,
        after=snapshot(order, ORDER_AUDIT),
    )
    step.after["stop_order_lifted"] = order.number


B, ST, D = Party.BUILDER, Party.STREET, Party.DISTRICT
PROJECT_TRANSITIONS = [
    Transition(
        "stop",
        frozenset({Status.IN_PROGRESS, Status.STOPPED}),
        Status.STOPPED,
        frozenset({ST, D}),
        form=StopOrderForm,
        guard=_guard_no_order,
        updates=_stopped,
        effect=_issue,
    ),
    Transition(
        "pause",
        frozenset({Status.IN_PROGRESS}),
        Status.STOPPED,
        frozenset({B}),
        form=PauseForm,
        updates=_paused,
    ),
    Transition(
        "resume",
        frozenset({Status.STOPPED}),
        Status.IN_PROGRESS,
        frozenset({B, ST, D}),
        form=ResumeForm,
        guard=_guard_resume,
        effect=_resumed,
    ),
]


# How these actions look on the project's page.
ACTION_UI = {
    "stop": ActionUI(
        gettext_lazy("Order work stopped"),
        "outline-danger",
        gettext_lazy("Stop-work order issued; work stopped."),
    ),
    "pause": ActionUI(gettext_lazy("Pause work"), "outline-secondary", gettext_lazy("Work paused.")),
    "resume": ActionUI(gettext_lazy("Resume work"), "outline-success", gettext_lazy("Work resumed.")),
}
