"""Start Django for the commands that need the database."""

from __future__ import annotations

import os
from pathlib import Path


def setup_django(db: Path | None = None) -> None:
    """Configure settings (optionally pointing at the SQLite file ``db``) and start Django."""
    if db is not None:
        os.environ["MICROPARKS_DB"] = str(db.expanduser().resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microparks.config.settings")
    import django

    django.setup()
