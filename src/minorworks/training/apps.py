from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "minorworks.training"
    label = "training"
    verbose_name = _("Safety training")

    def ready(self) -> None:
        # Seams: a panel on the project's page (who of the workers is trained) and a registry check.
        from minorworks.registration.checks import EXTRA_CHECKS
        from minorworks.review.panels import Panel, register

        from .panels import project_panel, training_check

        register(Panel("worker_training", "training/_project_panel.html", project_panel, order=40))
        if training_check not in EXTRA_CHECKS:
            EXTRA_CHECKS.append(training_check)
