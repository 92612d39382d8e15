"""PostgreSQL only: a district's active projects with every column its coverage list and counts read.

``project_coverage_street`` serves a street; a district's coverage read its ~3,000 active projects from 2,445
table pages through two bitmap indexes (the counts 25 ms, the ranked page 17 ms at city scale). This index
leads with the district and holds what both queries read, so that they are index-only (11 and 12 ms,
``EXPLAIN ANALYZE``). Not on SQLite: there an index on (district, status) made the planner leave the
dashboard's covering index (74 → 530 ms, see Project.Meta), and SQLite ignores INCLUDE anyway.
"""

from django.db import migrations

# CONCURRENTLY, as core.migration_ops builds indexes on this table: writes go on while it builds, and an
# INVALID leftover of an interrupted build is dropped first.
DROP = "DROP INDEX CONCURRENTLY IF EXISTS project_coverage_district"
CREATE = (
    "CREATE INDEX CONCURRENTLY project_coverage_district ON projects_project "
    "(district_id, status, decided_at, created_at, contractor_id, number, hazardous_operations, planned_end) "
    "INCLUDE (id, name, address, street_id)"
)


def _run(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY refuses a transaction
    dependencies = [("projects", "0016_search_district")]

    operations = [migrations.RunPython(_run(DROP, CREATE), _run(DROP))]
