from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("leads/", views.lead_list, name="lead_list"),
]
