"""Personal numbers encrypted at rest, and a keyed hash for exact-match lookups (ADR 0008).

Encryption is Fernet (AES-128-CBC + HMAC-SHA256, from the maintained ``cryptography`` library) through
``MultiFernet``: ``settings.PERSONAL_DATA_KEYS`` is a list of keys from the environment, the first encrypts,
all decrypt, so a key is rotated by putting a new one first and running ``minorworks manage
rotate_personal_data`` (which re-encrypts every value and recomputes the hashes). The keyed hash
(HMAC-SHA256 with ``settings.PERSONAL_DATA_HASH_KEY``) lets the platform find "the worker with this phone"
without being able to read numbers from the index.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80, base64): legacy rows do not


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PERSONAL_DATA_KEYS is empty: personal numbers cannot be encrypted.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"PERSONAL_DATA_KEYS holds an invalid Fernet key: {exc}") from exc


def fernet() -> MultiFernet:
    """The configured MultiFernet (first key encrypts, every key decrypts)."""
    return _fernet(tuple(settings.PERSONAL_DATA_KEYS))


def encrypt(value: str) -> str:
    """The Fernet token of ``value`` (an empty value stays empty)."""
    if not value:
        return ""
    return fernet().encrypt(value.encode()).decode()


def decrypt(stored: str | None) -> str:
    """The clear value of a stored token; a legacy clear value (before the encrypting migration) as is."""
    if not stored:
        return ""
    if not stored.startswith(TOKEN_PREFIX):
        return stored
    try:
        return fernet().decrypt(stored.encode()).decode()
    except InvalidToken as exc:
        # Wrong or missing key: fail loudly rather than show ciphertext or lose the number.
        raise ImproperlyConfigured("A personal number cannot be decrypted with PERSONAL_DATA_KEYS.") from exc


def rotate(stored: str) -> str:
    """``stored`` re-encrypted with the first key (MultiFernet.rotate)."""
    if not stored:
        return ""
    if not stored.startswith(TOKEN_PREFIX):
        return encrypt(stored)
    return fernet().rotate(stored.encode()).decode()


def blind_index(value: str | None) -> str:
    """The keyed hash of a normalised personal number ("" for none), for exact-match lookups."""
    normal = "".join((value or "").split()).upper()
    if not normal:
        return ""
    key = settings.PERSONAL_DATA_HASH_KEY.encode()
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python code sees the clear value.

    It cannot be filtered or ordered by its value (the ciphertext is random): look numbers up through a
    :class:`BlindIndexField` beside it.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return value  # already a token (e.g. copied from another row)
        return encrypt(str(value))


class BlindIndexField(models.CharField):
    """The keyed hash of another field of the same row, computed whenever the row is written."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


class _RefusedLookup(models.Lookup):
    """Filtering by an encrypted column can never match (random ciphertext): refuse it loudly."""

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        raise TypeError(
            f"cannot filter on the encrypted column {self.lhs.target.name!r}; use its blind index "
            f"({self.lhs.target.name}_hash=blind_index(value))"
        )


for _name in ("exact", "iexact", "contains", "icontains", "startswith", "in"):
    EncryptedTextField.register_lookup(type(f"Refused_{_name}", (_RefusedLookup,), {"lookup_name": _name}))
