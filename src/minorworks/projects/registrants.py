"""Who may register a project: the rule the project list's button and the registration functions share."""

from __future__ import annotations

from typing import Any

from minorworks.core.roles import Role


def can_register(user: Any) -> bool:
    """Builders (for their own enterprise) and street officers (on a builder's behalf) register projects."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (user.role == Role.BUILDER and user.enterprise_id is not None) or (
        user.role == Role.STREET_OFFICER and user.street_id is not None
    )
