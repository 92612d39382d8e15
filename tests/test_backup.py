"""`minorworks backup` / `restore`: a backup taken while the server writes restores to the same rows in every
table and the same bytes in every file, on SQLite and on PostgreSQL (pg_dump and the portable dump)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from cryptography.fernet import Fernet

from minorworks.core import backup
from minorworks.core.crypto import TOKEN_PREFIX

CLI = [sys.executable, "-m", "minorworks.cli"]
# The personal-data keys live outside the archive (an archive must not carry its own key): source and target
# servers share them, as a restore on a new machine needs the old keys.
KEY = Fernet.generate_key().decode()
KEYS = {"PERSONAL_DATA_KEYS": KEY, "PERSONAL_DATA_HASH_KEY": "backup-test-hash-key"}
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
WRITER_TOTAL = "writer-total"
# Rebuilt by `migrate` on a portable restore: compared by what they say, not by their ids.
# The keyword index's FTS5 segments (projects.search): a portable restore rebuilds them through the triggers, so
# they hold the same index in other blocks; the indexed text itself (project_search_content) is compared.
FTS_SEGMENTS = ("project_search_data", "project_search_idx")
BY_CONTENT = {"django_content_type": ("app_label", "model"), "auth_permission": ("codename", "name")}


def run(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def environment(tmp_path: Path, name: str, database_url: str) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT", "MINORWORKS_ENV"}}
    return {
        **base,
        **KEYS,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / f"media-{name}"),
        "MINORWORKS_VAR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "minorworks.settings",
    }


def seed(env: dict) -> None:
    """Reference and demo data, and uploaded files of several kinds."""
    run(env, "init", "--skip-static")
    run(env, "demo", "--projects", "25")
    media = Path(env["MEDIA_ROOT"])
    (media / "projects" / "2026" / "12").mkdir(parents=True)
    (media / "projects" / "2026" / "12" / "合同.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(20000))
    (media / "leads" / "empty.jpg").parent.mkdir(parents=True)
    (media / "leads" / "empty.jpg").write_bytes(b"")
    (media / "photo.png").write_bytes(bytes(range(256)) * 40)


class Writer(threading.Thread):
    """Keeps committing transactions of two statements (a new counter row and the running total)."""

    def __init__(self, connect, placeholder: str):
        super().__init__(daemon=True)
        self.connect, self.mark, self.count, self.stop = connect, placeholder, 0, threading.Event()

    def run(self) -> None:
        db = self.connect()
        cursor = db.cursor()
        p = self.mark
        while not self.stop.is_set():
            n = self.count + 1
            cursor.execute(
                f"INSERT INTO core_sequence (name, value) VALUES ({p}, {p})", (f"writer-{n:06d}", n)
            )
            cursor.execute(f"UPDATE core_sequence SET value = {p} WHERE name = {p}", (n, WRITER_TOTAL))
            db.commit()
            self.count = n
            time.sleep(0.002)
        db.close()


def clear(value):
    """An encrypted personal number as its clear text (a portable restore encrypts it afresh)."""
    if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
        return "clear:" + Fernet(KEY.encode()).decrypt(value.encode()).decode()
    return value


def snapshot(rows_of) -> dict[str, list[dict]]:
    """Every table's rows (column → value, personal numbers decrypted), in a stable order."""
    tables = {t: [{c: clear(v) for c, v in r.items()} for r in rows] for t, rows in rows_of().items()}
    return {table: sorted(rows, key=lambda r: repr(sorted(r.items()))) for table, rows in tables.items()}


def as_dicts(cursor) -> list[dict]:
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def compare(source: dict, restored: dict, *, portable: bool, committed_before: int) -> None:
    """The restored tables are the source's, as of one moment of the writer after the backup began."""
    assert set(restored) >= set(source) - {"django_migrations"}
    total = {r["name"]: r["value"] for r in restored["core_sequence"]}[WRITER_TOTAL]
    written = sorted(r["name"] for r in restored["core_sequence"] if r["name"].startswith("writer-0"))
    assert written == [f"writer-{i:06d}" for i in range(1, total + 1)], "not one consistent moment"
    assert total >= committed_before, "a transaction committed before the backup began is missing"
    for table, rows in source.items():
        theirs = restored[table]
        if table == "core_sequence":
            rows = [r for r in rows if not r["name"].startswith("writer-")]
            theirs = [r for r in theirs if not r["name"].startswith("writer-")]
        if portable and table in ("django_migrations", *FTS_SEGMENTS):
            continue
        if portable and table in BY_CONTENT:
            rows = sorted((tuple(r[c] for c in BY_CONTENT[table]) for r in rows), key=repr)
            theirs = sorted((tuple(r[c] for c in BY_CONTENT[table]) for r in theirs), key=repr)
        assert rows == theirs, f"{table} differs"


