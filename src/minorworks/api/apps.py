from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "minorworks.api"
    label = "api"
    verbose_name = "API"
