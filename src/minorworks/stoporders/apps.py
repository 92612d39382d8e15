from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StopOrdersConfig(AppConfig):
    name = "minorworks.stoporders"
    label = "stoporders"
    verbose_name = _("Stop-work orders")

    def ready(self) -> None:
        # The seam: this capability adds the officer's stop, the builder's pause and the resumption to the
        # project's lifecycle, and proposes an order when a major hazard is recorded.
        from minorworks.inspections.services import hazards_recorded
        from minorworks.leads.domain import lead_recorded
        from minorworks.review.workflow import PROJECT_WORKFLOW

        from . import lifecycle, proposals

        PROJECT_WORKFLOW.add(*lifecycle.PROJECT_TRANSITIONS)
        from minorworks.review.views import ACTION_UI

        ACTION_UI.update(lifecycle.ACTION_UI)
        from minorworks.review.panels import Panel, register, register_initial

        from .panels import project_panel, stop_initial

        register(Panel("stop_orders", "stoporders/_project_panel.html", project_panel, order=30))
        register_initial("stop", stop_initial)
        hazards_recorded.connect(proposals.on_hazards_recorded, dispatch_uid="stoporders.propose")
        lead_recorded.connect(proposals.on_lead_recorded, dispatch_uid="stoporders.propose_for_site")
