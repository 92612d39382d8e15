"""A JSON fixture format that keeps times to the microsecond (Django's JSON rounds them to milliseconds), so a
portable backup restores every timestamp exactly. Registered by core.backup as ``jsonexact``."""

from __future__ import annotations

import datetime as dt

from django.core.serializers import json as django_json


class ExactEncoder(django_json.DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times in full ISO 8601 (microseconds kept)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    """Django's JSON serializer with :class:`ExactEncoder`."""

    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # Django API, missing from django-stubs
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = django_json.Deserializer
