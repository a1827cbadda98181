"""The files of a backup: its manifest, the copied files and their checks.

A backup is a folder::

    manifest.json          what the backup holds (written last: no manifest, no backup)
    database.sqlite3       SQLite's online backup, or
    database.pgdump        pg_dump's custom format
    files/media/...        the uploaded files (``MEDIA_ROOT``)
    files/data/...         the data directory (uploads, targeting files, rankings)

The manifest names the platform's version, the kind of database, when it was made, the applied
migrations and, for every file, its SHA-256 and size. :func:`verify_backup` checks every file
against it before a restore touches anything: a changed, missing or unlisted file refuses the
whole backup. The checksums catch corruption and careless edits, not a forger who rewrites the
manifest too; keep backups where only the operators can write.

This module only reads and writes files; dumping and loading the database is the command's job.
Its messages are English templates (:func:`~microparks.io.errors.gettext_noop`) that the command
translates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from microparks.io.errors import gettext_noop

MANIFEST = "manifest.json"
FORMAT = "microparks-backup"
FORMAT_VERSION = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES_FOLDER = "files"
CHUNK = 1 << 20

Progress = Callable[[int], None]
"""Told the number of bytes just read or written."""

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BackupError(ValueError):
    """A backup that cannot be made or used; ``message`` is an English template with ``params``."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str] = str) -> str:
        """The message filled in, its template translated by ``translate`` (English as is)."""
        message = translate(self.message)
        return message % self.params if self.params else message


