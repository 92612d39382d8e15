"""Masking of personal numbers (phones, identity numbers) for lists, exports and public pages."""

from __future__ import annotations


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
