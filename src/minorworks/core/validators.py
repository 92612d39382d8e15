"""The one definition of each input rule: phone numbers, credit codes, identity numbers, periods, lengths.

Forms, API schemas, the Excel import and the domain functions all use these; a pattern written anywhere else
is a bug waiting to drift (it did: three phone patterns disagreed about 6512345).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# --- lengths (model, form, API schema and import use the same numbers) ---------------------------------------
PROJECT_NAME_MAX = 200
ADDRESS_MAX = 200
UNIT_NAME_MAX = 128  # an enterprise, a host unit, a department
PERSON_NAME_MAX = 64
PHONE_MAX = 20
ID_NUMBER_MAX = 18
CREDIT_CODE_LENGTH = 18
PAPER_NUMBER_MAX = 64  # certificate, licence, qualification numbers
CONTENT_MAX = 5000  # a description of works (a long one is ~1,250 characters)
NOTE_MAX = 2000  # reasons, notes, replies
SHORT_TEXT_MAX = 128

# --- phone numbers ------------------------------------------------------------------------------------------
# A mainland mobile (13812345678), a landline with or without area code and extension (010-65123456,
# 65123456, 6512345, 010-65123456-801), a 400/800 service number, each optionally after +86.
PHONE_PATTERN = r"^(?:\+86[- ]?)?(?:1[3-9]\d{9}|(?:0\d{2,3}[- ]?)?[2-9]\d{6,7}(?:[- ]\d{1,6})?|[48]00[- ]?\d{3}[- ]?\d{4})$"
PHONE_RE = re.compile(PHONE_PATTERN)
phone_validator = RegexValidator(
    PHONE_PATTERN,
    _("Enter a phone number: a mobile number or a landline such as 010-65123456."),
    code="phone",
)

# --- unified social credit code (GB 32100-2015) -------------------------------------------------------------
# 18 characters from the code's alphabet: digits and capitals without I, O, S, V, Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_PATTERN = rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$"
CREDIT_CODE_RE = re.compile(CREDIT_CODE_PATTERN)
credit_code_validator = RegexValidator(
    CREDIT_CODE_PATTERN,
    _("A unified social credit code has 18 digits or capital letters (not I, O, S, V or Z)."),
    code="credit_code",
)
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_digit_ok(code: str) -> bool:
    """True when the 18th character is the GB 32100 check character of the first 17."""
    if not CREDIT_CODE_RE.match(code or ""):
        return False
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31] == code[17]


# --- identity document numbers --------------------------------------------------------------------------------
# The resident identity card (18 characters, GB 11643) or another document (passport, permits): 6–18 letters
# or digits. Stored upper-case.
ID_NUMBER_PATTERN = r"^[0-9A-Z]{6,18}$"
ID_NUMBER_RE = re.compile(ID_NUMBER_PATTERN)
id_number_validator = RegexValidator(
    ID_NUMBER_PATTERN,
    _("Enter the identity document number (6 to 18 letters or digits)."),
    code="id_number",
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id_check_digit_ok(number: str) -> bool:
    """True for an 18-character resident identity number whose check character (GB 11643) is right."""
    number = (number or "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17]


def normalise_id_number(value: str | None) -> str:
    """Strip and upper-case an identity document number."""
    return (value or "").strip().upper()


def normalise_credit_code(value: str | None) -> str:
    """Strip and upper-case a credit code."""
    return (value or "").strip().upper()


# --- periods -------------------------------------------------------------------------------------------------
END_BEFORE_START = _("The end date is before the start date.")


def period_error(start: dt.date | None, end: dt.date | None) -> str | None:
    """The message when ``end`` lies before ``start`` (both given), else None."""
    if start is not None and end is not None and end < start:
        return str(END_BEFORE_START)
    return None


def validate_period(start: dt.date | None, end: dt.date | None, *, end_field: str = "planned_end") -> None:
    """Raise a field ValidationError on ``end_field`` when the period ends before it starts."""
    message = period_error(start, end)
    if message:
        raise ValidationError({end_field: message})


# --- form fields carrying the rules (the forms of every app use these) ----------------------------------------
# A number as the masking shows it (138****5678, 1101**********1234): an edit form sends it back unchanged,
# meaning "keep the stored number" — the domain function resolves it against the number it masks.
MASKED_RE = re.compile(r"^[0-9A-Z]{0,4}\*+[0-9A-Z]{0,4}$")


def is_masked(value: str | None) -> bool:
    """True for a masked number (it stands for the stored one, never for a new one)."""
    return bool(value) and bool(MASKED_RE.match(value or ""))


class _MaskAware(forms.CharField):
    """A personal number field that also accepts the masked form of the stored number (edit forms)."""

    def __init__(self, *, allow_masked: bool = False, **kwargs):
        self.allow_masked = allow_masked
        super().__init__(**kwargs)

    def run_validators(self, value):
        if self.allow_masked and is_masked(value):
            return
        super().run_validators(value)


class PhoneField(_MaskAware):
    """A phone number (validated by :data:`PHONE_PATTERN`)."""

    default_validators = [phone_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", PHONE_MAX)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")


class UpperCodeField(_MaskAware):
    """A code stored upper-case (credit codes, identity numbers): upper-cased before it is validated."""

    def to_python(self, value):
        return super().to_python(value).upper()


class CreditCodeField(UpperCodeField):
    """A unified social credit code."""

    default_validators = [credit_code_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", CREDIT_CODE_LENGTH)
        super().__init__(**kwargs)


class IdNumberField(UpperCodeField):
    """An identity document number."""

    default_validators = [id_number_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", ID_NUMBER_MAX)
        super().__init__(**kwargs)
