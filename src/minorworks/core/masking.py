"""Masking of personal numbers (phones, identity numbers) for lists, exports and public pages."""

from __future__ import annotations

import re


def mask_phone(value: str | None) -> str:
    """138****5678 for a mobile number; keeps the first 3 and last 4 digits of anything longer than 7."""
    if not value:
        return ""
    digits = value.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(value: str | None) -> str:
    """1101**********1234 for an 18-character identity number; first 4 and last 4 kept."""
    if not value:
        return ""
    text = value.strip()
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


# Numbers that identify a person, wherever they appear in free text: mainland mobiles (+86 optional),
# landlines with an area code, and 18- or 15-character identity numbers. Registration numbers (DC2026000123)
# start with letters and are left alone, as are amounts written with thousands separators.
_PERSONAL_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"(?P<id>\d{17}[\dXx]|\d{15})"
    r"|(?P<mobile>(?:\+?86[- ]?)?1[3-9]\d{9})"
    r"|(?P<landline>0\d{2,3}-?[2-9]\d{6,7})"
    r")(?![0-9A-Za-z])"
)


def mask_numbers_in(text: str) -> str:
    """``text`` with every phone or identity number in it masked (for messages, notifications, logs)."""

    def masked(match: re.Match[str]) -> str:
        value = match.group(0)
        return mask_id_number(value) if match.group("id") else mask_phone(value)

    return _PERSONAL_NUMBER.sub(masked, text or "")
