"""Accident URLs (under /accidents/); the investigation's actions come from its table."""

from django.urls import path

from . import views

app_name = "accidents"
urlpatterns = [
    path("", views.accident_list, name="list"),
    path("new/", views.accident_new, name="new"),
    path("<int:accident_id>/", views.accident_detail, name="detail"),
    path("<int:accident_id>/casualty-change", views.accident_change, name="change"),
    path("<int:accident_id>/casualties/<int:casualty_id>/reveal", views.accident_reveal, name="reveal"),
    path("<int:accident_id>/quick-report.pdf", views.quick_report_pdf, name="quick_report_pdf"),
    path("<int:accident_id>/quick-report.docx", views.quick_report_docx, name="quick_report_docx"),
    path("<int:accident_id>/investigation.pdf", views.investigation_pdf, name="investigation_pdf"),
    path("<int:accident_id>/investigation.docx", views.investigation_docx, name="investigation_docx"),
    *views.ACCIDENT_PAGES.urlpatterns(),
]
