"""A secret key kept in a file of its own: read it, or make it on first use (mode 0600)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def read_or_create_keys(path: Path, make: Callable[[], str]) -> list[str]:
    """The keys in ``path``, one a line (blank lines and ``#`` comments left out).

    When the file does not exist, it is created with one key from ``make``, readable by its
    owner only. The key is written to a temporary file first and linked into place, so a second
    process never reads a half-written file: whichever links first wins, and both read its key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(make() + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
