"""Self sign-in by QR code, shared by trainings and joint meetings (meetings import this module, not the reverse).

A session (a training, a meeting) carries a random ``signin_code``; its QR code encodes the public URL
``/sign-in/<kind>/<code>/``. The code is valid only during the session: from ``SIGNIN_EARLY`` before its
start to its end (:func:`window_open`). The public form asks for name, unit and phone; a hidden honeypot field
(``website``) must stay empty, and one address may sign in at most ``RATE_LIMIT`` times per ``RATE_WINDOW``
(:func:`rate_limited`, in Django's cache). Signing in twice with the same phone keeps one attendance.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from typing import Any

import segno
from django import forms
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy

from minorworks.core import validators as v
from minorworks.core.forms import BootstrapMixin

SIGNIN_EARLY = dt.timedelta(minutes=30)
RATE_LIMIT = 20
RATE_WINDOW = 600  # seconds


def new_code() -> str:
    """A fresh unguessable sign-in code."""
    return secrets.token_urlsafe(12)


def window_open(starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime | None = None) -> bool:
    """True while the code is valid: from 30 minutes before the start to the end of the session."""
    now = now or timezone.now()
    return starts_at - SIGNIN_EARLY <= now <= ends_at


def client_address(request: Any) -> str:
    """The caller's address as the server sees it (REMOTE_ADDR; a proxy must set it)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def rate_limited(request: Any, code: str) -> bool:
    """Count one attempt of this address on this code; True when it made too many in the window."""
    key = f"signin:{code}:{client_address(request)}"
    added = cache.add(key, 1, RATE_WINDOW)
    if added:
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        return False
    return count > RATE_LIMIT


class SignInForm(BootstrapMixin, forms.Form):
    """Name, unit and phone; ``website`` is the honeypot (hidden from people, filled by robots)."""

    name = forms.CharField(label=gettext_lazy("Your name"), max_length=v.PERSON_NAME_MAX)
    unit = forms.CharField(label=gettext_lazy("Your unit"), max_length=v.UNIT_NAME_MAX)
    phone = forms.CharField(
        label=gettext_lazy("Your phone"),
        max_length=v.PHONE_MAX,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    website = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        phone = "".join(self.cleaned_data["phone"].split())  # 138 1234 5678 as typed on a phone
        if not v.PHONE_RE.match(phone):
            raise forms.ValidationError(gettext_lazy("Enter a mainland mobile or landline number."))
        return phone

    def is_robot(self) -> bool:
        """True when the honeypot was filled."""
        return bool((self.data.get("website") or "").strip())


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG markup."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True
    )
    return out.getvalue().decode()


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as PNG bytes."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()
