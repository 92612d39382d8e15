"""Assemble the API: the core object plus each feature's router, mounted at /api/v1/."""

from minorworks.accidents.api import router as accidents_router
from minorworks.bulletins.api import router as bulletins_router
from minorworks.core.api_notifications import router as notifications_router
from minorworks.inspections.api import router as inspections_router
from minorworks.leads.api import router as leads_router
from minorworks.ledgers.api import router as ledgers_router
from minorworks.meetings.api import router as meetings_router
from minorworks.notices.api import router as documents_router
from minorworks.registration.api import router as registration_router
from minorworks.reports.api import router as reports_router
from minorworks.review.api import router as workflow_router
from minorworks.scoperules.api import router as scoperules_router
from minorworks.stoporders.api import router as stoporders_router

from .core import api
from .me import router as me_router

api.add_router("/", me_router)
api.add_router("/", registration_router)
api.add_router("/", workflow_router)
api.add_router("/", documents_router)
api.add_router("/", ledgers_router)
api.add_router("/", leads_router)
api.add_router("/", inspections_router)
api.add_router("/", stoporders_router)
api.add_router("/", scoperules_router)
api.add_router("/", notifications_router)
api.add_router("/", accidents_router)
api.add_router("/", meetings_router)
api.add_router("/", reports_router)
api.add_router("/", bulletins_router)
