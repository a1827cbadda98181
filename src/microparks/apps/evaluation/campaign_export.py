"""A campaign's results as a workbook for officials: headers in the reader's language, units.

The command line's ``evaluate`` writes machine-readable column names for planners; this export
is for the county's desks, so every header is a label with its unit (亩均税收（万元/亩）), the
class and group are words, amounts are rounded for reading, and the sheet is named in the
reader's language.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from microparks.apps.evaluation.labels import GROUP_LABELS, INDICATOR_LABELS, UNIT_LABELS
from microparks.apps.evaluation.models import Campaign, Result
from microparks.core.evaluation import INDICATORS
from microparks.core.units import M2_PER_MU

POLICY_HEADERS = {
    "electricity_surcharge_cny_per_kwh": ("Electricity surcharge (CNY/kWh)", 2),
    "electricity_surcharge_cny": ("Electricity surcharge (CNY)", 0),
    "water_surcharge_cny_per_t": ("Water surcharge (CNY/t)", 2),
    "water_surcharge_cny": ("Water surcharge (CNY)", 0),
    "rent_support_share": ("Rent support (share of rent)", 2),
    "rent_support_cny": ("Rent support (CNY)", 0),
    "land_priority": ("Priority for land", None),
    "subsidy_priority": ("Priority for subsidies", None),
}


def _indicator_header(name: str) -> str:
    label = str(INDICATOR_LABELS.get(name, name))
    unit = INDICATORS[name].unit if name in INDICATORS else ""
    return f"{label}（{UNIT_LABELS.get(unit, unit)}）" if unit else label


def _policy_value(value: Any, digits: int | None) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if digits is None or value is None:
        return value
    return round(float(value), digits)


def result_row(r: Result, campaign: Campaign, words: dict[str, str]) -> dict[str, Any]:
    """One firm's row: identity, indicators, item scores, total, class, reasons, policies."""
    row: dict[str, Any] = {
        _("Unified social credit code"): r.enterprise.credit_code,
        _("Enterprise"): r.enterprise.name,
        _("Park"): r.park.name if r.park else "",
        _("Size group"): str(GROUP_LABELS.get(r.group, r.group)),
        _("Land (mu)"): round(r.land_m2 / M2_PER_MU, 2),
    }
    for name, value in r.indicators.items():
        row[_indicator_header(name)] = None if value is None else round(float(value), 4)
    for name, value in r.item_scores.items():
        label = str(INDICATOR_LABELS.get(name, name))
        row[_("Score: %(item)s") % {"item": label}] = None if value is None else round(value, 2)
    row[_("Total score")] = None if r.total is None else round(r.total, 2)
    row[pgettext("evaluation", "Class")] = r.get_evaluation_class_display()
    row[_("Why this class")] = words["grade_reason"]
    row[_("How to reach the next class")] = words["advice"]
    for key, value in r.policies.items():
        header, digits = POLICY_HEADERS.get(key, (key, None))
        row[_(header)] = _policy_value(value, digits)
    document = r.rules or campaign.rules
    row[_("Evaluation scheme")] = document.label
    row[_("Scheme SHA-256")] = document.sha256
    row[_("Inputs SHA-256")] = r.inputs_hash
    return row


def workbook(rows: list[dict[str, Any]]) -> bytes:
    """Rows of :func:`result_row` as ``.xlsx`` bytes, the sheet named in the reader's language."""
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False, sheet_name=_("Evaluation results")[:31])
    return buffer.getvalue()


def campaign_workbook(results: QuerySet[Result], campaign: Campaign, words: Any) -> bytes:
    """The results as ``.xlsx`` bytes; ``words(result)`` gives its reason and 提升方向."""
    related = results.select_related("enterprise", "park", "rules")
    return workbook([result_row(r, campaign, words(r)) for r in related])
