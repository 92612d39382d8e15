from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "minorworks.inspections"
    label = "inspections"
    verbose_name = _("Inspections and hazards")

    def ready(self) -> None:
        from minorworks.core.reference import loader

        from .reference import load_checklists

        loader(50)(load_checklists)

        from minorworks.review.panels import Panel, register

        from .panels import project_panel

        register(Panel("inspections", "inspections/_project_panel.html", project_panel, order=20))
