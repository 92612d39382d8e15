"""Project registry URLs: each feature module contributes its own patterns."""

from django.urls import path

from . import urls_registration, urls_workflow, views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    *urls_registration.urlpatterns,
    *urls_workflow.urlpatterns,
]
