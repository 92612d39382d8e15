"""The download of a ledger: title row, file name and the streamed response (page and API alike)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from ..audit import record
from ..dbrouting import for_reporting
from .declaration import Ledger
from .rows import filter_summary, ordered, stream
from .xlsx import XLSX_TYPE, stream_xlsx

EXPORT_LANGUAGE = "zh-hans"  # the exchange format is Chinese whatever the UI language


def title_line(
    ledger: Ledger, user: Any, filters: list[tuple[str, str]], now: dt.datetime | None = None
) -> str:
    """The first row of the file: ledger name, scope, managing party, export time and filters in use."""
    now = timezone.localtime(now or timezone.now())
    parts = [ledger.title_zh]
    scope = ledger.scope_label(user)
    if scope:
        parts.append(f"范围：{scope}")
    parts += [f"管理单位：{ledger.managing_party(user)}", f"导出时间：{now:%Y-%m-%d %H:%M}（北京时间）"]
    if filters:
        parts.append("筛选条件：" + "；".join(f"{label}={value}" for label, value in filters))
    return "　".join(parts)


def export_filename(ledger: Ledger) -> str:
    """The download name, e.g. 限额以下工程台账-20261105-1430.xlsx."""
    return f"{ledger.title_zh}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


def _chinese(pieces):
    # Rows are rendered while the response streams, after the view has returned: keep the file's language.
    with translation.override(EXPORT_LANGUAGE):
        yield from pieces


def export_response(ledger: Ledger, filterset, *, user: Any) -> StreamingHttpResponse:
    """The ledger's filtered rows as a streamed .xlsx download (the same filters and order as the page).

    Every export is audited (who, which ledger, which filters, when), on the exporting user's record: a file
    of personal and project data left the platform.
    """
    with translation.override(EXPORT_LANGUAGE):
        filters = filter_summary(filterset)
        title = title_line(ledger, user, filters)
        ctx = ledger.context()
    record(
        actor=user, action="ledger.export", obj=user, after={"ledger": ledger.slug, "filters": dict(filters)}
    )
    # The rows come from the read replica when one is configured (a long read that must not load the primary).
    pieces = stream_xlsx(ledger, stream(ledger, for_reporting(ordered(filterset))), title=title, ctx=ctx)
    response = StreamingHttpResponse(_chinese(pieces), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(ledger)) or ""
    return response
