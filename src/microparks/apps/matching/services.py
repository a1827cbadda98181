"""Build the matching instance from the database and solve it (core/matching does the maths).

Prospects still seeking a site (stages before signing) meet the places on offer in the county's
parks: available factory units, and park sites that have no units (taken whole). Only the
prospects' requirement fields are read. Everything is cut to the user's scope with ``restrict``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from microparks.apps.admission import gate
from microparks.apps.attraction.models import PIPELINE, Prospect
from microparks.apps.industries.models import Industry
from microparks.apps.parks.models import Park, ParkUnit
from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Kind, RulesDocument
from microparks.apps.sites.models import Site
from microparks.core.geometry import calc_location_lonlat
from microparks.core.matching import (
    AssignmentResult,
    MatchTables,
    MatchWeights,
    Unplaced,
    build_match_tables,
    explain_unplaced,
    recommend_prospects,
    recommend_sites,
    solve_assignment,
)

SEEKING = PIPELINE[: PIPELINE.index(Prospect.Stage.SIGNED)]
"""Stages of prospects that have not yet agreed a site."""
EARTH_RADIUS_M = 6_371_008.8
PARKS_OPEN = (Park.Status.PLANNED, Park.Status.BUILDING, Park.Status.OPERATING)

CONDITION_LABELS = {
    "land_area_too_small": _("land too small"),
    "land_area_too_large": _("land too large"),
    "floor_area": _("floor space too small"),
    "power": _("not enough power"),
    "water": _("not enough water"),
    "ceiling_height": _("ceiling too low"),
    "floor_load": _("floor load too low"),
    "rent": _("rent above budget"),
    "industry": _("industry not admitted by the park"),
    "labour": _("not enough labour nearby"),
}
COMPONENT_LABELS = {
    "area_mismatch": _("Area mismatch"),
    "supplier_distance": _("Distance to suppliers"),
    "leader_distance": _("Distance to chain leader"),
    "labour": _("Labour pressure"),
    "rent": _("Rent"),
    "suitability": _("Site suitability"),
}


@dataclass(frozen=True)
class Place:
    """A place a prospect can take: a factory unit, or a whole park site without units."""

    key: str
    park: Park
    site: Site
    unit: ParkUnit | None

    @property
    def label(self) -> str:
        return f"{self.park.name} · {self.unit.code}" if self.unit else f"{self.site}"


@dataclass(frozen=True)
class IgnoredLock:
    """A locked pair the plan could not honour, and why.

    ``reason``: ``prospect`` (not seeking a site in this county, rejected by the gate, or out
    of the user's scope), ``place`` (not available), ``infeasible`` (``conditions`` fail) or
    ``twice`` (the place is already locked to another prospect).
    """

    prospect_id: int
    place_key: str
    reason: str
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchRun:
    """One solved instance with the objects behind its rows and columns, and its document."""

    prospects: list[Prospect]
    places: list[Place]
    tables: MatchTables
    result: AssignmentResult
    rules: RulesDocument
    fixed: Mapping[int, str] = field(default_factory=dict)
    reserved: frozenset[str] = frozenset()
    ignored_locks: tuple[IgnoredLock, ...] = ()

    @cached_property
    def _rows(self) -> dict[int, int]:
        # Row and column by id, not ``list.index``: model equality per comparison made a
        # province's plan page quadratic in its prospects.
        return {p.pk: i for i, p in enumerate(self.prospects) if p.pk is not None}

    @cached_property
    def _columns(self) -> dict[str, int]:
        return {place.key: j for j, place in enumerate(self.places)}

    def row_of(self, prospect: Prospect) -> int:
        """The prospect's row in the tables."""
        i = self._rows.get(prospect.pk) if prospect.pk is not None else None
        return self.prospects.index(prospect) if i is None else i

    def cost_of(self, prospect: Prospect, place: Place) -> float:
        """The cost of the pair (``inf`` when infeasible)."""
        j = self._columns.get(place.key)
        j = self.places.index(place) if j is None else j
        return float(self.tables.cost[self.row_of(prospect), j])

    def place_of(self, prospect: Prospect) -> Place | None:
        j = int(self.result.site_of_prospect[self.row_of(prospect)])
        return self.places[j] if j >= 0 else None

    def unplaced(self) -> dict[int, Unplaced]:
        """Why each prospect without a place has none, by prospect id."""
        held = [self._columns[k] for k in self.reserved if k in self._columns]
        reasons = explain_unplaced(
            self.tables.feasibility, self.tables.cost, self.result.site_of_prospect, reserved=held
        )
        return {self.prospects[u.prospect].pk: u for u in reasons}

    def recommendations_table(self, k: int = 5) -> pd.DataFrame:
        """Every prospect's ``k`` best places and the good ones ruled out."""
        return recommend_sites(
            self.prospect_frame, self.place_frame, self.tables, k, self.result.site_of_prospect
        )

    def recommendations(self, prospect: Prospect, k: int = 5) -> pd.DataFrame:
        i = self.row_of(prospect)
        table = self.recommendations_table(k)
        return table[table.prospect_index == i]

    def shortlists(self, k: int = 5) -> pd.DataFrame:
        return recommend_prospects(self.prospect_frame, self.place_frame, self.tables, k)

    @property
    def prospect_frame(self) -> pd.DataFrame:
        return prospect_frame(self.prospects)

    @property
    def place_frame(self) -> pd.DataFrame:
        return place_frame(self.places)


#: An industry's ancestors up to its section (class → group → division → section), fetched
#: with it so that :func:`full_code` walks them without a query per level.
INDUSTRY_CHAIN = "parent__parent__parent"


def county_of(region: Region) -> Region:
    """The county a region belongs to (itself for a county)."""
    if region.level != Region.Level.COUNTY and region.parent is not None:
        return region.parent
    return region


def seeking_prospects(user: Any, county: Region) -> QuerySet[Prospect]:
    """Prospects of the county in the user's scope that have not yet agreed a site.

    A prospect the admission gate rejected (latest decision ``reject``, not overridden) is no
    candidate: it may not go further than contacted.
    """
    seeking = (
        Prospect.objects.restrict(user)
        .filter(Q(region=county) | Q(region__parent=county), stage__in=SEEKING)
        .select_related(f"industry__{INDUSTRY_CHAIN}")
        .order_by("pk")
    )
    return gate.without_rejected(seeking)


def open_places(user: Any, county: Region) -> list[Place]:
    """Available units and unit-less park sites of the county's open parks, in the user's scope."""
    parks = Park.objects.restrict(user).filter(
        Q(region=county) | Q(region__parent=county), status__in=PARKS_OPEN
    )
    positioning = Prefetch(
        "park__positioning", queryset=Industry.objects.select_related(INDUSTRY_CHAIN)
    )
    units = (
        ParkUnit.objects.restrict(user)
        .filter(park__in=parks, status=ParkUnit.Status.AVAILABLE)
        .select_related("park", "site")
        .prefetch_related(positioning)
        .order_by("park__code", "code")
    )
    places = [Place(f"unit-{u.pk}", u.park, u.site, u) for u in units]
    whole = (
        Site.objects.restrict(user)
        .filter(park__in=parks, units__isnull=True)
        .exclude(status__in=[Site.Status.LEASED, Site.Status.EXCLUDED])
        .select_related("park")
        .prefetch_related(positioning)
        .order_by("code")
    )
    places += [Place(f"site-{s.pk}", s.park, s, None) for s in whole if s.park is not None]
    return places


def full_code(industry: Industry | None) -> str:
    """GB/T 4754 code with its section letter (``13`` under ``C`` -> ``C13``)."""
    if industry is None:
        return ""
    node: Industry | None = industry
    while node is not None and node.parent_id is not None:
        node = node.parent
    section = node.code if node is not None and node.code.isalpha() else ""
    return industry.code if industry.code.isalpha() else section + industry.code


def prospect_frame(prospects: Iterable[Prospect]) -> pd.DataFrame:
    """The prospects' requirement fields as the core's prospects table."""
    rows = [
        {
            "id": p.pk,
            "industry": full_code(p.industry),
            "land_area_min_m2": p.land_area_min_m2,
            "land_area_max_m2": np.nan if p.land_area_max_m2 is None else p.land_area_max_m2,
            "floor_area_min_m2": p.floor_area_min_m2,
            "power_kva": p.power_kva,
            "water_t_per_day": p.water_t_per_day,
            "max_rent_cny_per_m2_month": _num(p.max_rent_cny_per_m2_month),
            "jobs_needed": p.jobs_needed,
        }
        for p in prospects
    ]
    return pd.DataFrame(rows, columns=["id", "industry", *_PROSPECT_NUMBERS])


_PROSPECT_NUMBERS = [
    "land_area_min_m2",
    "land_area_max_m2",
    "floor_area_min_m2",
    "power_kva",
    "water_t_per_day",
    "max_rent_cny_per_m2_month",
    "jobs_needed",
]


def _num(value: Any) -> float:
    return np.nan if value is None else float(value)


def place_frame(places: list[Place]) -> pd.DataFrame:
    """The places as the core's sites table, with the park's positioning as admitted industries."""
    positioning: dict[int, str] = {}
    lon_lat = [centroid(p.site.geometry) for p in places]
    lat0 = float(np.nanmean([ll[1] for ll in lon_lat])) if places else 0.0
    rows = []
    for place, (lon, lat) in zip(places, lon_lat, strict=True):
        park = place.park
        if park.pk not in positioning:
            positioning[park.pk] = ";".join(full_code(i) for i in park.positioning.all())
        unit, site = place.unit, place.site
        rows.append(
            {
                "id": place.key,
                "capacity": 1,
                # a unit without its own land recorded is a floor to rent: land unknown, not 0
                "land_area_m2": (unit.land_area_m2 or np.nan) if unit else site.land_area_m2,
                "floor_area_m2": unit.floor_area_m2 if unit else site.floor_area_m2,
                "power_capacity_kva": (unit.power_capacity_kva if unit else 0)
                or site.power_capacity_kva
                or np.nan,
                "water_supply_t_per_day": site.water_supply_t_per_day or np.nan,
                "ceiling_height_m": _num(unit.ceiling_height_m) if unit else np.nan,
                "floor_load_kn_m2": _num(unit.floor_load_kn_m2) if unit else np.nan,
                "rent_cny_per_m2_month": _num(
                    unit.rent_cny_per_m2_month if unit else site.asking_rent_cny_per_m2_month
                ),
                "allowed_industries": positioning[park.pk],
                "x_m": EARTH_RADIUS_M * math.radians(lon) * math.cos(math.radians(lat0)),
                "y_m": EARTH_RADIUS_M * math.radians(lat),
            }
        )
    return pd.DataFrame(rows)


def centroid(geometry: Any) -> tuple[float, float]:
    """The (longitude, latitude) of a site: its point, or its outline's centroid.

    NaN for a missing or bad geometry.
    """
    try:
        return calc_location_lonlat(geometry)
    except (ValueError, TypeError):
        return (np.nan, np.nan)


def matching_document(county: Region) -> RulesDocument:
    """The matching document in effect for the county (:class:`NoDocumentError` if none)."""
    return rules.in_effect(Kind.MATCHING, region=county)


def run_matching(
    user: Any,
    county: Region,
    *,
    fixed: Mapping[int, str] | None = None,
    reserved: Iterable[str] = (),
    document: RulesDocument | None = None,
) -> MatchRun:
    """Solve the county's assignment in the user's scope, with locked pairs and reserved places.

    The weights are those of ``document``, by default the matching document in effect for the
    county. ``fixed`` maps prospect ids to place keys; a lock the plan cannot honour is left
    out and listed in ``ignored_locks`` with the reason. Leaving a prospect out costs 10 × the
    weights' sum, above any pair's cost.

    Raises
    ------
    NoDocumentError
        If no document is given and no matching document is in effect for the county.

    """
    doc = document or matching_document(county)
    weights: MatchWeights = rules.parse(doc)
    prospects = list(seeking_prospects(user, county))
    places = open_places(user, county)
    tables = build_match_tables(prospect_frame(prospects), place_frame(places), weights)
    col = {p.key: j for j, p in enumerate(places)}
    row = {p.pk: i for i, p in enumerate(prospects)}
    locks, ignored = _usable_locks(fixed or {}, row, col, tables)
    held = frozenset(k for k in reserved if k in col)
    result = solve_assignment(
        tables.cost,
        np.ones(len(places), dtype=np.int64),
        unassigned_penalty=10.0 * sum(weights.weights.values()),
        reserved=[col[k] for k in held],
        fixed=locks,
    )
    return MatchRun(
        prospects=prospects,
        places=places,
        tables=tables,
        result=result,
        rules=doc,
        fixed={prospects[i].pk: places[j].key for i, j in locks.items()},
        reserved=held,
        ignored_locks=tuple(ignored),
    )


def _usable_locks(
    fixed: Mapping[int, str], row: dict[int, int], col: dict[str, int], tables: MatchTables
) -> tuple[dict[int, int], list[IgnoredLock]]:
    """The locks the solver can honour (row → column), and the others with the reason."""
    locks: dict[int, int] = {}
    ignored: list[IgnoredLock] = []
    for pk, key in fixed.items():
        if pk not in row:
            ignored.append(IgnoredLock(pk, key, "prospect"))
        elif key not in col:
            ignored.append(IgnoredLock(pk, key, "place"))
        elif not np.isfinite(tables.cost[row[pk], col[key]]):
            failed = tables.feasibility.reasons(row[pk], col[key])
            ignored.append(IgnoredLock(pk, key, "infeasible", failed))
        elif col[key] in locks.values():
            ignored.append(IgnoredLock(pk, key, "twice"))
        else:
            locks[row[pk]] = col[key]
    return locks, ignored
