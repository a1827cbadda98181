"""Downloads: content types, translated column headers and the attachment response."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GPKG = "application/geopackage+sqlite3"


def verbose_name(model: type[Model], name: str) -> str:
    """The verbose name of ``model``'s field ``name`` in the active language."""
    field: Any = model._meta.get_field(name)
    return str(field.verbose_name)


def download(data: bytes, content_type: str, stem: str, suffix: str) -> HttpResponse:
    """An attachment named ``<stem>-<YYYYMMDD>.<suffix>``."""
    response = HttpResponse(data, content_type=content_type)
    name = f"{stem}-{timezone.localdate():%Y%m%d}.{suffix}"
    # RFC 6266: a scheme name may be non-ASCII (filename*=UTF-8)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response
