from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "minorworks.reports"
    label = "reports"
    verbose_name = _("Residents' reports")

    def ready(self) -> None:
        # The history on a report's page and the audit log name this app's actions in the user's language.
        from minorworks.core.audit_labels import ACTION_LABELS

        ACTION_LABELS.update(
            {
                "report.receive": _("Report received"),
                "report.dispatch": _("Report sent to a street"),
                "report.accept": _("Report accepted"),
                "report.send_back": _("Report sent back to the desk"),
                "report.link_project": _("Report linked to a project"),
                "report.lead": _("Report linked to an unregistered-site lead"),
                "report.link_inspection": _("Report linked to an inspection"),
                "report.close": _("Report closed with a reply"),
                "report.review_close": _("Report closed again after review"),
                "report.merge": _("Report merged as a duplicate"),
                "report.rate": _("Report rated by the reporter"),
                "report.reveal": _("Reporter's phone shown in full"),
                "open311_key.issue": _("Open311 key issued"),
                "open311_key.revoke": _("Open311 key revoked"),
            }
        )
