"""The record's URLs under /projects/ (the list); the root URLconf joins them with the other project apps'."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.project_list, name="list"),
]
