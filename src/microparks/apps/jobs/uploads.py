"""Uploaded files: their limits (size per kind, zip bombs), and those waiting for a job.

Every upload form uses :class:`LimitedFileField` (or calls :func:`check_upload`) with its kind:
``ledger``, ``rules``, ``attachment``, ``evaluation`` or ``spending``, each with its size limit
in settings (``UPLOAD_MAX_BYTES``). Files waiting for a background job are kept under
``DATA_DIR/uploads``.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import enqueue
from microparks.io.archives import ArchiveLimits, ArchiveRefused, check_archive


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


def enqueue_upload(
    kind: str,
    request: HttpRequest,
    region: Any,
    upload: UploadedFile,
    back_url: str,
    **params: Any,
) -> Job:
    """Keep ``upload`` (already checked by its form) for a job of ``kind`` and enqueue it.

    The job gets the file's path and name, the user's language and where its page leads back
    to ("Upload the file again"), besides ``params`` (the year, the campaign …).
    """
    name = upload.name or ""
    path = save_upload(upload, uploads_dir() / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}")
    params = {
        "path": str(path),
        "name": name,
        "lang": get_language(),
        "back_url": back_url,
        "back_label": gettext_noop("Upload the file again"),
        **params,
    }
    return enqueue(kind, region=region, user=request.user, params=params)


# --- limits: size per kind, and what a zip may hold ------------------------------------------

UPLOAD_KINDS = ("ledger", "rules", "attachment", "evaluation", "spending")


def upload_limit(kind: str) -> int:
    """The largest upload of ``kind`` in bytes (settings ``UPLOAD_MAX_BYTES``)."""
    return int(settings.UPLOAD_MAX_BYTES[kind])


def archive_limits() -> ArchiveLimits:
    """What a zip upload may hold (settings ``UPLOAD_ARCHIVE_*``)."""
    return ArchiveLimits(
        max_entries=settings.UPLOAD_ARCHIVE_MAX_ENTRIES,
        max_total_bytes=settings.UPLOAD_ARCHIVE_MAX_BYTES,
        max_ratio=settings.UPLOAD_ARCHIVE_MAX_RATIO,
    )


def _megabytes(size: float) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0")


def check_upload(upload: UploadedFile, kind: str) -> None:
    """Refuse ``upload`` if it is larger than ``kind`` allows, or a zip that holds too much.

    Runs before the file is read or stored; the message names the file, its size and the
    limit, in the request's language.
    """
    limit = upload_limit(kind)
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; files of this kind may be at most %(limit)s MB."),
            code="file_too_large",
            params={"name": upload.name, "size": _megabytes(size), "limit": _megabytes(limit)},
        )
    try:
        check_archive(upload.file, archive_limits())  # type: ignore[arg-type]  # a file when cleaned
    except ArchiveRefused as exc:
        raise ValidationError(
            _("%(name)s is refused: %(reason)s"),
            code="archive_refused",
            params={"name": upload.name, "reason": _(exc.template) % exc.params},
        ) from exc
    finally:
        upload.seek(0)


class LimitedFileField(forms.FileField):
    """A file field that refuses files above its kind's size limit and zip bombs."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        if kind not in UPLOAD_KINDS:
            raise ValueError(f"unknown upload kind {kind!r}; one of {UPLOAD_KINDS}")
        self.kind = kind
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        cleaned = super().clean(data, initial)
        if isinstance(cleaned, UploadedFile):
            check_upload(cleaned, self.kind)
        return cleaned
