"""Read suitability schemes from YAML files (a planner's own copy, or the shipped default)."""

from __future__ import annotations

from pathlib import Path

from microparks.core.suitability import Scheme
from microparks.io.rules import load_shipped, read_rules_file


def read_scheme(path: Path | None = None) -> Scheme:
    """Read and check a scheme file (the shipped default when ``path`` is None).

    Raises
    ------
    DocumentError
        If the file cannot be read or the scheme is invalid (every problem, with its path).

    """
    if path is None:
        scheme: Scheme = load_shipped("suitability")
        return scheme
    return read_rules_file("suitability", path).value  # type: ignore[no-any-return]
