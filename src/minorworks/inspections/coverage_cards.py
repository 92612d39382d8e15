"""The inspector's list for the day as HTML cards, written in Python (inspections/coverage.html shows them).

The template's loop (two ``{% url %}``, a ``{% blocktranslate %}`` with a date filter, the reasons joined) took
~180 µs a card: 4.5 ms of a 25-card page. The same markup joined from escaped strings takes a tenth of that.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from .coverage import Due

BADGE = {"overdue": "text-bg-danger", "due_soon": "text-bg-warning", "ok": "text-bg-light"}


def state_labels() -> dict[str, str]:
    """Each state's name in the active language (the counts above the list use the same words)."""
    return {
        "overdue": pgettext("coverage", "Overdue"),
        "due_soon": gettext("Due soon"),
        "ok": gettext("Covered"),
    }


def cards_html(rows: Iterable[Due]) -> SafeString:
    """One ``list-group-item`` per project, every value escaped."""
    labels = state_labels()
    risk, inspect = conditional_escape(gettext("Risk score")), conditional_escape(gettext("Inspect"))
    create = conditional_escape(reverse("inspections:create"))
    cards = []
    for d in rows:
        number, state = conditional_escape(d.number), conditional_escape(d.state)
        due = gettext("due %(date)s") % {"date": dateformat.format(d.due_on, "Y-m-d")}
        reasons = "；".join([conditional_escape(reason) for reason in d.reasons])
        cards.append(
            f'\n  <div class="list-group-item" data-project="{number}" data-state="{state}"'
            f' data-score="{d.score:d}">\n'
            '    <div class="d-flex flex-wrap justify-content-between gap-2">\n'
            '      <a class="fw-semibold text-break"'
            f' href="{conditional_escape(reverse("projects:detail", kwargs={"pk": d.project_id}))}">'
            f"{conditional_escape(d.name)}</a>\n"
            f'      <span class="badge {BADGE[d.state]} align-self-start">'
            f"{conditional_escape(labels[d.state])} · {conditional_escape(due)}</span>\n"
            "    </div>\n"
            f'    <div class="small text-muted">{number} · {conditional_escape(d.street_name)} · '
            f"{conditional_escape(d.address)}</div>\n"
            f'    <div class="small">{risk} <strong>{d.score:d}</strong>{"：" + reasons if reasons else ""}</div>\n'
            f'    <a class="btn btn-sm btn-primary mt-2" href="{create}?project={d.project_id:d}"'
            f' data-testid="inspect"><i class="bi bi-clipboard-check"></i> {inspect}</a>\n'
            "  </div>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 — every value escaped above
