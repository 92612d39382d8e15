"""Ledger pages, their Excel exports, and the Excel import of projects."""

from django.urls import path

from . import views

app_name = "ledgers"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the ledger pattern: "import" would otherwise be read as a ledger's slug.
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<slug:ledger>/", views.ledger_page, name="ledger"),
    path("<slug:ledger>/export.xlsx", views.ledger_export, name="export"),
]
