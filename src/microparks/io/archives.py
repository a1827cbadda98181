"""Zip archives checked before anything reads or stores them (zip bombs).

A zipped Shapefile, an Excel workbook (``.xlsx`` is a zip of XML parts) or an attachment that
is a zip is looked at through its central directory only: how many entries it holds, how much
they would take once extracted, and how many times bigger than their compressed form they are.
Nothing is extracted. A 42 kB file that inflates to petabytes (the classic ``42.zip``) is
refused on its directory, before openpyxl, pyogrio or the media folder see it.

The declared sizes can lie; readers that extract should still stream with a cap. The checks
here refuse every honest bomb and every archive whose directory claims too much.

Refusals are :class:`ArchiveRefused` with an English template and its parameters, translated by
the web or CLI layer (as :mod:`microparks.io.rules.problems` does for rules documents).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

__all__ = ["ArchiveLimits", "ArchiveRefused", "check_archive", "is_zip"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive


@dataclass(frozen=True)
class ArchiveLimits:
    """What one archive may hold.

    Attributes
    ----------
    max_entries
        Files and folders in the archive.
    max_total_bytes
        Their sizes once extracted, added up.
    max_ratio
        Extracted size over compressed size, for the archive as a whole and for each entry
        (text and XML compress about 5–20 times; a bomb compresses a thousand times and more).

    """

    max_entries: int = 1000
    max_total_bytes: int = 500 * 1024 * 1024
    max_ratio: float = 100.0


@dataclass(frozen=True)
class ArchiveRefused(Exception):
    """An archive that breaks a limit: ``template % params`` says which, in English."""

    template: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params


def is_zip(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file) starts a zip archive."""
    return head[:4] in _ZIP_MAGIC


def check_archive(source: str | Path | IO[bytes], limits: ArchiveLimits) -> None:
    """Refuse a zip archive that holds too many entries, too much data, or inflates too much.

    Parameters
    ----------
    source
        A path or a seekable binary file (left at the position it had); a file that is not a
        zip archive passes unchecked.
    limits
        The limits to hold it to.

    Raises
    ------
    ArchiveRefused
        With the number found and the limit it broke.

    """
    if isinstance(source, str | Path):
        with Path(source).open("rb") as handle:
            entries = _directory(handle)
    else:
        entries = _directory(source)
    if entries is not None:
        _check_entries(entries, limits)


def _directory(handle: IO[bytes]) -> list[zipfile.ZipInfo] | None:
    """The central directory of the zip in ``handle``, or None when it is no zip."""
    start = handle.tell()
    try:
        if not is_zip(handle.read(4)):
            return None
        handle.seek(start)
        with zipfile.ZipFile(handle) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveRefused("The archive is damaged: %(reason)s", {"reason": str(exc)}) from exc
    finally:
        handle.seek(start)


def _check_entries(entries: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(entries) > limits.max_entries:
        raise ArchiveRefused(
            "The archive holds %(count)d files; at most %(limit)d are accepted.",
            {"count": len(entries), "limit": limits.max_entries},
        )
    total = sum(e.file_size for e in entries)
    if total > limits.max_total_bytes:
        raise ArchiveRefused(
            "The archive would extract to %(size_mb).1f MB; "
            "at most %(limit_mb).1f MB are accepted.",
            {"size_mb": total / 2**20, "limit_mb": limits.max_total_bytes / 2**20},
        )
    packed = sum(e.compress_size for e in entries)
    for entry in [*entries, None]:
        size, compressed = (
            (total, packed) if entry is None else (entry.file_size, entry.compress_size)
        )
        # Tiny entries (an empty file, a one-line .cpg) may have any ratio without harm.
        if size > 1024 * 1024 and size > limits.max_ratio * max(compressed, 1):
            raise ArchiveRefused(
                "%(name)s inflates %(ratio).0f times when extracted; at most %(limit).0f times "
                "is accepted (a zip bomb?).",
                {
                    "name": "The archive" if entry is None else entry.filename,
                    "ratio": size / max(compressed, 1),
                    "limit": limits.max_ratio,
                },
            )
