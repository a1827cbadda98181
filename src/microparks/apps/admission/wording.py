"""The admission gate's reasons in the reader's language.

The core gate (:mod:`microparks.core.admission`) gives every fired rule a ``message_id`` and
its ``params`` next to an English ``message``. Here each id maps to a gettext string with named
placeholders, and the known codes inside the params (EIA categories, site classes, energy-review
tiers, units, capped indicators, declaration fields) are worded too. In Chinese, the names a
rule set gives in Chinese (``params_zh``: rule names, categories, site classes, tiers, process
and material words) take precedence. A stored decision from
before message ids existed keeps its English ``message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from microparks.apps.admission.models import Declaration

WORDING: dict[str, Promise] = {
    "negative_list": _("Industry %(code)s is on the negative list (%(rule)s, listed as %(hit)s)."),
    "two_high": _("Industry %(code)s is a 两高 sector (%(rule)s, listed as %(hit)s)."),
    "eia": _("Industry %(code)s needs an EIA of category: %(category)s."),
    "eia_raised": _(
        "Industry %(code)s needs an EIA of category: %(category)s "
        "(raised from %(base)s on %(site)s)."
    ),
    "energy_review": _(
        "Annual energy use of %(value)s %(unit)s reaches the %(tier)s threshold "
        "of %(limit)s %(unit)s."
    ),
    "cap": _("%(indicator)s of %(value)s exceeds the cap of %(limit)s."),
    "prohibited_processes": _("Prohibited processes: %(items)s."),
    "prohibited_materials": _("Prohibited materials: %(items)s."),
    "hazardous_storage": _(
        "Hazardous chemicals stored: %(stored)s t, above the limit of %(limit)s t."
    ),
    "positioning": _("Outside the park's positioning: %(codes)s."),
    "missing_data": _("Data needed before a decision: %(fields)s."),
}
"""Each core ``message_id`` (see ``microparks.core.admission.evaluate.MESSAGE_IDS``)."""

EIA_CATEGORIES: dict[str, Promise] = {
    "registration": _("EIA registration form"),
    "report_form": _("EIA report form"),
    "report": _("EIA report"),
}
SITE_CLASSES: dict[str, Promise] = {
    "general": _("a general site"),
    "sensitive": _("an environmentally sensitive site"),
    "protected_area": _("a national park, nature reserve, scenic area or heritage site"),
    "drinking_water": _("a drinking-water source protection zone"),
    "ecological_red_line": _("the ecological protection red line"),
    "basic_farmland": _("permanent basic farmland or basic grassland"),
    "other_ecological": _("a natural park, important wetland, natural forest or key habitat"),
    "residential": _(
        "an area mainly for housing, health care, education, research or administration"
    ),
    "cultural_relic": _("a protected cultural relic"),
}
"""The kinds of site of :data:`microparks.core.admission.SENSITIVE_AREAS` and the shipped
rule set's ``general`` and ``sensitive``."""
ENERGY_TIERS: dict[str, Promise] = {
    "provincial energy review": _("provincial energy review"),
    "energy review": _("energy review"),
    "exempt": _("no separate energy review"),
}
UNITS: dict[str, Promise] = {"tce": _("tce"), "kWh": _("kWh")}
INDICATORS: dict[str, Promise] = {
    "energy_intensity_tce_per_10k_cny": _("energy use per 10,000 CNY of output (tce)"),
    "water_intensity_m3_per_10k_cny": _("water use per 10,000 CNY of output (m³)"),
    "cod_t": _("COD (t/year)"),
    "nh3_n_t": _("ammonia nitrogen (t/year)"),
    "so2_t": _("SO2 (t/year)"),
    "nox_t": _("NOx (t/year)"),
    "vocs_t": _("VOCs (t/year)"),
}

INDICATOR_UNITS: dict[str, Promise] = {
    "energy_intensity_tce_per_10k_cny": _("tce per 10,000 CNY"),
    "water_intensity_m3_per_10k_cny": _("m³ per 10,000 CNY"),
    **{name: _("t/year") for name in ("cod_t", "nh3_n_t", "so2_t", "nox_t", "vocs_t")},
}
KINDS: dict[str, Promise] = {
    "negative_list": _("negative list"),
    "two_high": _("两高 sector"),
    "eia": _("EIA category"),
    "eia_raised": _("EIA category"),
    "energy_review": _("Energy review"),
    "cap": _("emission and intensity caps"),
    "prohibited_processes": _("prohibited processes"),
    "prohibited_materials": _("prohibited materials"),
    "hazardous_storage": _("hazardous chemicals storage"),
    "positioning": _("park positioning"),
    "missing_data": _("missing data"),
}
"""What each ``message_id``'s rule checks: the rule column of a decision's table (the rule's
id, a code of the rule set, is shown beside it as a code)."""

ENERGY_USE = _("expected energy use (tce/year)")
"""The label of the prospect's ``annual_energy_tce`` (a field of the prospect, not of its
declaration)."""


