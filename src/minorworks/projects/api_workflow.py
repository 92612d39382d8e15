"""API router (filled in by the feature that owns this module)."""

from ninja import Router

router = Router(tags=["projects"])
