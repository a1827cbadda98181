"""What happens around the parks: departments, accounts, the pipeline and service requests."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from microparks.core.units import CNY_PER_WAN, TCE_PER_KWH
from microparks.demo import catalogue as cat
from microparks.demo.casework import (
    DECLARED,
    DEPARTMENTS,
    FAMILY_ONLY,
    GATE_OVERRIDES,
    HEAVY,
    PIPELINE,
    PLOT_ONLY,
    TICKET_TEMPLATES,
)
from microparks.demo.model import (
    DemoActivity,
    DemoDeclaration,
    DemoDepartment,
    DemoEnterprise,
    DemoLease,
    DemoPark,
    DemoProspect,
    DemoRecord,
    DemoTicket,
    DemoUser,
)
from microparks.demo.parks import cny, half_yuan, transformer
from microparks.demo.plans import TenantPlan
from microparks.demo.profiles import DIVISION_FAMILY, FAMILIES
from microparks.io.rules import shipped_calendar

CST = dt.timezone(dt.timedelta(hours=8), "CST")
HANDLER_DEPARTMENT = DEPARTMENTS[0].name  # the power supply office
SLA_WORKING_DAYS = {"urgent": 2, "normal": 5, "low": 10}
TICKETS = 40
RECENT_TICKETS = 6


def build_departments() -> tuple[DemoDepartment, ...]:
    """The county bodies that handle requests, each with the categories routed to it."""
    return tuple(DemoDepartment(d.name, cat.COUNTY_CODE, d.categories) for d in DEPARTMENTS)


def build_users(parks: tuple[DemoPark, ...], enterprise: DemoEnterprise) -> tuple[DemoUser, ...]:
    """One account per role, with fixed public passwords."""
    county = cat.COUNTY_CODE
    return (
        DemoUser(
            "demo_admin",
            "Qinglan-admin-2026",
            "admin",
            "系统",
            "管理员",
            "demo_admin@example.com",
            is_staff=True,
            is_superuser=True,
        ),
        DemoUser(
            "demo_official",
            "Qinglan-official-2026",
            "official",
            "建国",
            "韦",
            "demo_official@example.com",
            region_code=county,
            is_staff=True,
        ),
        DemoUser(
            "demo_investment",
            "Qinglan-investment-2026",
            "investment",
            "丽华",
            "覃",
            "demo_investment@example.com",
            region_code=county,
        ),
        DemoUser(
            "demo_manager",
            "Qinglan-manager-2026",
            "park_manager",
            "志强",
            "蒙",
            "demo_manager@example.com",
            park_codes=(parks[0].code, parks[1].code),
        ),
        DemoUser(
            "demo_handler",
            "Qinglan-handler-2026",
            "handler",
            "海明",
            "黄",
            "demo_handler@example.com",
            region_code=county,  # the department's region (User.save sets it too)
            department_name=HANDLER_DEPARTMENT,
        ),
        DemoUser(  # the job-seeker register (personal data): starts empty
            "demo_labour",
            "Qinglan-labour-2026",
            "labour_service",
            "春燕",
            "莫",
            "demo_labour@example.com",
            region_code=county,
        ),
        DemoUser(
            "demo_enterprise",
            "Qinglan-enterprise-2026",
            "enterprise",
            enterprise.contact_name[1:],
            enterprise.contact_name[0],
            "demo_enterprise@example.com",
            credit_code=enterprise.credit_code,
        ),
    )


def build_prospects(
    rng: np.random.Generator,
    reference: dt.date,
    parks: tuple[DemoPark, ...],
    plans: list[TenantPlan],
    enterprises: dict[str, DemoEnterprise],
    codes: dict[int, str],
    latest: dict[int, DemoRecord],
    leases: dict[str, DemoLease],
    brands: list[str],
    owner: str,
) -> tuple[DemoProspect, ...]:
    """Sixteen firms still in the pipeline or lost, and four that became tenants."""
    out: list[DemoProspect] = []
    for stage, class_code, product, park, source, origin, notes in PIPELINE:
        family = FAMILIES[DIVISION_FAMILY.get(class_code[:2], "auto")]
        brand = brands.pop()
        city = (
            origin[origin.index("省") + 1 :]
            if "省" in origin
            else origin.replace("广西壮族自治区", "")
        )
        place = city or (cat.COUNTY_NAME if source in ("local", "returnee") else "广西")
        jobs = round(rng.uniform(*family.jobs) * 0.8)
        per_job = rng.uniform(*family.output_per_job_cny)
        floor = round(jobs * family.floor_m2_per_job * rng.uniform(0.9, 1.3), -1)
        output = jobs * per_job
        land = round(floor / rng.uniform(0.7, 0.9), -2)
        values = {
            "land_area_min_m2": float(land),
            "water_t_per_day": round(output / CNY_PER_WAN * family.water_t_per_10k_cny / 300, 1),
            "annual_energy_tce": round(
                output
                / CNY_PER_WAN
                * (family.kwh_per_10k_cny * TCE_PER_KWH + family.fuel_tce_per_10k_cny),
                1,
            ),
        }
        values.update(HEAVY.get(class_code, {}))
        kwh = output / CNY_PER_WAN * family.kwh_per_10k_cny
        if class_code == "3011":  # a cement plant's output and power, not a small plant's
            output, kwh = 420_000_000.0, 38_000_000.0
        declaration = _declaration(class_code, output, kwh, values["water_t_per_day"])
        next_follow_up = (
            None if stage == "lost" else reference + dt.timedelta(days=int(rng.integers(3, 45)))
        )
        out.append(
            DemoProspect(
                name=f"{brand}{product}项目",
                company_name=f"{place}{brand}{product}有限公司",
                credit_code=None,
                industry_code=class_code,
                region_code=cat.COUNTY_CODE,
                target_park_code=parks[park].code if park is not None else None,
                stage=stage,
                source=source,
                origin_region=origin,
                owner_username=owner,
                land_area_min_m2=values["land_area_min_m2"],
                land_area_max_m2=round(values["land_area_min_m2"] * 1.5, -2),
                floor_area_min_m2=float(floor),
                power_kva=transformer(floor * 0.1),
                water_t_per_day=values["water_t_per_day"],
                max_rent_cny_per_m2_month=half_yuan(rng.uniform(6, 10)),
                jobs_needed=jobs,
                annual_energy_tce=values["annual_energy_tce"],
                investment_cny=cny(jobs * rng.uniform(60_000, 200_000), 10_000),
                committed_jobs=jobs,
                committed_tax_cny_per_year=cny(
                    output * rng.uniform(*family.tax_share_of_revenue), 1000
                ),
                next_follow_up=next_follow_up,
                notes=notes,
                declaration=declaration,
                activities=_activities(stage, notes, reference, next_follow_up),
                override_by=GATE_OVERRIDES.get(class_code, (None, ""))[0],
                override_reason=GATE_OVERRIDES.get(class_code, (None, ""))[1],
            )
        )
    newest = sorted(plans, key=lambda p: (p.start, p.index))[-4:]
    for stage, plan in zip(
        ("paying_tax", "paying_tax", "producing", "producing"), newest, strict=True
    ):
        code = codes[plan.index]
        firm, record, lease = enterprises[code], latest[plan.index], leases[code]
        source = (
            "chain" if plan.family_key == "auto" else ("relocation" if plan.relocated else "local")
        )
        out.append(
            DemoProspect(
                name=f"{firm.name.removesuffix('有限公司')}项目",
                company_name=firm.name,
                credit_code=code,
                industry_code=plan.class_code,
                region_code=cat.COUNTY_CODE,
                target_park_code=lease.park_code,
                stage=stage,
                source=source,
                origin_region=plan.origin,
                owner_username=owner,
                land_area_min_m2=round(lease.land_area_m2 * 0.9, -1),
                land_area_max_m2=round(lease.land_area_m2 * 1.2, -1),
                floor_area_min_m2=lease.floor_area_m2,
                power_kva=transformer(lease.floor_area_m2 * 0.08),
                water_t_per_day=round(record.water_t / 300, 1),
                max_rent_cny_per_m2_month=None
                if lease.unit_code is None
                else half_yuan(float(lease.rent_cny_per_year) / lease.floor_area_m2 / 12 * 1.2),
                jobs_needed=record.jobs,
                annual_energy_tce=round(record.energy_tce * 1.1, 1),
                investment_cny=cny(record.jobs * rng.uniform(60_000, 200_000), 10_000),
                committed_jobs=math.floor(record.jobs * 0.9),
                committed_tax_cny_per_year=cny(float(record.tax_cny) * 0.9, 1000),
                next_follow_up=None
                if stage == "paying_tax"
                else reference + dt.timedelta(days=int(rng.integers(3, 45))),
                notes=f"{lease.start_date.year}年{lease.start_date.month}月入园。",
                declaration=_tenant_declaration(record, plan.family_key),
            )
        )
    return tuple(out)


#: What a small plant of each family declares it does (none is a banned process or material).
TENANT_PROCESSES = {
    "agri": (("sorting", "cleaning", "drying", "packaging"), ("fruit", "vegetables")),
    "electronics": (("surface mounting", "soldering", "assembly", "testing"), ("components",)),
    "garment": (("cutting", "sewing", "ironing", "packaging"), ("fabric",)),
    "leather": (("cutting", "stitching", "gluing", "assembly"), ("leather", "water-based glue")),
    "auto": (("injection moulding", "cutting", "assembly"), ("plastics", "wire")),
    "craft": (("weaving", "embroidery", "finishing"), ("bamboo", "rattan", "yarn")),
    "furniture": (("cutting", "assembly", "water-based coating"), ("board", "water-based paint")),
}


def _tenant_declaration(record: DemoRecord, family_key: str) -> DemoDeclaration:
    """A tenant's admission data as declared when it signed.

    Its latest annual record stands in for the declared figures; processes and materials are
    its family's.
    """
    processes, materials = TENANT_PROCESSES[family_key]
    return DemoDeclaration(
        annual_electricity_kwh=round(record.electricity_kwh, -3),
        output_cny=round(float(record.output_cny), -4),
        water_m3=round(record.water_t, 0),
        cod_t=record.cod_t or 0.0,
        nh3_n_t=record.ammonia_n_t or 0.0,
        so2_t=record.so2_t or 0.0,
        nox_t=record.nox_t or 0.0,
        vocs_t=record.vocs_t or 0.0,
        processes=processes,
        materials=materials,
        hazardous_chemicals_t=0.0,
    )


_CALENDAR = shipped_calendar()


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` moved ``days`` working days later on China's official calendar, same time."""
    day = _CALENDAR.date_after_working_days(start.date(), days)
    return dt.datetime.combine(day, start.timetz())


