"""PostgreSQL: the keyword search table carries each project's district, in the same GIN index as its trigrams.

A common keyword matches thousands of projects across a city ("和平里": 12,011, of which 995 in Dongcheng). With
trigrams alone a district's page rechecked all 12,011 and hashed them against the district's 5,900 projects
(34 ms); with ``(district_id, body gin_trgm_ops)`` (extension ``btree_gin``) the index returns the district's
995 and the page looks each up by key (5.5 ms, ``EXPLAIN ANALYZE`` at city scale). The same index serves a
keyword alone (a city-wide user), so it replaces the trigram-only one.

The table is rebuilt rather than updated in place: it is derived data, and a copy leaves no dead rows behind
(an UPDATE of every row would double the table until a VACUUM). SQLite is unchanged (its FTS5 table has no
such index; its plan for common keywords reads the scope first, see projects.search).
"""

from importlib import import_module

from django.db import migrations

# The body as 0012 defined it (one definition; a module name starting with a digit needs import_module).
KEYWORD_SEARCH = import_module("minorworks.projects.migrations.0012_keyword_search")
PG_BODY = KEYWORD_SEARCH.PG_BODY


def _refresh(with_district: bool) -> list[str]:
    """The row trigger keeping one project's search row, with or without its district."""
    columns, values, updates, watched = (
        ("project_id, district_id, body", "NEW.id, NEW.district_id, ", "body = EXCLUDED.body, "
         "district_id = EXCLUDED.district_id", ", district_id")
        if with_district
        else ("project_id, body", "NEW.id, ", "body = EXCLUDED.body", "")
    )
    return [
        "DROP TRIGGER IF EXISTS project_search_refresh ON projects_project",
        f"""CREATE OR REPLACE FUNCTION project_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM project_search WHERE project_id = OLD.id;
            RETURN OLD;
        END IF;
        INSERT INTO project_search ({columns}) VALUES ({values}{PG_BODY.format(p="NEW")})
            ON CONFLICT (project_id) DO UPDATE SET {updates};
        RETURN NEW;
    END $$""",
        f"""CREATE TRIGGER project_search_refresh
        AFTER INSERT OR DELETE OR UPDATE OF number, name, address, builder_id, contractor_id{watched}
        ON projects_project FOR EACH ROW EXECUTE FUNCTION project_search_refresh()""",
    ]


def _rebuild(columns: str, select: str, index: str) -> list[str]:
    return [
        f"CREATE TABLE project_search_next ({columns})",
        f"INSERT INTO project_search_next {select}",
        "DROP TABLE project_search",
        "ALTER TABLE project_search_next RENAME TO project_search",
        "ALTER INDEX project_search_next_pkey RENAME TO project_search_pkey",
        index,
    ]


POSTGRESQL = [
    # btree_gin, like pg_trgm, is a trusted extension (PostgreSQL 13+): the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    *_rebuild(
        "project_id bigint PRIMARY KEY, district_id bigint NOT NULL, body text NOT NULL",
        "SELECT s.project_id, p.district_id, s.body FROM project_search s "
        "JOIN projects_project p ON p.id = s.project_id",
        "CREATE INDEX project_search_district_body_trgm ON project_search "
        "USING gin (district_id, body gin_trgm_ops)",
    ),
    *_refresh(with_district=True),
]
POSTGRESQL_REVERSE = [
    *_rebuild(
        "project_id bigint PRIMARY KEY, body text NOT NULL",
        "SELECT project_id, body FROM project_search",
        "CREATE INDEX project_search_body_trgm ON project_search USING gin (body gin_trgm_ops)",
    ),
    *_refresh(with_district=False),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("projects", "0015_coverage_include")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
