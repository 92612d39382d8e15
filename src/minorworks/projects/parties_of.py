"""How a user stands towards one project (builder, contractor, street, district): the parties of its workflow."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from minorworks.core.roles import Role

from .models import Project


class Party(StrEnum):
    """How a user stands towards one project."""

    BUILDER = "builder"  # a portal account of the project's builder (建设单位)
    CONTRACTOR = "contractor"  # a portal account of the project's contractor (施工单位)
    STREET = "street"  # an officer of the project's street
    DISTRICT = "district"  # an administrator of the project's district


PARTY_ROLE: dict[str, str] = {
    Party.BUILDER: Role.BUILDER,
    Party.CONTRACTOR: Role.BUILDER,
    Party.STREET: Role.STREET_OFFICER,
    Party.DISTRICT: Role.DISTRICT_ADMIN,
}


def parties_of(user: Any, project: Project) -> frozenset[Party]:
    """The parties ``user`` represents on ``project`` (empty for everyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    found: set[Party] = set()
    if user.role == Role.STREET_OFFICER and user.street_id and user.street_id == project.street_id:
        found.add(Party.STREET)
    if user.role == Role.DISTRICT_ADMIN and user.district_id and user.district_id == project.district_id:
        found.add(Party.DISTRICT)
    if user.role == Role.BUILDER and user.enterprise_id:
        if user.enterprise_id == project.builder_id:
            found.add(Party.BUILDER)
        if user.enterprise_id == project.contractor_id:
            found.add(Party.CONTRACTOR)
    return frozenset(found)
