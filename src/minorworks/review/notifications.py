"""Who hears about a registration's review: the ``notify`` hooks of the project workflow's transitions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minorworks.core.notifications import active_users, notify
from minorworks.core.roles import Role
from minorworks.core.workflow import Step


def submitted(step: Step) -> None:
    """The street's officers: a registration waits for their review."""
    project = step.obj
    notify(
        active_users(role=Role.STREET_OFFICER, street_id=project.street_id),
        kind="registration.submitted",
        subject=_("Registration %(number)s submitted for review"),
        body=_("%(name)s (%(number)s) has been submitted and waits for your review."),
        params={"number": project.number, "name": project.name},
        url=reverse("projects:detail", args=[project.pk]),
        obj=project,
        actor=step.actor,
    )


def _to_builder(step: Step, kind: str, subject, body) -> None:
    project = step.obj
    notify(
        active_users(role=Role.BUILDER, enterprise_id=project.builder_id),
        kind=kind,
        subject=subject,
        body=body,
        params={"number": project.number, "name": project.name, "reason": step.values.get("reason", "")},
        url=reverse("projects:detail", args=[project.pk]),
        obj=project,
        actor=step.actor,
    )


def returned(step: Step) -> None:
    """The builder's users: the street returned the registration for correction, with its reasons."""
    _to_builder(
        step,
        "registration.returned",
        _("Registration %(number)s returned for correction"),
        _("The street returned %(name)s (%(number)s) for correction.\nReasons: %(reason)s"),
    )


def refused(step: Step) -> None:
    """The builder's users: the street refused the registration, with its reason."""
    _to_builder(
        step,
        "registration.refused",
        _("Registration %(number)s refused"),
        _("The street refused %(name)s (%(number)s).\nReason: %(reason)s"),
    )
