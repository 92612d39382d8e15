"""Report URLs (under /reports/): the public form and private link, staff pages, actions from the table."""

from django.urls import path

from . import views, views_public

app_name = "reports"
urlpatterns = [
    path("new/", views_public.report_new, name="new"),
    path("t/<str:secret>/", views_public.report_track, name="track"),
    path("", views.report_list, name="list"),
    path("intake/", views.report_intake, name="intake"),
    path("rates/", views.rates_page, name="rates"),
    path("open311-keys/", views.keys_page, name="keys"),
    path("open311-keys/<int:key_id>/revoke/", views.key_revoke, name="key_revoke"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/reveal/", views.report_reveal, name="reveal"),
    path("<int:report_id>/photos/<int:photo_id>/", views.report_photo, name="photo"),
    *views.REPORT_PAGES.urlpatterns(),
]
