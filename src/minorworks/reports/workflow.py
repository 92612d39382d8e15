"""A report's life on the core engine: dispatch, accept or send back, handle, close, merge, desk review.

Handling (link a project, create or join a lead, link an inspection) changes no state: the report stays
"being handled" until it is closed with a reply. The reporter's rating is not a staff action: see
:mod:`.feedback`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.notifications import notify
from minorworks.core.roles import Role
from minorworks.core.workflow import InvalidInput, Problems, Step, Transition, Workflow, register
from minorworks.inspections.models import Inspection
from minorworks.leads.domain import create_lead
from minorworks.leads.models import Lead
from minorworks.orgs.models import Region
from minorworks.projects.scoping import visible_projects
from minorworks.review.workflow_forms import ReasonForm, StyledForm

from .intake import street_officers
from .models import Report, Status


class ReportParty(StrEnum):
    STREET = "street"  # an officer of the report's street
    DISTRICT = "district"  # an administrator of the report's district (the desk)


def report_parties(user: Any, report: Report) -> frozenset[str]:
    """How ``user`` stands towards ``report``: the handling street or the district desk."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.role == Role.STREET_OFFICER and user.street_id and user.street_id == report.street_id:
        return frozenset({ReportParty.STREET})
    if user.role == Role.DISTRICT_ADMIN and user.district_id == report.district_id:
        return frozenset({ReportParty.DISTRICT})
    return frozenset()


def _text(label: Any, *, required: bool = True, message: Any = None, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=v.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message or gettext_lazy("This field is required.")},
    )


class DispatchForm(StyledForm):
    street = forms.ModelChoiceField(
        label=gettext_lazy("Street"),
        queryset=Region.objects.filter(level=Region.Level.STREET).current().order_by("sort", "code"),
        to_field_name="code",  # the API and the page send the street's region code
        error_messages={"required": gettext_lazy("Choose the street.")},
    )


class ProjectLinkForm(StyledForm):
    project_number = forms.CharField(
        label=gettext_lazy("Registration number of the project"),
        max_length=32,
        error_messages={"required": gettext_lazy("Enter the registration number of the project.")},
    )


class LeadForm(StyledForm):
    lead_id = forms.IntegerField(
        label=gettext_lazy("Join the open lead no. (empty: record a new lead)"), required=False, min_value=1
    )
    note = _text(gettext_lazy("What was found"), required=False, rows=2)


class InspectionLinkForm(StyledForm):
    inspection_number = forms.CharField(
        label=gettext_lazy("Number of the inspection"),
        max_length=32,
        error_messages={"required": gettext_lazy("Enter the number of the inspection.")},
    )


class CloseForm(StyledForm):
    reply = _text(
        gettext_lazy("Reply to the reporter"), message=gettext_lazy("Write the reply to the reporter.")
    )
    note = _text(gettext_lazy("Internal note"), required=False, rows=2)


class MergeForm(StyledForm):
    into_number = forms.CharField(
        label=gettext_lazy("Tracking number of the report it repeats"),
        max_length=32,
        error_messages={"required": gettext_lazy("Enter the tracking number.")},
    )


def _bad(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors={field: [message]})


def _dispatched(step: Step) -> dict[str, Any]:
    street = step.values["street"]
    if street.parent_id != step.obj.district_id:
        raise _bad("street", _("This street is not in the report's district."))
    return {"street": street, "returned_reason": ""}


def _tell_street(step: Step) -> None:
    report = step.obj
    notify(
        street_officers(report.street_id),
        kind="reports.dispatched",
        subject=gettext_lazy("Report %(number)s sent to your street"),
        body=gettext_lazy("Accept it or send it back to the desk with a reason."),
        params={"number": report.number},
        url=f"/reports/{report.pk}/",
        obj=report,
        actor=step.actor,
    )


def _accepted(step: Step) -> dict[str, Any]:
    return {} if step.obj.responded_at else {"responded_at": step.now}


def _sent_back(step: Step) -> dict[str, Any]:
    return {"street": None, "returned_reason": step.values["reason"].strip()}


def _tell_desk(step: Step) -> None:
    from .intake import district_desk

    report = step.obj
    notify(
        district_desk(report.district_id),
        kind="reports.sent_back",
        subject=gettext_lazy("Report %(number)s sent back to the desk"),
        body=gettext_lazy("Reason: %(reason)s"),
        params={"number": report.number, "reason": step.values["reason"].strip()},
        url=f"/reports/{report.pk}/",
        obj=report,
        actor=step.actor,
    )


def _project_linked(step: Step) -> dict[str, Any]:
    number = step.values["project_number"].strip()
    project = (
        visible_projects(step.actor).filter(number__iexact=number, district_id=step.obj.district_id).first()
    )
    if project is None:
        raise _bad("project_number", _("No project with this number in your area."))
    return {"project": project}


