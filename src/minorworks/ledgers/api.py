"""The ledgers' API routes: a list and an export endpoint generated for every registered ledger."""

from __future__ import annotations

from ninja import Router

from minorworks.core.ledgers.api import add_ledger_routes

router = Router(tags=["ledgers"])
add_ledger_routes(router)
