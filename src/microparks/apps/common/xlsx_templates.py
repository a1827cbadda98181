"""The Excel template of an import as a download (each import page links its own kind).

The owning app checks the role as its import page does and passes the vocabulary in effect
for the user's region; this gives the workbook in the language asked for (``?lang=zh`` or
``?lang=en``, else the page's language), its instructions translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext

from microparks.core.vocabulary import Vocabulary
from microparks.io.template_kinds import KINDS
from microparks.io.templates import Lang, template_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DJANGO_LANGUAGE: Mapping[Lang, str] = {"zh": "zh-hans", "en": "en"}


def requested_lang(request: HttpRequest) -> Lang:
    """``?lang=`` if given, else the page's language (Chinese unless it is English)."""
    asked = request.GET.get("lang", "")
    if asked in ("zh", "en"):
        return "en" if asked == "en" else "zh"
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def template_response(
    request: HttpRequest,
    kind: str,
    vocabulary: Vocabulary,
    *,
    rows: Sequence[Mapping[str, Any]] | None = None,
    filename: str = "",
) -> HttpResponse:
    """The template of ``kind`` (``sites``, ``records`` …) as an ``.xlsx`` attachment.

    ``rows`` pre-fill it (base units, codes) instead of the example row.
    """
    lang = requested_lang(request)
    with translation.override(DJANGO_LANGUAGE[lang]):
        data = template_bytes(
            KINDS[kind].template(vocabulary), lang=lang, translate=gettext, rows=rows
        )
    response = HttpResponse(data, content_type=XLSX)
    name = filename or f"{kind}-template-{lang}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
