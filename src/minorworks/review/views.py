"""The project detail page and one POST-only view per workflow action (see review.workflow)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from minorworks.core.access import allow_authenticated
from minorworks.core.audit import history_of
from minorworks.core.jurisdiction import seen_by
from minorworks.core.workflow_views import ActionUI, WorkflowPages
from minorworks.projects.models import STATUS_STYLE, HazardousOperation, Project
from minorworks.projects.scoping import get_project_for, visible_projects
from minorworks.registration.detail import registration_view
from minorworks.registration.forms import AttachmentForm

from .panels import INITIALS, panels_for
from .workflow import PROJECT_WORKFLOW

# Labels, button styles and success messages of the project's actions (the engine knows none of them).
ACTION_UI: dict[str, ActionUI] = {
    "submit": ActionUI(gettext_lazy("Submit for review"), "primary", gettext_lazy("Submitted for review.")),
    "accept": ActionUI(
        gettext_lazy("Accept"), "success", gettext_lazy("Accepted; the safety notice has been issued.")
    ),
    "return": ActionUI(
        gettext_lazy("Return for correction"),
        "outline-warning",
        gettext_lazy("Returned to the builder for correction."),
    ),
    "refuse": ActionUI(gettext_lazy("Refuse"), "outline-danger", gettext_lazy("Registration refused.")),
    "start": ActionUI(gettext_lazy("Start work"), "success", gettext_lazy("Work started.")),
    "complete": ActionUI(
        gettext_lazy("Mark completed"), "success", gettext_lazy("Project marked completed.")
    ),
    "archive": ActionUI(gettext_lazy("Archive"), "outline-secondary", gettext_lazy("Project archived.")),
    "change_dates": ActionUI(
        gettext_lazy("Change dates"), "outline-secondary", gettext_lazy("Dates changed.")
    ),
    "adopt_papers": ActionUI(
        gettext_lazy("Record the papers on the company file"),
        "outline-secondary",
        gettext_lazy("The verified papers are now on the company's file."),
    ),
    "change_personnel": ActionUI(
        gettext_lazy("Change site manager"), "outline-secondary", gettext_lazy("Site manager changed.")
    ),
    "assign_officer": ActionUI(
        gettext_lazy("Assign responsible officer"),
        "outline-secondary",
        gettext_lazy("Responsible officer assigned."),
    ),
}
DETAIL_RELATED = (
    "project_type",
    "district",
    "street__parent__parent",  # the scope check walks up to the city (scoperules.scope)
    "community",
    "builder",
    "contractor",
    "designer",  # the parties shown with the registration (registration.detail)
    "supervisor",
    "property_company",
    "site_manager",
    "responsible_officer",
)
HISTORY_LIMIT = 50


def _detail_project(user: Any, pk: int) -> Project:
    # Same scope as get_project_for, with every relation the page shows in the one query.
    project = visible_projects(user).select_related(*DETAIL_RELATED).filter(pk=pk).first()
    if project is None:
        raise Http404
    return seen_by(project, user)  # its guards, checks and panels share their answers


def _initial(action: str, project: Project, user: Any) -> dict[str, Any]:
    if action == "change_dates":
        return {"planned_start": project.planned_start, "planned_end": project.planned_end}
    if action == "assign_officer":
        return {"officer": project.responsible_officer_id}
    if action in INITIALS:
        return INITIALS[action](project, user)
    return {}


def _render_detail(
    request: HttpRequest, project: Project, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    actions = PAGES.action_cards(
        project, request.user, bound=bound, initial=lambda action: _initial(action, project, request.user)
    )
    for card in actions:
        if card["transition"].action == "assign_officer":
            # Offer this street's officers only (the transition refuses any other).
            field = card["form"].fields["officer"]
            field.queryset = field.queryset.filter(street_id=project.street_id)
    history = list(history_of(project)[:HISTORY_LIMIT])
    context = {
        "project": project,
        "overdue": project.is_overdue(),
        "actions": actions,
        "history": history,
        "status_style": STATUS_STYLE.get(project.status, "secondary"),
        "reg": registration_view(request.user, project),
        "main_panels": panels_for(project, request, "main"),
        "side_panels": panels_for(project, request, "side"),
        "attachment_form": AttachmentForm(auto_id="id_upload_%s"),
        "hazards": [
            HazardousOperation(code).label if code in HazardousOperation.values else code
            for code in project.hazardous_operations or []
        ],
    }
    return render(request, "projects/detail.html", context, status=status)


@allow_authenticated()
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One project: status, key data, notice state, the actions this user may take, and its history."""
    return _render_detail(request, _detail_project(request.user, pk))


PAGES = WorkflowPages(
    workflow=PROJECT_WORKFLOW,
    ui=ACTION_UI,
    get_for=get_project_for,
    render_detail=lambda request, obj, bound=None, status=200: _render_detail(
        request, _detail_project(request.user, obj.pk), bound=bound, status=status
    ),
    detail_url="projects:detail",
)
