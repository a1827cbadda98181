"""Projects still looking for a site ask for about what their target park has free.

Drawn from their industry's profile alone, the pipeline's projects asked for two or three times
the floor space of any unit left in the parks, so the county's matching plan placed one of
twelve. A firm that looks at a small park sizes its first phase to the units on offer; here each
project, in pipeline order, takes the measure of one free unit of its target park (the smallest
that holds it, else the largest) and asks for a little less than that unit gives. When its
park has no unit left, a project not much larger than the unit last taken there competes for
that unit (the plan gives it to one of them and says so); a larger one keeps its own needs, and
so do the heavy projects (their water and land are their story): the plan leaves these out,
each with its reason. A park with no unit to let finishes the renovation of one. Pure: no
random draws, so the rest of the county is as drawn.
"""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

from microparks.demo.casework import HEAVY
from microparks.demo.model import DemoProspect, DemoSite, DemoUnit

SEEKING = ("lead", "contacted", "visited", "negotiating", "admission")
"""Stages of projects that have not agreed a site (as the matching app reads them)."""
MARGIN = 0.95  # a project asks for up to 95 % of the unit's floor space, power …
LAND_MARGIN = 0.9  # … and 90 % of its land as the least it needs
COMPETE = 1.5  # a project up to 1.5 times a taken unit's floor scales down to compete for it


def open_renovated_units(units: tuple[DemoUnit, ...]) -> tuple[DemoUnit, ...]:
    """In each park with no unit to let, its first unit under renovation is ready (available)."""
    letting = {u.park_code for u in units if u.status == "available"}
    out = []
    for unit in units:
        if unit.park_code not in letting and unit.status == "renovation":
            unit = dataclasses.replace(unit, status="available")
            letting.add(unit.park_code)
        out.append(unit)
    return tuple(out)


def fit_prospects(
    prospects: tuple[DemoProspect, ...], units: tuple[DemoUnit, ...], sites: list[DemoSite]
) -> tuple[DemoProspect, ...]:
    """The prospects, those seeking a site sized to a distinct free unit of their target park."""
    water = {s.code: s.water_supply_t_per_day for s in sites}
    free = [u for u in units if u.status == "available"]
    given: dict[str, DemoUnit] = {}  # park -> the unit last sized to
    out = []
    for p in prospects:
        unit = None
        park = p.target_park_code
        if p.stage in SEEKING and park and p.industry_code not in HEAVY:
            unit = _unit_for(p, [u for u in free if u.park_code == park])
            if unit is not None:
                free.remove(unit)
                given[park] = unit
            elif park in given and p.floor_area_min_m2 <= COMPETE * given[park].floor_area_m2:
                unit = given[park]  # a little larger: it competes for the same unit
        if unit is not None:
            p = _sized(p, unit, water.get(unit.site_code))
        out.append(p)
    return tuple(out)


def _unit_for(p: DemoProspect, units: list[DemoUnit]) -> DemoUnit | None:
    holding = [u for u in units if u.floor_area_m2 >= p.floor_area_min_m2]
    if holding:
        return min(holding, key=lambda u: (u.floor_area_m2, u.code))
    return max(units, key=lambda u: (u.floor_area_m2, u.code), default=None)


def _sized(p: DemoProspect, unit: DemoUnit, water: float | None) -> DemoProspect:
    land_min = min(p.land_area_min_m2, _down(unit.land_area_m2 * LAND_MARGIN, 100))
    budget = p.max_rent_cny_per_m2_month
    return dataclasses.replace(
        p,
        floor_area_min_m2=min(p.floor_area_min_m2, _down(unit.floor_area_m2 * MARGIN, 10)),
        land_area_min_m2=land_min,
        land_area_max_m2=max(round(land_min * 1.5, -2), math.ceil(unit.land_area_m2 / 100) * 100),
        power_kva=min(p.power_kva, unit.power_capacity_kva),
        water_t_per_day=p.water_t_per_day if water is None else min(p.water_t_per_day, water),
        max_rent_cny_per_m2_month=max(budget or Decimal(0), unit.rent_cny_per_m2_month),
    )


def _down(value: float, step: int) -> float:
    return float(math.floor(value / step) * step)
