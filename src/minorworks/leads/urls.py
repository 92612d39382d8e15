"""Lead URLs (under /projects/leads/, where they were while leads were part of the registry)."""

from django.urls import path

from . import views

app_name = "leads"
urlpatterns = [
    path("", views.lead_list, name="list"),
    path("new/", views.lead_create, name="create"),
    path("<int:lead_id>/", views.lead_detail, name="detail"),
    path("<int:lead_id>/photo/", views.lead_photo, name="photo"),
    *views.LEAD_PAGES.urlpatterns(),
]
