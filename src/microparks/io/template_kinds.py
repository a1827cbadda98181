"""The kinds of template, one per import (``sites``, ``records``, ``enterprises`` …).

The kinds: ``sites``, ``records``, ``tax-bureau``, ``power``, ``spending``, ``enterprises``
and ``prospects``.

Each kind names the ``vocabulary`` document its import reads with and lays out its columns:
which of the vocabulary's fields, in which order, which are required (as the reader and the
import require them), the unit shown where it is not the quantity's usual one, a note and a
realistic example value for a county (in base units: m², 元, kWh …). Headers, codes and ranges
come from the vocabulary itself, so that a county's own version of it (edited in the web) gives
its own template, and every word of the template is one the reader takes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from microparks.core.vocabulary import Vocabulary
from microparks.io.errors import gettext_noop
from microparks.io.rules.shipped import load_shipped
from microparks.io.templates import TableTemplate, column_from_words


@dataclass(frozen=True)
class Layout:
    """One column of a kind: the vocabulary field and what the template adds to it."""

    key: str
    required: bool = False
    example: Any = None
    units: Mapping[str, str] | None = None
    note: str = ""


@dataclass(frozen=True)
class TemplateKind:
    """A kind of template: its vocabulary document, texts (English msgids) and columns."""

    name: str
    vocabulary: str
    title: str
    description: str
    sheet: str
    columns: tuple[Layout, ...]
    notes: tuple[str, ...] = ()

    def template(self, vocabulary: Vocabulary) -> TableTemplate:
        """The template of this kind with the words of ``vocabulary``.

        A field the vocabulary lacks (a county's version may drop one) is left out.
        """
        columns = tuple(
            column_from_words(
                vocabulary.fields[c.key],
                required=c.required,
                units=c.units,
                note=c.note,
                example=c.example,
            )
            for c in self.columns
            if c.key in vocabulary.fields
        )
        return TableTemplate(
            self.name, self.title, self.description, self.sheet, columns, self.notes
        )


_CODE = gettext_noop("The unified social credit code (18 characters) identifies the firm.")
_FIRM = gettext_noop("The firm's name, as registered (for reading the sheet; not imported).")

SITES = TemplateKind(
    "sites",
    "sites",
    gettext_noop("Idle-asset ledger"),
    gettext_noop(
        "Idle land parcels and vacant factories of the county, one row per asset, located by "
        "its longitude and latitude."
    ),
    gettext_noop("Idle assets"),
    (
        Layout(
            "code",
            True,
            "QL-2025-001",
            note=gettext_noop(
                "A code unique in the county (e.g. the parcel number); importing the same code "
                "again updates the asset."
            ),
        ),
        Layout("name", True, "原青岚糖厂闲置厂房"),
        Layout("township", False, "城关镇"),
        Layout("address", False, "城关镇工业大道18号"),
        Layout(
            "land_area_m2",
            True,
            12000.0,
            note=gettext_noop("The parcel's land area; for a factory, the land it stands on."),
        ),
        Layout("floor_area_m2", False, 6500.0, units={"zh": "平方米", "en": "m2"}),
        Layout("kind", True, "vacant_factory"),
        Layout("ownership", False, "state"),
        Layout("planning_designation", False, "industrial"),
        Layout("condition", True, "fair"),
        Layout("status", False, "idle"),
        Layout("building_year", False, 1998),
        Layout("power_capacity_kva", False, 630, units={"zh": "千伏安", "en": "kVA"}),
        Layout("water_supply_t_per_day", False, 200, units={"zh": "吨/日", "en": "t/day"}),
        Layout("road_access", False, "county"),
        Layout("eia_sensitivity", False, "general"),
        Layout(
            "longitude",
            True,
            108.321475,
            note=gettext_noop(
                "Decimal degrees east (CGCS2000 or WGS 84). Projected X/Y in metres may be "
                "given instead in columns X坐标 and Y坐标, with their coordinate system chosen "
                "on the import page."
            ),
        ),
        Layout("latitude", True, 23.451238, note=gettext_noop("Decimal degrees north.")),
        Layout("notes", False, "产权清晰，可整体出租"),
    ),
    (
        gettext_noop(
            "A row needs a location: longitude and latitude (or X/Y). The parcel's outline may "
            "be added later from a GIS file whose rows carry the same codes."
        ),
    ),
)

RECORDS = TemplateKind(
    "records",
    "records",
    gettext_noop("Annual records for the per-mu evaluation"),
    gettext_noop("One row per firm: land, tax, output, jobs, energy and emissions of the year."),
    gettext_noop("Annual records"),
    (
        Layout("credit_code", True, "91452999MA5KQ3L1XN", note=_CODE),
        Layout("name", False, "青岚县桂香米粉食品有限公司"),
        Layout("above_size", True, "yes"),
        Layout("land_m2", True, 20000.0),
        Layout("tax_cny", True, 1_250_000.0),
        Layout("value_added_cny", True, 8_600_000.0),
        Layout("revenue_cny", True, 32_000_000.0),
        Layout("jobs", True, 86, units={"zh": "人", "en": "persons"}),
        Layout("energy_tce", True, 420.0),
        Layout("electricity_kwh", True, 1_150_000.0),
        Layout("rd_cny", False, 650_000.0),
        Layout("cod_t", False, 1.2),
        Layout("ammonia_n_t", False, 0.15),
        Layout("so2_t", False, 0.8),
        Layout("nox_t", False, 1.1),
        Layout("water_t", False, 18_000.0),
        Layout("rent_cny", False, 360_000.0),
        Layout("founded_year", False, 2016),
        Layout("is_utility", False, "no"),
        Layout("vetoed", False, "no"),
    ),
)

_BUREAU_NOTE = gettext_noop(
    "One row per firm and year; the figure replaces the one the firm reported, with its source."
)


def _bureau(name: str, title: str, purpose: str, sheet: str, figure: Layout) -> TemplateKind:
    """A bureau's file: the firm, the year and the one figure the bureau reports."""
    firm = (
        Layout("credit_code", True, "91452999MA5KQ3L1XN", note=_CODE),
        Layout("name", False, "青岚县桂香米粉食品有限公司", note=_FIRM),
        Layout("year", True, 2025),
    )
    return TemplateKind(name, "bureau", title, purpose, sheet, (*firm, figure), (_BUREAU_NOTE,))


TAX_BUREAU = _bureau(
    "tax-bureau",
    gettext_noop("Tax-bureau figures"),
    gettext_noop("The tax each firm paid in the year, as the tax bureau reports it."),
    gettext_noop("Tax"),
    Layout("tax_cny", True, 1_250_000.0),
)
POWER = _bureau(
    "power",
    gettext_noop("Power-company figures"),
    gettext_noop("The electricity each firm used in the year, as the power company reports it."),
    gettext_noop("Electricity"),
    Layout("electricity_kwh", True, 1_150_000.0),
)
SPENDING = TemplateKind(
    "spending",
    "spending",
    gettext_noop("Programme spending"),
    gettext_noop(
        "The county's spending on the micro-park programme, one row per amount, for the "
        "cost–benefit account."
    ),
    gettext_noop("Spending"),
    (
        Layout("year", True, 2025),
        Layout("category", True, "renovation"),
        Layout("amount_cny", True, 1_800_000.0),
        Layout(
            "park",
            False,
            None,
            note=gettext_noop(
                "The park's code as on the platform; empty for spending on the whole programme."
            ),
        ),
        Layout(
            "source",
            True,
            "青财建〔2025〕12号",
            note=gettext_noop("The document the amount rests on (a file number or a note)."),
        ),
    ),
)

_INDUSTRY = gettext_noop(
    "The GB/T 4754-2017 code as text (leading zeros kept, e.g. 0131), or the name of a class "
    "in the classification (e.g. 纺织业)."
)
ENTERPRISES = TemplateKind(
    "enterprises",
    "enterprises",
    gettext_noop("Enterprise directory"),
    gettext_noop(
        "The county's enterprises, one row per firm; importing the same credit code again "
        "updates the firm."
    ),
    gettext_noop("Enterprises"),
    (
        Layout("credit_code", True, "91452999MA5KQ3L1XN", note=_CODE),
        Layout("name", True, "青岚县桂香米粉食品有限公司"),
        Layout("industry", True, "1431", note=_INDUSTRY),
        Layout("size", True, "small"),
        Layout("is_above_size", False, "yes"),
        Layout("is_chain_leader", False, "no"),
        Layout("origin_region", False, "广东省佛山市"),
        Layout("founded_date", False, "2016-05-12"),
        Layout("address", False, "青岚县城关镇工业大道18号"),
        Layout("contact_name", False, "李明"),
        Layout("contact_phone", False, "0771-5551234"),
        Layout("contact_email", False, None),
    ),
)
PROSPECTS = TemplateKind(
    "prospects",
    "prospects",
    gettext_noop("Investment-promotion project ledger"),
    gettext_noop(
        "The projects the investment office follows, one row per project; importing the same "
        "project name again updates it. Stages move by the pipeline's rules: signing goes "
        "through the signing form."
    ),
    gettext_noop("Projects"),
    (
        Layout(
            "name",
            True,
            "年产5000吨米粉加工项目",
            note=gettext_noop("A name unique in the county: it identifies the project."),
        ),
        Layout("company_name", True, "广西桂香食品有限公司"),
        Layout(
            "credit_code",
            False,
            None,
            note=gettext_noop(
                "When given, the project is linked to this enterprise (created if it is new)."
            ),
        ),
        Layout("industry", True, "1431", note=_INDUSTRY),
        Layout("stage", False, "negotiating"),
        Layout("source", False, "relocation"),
        Layout("origin_region", False, "广东省佛山市"),
        Layout("target_park", False, None),
        Layout("investment_cny", False, 30_000_000.0),
        Layout("land_area_min_m2", False, 20000.0),
        Layout("land_area_max_m2", False, None),
        Layout("floor_area_min_m2", False, 5000.0, units={"zh": "平方米", "en": "m2"}),
        Layout("power_kva", False, 630, units={"zh": "千伏安", "en": "kVA"}),
        Layout("water_t_per_day", False, 50, units={"zh": "吨/日", "en": "t/day"}),
        Layout("annual_energy_tce", False, 450.0),
        Layout("jobs_needed", False, 120, units={"zh": "人", "en": "persons"}),
        Layout("committed_jobs", False, None, units={"zh": "人", "en": "persons"}),
        Layout("committed_tax_cny_per_year", False, None),
        Layout("next_follow_up", False, None),
        Layout("notes", False, None),
    ),
    (
        gettext_noop(
            "Lost and abandoned projects need the reason in the notes column; signing needs "
            "the signing form (commitments and the admission decision), not a file."
        ),
    ),
)

KINDS: Mapping[str, TemplateKind] = {
    k.name: k for k in (SITES, RECORDS, TAX_BUREAU, POWER, SPENDING, ENTERPRISES, PROSPECTS)
}
"""Every kind of template, by the name ``microparks templates`` and the pages use."""


def template_for(kind: str, vocabulary: Vocabulary | None = None) -> TableTemplate:
    """The template of ``kind`` with ``vocabulary`` (the shipped document by default).

    Raises
    ------
    KeyError
        If there is no such kind.

    """
    spec = KINDS[kind]
    if vocabulary is None:
        vocabulary = load_shipped("vocabulary", spec.vocabulary)
    return spec.template(vocabulary)
