from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScopeRulesConfig(AppConfig):
    name = "minorworks.scoperules"
    label = "scoperules"
    verbose_name = _("Scope rules")

    def ready(self) -> None:
        from minorworks.core.reference import loader

        from .reference import load_scope_reference

        loader(20)(load_scope_reference)
