"""``microparks backup --out DIR`` and ``microparks restore DIR``.

A backup holds the database (SQLite's online backup, or ``pg_dump -Fc``) and the files the
platform keeps — ``MEDIA_ROOT`` (ticket attachments) and the data directory (uploads waiting
for a job, the targeting files, computed rankings) — with a manifest of their checksums (see
:mod:`microparks.io.backup`). Left out: the database file itself (copied through SQLite),
``cache/`` (rebuilt on demand), ``secret_key`` (a secret does not belong in a copy that leaves
the machine; without it users sign in again), ``field_key`` (the key of the job seekers' encrypted
numbers: kept apart from the data it protects) and ``STATIC_ROOT`` (``collectstatic`` rebuilds it).

A restore checks every file of the backup before it touches anything, and goes only into an
empty database and over no different file unless ``--force``. Exit codes: 0 done, 1 a bad
backup, a non-empty target or a database tool that failed (one line, Chinese by default), 2 a
wrong command line.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from microparks.cli import backup_database as database
from microparks.cli.django_setup import database_label, pending_migrations, setup_django_for_command
from microparks.cli.errors import fail
from microparks.cli.translation import DJANGO_LANGUAGE, LangOption
from microparks.io.backup import (
    DATABASE_FILES,
    BackupError,
    FileEntry,
    Manifest,
    collect_files,
    conflicting_files,
    copy_file,
    hash_file,
    now_utc,
    read_manifest,
    restore_files,
    restore_targets,
    verify_backup,
    write_manifest,
)
from microparks.io.errors import gettext_noop

EXIT_INPUT = 1
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite database file (default: $MICROPARKS_DATA_DIR/microparks.sqlite3; "
        "overrides DATABASE_URL).",
        dir_okay=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``backup`` and ``restore`` to ``app``."""
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="New (or empty) folder to write the backup into.", file_okay=False
        ),
    ],
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Back up the database and the uploaded and data files, with a manifest of checksums."""
    setup_django_for_command(db)
    with _language(lang):
        _refusing_errors(lambda: _backup(out.expanduser().resolve(), Console(stderr=True)))


def restore(
    folder: Annotated[
        Path, typer.Argument(help="A folder written by `microparks backup`.", file_okay=False)
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a database that holds data, and files that differ from the backup's.",
        ),
    ] = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Check a backup against its manifest, then restore its database and files."""
    setup_django_for_command(db)
    with _language(lang):
        _refusing_errors(
            lambda: _restore(folder.expanduser().resolve(), force, Console(stderr=True))
        )


@contextmanager
def _language(lang: str) -> Iterator[None]:
    from django.utils import translation

    with translation.override(DJANGO_LANGUAGE.get(lang, "zh-hans")):
        yield


def _refusing_errors(work: Callable[[], None]) -> None:
    """Run ``work``, ending the command with one line and exit code 1 when it refuses.

    Refused: a bad backup, a target that is not empty, a file that cannot be read or written.
    """
    from django.utils.translation import gettext as _

    try:
        work()
    except BackupError as exc:
        raise fail(exc.text(_), EXIT_INPUT) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.filename is None:
            raise fail(reason, EXIT_INPUT) from None
        raise fail(f"{exc.filename}: {reason}", EXIT_INPUT) from None


def _bytes_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _platform_version() -> str:
    try:
        return importlib.metadata.version("microparks")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        return "unknown"


# --- backup -----------------------------------------------------------------------------------


def _backup(out: Path, console: Console) -> None:
    from django.utils.translation import gettext as _

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(
            gettext_noop("%(folder)s already exists and is not empty: name a new folder"),
            folder=str(out),
        )
    kind = database.database_kind()
    if kind == "postgresql":
        database.pg_program("pg_dump")  # missing: say so before writing anything
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its destination and renamed when complete: a folder named like the
    # backup always holds a whole one.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        migrations = database.applied_migrations()
        dump = staging / DATABASE_FILES[kind]
        with console.status(_("Copying the database %(db)s…") % {"db": database_label()}):
            if kind == "sqlite":
                database.dump_sqlite(dump)
            else:
                database.dump_postgresql(dump)
        dumped = hash_file(dump)
        entries = [FileEntry(dump.name, dumped.sha256, dumped.size)]
        entries += _copy_files(_sources(staging, out), staging, console)
        manifest = Manifest(_platform_version(), kind, now_utc(), tuple(migrations), tuple(entries))
        write_manifest(staging, manifest)
        if out.exists():
            out.rmdir()  # empty, checked above
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = entries[1:]
    console.print(
        _(
            "Backup written to %(folder)s: the database (%(db_mb).1f MB) and %(n)d files "
            "(%(mb).1f MB)."
        )
        % {
            "folder": out,
            "db_mb": dumped.size / 1e6,
            "n": len(files),
            "mb": sum(f.size for f in files) / 1e6,
        }
    )


