"""Human labels for the audit log's action codes (the codes stay stable; the labels are translated)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str | Promise] = {
    "project.create": _("Registration created"),
    "project.update": _("Registration edited"),
    "project.workers": _("Workers changed"),
    "project.attachment_add": _("File uploaded"),
    "project.attachment_remove": _("File removed"),
    "import": _("Imported from Excel"),
    "import.start": _("Excel import uploaded"),
    "ledger.export": _("Ledger exported"),
    "assign_officer": _("Responsible officer assigned"),
    "submit": _("Submitted for review"),
    "accept": _("Accepted; notice issued"),
    "return": _("Registration returned for correction"),
    "refuse": _("Registration refused"),
    "acknowledge_notice": _("Notice acknowledged"),
    "upload_signed_notice": _("Signed notice uploaded"),
    "start": _("Work started"),
    "stop": _("Work stopped"),
    "resume": _("Work resumed"),
    "complete": _("Works completed"),
    "archive": _("Project archived"),
    "change_dates": _("Dates changed"),
    "change_personnel": _("Site manager changed"),
    "lead.create": _("Lead recorded"),
    "lead.registered": _("Lead resolved: registered"),
    "lead.stopped": _("Lead resolved: stopped"),
    "lead.out_of_scope": _("Lead resolved: out of scope"),
    "scope_rule.create": _("Scope rule added"),
    "certificate.reclassify": _("Certificate kind corrected"),
    "auth.sign_in": _("Signed in"),
    "auth.sign_in_failed": _("Sign-in failed"),
    "auth.token_revoked": _("API token revoked"),
    "auth.tokens_revoked": _("All API tokens revoked"),
}

CHANNEL_LABELS: dict[str, str | Promise] = {
    "ui": _("web"),
    "api": _("API"),
    "cli": _("command line"),
    "system": _("system"),
}


def action_label(code: str) -> str | Promise:
    """The label of an action code; the code itself when it has none."""
    return ACTION_LABELS.get(code, code)


def channel_label(code: str) -> str | Promise:
    """The label of a channel code."""
    return CHANNEL_LABELS.get(code, code)