def build_tickets(
    rng: np.random.Generator,
    reference: dt.date,
    plans: list[TenantPlan],
    codes: dict[int, str],
    leases: dict[str, DemoLease],
    first_code: str,
) -> tuple[DemoTicket, ...]:
    """Forty requests since 2023: most closed, the recent ones still open."""
    end = dt.datetime.combine(reference, dt.time(18, 0), CST)
    by_code = {codes[p.index]: p for p in plans}
    routes = {c: d.name for d in DEPARTMENTS for c in d.categories.split(",")}
    out: list[DemoTicket] = []
    for i in range(TICKETS):
        code = first_code if i < 3 else codes[int(rng.integers(len(plans)))]
        plan, lease = by_code[code], leases[code]
        first = max(lease.start_date + dt.timedelta(days=20), dt.date(2023, 1, 3))
        span = (reference - first).days
        low = span - 40 if i >= TICKETS - RECENT_TICKETS else 0
        day = first + dt.timedelta(days=int(rng.integers(max(low, 0), span)))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        minute = int(rng.integers(8 * 60 + 30, 17 * 60 + 30))
        received = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), CST)
        asked = {(t.credit_code, t.title) for t in out}
        templates = [
            t
            for t in TICKET_TEMPLATES
            if plan.family_key in FAMILY_ONLY.get(t[1], {plan.family_key})
            and (lease.unit_code is None or t[1] not in PLOT_ONLY)
            and (code, t[1]) not in asked
        ]
        category, title, description, response = templates[int(rng.integers(len(templates)))]
        priority = (
            "urgent"
            if "停电" in title
            else str(rng.choice(["low", "normal", "urgent"], p=[0.15, 0.72, 0.13]))
        )
        due = add_working_days(received, SLA_WORKING_DAYS[priority])
        age = (end - received).days
        status = _status(rng, age)
        responded = closed = None
        if status in ("responded", "closed"):
            hours = SLA_WORKING_DAYS[priority] * 24 * 1.4 * rng.uniform(0.15, 1.3)
            responded = received + dt.timedelta(hours=float(round(hours, 1)))
            if responded > end:
                status, responded = "in_progress", None
        if status == "closed" and responded is not None:
            closed = responded + dt.timedelta(days=float(round(rng.uniform(1, 8), 2)))
            if closed > end:
                status, closed = "responded", None
        satisfaction, comment = None, ""
        if status == "closed" and responded is not None:
            late = responded > due
            satisfaction = int(
                rng.choice([2, 3, 4], p=[0.3, 0.4, 0.3])
                if late
                else rng.choice([3, 4, 5], p=[0.1, 0.3, 0.6])
            )
            comment = {
                2: "处理时间较长，希望加快进度。",
                3: "问题基本解决，但沟通不够及时。",
                5: "处理及时，非常满意。",
            }.get(satisfaction, "")
        routed = status != "received"
        department = routes.get(category) if routed else None
        out.append(
            DemoTicket(
                credit_code=code,
                park_code=lease.park_code,
                category=category,
                channel=str(
                    rng.choice(
                        ["portal", "phone", "visit", "inspection"], p=[0.55, 0.25, 0.12, 0.08]
                    )
                ),
                priority=priority,
                title=title,
                description=description,
                status=status,
                department_name=department,
                assignee_username="demo_handler" if department == HANDLER_DEPARTMENT else None,
                received_at=received,
                due_at=due,
                responded_at=responded,
                closed_at=closed,
                response=response if responded is not None else "",
                satisfaction=satisfaction,
                satisfaction_comment=comment,
            )
        )
    return tuple(sorted(out, key=lambda t: (t.received_at, t.credit_code)))