def _sources(staging: Path, out: Path) -> list[tuple[str, Path]]:
    """The files to back up: ``MEDIA_ROOT`` and the data directory, less what is left out."""
    from django.conf import settings

    data_dir = Path(settings.DATA_DIR)
    media = Path(settings.MEDIA_ROOT)
    # the keys stay on the machine (the field key is backed up apart: deployment guide)
    keys = [data_dir / "secret_key", Path(settings.FIELD_KEY_FILE)]
    exclude = [data_dir / "cache", *keys, media, staging, out]
    if settings.STATIC_ROOT:
        exclude.append(Path(settings.STATIC_ROOT))
    if database.database_kind() == "sqlite":
        path = database.sqlite_path()
        exclude += [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))]
    return collect_files({"media": media, "data": data_dir}, exclude)


def _copy_files(
    sources: list[tuple[str, Path]], staging: Path, console: Console
) -> list[FileEntry]:
    from django.utils.translation import gettext as _

    total = 0
    for _name, path in sources:
        with suppress(FileNotFoundError):  # gone since listed: skipped below
            total += path.stat().st_size
    entries = []
    with _bytes_bar(console) as bar:
        task = bar.add_task(_("Copying %(n)d files") % {"n": len(sources)}, total=total)
        for name, path in sources:
            try:
                sha256, size = copy_file(path, staging / name, lambda n: bar.advance(task, n))
            except FileNotFoundError:
                if path.exists():
                    raise
                continue  # removed since it was listed (an upload its job has finished with)
            entries.append(FileEntry(name, sha256, size))
    return entries


# --- restore ----------------------------------------------------------------------------------


def _restore(folder: Path, force: bool, console: Console) -> None:
    from django.conf import settings
    from django.utils.translation import gettext as _

    manifest = read_manifest(folder)
    kind = database.database_kind()
    if manifest.database != kind:
        raise BackupError(
            gettext_noop("the backup holds a %(found)s database; %(target)s is %(kind)s"),
            found=manifest.database,
            target=database_label(),
            kind=kind,
        )
    unknown = database.unknown_migrations(manifest.migrations)
    if unknown:
        raise BackupError(
            gettext_noop(
                "the backup was made by microparks %(version)s, whose migration %(migration)s "
                "this version does not have: restore it with that version or a newer one"
            ),
            version=manifest.platform_version,
            migration=unknown[0],
        )
    if kind == "postgresql":
        database.pg_program("pg_restore")
    with _bytes_bar(console) as bar:
        task = bar.add_task(_("Checking the backup"), total=sum(f.size for f in manifest.files))
        verify_backup(folder, manifest, lambda n: bar.advance(task, n))
    roots = {"media": Path(settings.MEDIA_ROOT), "data": Path(settings.DATA_DIR)}
    placed = restore_targets(manifest, roots)
    if not force:
        _check_target_is_empty(placed)
    replace = database.has_tables()
    dump = folder / manifest.database_file
    with console.status(_("Restoring the database into %(db)s…") % {"db": database_label()}):
        if kind == "sqlite":
            database.restore_sqlite(dump)
        else:
            database.restore_postgresql(dump, replace=replace)
    with _bytes_bar(console) as bar:
        task = bar.add_task(
            _("Restoring %(n)d files") % {"n": len(placed)}, total=sum(e.size for e, _t in placed)
        )
        restore_files(folder, placed, lambda n: bar.advance(task, n))
    console.print(
        _(
            "Restored the backup of %(created)s (microparks %(version)s): the database and "
            "%(n)d files."
        )
        % {"created": manifest.created, "version": manifest.platform_version, "n": len(placed)}
    )
    pending = pending_migrations()
    if pending:
        console.print(
            _(
                "%(n)d database migrations of this version are not applied yet: run "
                "`python manage.py migrate`."
            )
            % {"n": pending}
        )


def _check_target_is_empty(placed: list[tuple[FileEntry, Path]]) -> None:
    full = database.tables_with_rows()
    if full:
        raise BackupError(
            gettext_noop(
                "the database %(db)s is not empty (%(n)s tables hold rows, e.g. %(table)s): "
                "restore into an empty database, or add --force to replace it"
            ),
            db=database_label(),
            n=len(full),
            table=full[0],
        )
    conflicts = conflicting_files(placed)
    if conflicts:
        raise BackupError(
            gettext_noop(
                "%(file)s exists with other content than the backup's (%(n)s such files): "
                "restore into empty folders, or add --force to replace them"
            ),
            file=str(conflicts[0]),
            n=len(conflicts),
        )
