"""The investigation of an accident on the shared state machine (Decree 493 Art. 22-33).

reported → investigating (team formed: lead department, 区应急局 for 一般, and members) → findings recorded
(causes, nature, responsibility, proposals, measures; may be extended once by at most 60 days) →
report_submitted (``received_at``: the government's 15 or 30 days start) → replied → closed, which checks the
four "not let go" principles (四不放过).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin
from minorworks.core.roles import Role
from minorworks.core.workflow import InvalidInput, Problems, Step, Transition, Workflow, register
from minorworks.orgs.models import Department

from .deadlines import EXTENSION_MAX_DAYS, days_after, deadlines_of
from .models import Accident, AccidentStatus


class AccidentParty(StrEnum):
    STREET = "street"
    DISTRICT = "district"
    BUREAU = "bureau"  # an officer of the lead department (the emergency bureau for 一般)


def accident_parties(user: Any, accident: Accident) -> frozenset[str]:
    """The street's officers, the district's administrators and the lead department's officers."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.role == Role.STREET_OFFICER and user.street_id == accident.street_id:
        return frozenset({AccidentParty.STREET})
    if user.role == Role.DISTRICT_ADMIN and user.district_id == accident.district_id:
        return frozenset({AccidentParty.DISTRICT})
    if (
        user.role == Role.DEPARTMENT_OFFICER
        and user.department_id
        and user.department_id == accident.lead_department_id
    ):
        return frozenset({AccidentParty.BUREAU})
    return frozenset()


def emergency_bureau(district_id: int) -> Department | None:
    """The district's emergency management bureau (区应急局), which leads the investigation of a 一般 accident."""
    return Department.objects.filter(district_id=district_id, code__endswith="-yjj").first()


