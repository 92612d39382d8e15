"""Joint meeting URLs (under /meetings/); the action items' actions come from their table."""

from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/minutes", views.meeting_minutes, name="minutes"),
    path("<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("sign-in/<str:code>/", views.meeting_signin, name="signin"),
    *views.ITEM_PAGES.urlpatterns("items/"),
]
