from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit"),
    path("map/", views.sites_map, name="map"),
    path("map/points.json", views.map_points, name="map_points"),
    path("map/near.json", views.near_me, name="near_me"),
]
