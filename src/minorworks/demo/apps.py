from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "minorworks.demo"
    label = "demo"
    verbose_name = "Demo data"
