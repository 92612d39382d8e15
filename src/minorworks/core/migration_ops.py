"""Migration operations safe on large tables: on PostgreSQL an index is built CONCURRENTLY (writes go on while
it builds), elsewhere as usual. A migration using them sets ``atomic = False`` (CONCURRENTLY refuses a
transaction); keep such a migration to index operations only, so that a failure leaves nothing half-done
but an INVALID index that the next run drops and builds again."""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations import AddIndex, RemoveIndex


def _concurrently(schema_editor: Any) -> dict[str, bool]:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


class AddIndexSafely(AddIndex):
    """AddIndex, CONCURRENTLY on PostgreSQL (an interrupted build is dropped and redone on the next run)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        """Build the index (first dropping an INVALID leftover of an interrupted concurrent build)."""
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{self.index.name}"')
        schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Drop the index."""
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))


class RemoveIndexSafely(RemoveIndex):
    """RemoveIndex, CONCURRENTLY on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        """Drop the index."""
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
        schema_editor.remove_index(model, index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Build the index again."""
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
        schema_editor.add_index(model, index, **_concurrently(schema_editor))
