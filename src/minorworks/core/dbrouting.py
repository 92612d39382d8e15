"""Primary and read replica: every write and ordinary read on the primary; exports and reports read the replica.

A replica is configured by DATABASE_REPLICA_URL (settings.database_settings). Nothing is routed to it
implicitly (a page right after a change must see the change): the few readers that can bear a replica's lag of
seconds — ledger exports, reports, bulletins — ask for it with :func:`reporting_alias` / :func:`for_reporting`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

REPLICA = "replica"


def reporting_alias() -> str:
    """The database alias long read-only queries use: the replica when one is configured, else the primary."""
    return REPLICA if REPLICA in settings.DATABASES else DEFAULT_DB_ALIAS


def for_reporting(queryset: QuerySet) -> QuerySet:
    """``queryset`` read from the reporting database (the replica when configured)."""
    return queryset.using(reporting_alias())


class PrimaryReplicaRouter:
    """Writes and migrations go to the primary only; relations between the two aliases are allowed (same data)."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        """No implicit reads from the replica (the caller's ``using`` or the primary)."""
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str:
        """Every write on the primary, also for an object read from the replica."""
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        """Rows of the primary and the replica are the same rows."""
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        """The replica follows the primary by replication: never migrated itself."""
        return db != REPLICA
