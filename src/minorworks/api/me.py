"""Who am I, and the region tree: the smallest useful endpoints, and the pattern for the rest."""

from __future__ import annotations

from ninja import Router, Schema

from minorworks.core.access import allow_authenticated
from minorworks.orgs.models import Region

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    district: str | None
    street: str | None
    community: str | None
    department: str | None
    enterprise: str | None


@router.get("/me", response=MeOut)
@allow_authenticated(api=True)
def me(request):
    """The calling user, their role and scope."""
    user = request.auth
    return MeOut(
        username=user.username,
        display_name=str(user),
        role=user.role,
        district=str(user.district) if user.district_id else None,
        street=str(user.street) if user.street_id else None,
        community=str(user.community) if user.community_id else None,
        department=str(user.department) if user.department_id else None,
        enterprise=str(user.enterprise) if user.enterprise_id else None,
    )


class RegionOut(Schema):
    code: str
    name: str
    name_en: str
    level: str
    parent_code: str | None


@router.get("/regions", response=list[RegionOut])
@allow_authenticated(api=True)
def regions(request, parent: str | None = None):
    """Regions (district, streets, communities); ``parent`` narrows to the children of one region code."""
    qs = Region.objects.select_related("parent").order_by("level", "sort", "code")
    if parent:
        qs = qs.filter(parent__code=parent)
    return [
        RegionOut(
            code=r.code,
            name=r.name,
            name_en=r.name_en,
            level=r.level,
            parent_code=r.parent.code if r.parent else None,
        )
        for r in qs
    ]
