from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "minorworks.notices"
    label = "notices"
    verbose_name = _("Safety notices and site boards")

    def ready(self) -> None:
        from minorworks.review.views import ACTION_UI
        from minorworks.review.workflow import PROJECT_WORKFLOW

        from .lifecycle import extend_project_lifecycle

        extend_project_lifecycle(PROJECT_WORKFLOW, ACTION_UI)

        from minorworks.review.panels import Panel, register, register_state

        from .panels import documents_panel, notice_panel, notice_state

        register(Panel("notice", "notices/_notice_panel.html", notice_panel, order=10, slot="side"))
        register(Panel("documents", "notices/_project_documents.html", documents_panel, order=40))
        register_state("notice", notice_state)
