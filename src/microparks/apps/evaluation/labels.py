"""Translated labels of the indicators, policy terms and low-efficiency flags."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

INDICATOR_LABELS = {
    "tax_per_mu": _("Tax per mu"),
    "va_per_mu": _("Value added per mu"),
    "revenue_per_mu": _("Revenue per mu"),
    "labour_productivity": _("Labour productivity"),
    "va_per_tce": _("Value added per tce"),
    "va_per_emission_t": _("Value added per tonne of main pollutants"),
    "revenue_per_tce": _("Revenue per tce"),
    "revenue_per_emission_t": _("Revenue per tonne of main pollutants"),
    "tax_per_tce": _("Tax per tce"),
    "rd_share": _("R&D spending / revenue"),
    "tax_per_kwh": _("Tax per kWh"),
}
UNIT_LABELS = {
    "万元/mu": _("10,000 CNY/mu"),
    "万元/person": _("10,000 CNY/person"),
    "万元/tce": _("10,000 CNY/tce"),
    "万元/t": _("10,000 CNY/t"),
    "fraction": _("share"),
    "CNY/kWh": _("CNY/kWh"),
}
GROUP_LABELS = {
    "above_size": _("Above designated size"),
    "below_size": _("Below designated size"),
    "all": _("All firms"),
}
FLAG_LABELS = {
    "low_tax": _("Tax per mu below a third of the county average"),
    "repeated_d": _("Class D two years running"),
}
FLAG_ACTION = _(
    "Recommended: an efficiency-improvement plan with the firm, then land recovery or "
    "reallocation if it does not improve."
)
