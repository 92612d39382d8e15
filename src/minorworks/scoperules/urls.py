"""The scope rules page (under /projects/scope-rules/, where it was while part of the registry)."""

from django.urls import path

from . import views

app_name = "scoperules"
urlpatterns = [path("", views.scope_rules, name="rules")]
