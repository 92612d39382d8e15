from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "minorworks.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from minorworks.core.reference import loader

        from .reference import load_reference

        loader(10)(load_reference)
