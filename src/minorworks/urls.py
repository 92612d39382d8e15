"""Root URL configuration: every included view declares its access rule (see core.access)."""

from django.urls import include, path

from minorworks.api.urls import api

urlpatterns = [
    path("", include("minorworks.dashboard.urls")),
    path("", include("minorworks.projects.urls_public")),
    path("", include("minorworks.documents.urls")),
    path("accounts/", include("minorworks.accounts.urls")),
    path("projects/", include("minorworks.projects.urls")),
    path("ledgers/", include("minorworks.ledgers.urls")),
    path("inspections/", include("minorworks.inspections.urls")),
    path("stop-orders/", include("minorworks.stoporders.urls")),
    path("api/v1/", api.urls),
]