@dataclass(frozen=True)
class FileEntry:
    """One file of a backup: its path in the folder (``/``-separated), SHA-256 and size."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; ``created`` is an ISO 8601 time in UTC."""

    platform_version: str
    database: str
    created: str
    migrations: tuple[str, ...]
    files: tuple[FileEntry, ...] = field(default=())

    @property
    def database_file(self) -> str:
        """The database dump's path in the folder."""
        return DATABASE_FILES[self.database]

    def as_json(self) -> str:
        """The manifest as written to ``manifest.json``."""
        data = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "platform_version": self.platform_version,
            "database": self.database,
            "created": self.created,
            "migrations": list(self.migrations),
            "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in self.files],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def now_utc() -> str:
    """The current time for a manifest's ``created``."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- making a backup ------------------------------------------------------------------------


def hash_file(path: Path, progress: Progress | None = None) -> FileEntry:
    """The SHA-256 and size of ``path`` (its entry's path is the file name)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if progress:
                progress(len(chunk))
    return FileEntry(path.name, digest.hexdigest(), size)


def copy_file(source: Path, target: Path, progress: Progress | None = None) -> tuple[str, int]:
    """Copy ``source`` to ``target`` and return the SHA-256 and size of what was written.

    Hashing while copying records the bytes that are in the backup, even when the source file
    changes meanwhile.
    """
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            writer.write(chunk)
            digest.update(chunk)
            size += len(chunk)
            if progress:
                progress(len(chunk))
    return digest.hexdigest(), size


def is_backup(folder: Path) -> bool:
    """Whether ``folder`` holds a microparks backup (its manifest names the format)."""
    try:
        with (folder / MANIFEST).open("rb") as stream:
            return FORMAT.encode() in stream.read(200)
    except OSError:
        return False


def collect_files(
    roots: Mapping[str, Path], exclude: Collection[Path] = ()
) -> list[tuple[str, Path]]:
    """Every file under each root, as ``(path in the backup, path on disk)``, sorted.

    ``roots`` maps a name (``media``, ``data``) to a folder; a missing folder holds nothing.
    Paths in ``exclude`` (files or folders) are skipped, and so are folders holding a backup
    (a backup kept inside the data directory is not backed up again).
    """
    skipped = {p.resolve() for p in exclude}
    found: list[tuple[str, Path]] = []
    for name, root in roots.items():
        root = root.resolve()
        if not root.is_dir():
            continue
        for folder, subfolders, files in os.walk(root):
            here = Path(folder)
            subfolders[:] = sorted(
                d for d in subfolders if (here / d) not in skipped and not is_backup(here / d)
            )
            for file in sorted(files):
                path = here / file
                if path in skipped or not path.is_file():
                    continue
                relative = path.relative_to(root).as_posix()
                found.append((f"{FILES_FOLDER}/{name}/{relative}", path))
    return sorted(found)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` into ``folder``."""
    (folder / MANIFEST).write_text(manifest.as_json(), encoding="utf-8")


# --- reading and checking a backup ---------------------------------------------------------


def read_manifest(folder: Path) -> Manifest:
    """The manifest of the backup in ``folder``; :class:`BackupError` if it is not usable."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(gettext_noop("%(folder)s is not a folder"), folder=str(folder))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            gettext_noop("%(file)s is missing: %(folder)s is not a complete backup"),
            file=str(path),
            folder=str(folder),
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError(
            gettext_noop("%(file)s cannot be read: %(reason)s"), file=str(path), reason=str(exc)
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(
            gettext_noop("%(file)s is not a microparks backup manifest"), file=str(path)
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            gettext_noop("%(file)s has format version %(found)s; this version reads %(known)s"),
            file=str(path),
            found=data.get("format_version"),
            known=FORMAT_VERSION,
        )
    database = _field(data, "database", str, path)
    if database not in DATABASE_FILES:
        raise _bad_field(path, "database", database)
    migrations = _field(data, "migrations", list, path)
    if not all(isinstance(m, str) for m in migrations):
        raise _bad_field(path, "migrations", migrations)
    files = tuple(
        _entry(item, index, path) for index, item in enumerate(_field(data, "files", list, path))
    )
    paths = [f.path for f in files]
    if len(set(paths)) != len(paths):
        duplicate = next(p for p in paths if paths.count(p) > 1)
        raise _bad_field(path, "files", duplicate)
    if DATABASE_FILES[database] not in paths:
        raise BackupError(
            gettext_noop("%(file)s lists no database file %(database)s"),
            file=str(path),
            database=DATABASE_FILES[database],
        )
    return Manifest(
        platform_version=_field(data, "platform_version", str, path),
        database=database,
        created=_field(data, "created", str, path),
        migrations=tuple(migrations),
        files=files,
    )


def _field(data: Mapping[str, Any], key: str, kind: type, path: Path) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise _bad_field(path, key, value)
    return value


def _bad_field(path: Path, key: str, value: Any) -> BackupError:
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    return BackupError(
        gettext_noop("%(file)s, field %(field)s: invalid value %(value)s"),
        file=str(path),
        field=key,
        value=shown,
    )


def _entry(item: Any, index: int, manifest: Path) -> FileEntry:
    where = f"files[{index}]"
    if not isinstance(item, dict) or set(item) != {"path", "sha256", "size"}:
        raise _bad_field(manifest, where, item)
    path, sha256, size = item["path"], item["sha256"], item["size"]
    if not isinstance(path, str) or not _safe(path):
        raise _bad_field(manifest, f"{where}.path", path)
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise _bad_field(manifest, f"{where}.sha256", sha256)
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _bad_field(manifest, f"{where}.size", size)
    return FileEntry(path, sha256, size)


def _safe(path: str) -> bool:
    """A relative path that stays inside the backup: no ``..``, no root, no backslash."""
    parts = PurePosixPath(path).parts
    return (
        bool(parts)
        and "\\" not in path
        and not PurePosixPath(path).is_absolute()
        and all(p not in {"", ".", ".."} for p in parts)
        and (path in DATABASE_FILES.values() or (parts[0] == FILES_FOLDER and len(parts) >= 3))
    )


def _files_on_disk(folder: Path) -> Iterator[str]:
    for path in folder.rglob("*"):
        if path.is_file() or path.is_symlink():
            yield path.relative_to(folder).as_posix()


def verify_backup(folder: Path, manifest: Manifest, progress: Progress | None = None) -> None:
    """Check every file of the backup against its manifest.

    Raises :class:`BackupError` on the first changed, missing or unlisted file.
    """
    listed = {f.path for f in manifest.files} | {MANIFEST}
    unlisted = sorted(set(_files_on_disk(folder)) - listed)
    if unlisted:
        raise BackupError(
            gettext_noop("%(file)s is not listed in the manifest: the backup was changed"),
            file=str(folder / unlisted[0]),
        )
    for entry in manifest.files:
        path = folder / entry.path
        if path.is_symlink() or not path.is_file():
            raise BackupError(gettext_noop("%(file)s is missing from the backup"), file=str(path))
        if path.stat().st_size != entry.size:
            raise BackupError(
                gettext_noop("%(file)s has %(found)s bytes; the manifest says %(expected)s"),
                file=str(path),
                found=path.stat().st_size,
                expected=entry.size,
            )
        if hash_file(path, progress).sha256 != entry.sha256:
            raise BackupError(
                gettext_noop("%(file)s does not match its SHA-256 in the manifest"), file=str(path)
            )


# --- restoring the files -------------------------------------------------------------------


def restore_targets(manifest: Manifest, roots: Mapping[str, Path]) -> list[tuple[FileEntry, Path]]:
    """Each of the backup's files (the database dump aside) with where it is restored to."""
    placed = []
    for entry in manifest.files:
        parts = PurePosixPath(entry.path).parts
        if parts[0] != FILES_FOLDER:
            continue
        if parts[1] not in roots:
            raise BackupError(
                gettext_noop("%(file)s: unknown folder %(folder)s"),
                file=entry.path,
                folder=parts[1],
            )
        placed.append((entry, roots[parts[1]].joinpath(*parts[2:])))
    return placed


def conflicting_files(placed: Sequence[tuple[FileEntry, Path]]) -> list[Path]:
    """The targets that exist with other content than the backup's (they would be replaced)."""
    conflicts = []
    for entry, target in placed:
        if target.exists() and (
            not target.is_file()
            or target.stat().st_size != entry.size
            or hash_file(target).sha256 != entry.sha256
        ):
            conflicts.append(target)
    return conflicts


def restore_files(
    folder: Path, placed: Sequence[tuple[FileEntry, Path]], progress: Progress | None = None
) -> None:
    """Copy the backup's files to their targets.

    All are staged beside their targets first and checked again, then moved into place, so a
    failure leaves no half-written file.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for entry, target in placed:
            temporary = target.with_name(f".{target.name}.restoring")
            staged.append((temporary, target))
            sha256, _size = copy_file(folder / entry.path, temporary, progress)
            if sha256 != entry.sha256:
                raise BackupError(
                    gettext_noop("%(file)s changed while it was restored"),
                    file=str(folder / entry.path),
                )
    except BaseException:
        for temporary, _target in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