def _lead_joined(step: Step) -> dict[str, Any]:
    report, values = step.obj, step.values
    note = (values.get("note") or "").strip()
    if values.get("lead_id"):
        lead = Lead.objects.filter(
            pk=values["lead_id"], street_id=report.street_id, state=Lead.State.OPEN
        ).first()
        if lead is None:
            raise _bad("lead_id", _("No open lead with this number in the report's street."))
    else:
        lead = create_lead(
            actor=step.actor,
            data={
                "street": report.street,
                "community": None,
                "address": report.address or _("Reported place"),
                "latitude": report.latitude,
                "longitude": report.longitude,
                "note": note or _("From report %(number)s") % {"number": report.number},
            },
        )
    return {"lead": lead, "handling_note": note or report.handling_note}


def _inspection_linked(step: Step) -> dict[str, Any]:
    number = step.values["inspection_number"].strip()
    inspection = Inspection.objects.filter(number__iexact=number, project_id=step.obj.project_id).first()
    if inspection is None:
        raise _bad("inspection_number", _("No inspection with this number of the report's project."))
    return {"inspection": inspection}


def _needs_project(report: Report, actor: Any) -> Problems:
    if report.project_id is None:
        return [(None, _("Link the report to its project first."))]
    return []


def _closed(step: Step) -> dict[str, Any]:
    note = (step.values.get("note") or "").strip()
    return {
        "reply": step.values["reply"].strip(),
        "closed_at": step.now,
        "closed_by": step.actor,
        "handling_note": note or step.obj.handling_note,
        "responded_at": step.obj.responded_at or step.now,
    }


def _merged(step: Step) -> dict[str, Any]:
    number = step.values["into_number"].strip()
    target = (
        Report.objects.filter(number__iexact=number, district_id=step.obj.district_id)
        .exclude(pk=step.obj.pk)
        .exclude(status=Status.MERGED)
        .first()
    )
    if target is None:
        raise _bad("into_number", _("No other report with this tracking number."))
    return {"merged_into": target, "closed_at": step.now, "closed_by": step.actor}


S = Status
STREET = frozenset({ReportParty.STREET})
DESK = frozenset({ReportParty.DISTRICT})
BOTH = STREET | DESK
REPORT_WORKFLOW = register(
    Workflow(
        name="report",
        model=Report,
        parties_of=report_parties,
        party_roles={ReportParty.STREET: Role.STREET_OFFICER, ReportParty.DISTRICT: Role.DISTRICT_ADMIN},
        state_label=lambda value: str(Status(value).label),
        related=("district", "street"),
        transitions=[
            Transition(
                "dispatch",
                frozenset({S.DESK, S.REVIEW}),
                S.ASSIGNED,
                DESK,
                form=DispatchForm,
                updates=_dispatched,
                notify=_tell_street,
                audit_action="report.dispatch",
            ),
            Transition(
                "accept",
                frozenset({S.ASSIGNED}),
                S.ACCEPTED,
                STREET,
                updates=_accepted,
                audit_action="report.accept",
            ),
            Transition(
                "send_back",
                frozenset({S.ASSIGNED, S.ACCEPTED}),
                S.DESK,
                STREET,
                form=ReasonForm,
                updates=_sent_back,
                notify=_tell_desk,
                audit_action="report.send_back",
            ),
            Transition(
                "link_project",
                frozenset({S.ACCEPTED}),
                None,
                BOTH,
                form=ProjectLinkForm,
                updates=_project_linked,
                audit_action="report.link_project",
            ),
            Transition(
                "join_lead",
                frozenset({S.ACCEPTED}),
                None,
                STREET,
                form=LeadForm,
                updates=_lead_joined,
                done=lambda report, actor: report.lead_id is not None,
                audit_action="report.lead",
            ),
            Transition(
                "link_inspection",
                frozenset({S.ACCEPTED}),
                None,
                BOTH,
                form=InspectionLinkForm,
                guard=_needs_project,
                updates=_inspection_linked,
                audit_action="report.link_inspection",
            ),
            Transition(
                "close",
                frozenset({S.ACCEPTED}),
                S.CLOSED,
                BOTH,
                form=CloseForm,
                updates=_closed,
                audit_action="report.close",
            ),
            Transition(
                "confirm_close",
                frozenset({S.REVIEW}),
                S.CLOSED,
                DESK,
                form=CloseForm,
                updates=_closed,
                audit_action="report.review_close",
            ),
            Transition(
                "merge",
                frozenset({S.DESK, S.ASSIGNED, S.ACCEPTED}),
                S.MERGED,
                BOTH,
                form=MergeForm,
                updates=_merged,
                audit_action="report.merge",
            ),
        ],
    )
)
