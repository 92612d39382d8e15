"""URL patterns of the project detail page and its workflow actions (`projects:<action>`), from the table."""

from django.urls import path

from . import views_workflow

urlpatterns = [
    path("<int:pk>/", views_workflow.project_detail, name="detail"),
    *views_workflow.PAGES.urlpatterns(),
]
