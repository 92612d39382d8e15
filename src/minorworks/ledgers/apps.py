from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "minorworks.ledgers"
    label = "ledgers"
    verbose_name = _("Ledgers")

    def ready(self) -> None:
        # Each app declares its ledgers in its own ledgers.py; this app hosts their pages and routes.
        from minorworks.core.ledgers import autodiscover

        autodiscover()
