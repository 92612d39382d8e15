"""Training URLs (under /trainings/)."""

from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.training_list, name="list"),
    path("new/", views.training_new, name="new"),
    path("<int:training_id>/", views.training_detail, name="detail"),
    path("<int:training_id>/register", views.training_register, name="register"),
    path("<int:training_id>/attendance.pdf", views.attendance_pdf, name="attendance_pdf"),
    path("<int:training_id>/attendance.docx", views.attendance_docx, name="attendance_docx"),
]
