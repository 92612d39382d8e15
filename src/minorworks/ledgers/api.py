"""Ledger exports over the API: the same file, filters and scope as the page's Export button."""

from __future__ import annotations

from django.http import FileResponse, Http404
from ninja import Router

from minorworks.core.access import allow
from minorworks.core.roles import Role

from .definitions import LEDGERS, ledger_projects
from .export import export_response
from .filters import LedgerFilter

router = Router(tags=["ledgers"])


@router.get("/ledgers/{ledger}.xlsx")
@allow(Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.GRID_WORKER, api=True)
def export_ledger(request, ledger: str) -> FileResponse:
    """One ledger (`below-quota`, `stopped`, `internal`) as .xlsx; query parameters as on the ledger page
    (street, community, status, project_type, start_from, start_to, end_from, end_to, q, ordering)."""
    current = LEDGERS.get(ledger)
    if current is None:
        raise Http404
    filterset = LedgerFilter(
        request.GET or None,
        queryset=ledger_projects(current, request.auth),
        request=request,
        with_status=current.slug != "stopped",
    )
    return export_response(current, filterset, user=request.auth)
