"""Tenant enterprises, their leases and three years of coherent annual records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from microparks.core.codes import calc_credit_code_check
from microparks.core.codes.credit_code import ALPHABET
from microparks.core.units import CNY_PER_WAN, TCE_PER_KWH
from microparks.demo import catalogue as cat
from microparks.demo.model import DemoEnterprise, DemoLease, DemoRecord
from microparks.demo.parks import Slot, cny
from microparks.demo.places import township_code
from microparks.demo.plans import TenantPlan

LEASE_YEARS = {True: 20, False: 15}  # land plots, factory units
GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_BODY = list(ALPHABET)  # GB 11714 characters that a credit code may hold


@dataclass(frozen=True)
class Firms:
    """What :func:`build_firms` makes, with lookups by tenant plan."""

    enterprises: tuple[DemoEnterprise, ...]
    leases: tuple[DemoLease, ...]
    records: tuple[DemoRecord, ...]
    credit_codes: dict[int, str]  # tenant plan index -> credit code
    latest: dict[int, DemoRecord]  # tenant plan index -> latest-year record


def org_code(body: str) -> str:
    """GB 11714 organisation code: 8 characters and their check character (X for 10).

    >>> org_code("MA5N4KQX")[-1] in "0123456789X"
    True
    """
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    check = 11 - sum(v * w for v, w in zip(values, GB11714_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: np.random.Generator, recent: bool, taken: set[str]) -> str:
    """A unified social credit code of a company (91) registered in the demo county."""
    while True:
        if recent:  # codes assigned since the 2015 reform start with MA
            body = "MA5" + "".join(str(rng.choice(ORG_BODY)) for _ in range(5))
        else:
            body = "".join(str(rng.integers(0, 10)) for _ in range(8))
        first17 = "91" + cat.COUNTY_CODE + org_code(body)
        code = first17 + calc_credit_code_check(first17)
        if code not in taken:
            taken.add(code)
            return code


def person(rng: np.random.Generator) -> str:
    """A common Zhuang-region Chinese name (fictional)."""
    given = "".join(str(rng.choice(cat.GIVEN)) for _ in range(int(rng.integers(1, 3))))
    return str(rng.choice(cat.SURNAMES)) + given


def size_class(jobs: int, revenue: float) -> str:
    """统计上大中小微型企业划分办法 (2017), industry: employees and revenue thresholds."""
    if jobs >= 1000 and revenue >= 4e8:
        return "large"
    if jobs >= 300 and revenue >= 2e7:
        return "medium"
    if jobs >= 20 and revenue >= 3e6:
        return "small"
    return "micro"


def build_firms(
    rng: np.random.Generator,
    plans: list[TenantPlan],
    slots: dict[int, Slot],
    years: tuple[int, ...],
    brands: list[str],
    taken: set[str] | None = None,
) -> Firms:
    """Enterprises, leases and records of the tenants, plus the county's leading firms.

    ``taken``: credit codes already given (by other copies of the demo); the new ones join it.
    """
    taken = set() if taken is None else taken
    enterprises, leases, records = [], [], []
    codes: dict[int, str] = {}
    latest: dict[int, DemoRecord] = {}
    for plan in plans:
        code = credit_code(rng, recent=plan.relocated or rng.uniform() < 0.7, taken=taken)
        codes[plan.index] = code
        slot = slots[plan.index]
        own = _records(rng, plan, code, years)
        records.extend(own)
        latest[plan.index] = own[-1]
        spec = cat.PARKS[plan.park_index]
        prefix = f"广西{cat.COUNTY_NAME[:2]}" if plan.relocated else cat.COUNTY_NAME
        suffix = "科技" if plan.family_key == "electronics" and "科技" not in plan.product else ""
        founded = plan.start - dt.timedelta(
            days=int(rng.integers(30, 150)) if plan.relocated else int(rng.integers(180, 3000))
        )
        enterprises.append(
            DemoEnterprise(
                credit_code=code,
                name=f"{prefix}{brands.pop()}{plan.product}{suffix}有限公司",
                industry_code=plan.class_code,
                region_code=township_code(spec.township),
                size=size_class(own[-1].jobs, float(own[-1].revenue_cny)),
                is_above_size=float(own[-1].revenue_cny) >= 2e7,
                is_chain_leader=False,
                origin_region=plan.origin,
                founded_date=founded,
                address=f"{cat.COUNTY_NAME}{spec.name}{slot.unit_code or '自建厂区'}",
                contact_name=person(rng),
                contact_phone=f"{cat.PHONE_AREA_CODE}-7{int(rng.integers(0, 100_000)):05d}",
                contact_email=f"contact-{code[-6:].lower()}@example.com",
            )
        )
        end = plan.start.replace(year=plan.start.year + LEASE_YEARS[slot.unit_code is None])
        leases.append(
            DemoLease(
                credit_code=code,
                park_code=slot.park_code,
                site_code=slot.site_code,
                unit_code=slot.unit_code,
                land_area_m2=slot.land_area_m2,
                floor_area_m2=slot.floor_area_m2,
                start_date=plan.start,
                end_date=end,
                rent_cny_per_year=slot.rent_cny_per_year,
            )
        )
    for class_code, product, suffix in cat.LEADING_FIRMS:
        code = credit_code(rng, recent=False, taken=taken)
        enterprises.append(
            DemoEnterprise(
                credit_code=code,
                name=f"{cat.COUNTY_NAME}{brands.pop()}{product}有限公司",
                industry_code=class_code,
                region_code=township_code(suffix),
                size="medium",
                is_above_size=True,
                is_chain_leader=True,
                origin_region="",
                founded_date=dt.date(int(rng.integers(1996, 2008)), int(rng.integers(1, 13)), 8),
                address=f"{cat.PROVINCE_NAME}{cat.COUNTY_NAME}",
                contact_name=person(rng),
                contact_phone=f"{cat.PHONE_AREA_CODE}-7{int(rng.integers(0, 100_000)):05d}",
                contact_email=f"contact-{code[-6:].lower()}@example.com",
            )
        )
    return Firms(tuple(enterprises), tuple(leases), tuple(records), codes, latest)


def _records(
    rng: np.random.Generator, plan: TenantPlan, code: str, years: tuple[int, ...]
) -> list[DemoRecord]:
    """Records from the tenant's first year in the park to the latest year.

    Jobs grow towards the planned latest-year headcount; figures per job come from the
    industry profile with a firm-level draw; energy is electricity at 0.1229 kgce/kWh plus
    fuels; wastewater, combustion and VOC emissions only where the industry has them.
    """
    f = plan.family
    latest_year = years[-1]
    output_per_job = rng.uniform(*f.output_per_job_cny)
    va_share, tax_share = rng.uniform(*f.value_added_share), rng.uniform(*f.tax_share_of_revenue)
    rd_share, local = rng.uniform(*f.rd_share), rng.uniform(*f.local_share)
    rural = min(local, rng.uniform(*f.rural_share))
    wage = rng.uniform(43_000, 60_000)
    power, fuel, water_use = (rng.uniform(0.8, 1.25) for _ in range(3))
    growth, productivity = rng.uniform(0.04, 0.22, size=len(years)), rng.uniform(0, 0.06)
    out = []
    jobs_float = float(plan.jobs)
    for i, year in reversed(list(enumerate(years))):
        if year < plan.start.year:
            break
        first = year == plan.start.year
        back = latest_year - year
        # Average employees over the year: a first year counts only the months in the park.
        months = 13 - plan.start.month if first else 12
        jobs = (
            plan.jobs
            if year == latest_year
            else max(
                3, round(jobs_float * (rng.uniform(0.6, 0.85) * months / 12 if first else 1.0))
            )
        )
        share_local = min(1.0, local + rng.uniform(-0.02, 0.02))
        local_jobs = min(jobs, round(jobs * share_local))
        rural_jobs = min(local_jobs, round(jobs * min(share_local, rural)))
        output = jobs * output_per_job / (1 + productivity) ** back
        revenue = output * rng.uniform(0.92, 1.02)
        kwh = round(output / CNY_PER_WAN * f.kwh_per_10k_cny * power)
        fuel_tce = output / CNY_PER_WAN * f.fuel_tce_per_10k_cny * fuel
        water = round(output / CNY_PER_WAN * f.water_t_per_10k_cny * water_use)
        wastewater = water * 0.8 / 1e6  # discharged share, t per (mg/L)
        out.append(
            DemoRecord(
                credit_code=code,
                year=year,
                output_cny=cny(output),
                value_added_cny=cny(output * va_share * rng.uniform(0.97, 1.03)),
                revenue_cny=cny(revenue),
                tax_cny=cny(revenue * tax_share * rng.uniform(0.9, 1.1) * (0.6 if first else 1)),
                jobs=jobs,
                local_jobs=local_jobs,
                rural_jobs=rural_jobs,
                wages_cny=cny(jobs * wage / 1.04**back, 100),
                electricity_kwh=float(kwh),
                energy_tce=round(kwh * TCE_PER_KWH + fuel_tce, 3),
                water_t=float(water),
                cod_t=round(wastewater * rng.uniform(50, 90), 3) if f.wastewater else None,
                ammonia_n_t=round(wastewater * rng.uniform(4, 12), 3) if f.wastewater else None,
                so2_t=round(fuel_tce * rng.uniform(1.0, 2.5) / 1000, 3) if fuel_tce else None,
                nox_t=round(fuel_tce * rng.uniform(1.5, 3.5) / 1000, 3) if fuel_tce else None,
                vocs_t=round(output / 1e8 * f.vocs_t_per_100m_cny * rng.uniform(0.7, 1.3), 3)
                if f.vocs_t_per_100m_cny
                else None,
                rd_spend_cny=cny(revenue * rd_share, 100),
            )
        )
        jobs_float = jobs_float / (1 + growth[i])
    return list(reversed(out))
