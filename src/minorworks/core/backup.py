"""Backup and restore of the database and the uploaded files, as one archive with a manifest.

The archive is a ``.tar.gz`` holding ``manifest.json`` (format, versions, method, applied migrations and the
SHA-256 and size of every other member), ``database/…`` and ``media/…`` (MEDIA_ROOT as it was).

How the database is copied, and why:

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies the file page by page inside one read
  transaction, so the copy is consistent while the server keeps writing (WAL lets the writers go on).
- PostgreSQL with ``pg_dump`` on PATH (and not older than the server): ``pg_dump --format=custom``, which reads
  one snapshot; ``pg_restore`` loads it. Exact, fast, keeps sequences.
- PostgreSQL without a usable ``pg_dump``, or ``--portable`` on any database: Django's ``dumpdata`` with natural
  keys (models in dependency order) read inside one transaction (REPEATABLE READ on PostgreSQL), as JSON that
  keeps microseconds, loaded by ``loaddata`` after ``migrate``. Slower, but needs no client tools and moves
  data between SQLite and PostgreSQL.

Files are copied after the database snapshot: an upload is written before the row that names it, so every file
the snapshot refers to is there (one removed in between would be missing; uploads are never changed in place).

Restore refuses to overwrite a database or media folder that holds data unless ``force`` is given, checks
every checksum before it touches anything, and refuses an archive made by newer code (unknown migrations).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
EXACT_JSON = "jsonexact"  # JSON that keeps microseconds (core.exact_json)
MANIFEST = "manifest.json"
DUMP_EXCLUDES = ["contenttypes", "auth.permission"]  # recreated by migrate; referred to by natural key
BUILT_IN = {"django_migrations", "django_content_type", "auth_permission"}  # present in any migrated database


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _major(text: str) -> int:
    match = re.search(r"(\d+)", text)
    return int(match.group(1)) if match else 0


def choose_method(portable: bool = False) -> str:
    """``sqlite``, ``pg_dump`` or ``dumpdata`` for the configured database (see the module's docstring)."""
    if portable:
        return "dumpdata"
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql" and shutil.which("pg_dump") and shutil.which("pg_restore"):
        tool = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=False).stdout
        connection.ensure_connection()
        server = connection.pg_version // 10000  # type: ignore[attr-defined]
        if _major(tool) >= server:
            return "pg_dump"
    return "dumpdata"


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _dump_database(method: str, folder: Path) -> Path:
    if method == "sqlite":
        source_path = Path(settings.DATABASES["default"]["NAME"])
        if not source_path.exists():
            raise BackupError(f"SQLite database {source_path} does not exist")
        target = folder / "sqlite.db"
        source, copy = sqlite3.connect(source_path), sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # all pages in one step: one read transaction, one consistent state
        finally:
            source.close()
            copy.close()
        return target
    if method == "pg_dump":
        target = folder / "postgres.dump"
        args, env = _pg_args_env()
        name = str(settings.DATABASES["default"]["NAME"])
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *args,
            f"--file={target}",
            name,
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    target = folder / f"data.{EXACT_JSON}"
    serializers.register_serializer(EXACT_JSON, "minorworks.core.exact_json")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=DUMP_EXCLUDES,
            format=EXACT_JSON,
            output=str(target),
            verbosity=0,
        )
    return target


def create_backup(path: Path, *, portable: bool = False) -> dict[str, Any]:
    """Write the database and MEDIA_ROOT to the archive ``path``; returns the manifest."""
    path = Path(path)
    method = choose_method(portable)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="minorworks-backup-") as work:
        dump = _dump_database(method, Path(work))
        members: dict[str, Path] = {f"database/{dump.name}": dump}
        if media_root.is_dir():
            for file in sorted(p for p in media_root.rglob("*") if p.is_file()):
                members["media/" + file.relative_to(media_root).as_posix()] = file
        files: dict[str, dict[str, Any]] = {}
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "versions": {
                "minorworks": version("minorworks"),
                "django": django.get_version(),
                "python": platform.python_version(),
            },
            "database": {"vendor": connection.vendor, "method": method, "member": f"database/{dump.name}"},
            "migrations": _applied_migrations(),
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for name, file in members.items():
                size = file.stat().st_size
                files[name] = {"sha256": _sha256(file), "size": size}
                archive.add(file, arcname=name, recursive=False)
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(path)
    return manifest


# --- restore -------------------------------------------------------------------------------------------------
def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def _read_archive(path: Path, into: Path) -> dict[str, Any]:
    """Unpack the archive into ``into`` after checking every member against the manifest."""
    with tarfile.open(path, "r:gz") as archive:
        manifest_member = archive.extractfile(MANIFEST)
        if manifest_member is None:
            raise BackupError("the archive has no manifest")
        manifest = json.loads(manifest_member.read())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        expected = manifest["files"]
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile() or not _safe_member(member.name):
                raise BackupError(f"unexpected member {member.name!r}")
            archive.extract(member, into, filter="data")
    for name, facts in expected.items():
        file = into / name
        if not file.is_file() or file.stat().st_size != facts["size"] or _sha256(file) != facts["sha256"]:
            raise BackupError(f"{name} is missing or damaged (checksum mismatch)")
    return manifest


def database_has_data() -> bool:
    """True when any table other than the ones every migrated database has holds a row."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in tables and table not in BUILT_IN and model._meta.managed:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def _check_migrations(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names]
    unknown = [m for m in unknown if tuple(m.split(".", 1)) not in known]
    if unknown:
        raise BackupError(
            f"the archive was made by newer code (unknown migrations: {', '.join(unknown[:5])})"
        )


def _restore_database(manifest: dict[str, Any], dump: Path, force: bool) -> None:
    method = manifest["database"]["method"]
    if method != "dumpdata" and manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"this archive holds a {manifest['database']['vendor']} database; this server uses "
            f"{connection.vendor} (take a backup with --portable to move between them)"
        )
    if method == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        connections.close_all()
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():  # a journal left beside a deleted database would be replayed into the new one
            for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
        source, destination = sqlite3.connect(dump), sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
        return
    if method == "pg_dump":
        args, env = _pg_args_env()
        name = str(settings.DATABASES["default"]["NAME"])
        connections.close_all()
        clean = ["--clean", "--if-exists"] if force else []
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean, *args]
        result = subprocess.run(
            [*command, f"--dbname={name}", str(dump)], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    call_command("migrate", interactive=False, verbosity=0)
    if force:
        call_command("flush", interactive=False, verbosity=0)
    serializers.register_serializer(EXACT_JSON, "minorworks.core.exact_json")
    call_command("loaddata", str(dump), verbosity=0)


def restore_backup(path: Path, *, force: bool = False) -> dict[str, Any]:
    """Replace the database and MEDIA_ROOT with the archive's; refuses to overwrite data unless ``force``."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="minorworks-restore-") as work:
        folder = Path(work)
        manifest = _read_archive(Path(path), folder)
        _check_migrations(manifest)
        if not force:
            if database_has_data():
                raise BackupError("the database already holds data: restore with --force to replace it")
            if media_root.is_dir() and any(media_root.iterdir()):
                raise BackupError(f"{media_root} is not empty: restore with --force to replace it")
        _restore_database(manifest, folder / manifest["database"]["member"], force)
        if media_root.is_dir():
            for child in media_root.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        media_root.mkdir(parents=True, exist_ok=True)
        uploaded = folder / "media"
        if uploaded.is_dir():
            shutil.copytree(uploaded, media_root, dirs_exist_ok=True)
    return manifest
