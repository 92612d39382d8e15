"""Ledger URLs: the index, the Excel import, and a page and an export per registered ledger.

The per-ledger patterns are generated from the registry (each with its ledger's access rule). They share the
names ``ledgers:ledger`` and ``ledgers:export`` and are reversed with ``kwargs={"ledger": slug}``.
"""

from django.urls import path

from minorworks.core.ledgers import registered

from . import importviews, views

app_name = "ledgers"

urlpatterns = [
    path("", views.index_view(), name="index"),
    path("import/", importviews.import_page, name="import"),
    path("import/template.xlsx", importviews.import_template, name="import_template"),
    path("import/<int:job_id>/", importviews.import_job, name="import_job"),
]
for _ledger in registered():
    urlpatterns += [
        path(f"{_ledger.slug}/", views.page_view(_ledger), {"ledger": _ledger.slug}, name="ledger"),
        path(
            f"{_ledger.slug}/export.xlsx", views.export_view(_ledger), {"ledger": _ledger.slug}, name="export"
        ),
    ]
