"""Document downloads under /projects/<pk>/ and the public page /p/<public_id>/ (mounted at the root)."""

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("projects/<int:pk>/notice.docx", views.notice_docx, name="notice_docx"),
    path("projects/<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("projects/<int:pk>/board.pdf", views.board_pdf, name="board_pdf"),
    path("projects/<int:pk>/board.docx", views.board_docx, name="board_docx"),
    path("p/<str:public_id>/", views.public_project, name="public"),
]
