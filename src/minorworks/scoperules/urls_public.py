"""The public scope check (no login)."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [path("scope-check/", views.scope_check_page, name="scope_check")]
