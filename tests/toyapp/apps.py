from django.apps import AppConfig


class ToyConfig(AppConfig):
    name = "tests.toyapp"
    label = "toyapp"

    def ready(self) -> None:
        from minorworks.api.core import api

        from .api import router

        api.add_router("/", router)
