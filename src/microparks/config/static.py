"""The static files' storage: hashed, compressed names once collected; plain names otherwise.

After ``collectstatic`` (``microparks serve`` and ``demo`` run it when the files changed) every
``{% static %}`` URL carries its content's hash, so whitenoise serves it with a far-future,
immutable ``Cache-Control`` and a gzip variant. When nothing is collected, or the collection is
older than a file it should hold (a developer's edit, an upgrade not collected yet), the plain
name is kept and whitenoise serves the current file from the finders
(``WHITENOISE_USE_FINDERS``): never a stale stylesheet under a hashed name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


def newest_source_mtime() -> float:
    """When the newest file the finders hold was last changed (0 if there is none)."""
    from django.contrib.staticfiles.finders import get_finders

    return max(
        (
            Path(storage.path(path)).stat().st_mtime
            for finder in get_finders()
            for path, storage in finder.list([])
        ),
        default=0.0,
    )


def collection_is_current(root: str | Path) -> bool:
    """Whether ``root`` holds a collection at least as new as every static file."""
    manifest = Path(root) / str(CollectedStatic.manifest_name)
    return manifest.exists() and newest_source_mtime() <= manifest.stat().st_mtime


class CollectedStatic(CompressedManifestStaticFilesStorage):  # type: ignore[misc,unused-ignore]
    """Manifest storage that keeps plain names unless its collection is current."""

    manifest_strict = False

    def load_manifest(self) -> Any:
        """The collected names, or none when the collection is missing or stale.

        Checked once per process (Django keeps one storage), by a look at each file's time.
        """
        if not collection_is_current(self.location):
            return {}, ""  # Django's (paths, manifest hash) of no manifest
        return super().load_manifest()

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # nothing (current) collected
            return name
        try:
            return str(super().stored_name(name))
        except ValueError:  # not in the collection: served from the finders
            return name
