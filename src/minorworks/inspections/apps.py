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

        from django.db.models.signals import post_delete, post_save

        from . import watch
        from .models import Hazard, Inspection

        for model in (Inspection, Hazard):
            post_save.connect(watch.on_saved, sender=model, dispatch_uid=f"site-watch-save-{model.__name__}")
            post_delete.connect(watch.on_saved, sender=model, dispatch_uid=f"site-watch-del-{model.__name__}")

        from minorworks.review.panels import Panel, register

        from .panels import project_panel

        register(Panel("inspections", "inspections/_project_panel.html", project_panel, order=20))
