from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minorworks.core"
    label = "core"
    verbose_name = "Core"
