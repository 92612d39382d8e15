"""The project list's table rows as HTML, written in Python (projects/list.html shows them).

The template's loop (a ``{% url %}``, four filters and a tag per row) was ~70 µs a row, 1.7 ms of a 25-row
page; the same markup joined from escaped strings takes a fraction of it. Values are formatted by the very
functions the templates use (``figure``, ``day``, ``day_range``, ``status_style``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from minorworks.core.figures import figure
from minorworks.core.templatetags.formats import day, day_range

from .templatetags.projects import status_style


def rows_html(rows: Iterable[dict[str, Any]]) -> SafeString:
    """One ``<tr>`` per row of :func:`projects.views.list_row`, every value escaped."""
    e = conditional_escape
    builder, investment, planned = (
        e(gettext("Builder")),
        e(gettext("Investment (yuan)")),
        e(gettext("Planned dates")),
    )
    out = []
    for p in rows:
        community = p["community__name"]
        sub = f'<div class="small text-muted cell-sub">{e(community)}</div>' if community else ""
        start, end = p["planned_start"], p["planned_end"]
        out.append(
            '\n  <tr data-testid="project-row"><td class="text-nowrap cell-title">'
            f'<a href="{e(reverse("projects:detail", kwargs={"pk": p["pk"]}))}">{e(p["number"])}</a></td>'
            f'<td class="cell-lead">{e(p["name"])}</td>\n'
            f'      <td class="text-nowrap cell-half cell-clip">{e(p["street__name"])}{sub}</td>\n'
            f'      <td class="cell-half cell-clip">{e(p["type_label"])}</td>'
            f'<td class="cell-clip" data-label="{builder}">{e(p["builder__name"])}</td>\n'
            f'      <td class="text-nowrap cell-corner" data-status="{e(p["status"])}">'
            f'<span class="badge rounded-pill text-bg-{e(status_style(p["status"]))}">'
            f"{e(p['status_label'])}</span></td>\n"
            f'      <td class="text-end text-nowrap" data-label="{investment}">{e(figure(p["investment"]))}</td>\n'
            f'      <td class="text-nowrap cell-desk">{e(day(start))}</td>'
            f'<td class="text-nowrap cell-desk">{e(day(end))}</td>\n'
            f'      <td class="cell-phone" data-label="{planned}">{e(day_range(start, end))}</td></tr>\n  '
        )
    return mark_safe("".join(out))  # noqa: S308 — every value escaped above
