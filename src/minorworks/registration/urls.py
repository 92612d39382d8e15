"""Registration and upload URLs (under /projects/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.project_create, name="create"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/workers/", views.project_workers, name="workers"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("community-options/", views.community_options, name="community_options"),
]
