from django.urls import path

from . import views

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("scheme/", views.scheme_view, name="scheme"),
    path("<int:bulletin_id>/", views.bulletin_view, name="detail"),
    path("<int:bulletin_id>/edit/", views.bulletin_edit, name="edit"),
    path("<int:bulletin_id>/issue/", views.bulletin_issue, name="issue"),
    path("<int:bulletin_id>/bulletin.docx", views.bulletin_docx, name="docx"),
    path("<int:bulletin_id>/bulletin.pdf", views.bulletin_pdf, name="pdf"),
]