def files_of(media: Path) -> dict[str, bytes]:
    return {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()}


def round_trip(
    tmp_path, source_env, target_env, connect, placeholder, rows_of_source, rows_of_target, *flags
):
    seed(source_env)
    db = connect()
    db.cursor().execute(f"INSERT INTO core_sequence (name, value) VALUES ({placeholder}, 0)", (WRITER_TOTAL,))
    db.commit()
    db.close()
    writer = Writer(connect, placeholder)
    writer.start()
    time.sleep(0.2)
    before = writer.count
    archive = tmp_path / "backup.tar.gz"
    run(source_env, "backup", str(archive), *flags)
    during = writer.count
    writer.stop.set()
    writer.join()
    assert during > before, "the writer must be writing while the backup runs"

    run(target_env, "restore", str(archive))
    compare(snapshot(rows_of_source), snapshot(rows_of_target), portable=bool(flags), committed_before=before)
    assert files_of(Path(target_env["MEDIA_ROOT"])) == files_of(Path(source_env["MEDIA_ROOT"]))

    refused = run(target_env, "restore", str(archive), check=False)
    assert refused.returncode == 1 and "--force" in refused.stderr
    run(target_env, "restore", str(archive), "--force")
    compare(snapshot(rows_of_source), snapshot(rows_of_target), portable=bool(flags), committed_before=before)


# --- SQLite ----------------------------------------------------------------------------------------------------
def sqlite_rows(path: Path):
    def rows_of() -> dict[str, list[dict]]:
        db = sqlite3.connect(path)
        try:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {
                n: as_dicts(db.execute(f'SELECT * FROM "{n}"')) for n in names if not n.startswith("sqlite_")
            }
        finally:
            db.close()

    return rows_of


@pytest.mark.parametrize("flags", [(), ("--portable",)], ids=["backup-api", "portable"])
def test_sqlite_round_trip_while_writing(tmp_path, flags):
    source_db, target_db = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    source_env = environment(tmp_path, "source", f"sqlite:///{source_db}")
    target_env = environment(tmp_path, "target", f"sqlite:///{target_db}")

    def connect():
        db = sqlite3.connect(source_db, timeout=20)
        db.execute("PRAGMA busy_timeout = 20000")
        return db

    round_trip(
        tmp_path, source_env, target_env, connect, "?", sqlite_rows(source_db), sqlite_rows(target_db), *flags
    )


# --- PostgreSQL ------------------------------------------------------------------------------------------------
@pytest.fixture
def pg_databases():
    """Two empty databases beside the test database (names derived from it, so runs do not collide)."""
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    base = url.path.lstrip("/") + os.environ.get("PYTEST_XDIST_WORKER", "")
    names = [f"{base}_bksrc", f"{base}_bkdst"]
    admin = psycopg.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    admin.autocommit = True
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield url, names
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def pg_rows(url, name: str):
    import psycopg

    def rows_of() -> dict[str, list[dict]]:
        with psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username, dbname=name) as db:
            tables = [
                r[0]
                for r in db.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ]
            return {t: as_dicts(db.execute(f'SELECT * FROM "{t}"')) for t in tables}

    return rows_of


@pytest.mark.skipif(not POSTGRES, reason="runs in the PostgreSQL suite (DATABASE_URL=postgres://…)")
@pytest.mark.parametrize("flags", [(), ("--portable",)], ids=["pg_dump", "portable"])
def test_postgres_round_trip_while_writing(tmp_path, pg_databases, flags):
    import psycopg

    url, (source, target) = pg_databases
    netloc = url.netloc
    source_env = environment(tmp_path, "source", f"postgres://{netloc}/{source}")
    target_env = environment(tmp_path, "target", f"postgres://{netloc}/{target}")

    def connect():
        return psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username, dbname=source)

    round_trip(
        tmp_path, source_env, target_env, connect, "%s", pg_rows(url, source), pg_rows(url, target), *flags
    )


# --- refusals and the choice of method --------------------------------------------------------------------
def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path):
    env = environment(tmp_path, "source", f"sqlite:///{tmp_path / 'source.sqlite3'}")
    seed(env)
    archive = tmp_path / "backup.tar.gz"
    run(env, "backup", str(archive))
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    target = environment(tmp_path, "target", f"sqlite:///{tmp_path / 'target.sqlite3'}")
    result = run(target, "restore", str(archive), check=False)
    assert result.returncode != 0
    assert not (tmp_path / "media-target").exists() or not any((tmp_path / "media-target").iterdir())


@pytest.mark.django_db
def test_without_pg_dump_the_portable_dump_is_chosen(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    assert backup.choose_method() == ("sqlite" if backup.connection.vendor == "sqlite" else "dumpdata")
    assert backup.choose_method(portable=True) == "dumpdata"
