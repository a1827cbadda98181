"""A secret key kept in a file of its own: read it, or make it on first use (mode 0600)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def read_or_create_keys(path: Path, make: Callable[[], str]) -> list[str]:
    """The keys in ``path``, one a line (blank lines and ``#`` comments left out).

    When the file does not exist, it is created with one key from ``make``, readable by its
    owner only; a second process that gets there first wins and its key is read.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(make() + "\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
