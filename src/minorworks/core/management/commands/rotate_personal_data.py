"""Re-encrypt every personal number with the first of PERSONAL_DATA_KEYS and recompute the keyed hashes."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from minorworks.core.crypto import BlindIndexField, EncryptedTextField, blind_index, decrypt, rotate


class Command(BaseCommand):
    help = "Rotate personal-data keys: re-encrypt with the first key, recompute blind indexes (idempotent)."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            encrypted = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not encrypted:
                continue
            indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
            table = connection.ops.quote_name(model._meta.db_table)
            columns = [connection.ops.quote_name(f.column) for f in encrypted]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {', '.join(columns)} FROM {table}")  # noqa: S608 - names from _meta
                for pk, *stored in cursor.fetchall():
                    values = dict(zip((f.name for f in encrypted), stored, strict=True))
                    sets = {f.column: rotate(values[f.name] or "") for f in encrypted}
                    for index in indexes:
                        sets[index.column] = blind_index(decrypt(values.get(index.source) or ""))
                    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in sets)
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608 - names from _meta
                        [*sets.values(), pk],
                    )
                    total += 1
        self.stdout.write(f"rotate_personal_data: {total} rows re-encrypted with the first key")
