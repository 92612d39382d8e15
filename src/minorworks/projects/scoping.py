"""Which projects and leads a user may see: one place, used by every list, detail view and API."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from minorworks.core.roles import Role

from .models import Lead, Project


def project_scope(user) -> Q:
    """A filter selecting the projects ``user`` may see (nothing for an unknown role)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    role = user.role
    if role == Role.DISTRICT_ADMIN:
        return Q(district_id=user.district_id)
    if role == Role.STREET_OFFICER:
        return Q(street_id=user.street_id)
    if role == Role.GRID_WORKER:
        return Q(community_id=user.community_id)
    if role == Role.DEPARTMENT_OFFICER:
        department = user.department
        if department is None:
            return Q(pk__in=[])
        if department.oversees_all:
            return Q(district_id=department.district_id)
        return Q(district_id=department.district_id, project_type__sector__departments=department)
    if role == Role.BUILDER:
        return Q(builder_id=user.enterprise_id) | Q(contractor_id=user.enterprise_id)
    return Q(pk__in=[])


def visible_projects(user) -> QuerySet[Project]:
    """The projects ``user`` may see."""
    return Project.objects.filter(project_scope(user))


def get_project_for(user, pk: int) -> Project:
    """The project with ``pk`` if ``user`` may see it; 404 otherwise (never reveals existence)."""
    project = (
        visible_projects(user)
        .filter(pk=pk)
        .select_related(
            "project_type", "street", "community", "district", "builder", "contractor", "site_manager"
        )
        .first()
    )
    if project is None:
        raise Http404
    return project


def lead_scope(user) -> Q:
    """A filter selecting the unregistered-site leads ``user`` may see (staff only)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.role == Role.DISTRICT_ADMIN:
        return Q(district_id=user.district_id)
    if user.role == Role.STREET_OFFICER:
        return Q(street_id=user.street_id)
    if user.role == Role.GRID_WORKER:
        return Q(community_id=user.community_id)
    return Q(pk__in=[])


def visible_leads(user) -> QuerySet[Lead]:
    """The leads ``user`` may see."""
    return Lead.objects.filter(lead_scope(user))


def get_lead_for(user, pk: int) -> Lead:
    """The lead with ``pk`` if ``user`` may see it; 404 otherwise."""
    lead = visible_leads(user).filter(pk=pk).first()
    if lead is None:
        raise Http404
    return lead
