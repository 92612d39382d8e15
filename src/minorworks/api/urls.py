"""Assemble the API: the core object plus each feature's router, mounted at /api/v1/."""

from .core import api
from .me import router as me_router

api.add_router("/", me_router)
