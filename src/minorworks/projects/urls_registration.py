"""Registration and upload URLs (under /projects/)."""

from django.urls import path

from . import views_registration

urlpatterns = [
    path("new/", views_registration.project_create, name="create"),
    path("<int:pk>/edit/", views_registration.project_edit, name="edit"),
    path("<int:pk>/attachments/", views_registration.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views_registration.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/remove/",
        views_registration.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/workers/", views_registration.project_workers, name="workers"),
    path("<int:pk>/reveal/", views_registration.reveal, name="reveal"),
    path("community-options/", views_registration.community_options, name="community_options"),
]
