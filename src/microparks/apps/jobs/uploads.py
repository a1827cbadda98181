"""Uploaded files waiting for a background job, kept under ``DATA_DIR/uploads``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile


def uploads_dir() -> Path:
    """The folder of pending uploads (created when missing)."""
    folder = Path(getattr(settings, "DATA_DIR", tempfile.gettempdir())) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(upload: UploadedFile, path: Path) -> Path:
    """Write ``upload`` to ``path`` chunk by chunk (large files never sit in memory whole)."""
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path
