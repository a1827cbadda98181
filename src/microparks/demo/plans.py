"""Tenants' plans: who comes to which park, when, how big, and what space they need.

Drawn before the parks are laid out, because a park's factory units are cut to its tenants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from microparks.demo import catalogue as cat
from microparks.demo.profiles import DIVISION_FAMILY, FAMILIES, IndustryFamily

LAST_START = dt.date(2025, 3, 28)
JOBS_TOTAL = (3300, 3700)  # latest-year jobs over all tenants (the county's ">3,000 jobs")


@dataclass(frozen=True)
class TenantPlan:
    """One tenant before it becomes an enterprise, a lease and annual records."""

    index: int
    park_index: int
    class_code: str
    product: str
    family_key: str
    jobs: int  # latest-year average employees
    floor_m2: float
    plot: bool  # leases land and builds, instead of renting a factory unit
    relocated: bool
    origin: str
    start: dt.date

    @property
    def family(self) -> IndustryFamily:
        """The industry profile of the tenant's line of business."""
        return FAMILIES[self.family_key]


def draw_plans(rng: np.random.Generator) -> list[TenantPlan]:
    """Every park's tenants, scaled so that their latest-year jobs add up to the county total."""
    rows = []
    for p, spec in enumerate(cat.PARKS):
        opened = dt.date(*spec.opened)
        starts = sorted(_start_dates(rng, opened, len(spec.tenants)))
        order = rng.permutation(len(spec.tenants))
        for start, t in zip(starts, order, strict=True):
            class_code, product = spec.tenants[int(t)]
            family_key = DIVISION_FAMILY[class_code[:2]]
            family = FAMILIES[family_key]
            relocated = bool(rng.uniform() < family.relocated_share)
            origin = str(rng.choice(family.origins)) if relocated else ""
            rows.append(
                (
                    p,
                    class_code,
                    product,
                    family_key,
                    float(rng.uniform(*family.jobs)),
                    bool(rng.uniform() < family.plot_share),
                    relocated,
                    origin,
                    start,
                )
            )
    total = int(rng.integers(*JOBS_TOTAL, endpoint=True))
    weight = sum(r[4] for r in rows)
    plans = []
    for i, (p, class_code, product, key, w, plot, relocated, origin, start) in enumerate(rows):
        jobs = max(8, round(total * w / weight))
        floor = round(jobs * FAMILIES[key].floor_m2_per_job * rng.uniform(0.9, 1.3), -1)
        plans.append(
            TenantPlan(
                i, p, class_code, product, key, jobs, float(floor), plot, relocated, origin, start
            )
        )
    return plans


def _start_dates(rng: np.random.Generator, opened: dt.date, n: int) -> list[dt.date]:
    """``n`` lease starts after the opening, the first within a few months of it."""
    first = opened + dt.timedelta(days=int(rng.integers(20, 90)))
    span = (LAST_START - first).days
    days = [0, *sorted(int(d) for d in rng.integers(0, span, size=n - 1))]
    out = []
    for d in days:
        day = first + dt.timedelta(days=d)
        out.append(day.replace(day=min(day.day, 28)))
    return out
