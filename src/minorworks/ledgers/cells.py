"""Cell converters for the Excel import: each turns one cell into a value or raises CellError (a message
in the active language)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
PHONE = re.compile(r"^\+?[0-9][0-9\-]{6,19}$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", ""}


class CellError(Exception):
    """A cell's value is not acceptable; the message is for the user."""


def to_text(value: Any, limit: int, *, multiline: bool = False) -> str:
    """A cell as text with runs of spaces collapsed (line breaks kept if ``multiline``), ≤ ``limit`` chars."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    lines = (
        [" ".join(line.split()) for line in str(value).splitlines()]
        if multiline
        else [" ".join(str(value).split())]
    )
    text = "\n".join(line for line in lines if line)
    if len(text) > limit:
        raise CellError(
            _("At most %(limit)s characters (this has %(length)s).") % {"limit": limit, "length": len(text)}
        )
    return text


def to_decimal(value: Any, limit: Decimal) -> Decimal | None:
    """A non-negative amount below ``limit`` with at most two decimals; None for a blank cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | dt.date):
        raise CellError(_("Enter a number."))
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(_("Enter a number.")) from exc
    if not number.is_finite():
        raise CellError(_("Enter a number."))
    if number < 0:
        raise CellError(_("The number must not be negative."))
    if number >= limit:
        raise CellError(_("The number is too large."))
    rounded = number.quantize(Decimal("0.01"))
    # Excel arithmetic leaves float noise (0.30000000000000004): round that, refuse real extra decimals.
    if abs(rounded - number) > Decimal("0.000001"):
        raise CellError(_("At most two decimal places."))
    return rounded


def to_date(value: Any) -> dt.date | None:
    """An Excel date, a serial number or a written date (YYYY-MM-DD and a few others); None if blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        day = from_excel(value).date()  # a date typed into a cell not formatted as a date
    else:
        text = str(value).strip()
        for fmt in DATE_FORMATS:
            try:
                day = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
    if day is None:
        raise CellError(_("Enter a date as YYYY-MM-DD."))
    if not 1990 <= day.year <= 2100:
        raise CellError(_("The date is out of range."))
    return day


def to_yes_no(value: Any) -> bool:
    """是 / 否 (or yes / no, 1 / 0); blank is no."""
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Enter 是 (yes) or 否 (no)."))


def to_credit_code(value: Any) -> str:
    """An 18-character unified social credit code in capitals, or blank."""
    text = to_text(value, 40).upper().replace(" ", "")
    if text and not CREDIT_CODE.match(text):
        raise CellError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters except I, O, S, V, Z."
            )
        )
    return text


def to_phone(value: Any) -> str:
    """A phone number of 7 to 20 digits (a leading + and dashes allowed), or blank."""
    text = to_text(value, 40).replace(" ", "")
    if text and not PHONE.match(text):
        raise CellError(_("Enter a phone number of 7 to 20 digits."))
    return text
