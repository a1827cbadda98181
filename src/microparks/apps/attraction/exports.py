"""The pipeline export's prospects sheet: the import's own layout, so that it imports back.

The sheet has the ``prospects`` template's columns (from the vocabulary in effect) — 项目名称,
投资额（万元）, 用地需求（亩）, 跟进阶段 with its Chinese label … — then columns the import does not
read (owner, overdue, latest admission decision). Export → edit → import changes exactly the
cells edited; export → import changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.attraction.models import EXITS, Prospect
from microparks.apps.common.display import person_name
from microparks.apps.enterprises.exports import page_lang
from microparks.core.vocabulary import Vocabulary
from microparks.io.county_tables import shipped_vocabulary
from microparks.io.template_kinds import KINDS

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

POSITIVE = ("investment_cny", "land_area_min_m2", "land_area_max_m2")
"""Fields that must be above 0 when given: a 0 (not known yet) is written as an empty cell."""


def prospect_rows(prospects: Iterable[Prospect]) -> list[dict[str, Any]]:
    """Each prospect in the ``prospects`` template's fields (base units, codes, dates)."""
    rows = []
    for p in prospects:
        row: dict[str, Any] = {
            "name": p.name,
            "company_name": p.company_name,
            "credit_code": p.enterprise.credit_code if p.enterprise else None,
            "industry": p.industry.code,
            "stage": p.stage,
            "source": p.source,
            "origin_region": p.origin_region or None,
            "target_park": p.target_park.name if p.target_park else None,
            "investment_cny": float(p.investment_cny),
            "land_area_min_m2": p.land_area_min_m2,
            "land_area_max_m2": p.land_area_max_m2,
            "floor_area_min_m2": p.floor_area_min_m2,
            "power_kva": p.power_kva,
            "water_t_per_day": p.water_t_per_day,
            "annual_energy_tce": p.annual_energy_tce,
            "jobs_needed": p.jobs_needed,
            "committed_jobs": p.committed_jobs,
            "committed_tax_cny_per_year": float(p.committed_tax_cny_per_year),
            "next_follow_up": p.next_follow_up.isoformat() if p.next_follow_up else None,
            "notes": p.notes or None,
        }
        for key in POSITIVE:
            if not row[key]:
                row[key] = None
        rows.append(row)
    return rows


def prospects_sheet(
    sheet: Worksheet, prospects: Iterable[Prospect], vocabulary: Vocabulary | None = None
) -> None:
    """One row per prospect in the import's layout, then owner, overdue and latest decision."""
    lang = page_lang()
    columns = KINDS["prospects"].template(vocabulary or shipped_vocabulary("prospects")).columns
    extra = [_("Owner"), _("Overdue"), _("Latest admission decision")]
    sheet.append([c.header(lang) for c in columns] + extra)
    today = timezone.localdate()
    prospects = list(prospects)
    for p, row in zip(prospects, prospect_rows(prospects), strict=True):
        latest = p.admission_decisions.first()
        overdue = bool(p.next_follow_up and p.stage not in EXITS and p.next_follow_up < today)
        sheet.append(
            [c.cell(row.get(c.key), lang, _) for c in columns]
            + [
                person_name(p.owner) if p.owner else "",
                _("yes") if overdue else "",
                str(latest.get_outcome_display()) if latest else "",
            ]
        )