def _status(rng: np.random.Generator, age_days: int) -> str:
    if age_days <= 3:
        return str(rng.choice(["received", "assigned"]))
    if age_days <= 15:
        return str(rng.choice(["assigned", "in_progress"], p=[0.3, 0.7]))
    if age_days <= 45:
        return str(rng.choice(["in_progress", "responded", "closed"], p=[0.2, 0.4, 0.4]))
    return str(rng.choice(["closed", "responded"], p=[0.92, 0.08]))


def _declaration(
    class_code: str, output: float, kwh: float, water_t_per_day: float
) -> DemoDeclaration | None:
    """The admission data a pipeline firm declared, if it has reached that point."""
    declared = DECLARED.get(class_code)
    if declared is None:
        return None
    emissions = declared["emissions_t"]
    return DemoDeclaration(
        annual_electricity_kwh=round(kwh, -3),
        output_cny=round(output, -4),
        water_m3=round(water_t_per_day * 300, 0),  # 300 working days
        cod_t=emissions["cod"],
        nh3_n_t=emissions["nh3_n"],
        so2_t=emissions["so2"],
        nox_t=emissions["nox"],
        vocs_t=emissions["vocs"],
        processes=tuple(declared["processes"]),
        materials=tuple(declared["materials"]),
        hazardous_chemicals_t=declared["hazardous_chemicals_t"],
    )


