"""The range of every stored number, kept by the database as well as by the model's validators.

A field takes its bound's :attr:`Bound.validators` (so ``full_clean`` and model forms say what is
wrong in words) and its model lists it in :func:`range_constraints` (so ``save``,
``bulk_create``, ``bulk_update`` and ``QuerySet.update`` cannot store NaN, ±Infinity or 1e308
either). ``tests/apps/test_model_bounds.py`` checks that every float and decimal field of the
project has both, with the same figures.

The figures are those of the shipped vocabulary documents (``io/rules/shipped/vocabulary``),
which check the columns of imported files; where two documents differ for the same quantity the
model takes the looser one, since the model is the last line and a file's own form the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from microparks.apps.validators import validate_finite


@dataclass(frozen=True)
class Bound:
    """Closed interval ``[lo, hi]`` a stored number must lie in (and be finite)."""

    lo: float
    hi: float

    @property
    def validators(self) -> list[Any]:
        """The field validators saying in words what the database constraint refuses."""
        return [validate_finite, MinValueValidator(self.lo), MaxValueValidator(self.hi)]


def range_constraints(**fields: Bound) -> list[models.CheckConstraint]:
    """One ``CHECK (lo <= field AND field <= hi)`` per field, named ``<app>_<model>_<field>_range``.

    The comparison refuses ±Infinity on every database and NaN on PostgreSQL (which orders NaN
    above every number). SQLite stores a NaN float as NULL: a NOT NULL column refuses it, a
    nullable one keeps NULL, "unknown", never a number. NULL passes a CHECK, so a nullable
    field needs no ``isnull`` branch.
    """
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__gte": bound.lo, f"{name}__lte": bound.hi}),
            name=f"%(app_label)s_%(class)s_{name}_range",
        )
        for name, bound in fields.items()
    ]


# --- the bounds -----------------------------------------------------------------------------

AREA_M2 = Bound(0, 10_000_000)
"""Land or floor area of a site, unit, lease or need: a micro-park site is at most 10 km²."""
REGION_AREA_KM2 = Bound(0, 10_000_000)
"""Area of a region up to a province (China as a whole is 9.6 million km²)."""
HEIGHT_M = Bound(0, 100)
"""Ceiling height of a factory unit."""
FLOOR_LOAD_KN_M2 = Bound(0, 1_000)
"""Floor load of a factory unit."""
POWER_KVA = Bound(0, 1_000_000)
"""Power capacity of a site or unit, power a prospect needs."""
WATER_T_PER_DAY = Bound(0, 1_000_000)
"""Water supply of a site, water a prospect needs per day."""
RENT_CNY_PER_M2_MONTH = Bound(0, 10_000)
"""Rent per m² and month, asked or budgeted."""
WAGE_CNY_PER_MONTH = Bound(0, 1_000_000)
"""An average monthly wage (a firm's quarterly employment record)."""
MONEY_CNY = Bound(0, 100_000_000_000)
"""An amount paid, invested or spent (tax, investment, rent per year, R&D, spending, price;
also per mu): 10¹¹ CNY, the vocabularies' largest figure for these."""
OUTPUT_CNY = Bound(0, 1_000_000_000_000)
"""A firm's yearly output, revenue, value added or wages: 10¹² CNY."""
ELECTRICITY_KWH = Bound(0, 100_000_000_000)
"""Yearly electricity use."""
ENERGY_TCE = Bound(0, 1_000_000_000)
"""Yearly energy use in tonnes of standard coal (records 10⁹; prospects' and declarations'
forms are tighter)."""
WATER_T = Bound(0, 10_000_000_000)
"""Yearly water use in tonnes or m³ (1 m³ of fresh water is a tonne)."""
POLLUTANT_T = Bound(0, 1_000_000)
"""Yearly emissions of one pollutant (COD, NH₃-N, SO₂, NOx, VOCs) or hazardous chemicals held."""
ABUNDANCE = Bound(0.01, 1)
"""Abundance of a county's endowment, from a little (0.01) to abundant (1)."""
SUITABILITY_SCORE = Bound(0, 100)
"""A site's suitability score: weights summing to 1 over utilities in [0, 1] give [0, 1]; the
ceiling leaves room for rounding and for a scheme scored out of 100."""
DERIVED = Bound(-1e15, 1e15)
"""A computed total with no natural ceiling (an evaluation total of uncapped ratio items, a
matching's total cost): only finiteness matters; 10¹⁵ is the API's bound of any quantity."""
