"""Inspection, hazard and coverage URLs (under /inspections/); hazard actions come from the table."""

from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list_view, name="list"),
    path("new/", views.inspection_create, name="create"),
    path("coverage/", views.coverage_view, name="coverage"),
    path("<int:pk>/", views.inspection_detail_view, name="detail"),
    path("photos/<int:pk>/", views.photo_view, name="photo"),
    *(
        path(f"<int:pk>/{name}.{fmt}", view, name=f"{name.replace('-', '_')}_{fmt}")
        for (name, fmt), view in views.DOCUMENT_VIEWS.items()
    ),
    path("hazards/", views.hazard_list_view, name="hazard_list"),
    path("hazards/<int:pk>/", views.hazard_detail_view, name="hazard_detail"),
    *views.HAZARD_PAGES.urlpatterns("hazards/"),
]
