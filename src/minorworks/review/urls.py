"""URL patterns of the project detail page and its workflow actions (`projects:<action>`), from the table."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.project_detail, name="detail"),
    *views.PAGES.urlpatterns(),
]
