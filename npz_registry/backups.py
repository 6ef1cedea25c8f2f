"""Backups and restores of the whole database (README "Backups"), for `make backup` and
`make restore`.

SQLite is copied with SQLite's own online backup API, PostgreSQL with pg_dump/pg_restore in the
custom format; the database the settings use (DATABASE_URL) decides which. Next to every backup
lies a manifest with the row count and a content hash of every table, so that a restore can
prove it brought back what was saved.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3

# pg_dump and pg_restore run with an argument list, never through a shell.
import subprocess  # nosec B404
from pathlib import Path

from django.conf import settings
from django.db import connection

BACKUP_DIR = Path(settings.BASE_DIR) / "var" / "backups"


class BackupError(Exception):
    pass


def fingerprint() -> dict[str, dict]:
    """Row count and SHA-256 of the content of every table: rows are hashed one by one and their
    hashes sorted, so the result does not depend on the order the database returns them in."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # The table names come from the database's own catalogue, quoted.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # nosec B608
            rows = sorted(hashlib.sha256(_row_repr(row)).hexdigest() for row in cursor.fetchall())
            tables[table] = {"rows": len(rows), "sha256": hashlib.sha256("".join(rows).encode()).hexdigest()}
    return tables


def _row_repr(row) -> bytes:
    return repr(tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)).encode()


def backup(directory: Path = BACKUP_DIR) -> Path:
    """Write a backup of the database and its manifest to `directory`; returns the backup's path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    if connection.vendor == "sqlite":
        path = directory / f"npz-{stamp}.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        path = directory / f"npz-{stamp}.pgdump"
        _run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}")
    else:
        raise BackupError(f"No backup for a {connection.vendor} database.")
    manifest = {"vendor": connection.vendor, "made_at": stamp, "tables": fingerprint()}
    manifest_path(path).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return path


def restore(path: Path) -> list[str]:
    """Replace the database's content by the backup at `path`, then compare every table with
    the backup's manifest; returns the differences (empty when the restore is exact)."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    manifest = json.loads(manifest_path(path).read_text()) if manifest_path(path).is_file() else None
    if manifest and manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"{path.name} is a {manifest['vendor']} backup; this database is {connection.vendor}."
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and recreates the tables: hold no lock on them
        _run_pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        )
    else:
        raise BackupError(f"No restore for a {connection.vendor} database.")
    if manifest is None:
        return [f"no manifest next to {path.name}: the content was not checked"]
    return compare(manifest["tables"], fingerprint())


def compare(expected: dict, actual: dict) -> list[str]:
    """The tables whose row count or content differ between two fingerprints."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, have = expected.get(table), actual.get(table)
        if want is None or have is None:
            problems.append(f"{table}: {'missing' if have is None else 'not in the backup'}")
        elif want["rows"] != have["rows"]:
            problems.append(f"{table}: {have['rows']} rows, the backup has {want['rows']}")
        elif want["sha256"] != have["sha256"]:
            problems.append(f"{table}: same row count, different content")
    return problems


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def latest_backup(directory: Path = BACKUP_DIR) -> Path | None:
    backups = sorted(p for p in directory.glob("npz-*") if not p.name.endswith(".json"))
    return backups[-1] if backups else None


def _run_pg(program: str, *arguments: str) -> None:
    db = connection.settings_dict
    command = [_pg_binary(program), *arguments, f"--dbname={db['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{option}={db[key]}")
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{program} failed ({result.returncode}): {result.stderr.strip()}")


def _pg_binary(program: str) -> str:
    """pg_dump/pg_restore: from NPZ_PG_BIN, else the newest server's (Debian keeps them in
    /usr/lib/postgresql/<version>/bin, like initdb), else the PATH."""
    candidates = [os.environ.get("NPZ_PG_BIN", "")]
    candidates += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for directory in filter(None, candidates):
        if (Path(directory) / program).is_file():
            return str(Path(directory) / program)
    found = shutil.which(program)
    if not found:
        raise BackupError(f"{program} not found: install postgresql-client or set NPZ_PG_BIN.")
    return found