def _field_label(name: str) -> str:
    """A declaration field's label (``emissions_t.cod`` is the ``cod_t`` field)."""
    if name == "annual_energy_tce":
        return str(ENERGY_USE)
    if name.startswith("emissions_t."):
        name = name.removeprefix("emissions_t.") + "_t"
    try:
        field = Declaration._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _worded_params(
    message_id: str, params: Mapping[str, Any], params_zh: Mapping[str, Any] | None = None
) -> dict[str, str]:
    out = {k: str(v) for k, v in params.items()}
    # The rule set's own Chinese names (rule, category, site class, tier, process words) win;
    # the gettext names below cover decisions stored before rule sets carried them.
    given = {k: str(v) for k, v in (params_zh or {}).items() if v} if is_chinese() else {}
    for key, names in (("category_code", EIA_CATEGORIES), ("base_code", EIA_CATEGORIES)):
        code = out.get(key)
        if code in names:
            out[key.removesuffix("_code")] = str(names[code])
    for key, names in (("site", SITE_CLASSES), ("tier", ENERGY_TIERS), ("unit", UNITS)):
        if out.get(key) in names:
            out[key] = str(names[out[key]])
    out |= given
    if message_id == "cap" and out.get("indicator") in INDICATORS:
        out["indicator"] = str(INDICATORS[out["indicator"]])
    if message_id == "missing_data" and out.get("fields"):
        sep = "、" if is_chinese() else ", "
        out["fields"] = sep.join(_field_label(f.strip()) for f in out["fields"].split(","))
    return out


def is_chinese() -> bool:
    """Whether the active language is Chinese (zh-hans)."""
    return (translation.get_language() or "").lower().startswith("zh")


def reason(fired: Mapping[str, Any]) -> str:
    """A fired rule's reason (``Decision.as_dict()["fired"][i]``) in the active language.

    Falls back to the English ``message`` for an unknown id or mismatched params.
    """
    template = WORDING.get(fired.get("message_id") or "")
    if template is None:
        return str(fired.get("message", ""))
    try:
        params = _worded_params(
            fired["message_id"], fired.get("params") or {}, fired.get("params_zh")
        )
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(fired.get("message", ""))


def note(fired: Mapping[str, Any]) -> str:
    """The rule's note: ``note_zh`` in Chinese when the rule set has one, else ``note``."""
    if is_chinese() and fired.get("note_zh"):
        return str(fired["note_zh"])
    return str(fired.get("note") or "")


def worded(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The fired rules of a stored decision, each with ``text`` and ``note_text`` added."""
    return [{**f, "text": reason(f), "note_text": note(f)} for f in result.get("fired") or () if f]


def worded_result(result: Mapping[str, Any]) -> dict[str, Any]:
    """A stored decision with its fired rules worded (see :func:`worded`).

    ``conditions_text`` and ``referrals_text`` are the conditions and referrals (each rule's
    note, else its reason, once) in the active language, next to the English ones.
    """
    fired = worded(result)

    def notes(outcome: str) -> list[str]:
        texts = (f["note_text"] or f["text"] for f in fired if f.get("outcome") == outcome)
        return list(dict.fromkeys(texts))

    return {
        **result,
        "fired": fired,
        "conditions_text": notes("admit_with_conditions"),
        "referrals_text": notes("refer"),
    }


def _amount(value: Any, unit: str = "") -> str:
    """A number for reading (thousands grouped, at most four significant digits below 1,000)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return f"{text} {unit}" if unit else text


def value_and_limit(fired: Mapping[str, Any]) -> tuple[str, str]:
    """A fired rule's value and limit for reading.

    Numbers are rounded, with their unit; codes are worded (an EIA category's name, the
    prohibited items); ``—`` where the reason says it (the missing fields).
    """
    message_id = fired.get("message_id") or ""
    value, limit = fired.get("value"), fired.get("limit")
    params = _worded_params(message_id, fired.get("params") or {}, fired.get("params_zh"))
    if message_id in ("eia", "eia_raised"):
        return str(value), params.get("category", str(limit))
    if message_id == "energy_review":
        unit = params.get("unit", "")
        return _amount(value, unit), _amount(limit, unit)
    if message_id == "cap":
        unit = str(INDICATOR_UNITS.get(str((fired.get("params") or {}).get("indicator")), ""))
        return _amount(value, unit), _amount(limit, unit)
    if message_id == "hazardous_storage":
        return _amount(value, str(_("t"))), _amount(limit, str(_("t")))
    if message_id in ("prohibited_processes", "prohibited_materials"):
        return params.get("items", "—"), "—"
    if message_id == "missing_data":  # the reason names the fields
        return "—", "—"

    def plain(v: Any) -> str:
        if v is None:
            return "—"
        if isinstance(v, list | tuple):
            return "、".join(str(x) for x in v) if is_chinese() else ", ".join(map(str, v))
        return _amount(v)

    return plain(value), plain(limit)


def category_and_tier(result: Mapping[str, Any]) -> tuple[str, str]:
    """The decision's EIA category and energy-review tier, worded (empty when none).

    The tier's words are those of its fired rule (the rule set's own Chinese name first).
    """
    code = result.get("eia_category") or ""
    category = str(EIA_CATEGORIES[code]) if code in EIA_CATEGORIES else str(code)
    tier = str(result.get("energy_tier") or "")
    for fired in result.get("fired") or ():
        if fired and fired.get("message_id") == "energy_review":
            params = _worded_params(
                "energy_review", fired.get("params") or {}, fired.get("params_zh")
            )
            tier = params.get("tier", tier)
    return category, str(ENERGY_TIERS[tier]) if tier in ENERGY_TIERS else tier
