"""The project detail page and one POST-only view per workflow action (see projects.workflow)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from minorworks.core.access import allow, allow_authenticated
from minorworks.core.audit import history_of

from .models import HazardousOperation, Project, Status
from .scoping import get_project_for, visible_projects
from .workflow import (
    TRANSITIONS,
    Blocked,
    InvalidInput,
    NotAllowedNow,
    NotPermitted,
    available_actions,
    bind,
    notice_of,
    perform,
)

DETAIL_RELATED = (
    "project_type",
    "district",
    "street",
    "community",
    "builder",
    "contractor",
    "site_manager",
    "notice__signed_scan",
)
HISTORY_LIMIT = 50
STATUS_STYLE: dict[str, str] = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "info",
    Status.RETURNED: "warning",
    Status.REFUSED: "danger",
    Status.ACCEPTED: "primary",
    Status.IN_PROGRESS: "success",
    Status.STOPPED: "danger",
    Status.COMPLETED: "dark",
    Status.ARCHIVED: "light",
}


def _detail_project(user: Any, pk: int) -> Project:
    # Same scope as get_project_for, with every relation the page shows in the one query.
    project = visible_projects(user).select_related(*DETAIL_RELATED).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def _initial(action: str, project: Project, user: Any) -> dict[str, Any]:
    if action == "change_dates":
        return {"planned_start": project.planned_start, "planned_end": project.planned_end}
    if action == "stop":
        return {"ordered_by": user.scope_label}
    return {}


def _render_detail(
    request: HttpRequest, project: Project, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    actions = []
    for item in available_actions(project, request.user):
        action = item.transition.action
        form = bound.get(action) or TRANSITIONS[action].form(
            prefix=action, initial=_initial(action, project, request.user)
        )
        actions.append(
            {
                "transition": item.transition,
                "blocked": item.blocked,
                "form": form,
                "url": reverse(f"projects:{action}", kwargs={"pk": project.pk}),
                "has_fields": bool(form.fields),
                "multipart": form.is_multipart(),
            }
        )
    history = list(history_of(project)[:HISTORY_LIMIT])
    context = {
        "project": project,
        "notice": notice_of(project),
        "overdue": project.is_overdue(),
        "actions": actions,
        "history": history,
        "status_style": STATUS_STYLE.get(project.status, "secondary"),
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


def _transition_view(action: str) -> Callable[..., HttpResponse]:
    transition = TRANSITIONS[action]

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project_for(request.user, pk)  # 404 outside scope, before anything else
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = bind(action, request.POST, request.FILES, prefix=action)
        if not form.is_valid():
            return _render_detail(
                request, _detail_project(request.user, pk), bound={action: form}, status=400
            )
        try:
            perform(action, project, actor=request.user, **form.cleaned_data)
        except NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except InvalidInput as exc:
            for name, errors in exc.errors.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
            return _render_detail(
                request, _detail_project(request.user, pk), bound={action: form}, status=400
            )
        except NotAllowedNow as exc:
            # The loser of a double click lands here: the page shows the new state, no error page.
            (messages.info if exc.already_done else messages.warning)(request, exc.message)
        except Blocked as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(transition.success))
        return redirect("projects:detail", pk=project.pk)

    view.__name__ = f"{action}_view"
    view.__qualname__ = view.__name__
    view.__doc__ = f"POST: {action} the project, then back to its page (405 on other methods)."
    return allow(*transition.roles)(view)


TRANSITION_VIEWS: dict[str, Callable[..., HttpResponse]] = {
    action: _transition_view(action) for action in TRANSITIONS
}
