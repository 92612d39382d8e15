"""The record's URLs under /projects/ (the list); the root URLconf joins them with the other project apps'."""

from django.urls import path

from . import urls_registration, views

urlpatterns = [
    path("", views.project_list, name="list"),
    *urls_registration.urlpatterns,
]
