"""The one jurisdiction rule: where a user works, and which rows of any model that puts within their reach.

``Jurisdiction.of(user)`` reads the user's role and scope once (district, street, community, the department's
sectors and enterprise categories, or the builder's own enterprise). A model declares how its rows relate to
regions and owners with a class attribute ``scope_paths = ScopePaths(...)``; :func:`scope_q` turns the two into
one filter. Every list, detail, export, document and API endpoint of every capability scopes through
:func:`scoped` / :func:`get_scoped` (the data-hub-api pattern: the rule is data on the model, not code in the
views).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .page_memo import for_one_page, known, remembered
from .roles import Role

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class ScopePaths:
    """How a model's rows reach the region tree and their owners (ORM paths; None: not applicable).

    ``sector``: path to the sector id the record belongs to (departments see their sectors);
    ``categories``: paths to enterprise categories (departments see the units of their categories);
    ``owners``: paths to enterprise ids whose portal accounts see the record (builder, contractor);
    ``departments``: path to department ids the record names explicitly (e.g. a joint inspection).
    """

    district: str | None = "district"
    street: str | None = "street"
    community: str | None = "community"
    sector: str | None = None
    categories: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    departments: str | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """Where one user works: the kind of reach and the ids that bound it."""

    kind: str  # district | street | community | department | enterprise | none
    district_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None
    department_id: int | None = None
    oversees_all: bool = False
    sector_ids: frozenset[int] = frozenset()
    categories: frozenset[str] = frozenset()
    enterprise_id: int | None = None

    @classmethod
    def of(cls, user: Any) -> Jurisdiction:
        """The jurisdiction of ``user`` (kind "none" for anonymous, inactive or incompletely set-up users)."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return NONE
        cached = getattr(user, "_jurisdiction", None)
        if cached is not None:
            return cached
        found = _build(user)
        user._jurisdiction = found  # once per user object (per request): departments cost a query
        return found

    @property
    def is_none(self) -> bool:
        """True when the user may see no rows at all."""
        return self.kind == "none"


NONE = Jurisdiction("none")

# The kinds whose rule filters every row on the district (scope_q); the others may not name one.
DISTRICT_BOUND = frozenset({"district", "department"})


def district_bound(user: Any) -> int | None:
    """The district :func:`scoped` itself requires of every row ``user`` sees (of a model with a district
    path), or None.

    A query may repeat it where that helps an index (e.g. the keyword search); it never changes the rows.
    """
    where = Jurisdiction.of(user)
    return where.district_id if where.kind in DISTRICT_BOUND else None


def _build(user: Any) -> Jurisdiction:
    role = user.role
    if role == Role.DISTRICT_ADMIN and user.district_id:
        return Jurisdiction("district", district_id=user.district_id)
    if role == Role.STREET_OFFICER and user.street_id:
        return Jurisdiction("street", district_id=user.district_id, street_id=user.street_id)
    if role == Role.GRID_WORKER and user.community_id:
        return Jurisdiction(
            "community",
            district_id=user.district_id,
            street_id=user.street_id,
            community_id=user.community_id,
        )
    if role == Role.DEPARTMENT_OFFICER and user.department_id:
        department = user.department
        return Jurisdiction(
            "department",
            district_id=department.district_id,
            department_id=department.pk,
            oversees_all=department.oversees_all,
            sector_ids=frozenset(department.sectors.values_list("pk", flat=True)),
            categories=frozenset(getattr(department, "enterprise_categories", None) or ()),
        )
    if role == Role.BUILDER and user.enterprise_id:
        return Jurisdiction("enterprise", enterprise_id=user.enterprise_id)
    return NONE


def _eq(path: str | None, value: Any) -> Q:
    return Q(**{path: value}) if path and value is not None else NOTHING


def _any(parts: list[Q]) -> Q:
    if not parts:
        return NOTHING
    found = parts[0]
    for part in parts[1:]:
        found |= part
    return found


def scope_q(paths: ScopePaths, where: Jurisdiction) -> Q:
    """The filter selecting the rows a jurisdiction reaches, for a model whose rows follow ``paths``."""
    kind = where.kind
    if kind == "district":
        return _eq(paths.district, where.district_id)
    if kind == "street":
        return _eq(paths.street, where.street_id)
    if kind == "community":
        return _eq(paths.community, where.community_id)
    if kind == "department":
        if where.oversees_all:
            return _eq(paths.district, where.district_id)
        parts: list[Q] = []
        if paths.sector and where.sector_ids:
            parts.append(Q(**{f"{paths.sector}__in": sorted(where.sector_ids)}))
        if where.categories:
            parts += [Q(**{f"{path}__in": sorted(where.categories)}) for path in paths.categories]
        if paths.departments:
            parts.append(Q(**{paths.departments: where.department_id}))
        reach = _any(parts)
        if reach is NOTHING or not paths.district:
            return reach
        return _eq(paths.district, where.district_id) & reach
    if kind == "enterprise":
        return _any([Q(**{path: where.enterprise_id}) for path in paths.owners])
    return NOTHING


def paths_of(model: type[Model]) -> ScopePaths:
    """The scope paths a model declares (a model without them is out of everyone's reach)."""
    paths = getattr(model, "scope_paths", None)
    if not isinstance(paths, ScopePaths):
        raise TypeError(f"{model.__name__} declares no scope_paths")
    return paths


def scoped(queryset: QuerySet | type[Model], user: Any) -> QuerySet:
    """``queryset`` (or all rows of a model) narrowed to what ``user`` may see."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    where = Jurisdiction.of(user)
    if where.is_none:
        return qs.none()
    return qs.filter(scope_q(paths_of(qs.model), where))


def get_scoped(queryset: QuerySet | type[Model], user: Any, pk: Any) -> Any:
    """The row with ``pk`` if ``user`` may see it; 404 otherwise (never reveals that it exists)."""
    found = scoped(queryset, user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _in_scope_key(user: Any) -> tuple[str, Any]:
    return ("in_scope", getattr(user, "pk", None))


def in_scope(user: Any, obj: Model) -> bool:
    """Whether ``obj`` lies within ``user``'s reach: one query, none for a record read by :func:`seen_by`."""
    return remembered(obj, _in_scope_key(user), lambda: scoped(type(obj), user).filter(pk=obj.pk).exists())


def seen_by(obj: Any, user: Any) -> Any:
    """Mark ``obj``, just read through :func:`scoped` for ``user`` by a page that only reads, as that page's
    record (see :mod:`.page_memo`) known to lie within ``user``'s reach; return it."""
    for_one_page(obj)
    known(obj, _in_scope_key(user), True)
    return obj
