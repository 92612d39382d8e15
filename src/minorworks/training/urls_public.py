"""The public sign-in pages the QR codes open (under /sign-in/): trainings here, meetings from their app."""

from django.urls import path

from minorworks.training import views

app_name = "signin"
urlpatterns = [
    path("t/<str:code>/", views.training_signin, name="training"),
]
