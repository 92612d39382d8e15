"""Public pages of the registry (no login): the scope check."""

from django.urls import path

from . import views_registration

app_name = "public"

urlpatterns = [
    path("scope-check/", views_registration.scope_check_page, name="scope_check"),
]
