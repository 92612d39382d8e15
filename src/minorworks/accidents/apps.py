from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccidentsConfig(AppConfig):
    name = "minorworks.accidents"
    label = "accidents"
    verbose_name = _("Accidents")
