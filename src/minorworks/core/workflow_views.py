"""UI routes generated from a workflow's table: one POST-only view per transition, and its URL pattern.

An app gives the table, how to fetch a record in the user's scope (404 outside it), how to render the record's
page again with a bound form (when the input is wrong), and the labels and button styles of its actions
(:class:`ActionUI`, kept beside its views, not in the engine).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.functional import Promise

from .access import allow
from .workflow import Blocked, InvalidInput, NotAllowedNow, NotPermitted, Workflow


@dataclass(frozen=True)
class ActionUI:
    """How an action looks on a page: its button label, Bootstrap button style and success message."""

    label: str | Promise
    style: str = "outline-primary"
    success: str | Promise = ""


@dataclass(frozen=True)
class WorkflowPages:
    """What the generated views need from the app that owns the workflow."""

    workflow: Workflow
    ui: Mapping[str, ActionUI]
    get_for: Callable[[Any, int], Any]  # (user, pk) → record, Http404 outside the user's scope
    render_detail: Callable[..., HttpResponse]  # (request, obj, bound={action: form}, status=400)
    detail_url: str  # URL name of the record's page, reversed with pk=
    namespace_prefix: str = ""  # URL names: f"{prefix}{action}"
    url_kwarg: str = "pk"  # the record's id in the URL patterns (and in the detail URL)

    def check(self) -> None:
        """Every action has its label (checked when the routes are built, after every app extended the table)."""
        missing = [t.action for t in self.workflow.routed() if t.action not in self.ui]
        if missing:
            raise ValueError(f"{self.workflow.name}: actions without UI labels: {missing}")

    def url_name(self, action: str) -> str:
        """The URL name of an action's view (without the namespace)."""
        return f"{self.namespace_prefix}{action}"

    def view(self, action: str) -> Callable[..., HttpResponse]:
        """The POST-only view of ``action``: scope (404) → form → perform → back to the record's page."""
        workflow, ui = self.workflow, self.ui[action]

        def view(request: HttpRequest, **kwargs: int) -> HttpResponse:
            pk = kwargs[self.url_kwarg]
            obj = self.get_for(request.user, pk)  # 404 outside scope, before anything else
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            form = workflow.bind(action, request.POST, request.FILES, prefix=action)
            if not form.is_valid():
                return self.render_detail(request, obj, bound={action: form}, status=400)
            try:
                workflow.perform(action, obj, actor=request.user, **form.cleaned_data)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message) from exc
            except InvalidInput as exc:
                for name, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
                return self.render_detail(request, obj, bound={action: form}, status=400)
            except NotAllowedNow as exc:
                # The loser of a double click lands here: the page shows the new state, no error page.
                (messages.info if exc.already_done else messages.warning)(request, exc.message)
            except Blocked as exc:
                messages.error(request, exc.message)
            else:
                if ui.success:
                    messages.success(request, str(ui.success))
            return redirect(self.detail_url, **{self.url_kwarg: obj.pk})

        view.__name__ = f"{workflow.name}_{action}_view"
        view.__qualname__ = view.__name__
        view.__doc__ = f"POST: {action} ({workflow.name}), then back to the record's page (405 otherwise)."
        return allow(*workflow.roles(action))(view)

    def action_cards(
        self,
        obj: Any,
        user: Any,
        *,
        bound: Mapping[str, Any] | None = None,
        initial: Callable[[str], dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """What ``includes/workflow_actions.html`` shows: each open action with its form, URL and look."""
        from django.urls import reverse

        bound = bound or {}
        cards = []
        for item in self.workflow.available(obj, user):
            action = item.transition.action
            form = bound.get(action) or item.transition.form(
                prefix=action, initial=initial(action) if initial else None
            )
            cards.append(
                {
                    "transition": item.transition,
                    "ui": self.ui[action],
                    "blocked": item.blocked,
                    "form": form,
                    "url": reverse(
                        f"{self.url_namespace}{self.url_name(action)}", kwargs={self.url_kwarg: obj.pk}
                    ),
                    "has_fields": bool(form.fields),
                    "multipart": form.is_multipart(),
                }
            )
        return cards

    @property
    def url_namespace(self) -> str:
        """The URL namespace of the detail page ("projects:"), shared by the generated views."""
        return self.detail_url.rpartition(":")[0] + ":" if ":" in self.detail_url else ""

    def urlpatterns(self, prefix: str = "") -> list[URLPattern]:
        """One URL pattern per transition: ``<prefix><int:pk>/<slug>/`` named ``<namespace_prefix><action>``."""
        self.check()
        return [
            path(
                f"{prefix}<int:{self.url_kwarg}>/{t.slug}/", self.view(t.action), name=self.url_name(t.action)
            )
            for t in self.workflow.routed()
        ]
