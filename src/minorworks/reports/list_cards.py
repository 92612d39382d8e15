"""The report list's cards as HTML, written in Python (reports/list.html shows them).

The template's loop (a ``{% url %}``, three choice labels, a date filter and the deadline tests per card) was
most of the page's rendering; the cards are joined here from escaped strings, with the deadline rules of the
model (``response_overdue``, ``resolution_overdue``) and the date written as every list writes it (``moment``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from minorworks.core.figures import EMPTY
from minorworks.core.templatetags.formats import moment

from .models import Report

# What a card shows: the list reads these columns only (no reporter's name or phone is decrypted for it).
CARD_FIELDS = (
    "number",
    "status",
    "category",
    "channel",
    "address",
    "received_at",
    "respond_by",
    "resolve_by",
    "responded_at",
    "street__name",
)


def cards_html(reports: Iterable[Report], now: dt.datetime) -> SafeString:
    """One card per report, every value escaped."""
    e = conditional_escape
    late_response = f'<span class="badge text-bg-danger">{e(gettext("Response overdue"))}</span>\n        '
    late_resolution = f'<span class="badge text-bg-warning">{e(gettext("Resolution overdue"))}</span>'
    desk = e(gettext("District desk"))
    cards = []
    for report in reports:
        number = e(report.number)
        if report.response_overdue(now):
            late = late_response
        elif report.resolution_overdue(now):
            late = late_resolution
        else:
            late = ""
        street = e(report.street.name) if report.street_id else desk
        cards.append(
            '\n  <a class="card text-decoration-none text-body"'
            f' href="{e(reverse("reports:detail", kwargs={"report_id": report.pk}))}" data-report="{number}">\n'
            '    <div class="card-body py-2">\n'
            f'      <div class="d-flex flex-wrap gap-2 align-items-center"><strong>{number}</strong>\n'
            f'        <span class="badge text-bg-secondary">{e(report.get_status_display())}</span>\n'
            f"        {late}\n"
            "      </div>\n"
            f'      <div class="small">{e(report.get_category_display())} · {e(report.address or EMPTY)}</div>\n'
            f'      <div class="small text-muted">{e(moment(report.received_at))} · {street} · '
            f"{e(report.get_channel_display())}</div>\n"
            "    </div>\n"
            "  </a>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 — every value escaped above
