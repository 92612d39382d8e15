"""URLs of the inbox, the channel preferences and the districts' webhook endpoints."""

from django.urls import path

from . import views_notifications as views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("channels/", views.channels, name="channels"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:endpoint_id>/", views.webhook, name="webhook"),
]
