"""The static files' storage: hashed, compressed names once collected; plain names before.

After ``collectstatic`` (``microparks serve`` and ``demo`` run it when the files changed) every
``{% static %}`` URL carries its content's hash, so whitenoise serves it with a far-future,
immutable ``Cache-Control`` and a gzip variant. Before (the tests, ``runserver``, a checkout
never served) the plain name is kept and whitenoise serves it from the finders
(``WHITENOISE_USE_FINDERS``), as it did before the storage was hashed.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CollectedStatic(CompressedManifestStaticFilesStorage):  # type: ignore[misc,unused-ignore]
    """Manifest storage that falls back to the plain name of a file it has not collected."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # nothing collected yet
            return name
        try:
            return str(super().stored_name(name))
        except ValueError:  # a file added since the last collection: served from the finders
            return name
