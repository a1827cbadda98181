"""The database half of ``microparks backup`` and ``restore``: SQLite and PostgreSQL.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``) in one step: the
copy is the database as of one moment, while the server keeps reading and writing (WAL mode).
PostgreSQL is dumped with ``pg_dump -Fc`` and loaded with ``pg_restore`` in one transaction,
both found on ``PATH``; the connection comes from ``DATABASE_URL`` through the environment
(``PGPASSWORD``), never the command line, where other users of the machine could read it.

Django must be set up (:func:`microparks.cli.django_setup.setup_django`) before these are called.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from microparks.io.backup import BackupError
from microparks.io.errors import gettext_noop

PG_CLIENT_HINT = "Debian/Ubuntu: apt-get install postgresql-client"


def database_kind() -> str:
    """``sqlite`` or ``postgresql``: the kind of the configured database."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(gettext_noop("cannot back up a database of engine %(engine)s"), engine=engine)


def sqlite_path() -> Path:
    """The configured SQLite file."""
    from django.conf import settings

    return Path(settings.DATABASES["default"]["NAME"]).resolve()


def applied_migrations() -> list[str]:
    """The migrations applied to the database, as ``app.name``, sorted."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def unknown_migrations(migrations: list[str] | tuple[str, ...]) -> list[str]:
    """Those of ``migrations`` that this version of the platform does not have.

    A backup made by a newer version holds tables this one cannot use: restore it with that
    version (or a newer one) instead.
    """
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None, load=True).disk_migrations}
    return [m for m in migrations if m not in known]


def tables_with_rows() -> list[str]:
    """The database's tables that hold at least one row (empty list: an empty database)."""
    from django.db import connection

    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        full = []
        for name in names:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")
            if cursor.fetchone():
                full.append(name)
    return full


def has_tables() -> bool:
    """Whether the database has any table (a migrated but empty one does)."""
    from django.db import connection

    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


def close_connections() -> None:
    """Close Django's connections so that the restore has the database to itself."""
    from django.db import connections

    connections.close_all()


# --- SQLite -----------------------------------------------------------------------------------


def dump_sqlite(target: Path) -> None:
    """Copy the configured SQLite database to ``target`` with the online backup API.

    The copy is switched to a rollback journal, so the backup is one self-contained file.
    """
    source_path = sqlite_path()
    if not source_path.is_file():
        raise BackupError(
            gettext_noop("the database %(file)s does not exist"), file=str(source_path)
        )
    try:
        with (
            closing(sqlite3.connect(source_path, timeout=60)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)  # one step: one consistent snapshot, never restarted
            copy.execute("PRAGMA journal_mode=DELETE")
            _check_integrity(copy, target)
    except sqlite3.Error as exc:
        raise BackupError(
            gettext_noop("cannot copy the database %(file)s: %(reason)s"),
            file=str(source_path),
            reason=str(exc),
        ) from None


def restore_sqlite(dump: Path) -> None:
    """Replace the configured SQLite database with the backup's copy ``dump``, in one step."""
    target_path = sqlite_path()
    target_path.parent.mkdir(parents=True, exist_ok=True)
    close_connections()
    try:
        # immutable: read the backup as it is, without locks or -wal/-shm files beside it
        with (
            closing(sqlite3.connect(f"{dump.resolve().as_uri()}?immutable=1", uri=True)) as src,
            closing(sqlite3.connect(target_path, timeout=60)) as target,
        ):
            src.backup(target)
            _check_integrity(target, target_path)
    except sqlite3.Error as exc:
        raise BackupError(
            gettext_noop("cannot restore the database into %(file)s: %(reason)s"),
            file=str(target_path),
            reason=str(exc),
        ) from None


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(
            gettext_noop("the database %(file)s fails its integrity check: %(reason)s"),
            file=str(path),
            reason=str(result[0] if result else "?"),
        )


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_program(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore`` on ``PATH``; :class:`BackupError` if missing."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            gettext_noop("%(program)s is not on PATH: install the PostgreSQL client (%(hint)s)"),
            program=name,
            hint=PG_CLIENT_HINT,
        )
    return found


def _pg_environment() -> dict[str, str]:
    """The libpq variables for the configured database (the password stays off the command line)."""
    from django.conf import settings

    database: Mapping[str, Any] = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    options = database.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run(program: str, arguments: list[str]) -> None:
    result = subprocess.run(
        [pg_program(program), *arguments],
        env=_pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise BackupError(
            gettext_noop("%(program)s failed: %(reason)s"),
            program=program,
            reason=lines[0] if lines else f"exit {result.returncode}",
        )


def dump_postgresql(target: Path) -> None:
    """Dump the configured PostgreSQL database to ``target`` (``pg_dump -Fc``)."""
    _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def restore_postgresql(dump: Path, replace: bool) -> None:
    """Load ``dump`` into the configured PostgreSQL database in one transaction.

    ``replace`` drops the dump's tables first (a database that already has them); otherwise the
    database has none. Objects are owned by the connecting user, whoever owned them before.
    """
    arguments = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if replace:
        arguments += ["--clean", "--if-exists"]
    close_connections()
    from django.conf import settings

    _run("pg_restore", [*arguments, f"--dbname={settings.DATABASES['default']['NAME']}", str(dump)])