class TeamForm(BootstrapMixin, forms.Form):
    lead_department = forms.ModelChoiceField(
        label=gettext_lazy("Lead department"), queryset=Department.objects.order_by("code"), required=False,
        help_text=gettext_lazy("Blank: the emergency bureau (区应急局) for a general accident."),
    )  # fmt: skip
    team_members = forms.CharField(
        label=gettext_lazy("Team members"), max_length=v.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


def _long(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=v.CONTENT_MAX, required=required, widget=forms.Textarea(attrs={"rows": 2})
    )


class FindingsForm(BootstrapMixin, forms.Form):
    causes = _long(gettext_lazy("Causes"))
    nature = forms.CharField(label=gettext_lazy("Nature"), max_length=200)
    responsible_units = _long(gettext_lazy("Responsible units"), required=False)
    responsible_persons = _long(gettext_lazy("Responsible persons"), required=False)
    handling_proposals = _long(gettext_lazy("Handling proposals"))
    preventive_measures = _long(gettext_lazy("Preventive measures"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class ExtendForm(BootstrapMixin, forms.Form):
    until = forms.DateField(
        label=gettext_lazy("Extended until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=v.NOTE_MAX)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class ReportReceivedForm(BootstrapMixin, forms.Form):
    received_at = forms.DateTimeField(
        label=gettext_lazy("Report received by the government"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class ReplyForm(BootstrapMixin, forms.Form):
    reply = _long(gettext_lazy("The government's reply"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()


class CloseForm(BootstrapMixin, forms.Form):
    cause_found = forms.BooleanField(label=gettext_lazy("The cause is found"), required=False)
    responsible_handled = forms.BooleanField(
        label=gettext_lazy("Those responsible are handled"), required=False
    )
    people_educated = forms.BooleanField(label=gettext_lazy("The people are educated"), required=False)
    measures_taken = forms.BooleanField(label=gettext_lazy("Preventive measures are taken"), required=False)


FOUR_PRINCIPLES = ("cause_found", "responsible_handled", "people_educated", "measures_taken")


def _team(step: Step) -> dict[str, Any]:
    lead = step.values.get("lead_department") or emergency_bureau(step.obj.district_id)
    if lead is None:
        message = _("Choose the lead department.")
        raise InvalidInput(message, errors={"lead_department": [message]})
    return {"lead_department": lead, "team_members": step.values["team_members"].strip()}


def _findings(step: Step) -> dict[str, Any]:
    names = list(FindingsForm.base_fields)
    return {name: (step.values.get(name) or "").strip() for name in names}


def _extended(step: Step) -> dict[str, Any]:
    until = step.values["until"]
    if isinstance(until, str):
        until = dt.date.fromisoformat(until)
    latest = timezone.localdate(deadlines_of(step.obj)["investigation_due_latest"])
    first = timezone.localdate(days_after(step.obj.occurred_at, 60))
    if not first < until <= latest:
        message = _("The extension ends after the 60th day and at most %(days)s days later (by %(latest)s).") % {
            "days": EXTENSION_MAX_DAYS, "latest": latest.isoformat(),
        }  # fmt: skip
        raise InvalidInput(message, errors={"until": [message]})
    return {"investigation_extended_until": until}


def _guard_extend(accident: Accident, actor: Any) -> Problems:
    if accident.investigation_extended_until is not None:
        return [(None, _("The investigation was extended once already (Art. 29 allows one extension)."))]
    return []


def _guard_findings(accident: Accident, actor: Any) -> Problems:
    missing = [
        n
        for n in ("causes", "nature", "handling_proposals", "preventive_measures")
        if not getattr(accident, n)
    ]
    if missing:
        return [(None, _("Record the causes, nature, handling proposals and preventive measures first."))]
    return []


def _received(step: Step) -> dict[str, Any]:
    received = step.values["received_at"]
    if isinstance(received, str):
        received = dt.datetime.fromisoformat(received)
    if timezone.is_naive(received):
        received = timezone.make_aware(received)
    if received > step.now + dt.timedelta(minutes=5) or received < step.obj.occurred_at:
        message = _("The report is received after the accident and not in the future.")
        raise InvalidInput(message, errors={"received_at": [message]})
    return {"report_received_at": received}


def _replied(step: Step) -> dict[str, Any]:
    return {"reply": step.values["reply"].strip(), "replied_at": step.now}


def _close_guard_values(step: Step) -> dict[str, Any]:
    unmet = [name for name in FOUR_PRINCIPLES if not step.values.get(name)]
    if unmet:
        message = _(
            "Closure needs all four principles (四不放过): cause found, responsible handled, people educated, measures taken."
        )
        raise InvalidInput(message, errors={name: [message] for name in unmet})
    return {**dict.fromkeys(FOUR_PRINCIPLES, True), "closed_at": step.now}


S = AccidentStatus
ALL = frozenset({AccidentParty.STREET, AccidentParty.DISTRICT, AccidentParty.BUREAU})
LEADERS = frozenset({AccidentParty.DISTRICT, AccidentParty.BUREAU})
ACCIDENT_WORKFLOW = register(
    Workflow(
        name="accident",
        model=Accident,
        parties_of=accident_parties,
        party_roles={
            AccidentParty.STREET: Role.STREET_OFFICER,
            AccidentParty.DISTRICT: Role.DISTRICT_ADMIN,
            AccidentParty.BUREAU: Role.DEPARTMENT_OFFICER,
        },
        state_label=lambda value: str(AccidentStatus(value).label),
        transitions=[
            Transition(
                "form_team",
                frozenset({S.REPORTED}),
                S.INVESTIGATING,
                frozenset({AccidentParty.DISTRICT}),
                form=TeamForm,
                updates=_team,
                audit_action="accident.form_team",
            ),
            Transition(
                "record_findings",
                frozenset({S.INVESTIGATING}),
                None,
                LEADERS,
                form=FindingsForm,
                updates=_findings,
                audit_action="accident.findings",
            ),
            Transition(
                "extend",
                frozenset({S.INVESTIGATING}),
                None,
                LEADERS,
                form=ExtendForm,
                guard=_guard_extend,
                updates=_extended,
                audit_action="accident.extend",
            ),
            Transition(
                "submit_report",
                frozenset({S.INVESTIGATING}),
                S.REPORT_SUBMITTED,
                LEADERS,
                form=ReportReceivedForm,
                guard=_guard_findings,
                updates=_received,
                audit_action="accident.report_received",
            ),
            Transition(
                "record_reply",
                frozenset({S.REPORT_SUBMITTED}),
                S.REPLIED,
                frozenset({AccidentParty.DISTRICT}),
                form=ReplyForm,
                updates=_replied,
                audit_action="accident.reply",
            ),
            Transition(
                "close",
                frozenset({S.REPLIED}),
                S.CLOSED,
                LEADERS,
                form=CloseForm,
                updates=_close_guard_values,
                audit_action="accident.close",
            ),
        ],
    )  # fmt: skip
)
