"""The enterprise directory as a workbook that imports back as it is (企业名录 export).

Written by the template writer (``io.templates``) with the ``enterprises`` kind's columns from
the vocabulary in effect: Chinese headers with units (or English ones), codes as their labels
(小型, 是), the instructions sheet. Export → edit → import changes exactly the cells edited;
export → import changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from microparks.apps.enterprises.models import Enterprise
from microparks.core.vocabulary import Vocabulary
from microparks.io.template_kinds import KINDS
from microparks.io.templates import Lang, Translate, template_bytes


def page_lang() -> Lang:
    """The active language as the template writer names it (``zh`` unless English)."""
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def enterprise_rows(firms: Iterable[Enterprise]) -> list[dict[str, Any]]:
    """Each enterprise in the ``enterprises`` template's fields (codes, dates, flags)."""
    return [
        {
            "credit_code": f.credit_code,
            "name": f.name,
            "industry": f.industry.code,
            "size": f.size,
            "is_above_size": "yes" if f.is_above_size else "no",
            "is_chain_leader": "yes" if f.is_chain_leader else "no",
            "origin_region": f.origin_region or None,
            "founded_date": f.founded_date.isoformat() if f.founded_date else None,
            "address": f.address or None,
            "contact_name": f.contact_name or None,
            "contact_phone": f.contact_phone or None,
            "contact_email": f.contact_email or None,
        }
        for f in firms
    ]


def export_enterprises(
    firms: QuerySet[Enterprise], vocabulary: Vocabulary, lang: Lang, translate: Translate
) -> bytes:
    """The enterprises as an ``.xlsx`` workbook in the import's own layout."""
    rows = enterprise_rows(firms.select_related("industry").order_by("name", "credit_code"))
    template = KINDS["enterprises"].template(vocabulary)
    return template_bytes(template, lang=lang, translate=translate, rows=rows)