# What the investment officer logged, by how far a prospect got: (first stage, kind, days
# before the reference date, summary). Fixed offsets, so the generator's random draws are
# unchanged.
FOLLOW_UPS = (
    ("contacted", "call", 60, "电话联系企业负责人，介绍园区标准厂房和招商政策。"),
    ("visited", "visit", 40, "企业来县考察园区和可用厂房。"),
    ("negotiating", "meeting", 20, "与企业洽谈厂房租金、用地和配套条件。"),
    ("admission", "note", 10, "企业提交准入申报材料（能耗、排放、工艺）。"),
)
_ORDER = ("lead", "contacted", "visited", "negotiating", "admission", "signed", "construction")


def _activities(
    stage: str, notes: str, reference: dt.date, next_follow_up: dt.date | None
) -> tuple[DemoActivity, ...]:
    """The follow-ups logged on a pipeline prospect up to its stage (the last one: its notes)."""
    reached = _ORDER.index(stage) if stage in _ORDER else _ORDER.index("negotiating")
    steps = [f for f in FOLLOW_UPS if _ORDER.index(f[0]) <= reached]
    out = []
    for i, (_, kind, days, summary) in enumerate(steps):
        last = i == len(steps) - 1
        out.append(
            DemoActivity(
                kind=kind,
                date=reference - dt.timedelta(days=days),
                summary=f"{summary}{notes}" if last else summary,
                next_follow_up=next_follow_up if last else None,
            )
        )
    return tuple(out)
