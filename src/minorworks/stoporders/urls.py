"""Stop-work order URLs (under /stop-orders/); the order's actions come from its table."""

from django.urls import path

from . import views

app_name = "stoporders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/order.pdf", views.order_pdf, name="order_pdf"),
    path("<int:pk>/order.docx", views.order_docx, name="order_docx"),
    *views.ORDER_PAGES.urlpatterns(),
]
