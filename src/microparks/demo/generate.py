"""Generate the deterministic demo county (pure Python and numpy; no Django, no I/O).

>>> demo = generate_demo()
>>> len(demo.parks), len(demo.tenant_codes), len(demo.sites)
(5, 45, 60)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

import numpy as np

from microparks.demo import catalogue as cat
from microparks.demo.activity import build_departments, build_prospects, build_tickets, build_users
from microparks.demo.firms import build_firms
from microparks.demo.fitting import fit_prospects, open_renovated_units
from microparks.demo.idle import build_idle_sites
from microparks.demo.located import (
    as_ledger_points,
    assess_sites,
    choose_sites,
    locate_prospects,
)
from microparks.demo.model import DemoCounty, DemoSite
from microparks.demo.parks import build_parks
from microparks.demo.places import Territory, build_territory
from microparks.demo.placing import SitePlacer
from microparks.demo.plans import draw_plans
from microparks.demo.scale import Copy, renumber

DEFAULT_SEED = 20190518  # the day the first park opened
SITES = 60
YEARS = (2023, 2024, 2025)
REFERENCE_DATE = dt.date(2026, 6, 30)  # default "today" inside the demo: tickets and follow-ups


def generate_demo(
    seed: int = DEFAULT_SEED, reference_date: dt.date = REFERENCE_DATE, scale: int = 1
) -> DemoCounty:
    """Build the demo county from ``seed``; equal seeds and dates give byte-identical data.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``. Each part of the county (territory, tenants,
        parks, idle assets, firms, activity) draws from its own child stream, so changing how
        one part is drawn leaves the others as they were.
    reference_date
        The demo's "today": pipeline follow-ups, activities and tickets are dated around it
        (``microparks demo`` passes the day it loads, so the demo never looks stale). It must
        fall after the last year of annual records.
    scale
        How many copies of the parks, idle assets, firms, prospects and tickets the county
        holds (see :mod:`.scale`); 1 is the demo itself, and every copy ``k`` draws from the
        seed ``[seed, k]``, so a larger scale keeps the smaller one's rows.

    Returns
    -------
    DemoCounty
        Frozen data: a county of eight townships, veto zones, 60 idle assets, five micro-parks
        with their factory units, 45 tenants with leases and three years of annual records,
        two leading firms, departments, demo users, a pipeline of 20 prospects and 40 tickets
        (all but the territory, departments and users ``scale`` times over).

    """
    if reference_date.year <= YEARS[-1]:
        raise ValueError(f"the demo's date must fall after {YEARS[-1]}, got {reference_date}")
    if scale < 1:
        raise ValueError(f"the demo's scale must be at least 1, got {scale}")
    streams = np.random.default_rng(seed).spawn(7)  # the first six as with spawn(6)
    territory = build_territory(streams[0])
    counters: dict[str, int] = {}  # site codes by township, continued by every copy
    taken: set[str] = set()  # credit codes given so far
    first, first_code = _copy(streams, territory, reference_date, counters, taken)
    users = build_users(
        first.parks, next(e for e in first.enterprises if e.credit_code == first_code)
    )
    copies = [first]
    for k in range(1, scale):
        part, _code = _copy(
            np.random.default_rng([seed, k]).spawn(7), territory, reference_date, counters, taken
        )
        parks_before = sum(len(c.parks) for c in copies)
        copies.append(renumber(part, k + 1, cat.COUNTY_CODE, parks_before))

    def every(name: str) -> tuple[Any, ...]:
        return tuple(item for c in copies for item in getattr(c, name))

    return DemoCounty(
        seed=seed,
        reference_date=reference_date,
        years=YEARS,
        county=territory.county,
        townships=territory.townships,
        veto_zones=territory.zones,
        sites=tuple(_unique_names(list(every("sites")))),
        parks=every("parks"),
        units=every("units"),
        enterprises=every("enterprises"),
        leases=every("leases"),
        records=every("records"),
        departments=build_departments(),
        users=users,
        prospects=every("prospects"),
        tickets=every("tickets"),
    )


def _copy(
    streams: list[np.random.Generator],
    territory: Territory,
    reference_date: dt.date,
    counters: dict[str, int],
    taken: set[str],
) -> tuple[Copy, str]:
    """The parks and all that hangs on them, drawn from ``streams[1:]``; and the first tenant."""
    plans = draw_plans(streams[1])
    placer = SitePlacer(
        streams[2], territory.frame, [outer for _inner, outer in territory.zone_discs.values()]
    )
    layout = build_parks(streams[2], territory, placer, plans, counters)
    idle = build_idle_sites(streams[3], territory, placer, SITES - len(layout.sites), counters)
    sites = sorted([*layout.sites, *idle], key=lambda s: s.code)
    sites = assess_sites(sites, territory.zones, (territory.county, *territory.townships))
    sites = as_ledger_points(sites)
    brands = [str(b) for b in streams[4].permutation(cat.BRANDS)]
    firms = build_firms(streams[4], plans, layout.slots, YEARS, brands, taken)
    enterprises = {e.credit_code: e for e in firms.enterprises}
    leases = {lease.credit_code: lease for lease in firms.leases}
    parks = tuple(layout.parks)
    first_tenant = min((p for p in plans if p.park_index == 0), key=lambda p: (p.start, p.index))
    first_code = firms.credit_codes[first_tenant.index]
    activity = streams[5]
    prospects = build_prospects(
        activity,
        reference_date,
        parks,
        plans,
        enterprises,
        firms.credit_codes,
        firms.latest,
        leases,
        brands,
        owner="demo_investment",
    )
    units = open_renovated_units(tuple(layout.units))
    prospects = fit_prospects(prospects, units, sites)
    prospects = locate_prospects(streams[6], prospects, territory.county.centre)
    prospects = choose_sites(prospects, sites)
    tickets = build_tickets(
        activity, reference_date, plans, firms.credit_codes, leases, first_code=first_code
    )
    part = Copy(
        sites=tuple(sites),
        parks=parks,
        units=units,
        enterprises=firms.enterprises,
        leases=firms.leases,
        records=firms.records,
        prospects=prospects,
        tickets=tickets,
    )
    return part, first_code


def _unique_names(sites: list[DemoSite]) -> list[DemoSite]:
    """Number repeated names (…（2）, …（3）) so that every asset reads differently."""
    seen: Counter[str] = Counter()
    out = []
    for site in sites:
        seen[site.name] += 1
        n = seen[site.name]
        out.append(site if n == 1 else dataclasses.replace(site, name=f"{site.name}（{n}）"))
    return out
