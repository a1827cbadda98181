"""Names and units the editors show beside the fields (translated; Chinese by default).

The names of weights repeat the msgids the pages of targeting, matching, the service desk and
the evaluation use, so an official reads the same words everywhere (this app imports none of
those apps: they depend on it).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ANY = _("any")
METRES = _("m")
WORKING_DAYS = _("working days")
SHARE = _("share (0–1)")
POINTS = _("points")
YEARS = _("years")
MU = _("mu")
CNY_PER_KWH = _("CNY/kWh")
CNY_PER_T = _("CNY/t")
TONNES = _("t")
TCE_PER_YEAR = _("tce/year")
KWH_PER_YEAR = _("kWh/year")

TARGETING = {
    "density": _("Relatedness (density)"),
    "cog": _("Complexity outlook gain"),
    "labour_fit": _("Labour fit"),
    "endowment_fit": _("Endowment fit"),
    "chain_fit": _("Chain fit"),
    "national_growth": _("National growth"),
}
MATCHING = {
    "area_mismatch": _("Area mismatch"),
    "supplier_distance": _("Distance to suppliers"),
    "leader_distance": _("Distance to chain leader"),
    "labour": _("Labour pressure"),
    "rent": _("Rent"),
    "suitability": _("Site suitability"),
}
# The service desk's ticket categories and priorities (apps/servicedesk/models.py).
CATEGORIES = {
    "land": _("Land use"),
    "water": _("Water"),
    "electricity": _("Electricity"),
    "labour": _("Labour and recruitment"),
    "policy": _("Policy and subsidies"),
    "permits": _("Permits and approvals"),
    "safety": _("Safety"),
    "finance": _("Finance"),
    "other": _("Other"),
}
PRIORITIES = {"low": _("Low"), "normal": _("Normal"), "urgent": _("Urgent")}

# Units as the documents write them (suitability criteria, evaluation indicators).
UNITS = {
    "m": METRES,
    "mu": MU,
    "person": _("persons"),
    "CNY/m²": _("CNY/m²"),
    "万元/mu": _("10k CNY/mu"),
    "万元/person": _("10k CNY/person"),
    "万元/tce": _("10k CNY/tce"),
    "万元/t": _("10k CNY/t"),
    "fraction": SHARE,
    "CNY/kWh": CNY_PER_KWH,
}
GROUPS = {
    "all": _("All firms"),
    "above_size": _("Above designated size"),
    "below_size": _("Below designated size"),
}
# What an admission cap may limit (core/admission/ruleset.py INDICATORS) and its unit.
CAP_INDICATORS = {
    "energy_intensity_tce_per_10k_cny": (_("Energy use per output"), _("tce/10k CNY")),
    "water_intensity_m3_per_10k_cny": (_("Water use per output"), _("m³/10k CNY")),
}
POLLUTANTS = {
    "cod_t": _("COD emissions"),
    "nh3_n_t": _("Ammonia nitrogen emissions"),
    "so2_t": _("SO₂ emissions"),
    "nox_t": _("NOx emissions"),
    "vocs_t": _("VOCs emissions"),
}
T_PER_YEAR = _("t/year")


def unit(written: Any) -> Any:
    """The unit a document writes (``mu``, ``万元/mu``), as the page shows it."""
    return UNITS.get(str(written), str(written or ""))


def cap_indicator(name: str) -> tuple[Any, Any]:
    """An admission cap's indicator: its name and unit."""
    if name in CAP_INDICATORS:
        return CAP_INDICATORS[name]
    return POLLUTANTS.get(name, name), T_PER_YEAR
