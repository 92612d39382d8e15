"""Root URL configuration: every included view declares its access rule (see core.access)."""

from django.urls import include, path

from minorworks.api.urls import api
from minorworks.projects.urls import urlpatterns as projects_patterns
from minorworks.registration.urls import urlpatterns as registration_patterns
from minorworks.review.urls import urlpatterns as review_patterns

# Error pages in the shell and the user's language (JSON under /api/); see core.errors.
handler400 = "minorworks.core.errors.bad_request"
handler403 = "minorworks.core.errors.permission_denied"
handler404 = "minorworks.core.errors.page_not_found"
handler500 = "minorworks.core.errors.server_error"

urlpatterns = [
    path("", include("minorworks.dashboard.urls")),
    path("", include("minorworks.scoperules.urls_public")),
    path("", include("minorworks.notices.urls")),
    path("accounts/", include("minorworks.accounts.urls")),
    path("projects/leads/", include("minorworks.leads.urls")),
    path("projects/scope-rules/", include("minorworks.scoperules.urls")),
    # One namespace over the project apps' patterns, in the order they had in one app (ADR 0010).
    path("projects/", include(([*projects_patterns, *registration_patterns, *review_patterns], "projects"))),
    path("ledgers/", include("minorworks.ledgers.urls")),
    path("inspections/", include("minorworks.inspections.urls")),
    path("stop-orders/", include("minorworks.stoporders.urls")),
    path("accidents/", include("minorworks.accidents.urls")),
    path("trainings/", include("minorworks.training.urls")),
    path("meetings/", include("minorworks.meetings.urls")),
    path("sign-in/", include("minorworks.training.urls_public")),
    path("reports/", include("minorworks.reports.urls")),
    path("open311/v2/", include("minorworks.reports.urls_open311")),
    path("bulletins/", include("minorworks.bulletins.urls")),
    path("notifications/", include("minorworks.core.urls_notifications")),
    path("api/v1/", api.urls),
]
