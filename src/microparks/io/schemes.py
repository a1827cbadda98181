"""Read suitability schemes (YAML) and locate the shipped default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from microparks.core.suitability import Scheme, SchemeError, parse_scheme


def default_scheme_path() -> Path:
    """Path of the shipped default scheme (``core/suitability/schemes/default.yaml``)."""
    return Path(str(resources.files("microparks.core.suitability") / "schemes" / "default.yaml"))


def read_scheme_data(path: Path) -> dict[str, Any]:
    """The raw mapping of a scheme file, or :class:`SchemeError` naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SchemeError(f"{path}: cannot read the scheme ({exc})") from None
    if not isinstance(data, dict):
        raise SchemeError(f"{path}: a scheme file holds a mapping")
    return data


def read_scheme(path: Path | None = None) -> Scheme:
    """Read and check a scheme file (the shipped default when ``path`` is None)."""
    path = path or default_scheme_path()
    try:
        return parse_scheme(read_scheme_data(path))
    except SchemeError as exc:
        message = str(exc)
        raise SchemeError(
            message if message.startswith(str(path)) else f"{path}: {message}"
        ) from None
