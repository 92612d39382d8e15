"""The toy's pages: a detail page and the generated action views."""

from django.http import HttpResponse

from minorworks.core.access import allow_authenticated
from minorworks.core.jurisdiction import get_scoped
from minorworks.core.workflow_views import ActionUI, WorkflowPages

from .models import Permit
from .workflow import TOY_WORKFLOW


@allow_authenticated()
def permit_detail(request, pk):
    permit = get_scoped(Permit, request.user, pk)
    return HttpResponse(f"{permit.title} {permit.status}")


def _render(request, obj, bound=None, status=200):
    errors = {action: form.errors for action, form in (bound or {}).items()}
    return HttpResponse(f"errors {errors}", status=status)


PAGES = WorkflowPages(
    workflow=TOY_WORKFLOW,
    ui={"approve": ActionUI("Approve"), "close": ActionUI("Close")},
    get_for=lambda user, pk: get_scoped(Permit, user, pk),
    render_detail=_render,
    detail_url="toy:detail",
)
