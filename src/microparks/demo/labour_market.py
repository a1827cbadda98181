"""The demo county's labour market: quarterly employment records, open vacancies, job fairs.

Derived from the generated firms (no clock, a seeded generator per firm), so the same seed
gives the same rows and a reload writes nothing:

* the county's rural per-capita disposable income (农村居民人均可支配收入), a poor county's
  :data:`RURAL_INCOME_CNY` of the demo's last year;
* employment records (用工季报) of the last two years' quarters, from each firm's annual record:
  the year-end jobs with a seasonal dip in the first quarters, the local share of the year,
  a firm's own share from poverty-alleviated households, and the average monthly wage of the
  year's wage bill with a year-end bonus; flagged against the previous quarter as a filing is;
* two vacancies per park, filed 3 to 70 days before the demo's date (some open over 30 days);
* five job fairs and training courses of the two years with the hires of some tenants.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from microparks.apps.accounts.models import User
from microparks.apps.audit.signals import log_bulk_created
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.events_models import EventHire, LabourEvent
from microparks.apps.labour.models import EmploymentRecord, Vacancy
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.core.labour.records import QuarterFigures, flag_changes
from microparks.demo.model import DemoCounty

RURAL_INCOME_CNY = 14_630
"""CNY per person a year: about the 2024 figure of a poor county of Guangxi's hills."""
HEADCOUNT_SEASON = (0.93, 0.97, 1.0, 1.0)
"""Each quarter's headcount against the year-end jobs of the annual record."""
WAGE_SEASON = (0.97, 0.99, 1.0, 1.04)
"""Each quarter's average wage against the year's (a year-end bonus in Q4)."""
POSTS = (
    ("普工", "能适应流水线作业"), ("质检员", "初中以上文化"), ("电焊工", "持焊工证优先"),
    ("缝纫工", "熟练平车操作"), ("叉车司机", "持叉车证"), ("电子装配工", "视力良好"),
    ("包装工", ""), ("仓管员", "会用电脑"),
)  # fmt: skip
VACANCY_AGES = (3, 45, 12, 70, 20, 8, 35, 55, 27, 40)
"""Days between filing and the demo's date, by the vacancy's place in the county's list."""
EVENTS = (  # (years back, month, day, kind, title, township index, days, hours, skill, cert.)
    (1, 2, 18, "job_fair", "春风行动暨就业援助月招聘会", 0, 1, None, "", ""),
    (1, 10, 14, "training", "电子装配工技能培训班", 0, 12, 80, "电子装配", "电子设备装接工"),
    (0, 2, 25, "job_fair", "春风行动专场招聘会", 0, 1, None, "", ""),
    (0, 5, 12, "training", "缝纫工技能培训班", 1, 10, 64, "缝纫", "缝纫工（五级）"),
    (0, 9, 20, "job_fair", "金秋招聘月乡镇专场", 2, 1, None, "", ""),
)  # fmt: skip
ORGANISER = "县人力资源和社会保障局"


def _firm_rng(demo: DemoCounty, credit_code: str) -> random.Random:
    return random.Random(f"{demo.seed}-labour-{credit_code}")


def _round10(value: float) -> Decimal:
    return Decimal(round(value, -1)).quantize(Decimal("0.01"))


def quarterly_figures(demo: DemoCounty) -> dict[tuple[str, int, int], QuarterFigures]:
    """Each firm's quarters of the demo's last two years, by (credit code, year, quarter)."""
    out: dict[tuple[str, int, int], QuarterFigures] = {}
    for record in sorted(demo.records, key=lambda r: (r.credit_code, r.year)):
        if record.year not in demo.years[-2:] or record.jobs <= 0:
            continue
        poor_share = _firm_rng(demo, record.credit_code).uniform(0.10, 0.22)
        wage = float(record.wages_cny) / record.jobs / 12
        for quarter in (1, 2, 3, 4):
            headcount = round(record.jobs * HEADCOUNT_SEASON[quarter - 1])
            local = min(headcount, round(headcount * record.local_jobs / record.jobs))
            out[(record.credit_code, record.year, quarter)] = QuarterFigures(
                year=record.year,
                quarter=quarter,
                headcount=headcount,
                local=local,
                poverty_alleviated=round(headcount * poor_share),
                wage_cny=_round10(wage * WAGE_SEASON[quarter - 1]),
            )
    return out


def _flags(figures: QuarterFigures, before: QuarterFigures | None) -> list[dict[str, Any]]:
    return [
        {"field": f.field, "template": f.message.template, "params": dict(f.message.params)}
        for f in flag_changes(figures, before)
    ]


def _filed_at(year: int, quarter: int) -> dt.datetime:
    month = quarter * 3 + 1
    day = dt.date(year + 1, 1, 12) if month > 12 else dt.date(year, month, 12)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def load_records(demo: DemoCounty, firms: dict[str, Enterprise], park_of: dict[str, int]) -> int:
    """Store the employment records (only those missing or different); rows written.

    ``firms`` are the stored firms by credit code: the audit entries of new rows name them.
    """
    wanted = quarterly_figures(demo)
    stored = {
        (r.enterprise_id, r.year, r.quarter): r
        for r in EmploymentRecord.objects.filter(
            enterprise__in=list(firms.values()), year__in=demo.years[-2:]
        )
    }
    new, changed = [], []
    for (code, year, quarter), figures in wanted.items():
        if code not in firms or code not in park_of:
            continue
        before = wanted.get((code, year - 1, 4) if quarter == 1 else (code, year, quarter - 1))
        values = {
            "park_id": park_of[code],
            "headcount": figures.headcount,
            "local": figures.local,
            "poverty_alleviated": figures.poverty_alleviated,
            "wage_cny": figures.wage_cny,
            "flags": _flags(figures, before),
            "filed_at": _filed_at(year, quarter),
        }
        record = stored.get((firms[code].pk, year, quarter))
        if record is None:
            record = EmploymentRecord(enterprise=firms[code], year=year, quarter=quarter)
            for name, value in values.items():
                setattr(record, name, value)
            record.full_clean(
                exclude=["enterprise", "park", "filed_by"],
                validate_unique=False,
                validate_constraints=False,
            )
            new.append(record)
        elif any(getattr(record, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            changed.append(record)
    for i in range(0, len(new), 500):
        log_bulk_created(EmploymentRecord.objects.bulk_create(new[i : i + 500]))
    for record in changed:
        record.save()
    return len(new) + len(changed)


def wanted_vacancies(
    demo: DemoCounty, firms: dict[str, int], parks: dict[str, int]
) -> list[tuple[dict[str, Any], dict[str, Any], dt.datetime]]:
    """(key, values, filed at) of two vacancies per park (its first two tenants)."""
    by_park: dict[str, list[str]] = {}
    for lease in sorted(demo.leases, key=lambda x: (x.park_code, x.credit_code)):
        if lease.credit_code in firms and lease.park_code in parks:
            by_park.setdefault(lease.park_code, []).append(lease.credit_code)
    out: list[tuple[dict[str, Any], dict[str, Any], dt.datetime]] = []
    for park_code in sorted(by_park):
        for code in by_park[park_code][:2]:
            rng = _firm_rng(demo, code)
            post, skills = POSTS[rng.randrange(len(POSTS))]
            low = rng.randrange(3200, 4400, 100)
            day = demo.reference_date - dt.timedelta(days=VACANCY_AGES[len(out) % 10])
            key = {"enterprise_id": firms[code], "park_id": parks[park_code], "post": post}
            values = {
                "number": rng.randint(2, 15),
                "skills": skills,
                "wage_min_cny": low,
                "wage_max_cny": low + rng.randrange(500, 1500, 100),
                "shifts": rng.choice(("day", "two", "flexible")),
                "housing": rng.random() < 0.5,
                "shuttle": rng.random() < 0.4,
                "start_date": day + dt.timedelta(days=7),
                "contact_phone": f"0771-{rng.randint(2000000, 7999999)}",
                "status": Vacancy.Status.OPEN,
            }
            filed = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
            out.append((key, values, filed))
    return out


def load_vacancies(demo: DemoCounty, firms: dict[str, Enterprise], parks: dict[str, int]) -> int:
    """Store the demo's open vacancies, dated days before the demo's date; rows written."""
    filer = User.objects.filter(username="demo_official").first()
    by_id = {firm.pk: firm for firm in firms.values()}
    wanted = wanted_vacancies(demo, {code: firm.pk for code, firm in firms.items()}, parks)
    stored = {
        (v.enterprise_id, v.park_id, v.post): v
        for v in Vacancy.objects.filter(park_id__in=parks.values())
    }
    new: list[tuple[Vacancy, dt.datetime]] = []
    dated: dict[dt.datetime, list[int]] = defaultdict(list)
    written = 0
    for key, values, filed in wanted:
        vacancy = stored.get((key["enterprise_id"], key["park_id"], key["post"]))
        if vacancy is None:
            vacancy = Vacancy(**key, **values, filed_by=filer)
            vacancy.enterprise = by_id[key["enterprise_id"]]  # named by its audit entry
            vacancy.full_clean(
                exclude=["enterprise", "park", "filed_by", "case"],
                validate_unique=False,
                validate_constraints=False,
            )
            new.append((vacancy, filed))
            continue
        changed = any(getattr(vacancy, k) != v for k, v in values.items())
        if changed:
            for name, value in values.items():
                setattr(vacancy, name, value)
            vacancy.save()
        if vacancy.created_at != filed:
            dated[filed].append(vacancy.pk)
        written += int(changed or vacancy.created_at != filed)
    created = Vacancy.objects.bulk_create([v for v, _filed in new])
    log_bulk_created(list(created))
    for vacancy, filed in new:
        dated[filed].append(vacancy.pk)
    # filed days before the demo's date (the clock sets created_at on insert): one query a date
    for filed, pks in dated.items():
        Vacancy.objects.filter(pk__in=pks).update(created_at=filed)
    return written + len(new)


def load_events(demo: DemoCounty, county: Region, firms: dict[str, Enterprise]) -> int:
    """The county's job fairs and courses of the last two years with tenants' hires."""
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    tenants = sorted({lease.credit_code for lease in demo.leases} & set(firms))
    written = 0
    for back, month, day, kind, title, place, days, hours, skill, cert in EVENTS:
        year = demo.years[-1] - back
        start = dt.date(year, month, day)
        rng = random.Random(f"{demo.seed}-event-{year}-{title}")
        attended = rng.randrange(60, 480, 5) if kind == "job_fair" else rng.randrange(30, 60)
        values: dict[str, Any] = {
            "kind": kind,
            "end_date": start + dt.timedelta(days=days - 1),
            "township": townships[place % len(townships)] if townships else None,
            "place": "乡镇综合文化站" if kind == "training" else "镇政府广场",
            "organiser": ORGANISER,
            "skill": skill,
            "hours": hours,
            "certificate": cert,
            "attended": attended,
            "attended_poverty_alleviated": round(attended * rng.uniform(0.15, 0.3)),
            "certified": round(attended * rng.uniform(0.8, 0.95)) if kind == "training" else None,
        }
        event = LabourEvent.objects.filter(region=county, title=title, start_date=start).first()
        if event is None:
            event = LabourEvent(region=county, title=title, start_date=start, **values)
            event.full_clean()
            event.save()
            written += 1
        elif any(getattr(event, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(event, name, value)
            event.save()
            written += 1
        hirers = rng.sample(tenants, min(len(tenants), 6 if kind == "job_fair" else 3))
        for code in sorted(hirers):
            hired = rng.randint(2, 15)
            hire = EventHire.objects.filter(event=event, enterprise=firms[code]).first()
            if hire is None:
                EventHire.objects.create(event=event, enterprise=firms[code], hired=hired)
                written += 1
            elif hire.hired != hired:
                hire.hired = hired
                hire.save()
                written += 1
    return written


def load_demo_labour_market(demo: DemoCounty) -> int:
    """Store the county's income, records, vacancies and events; rows written."""
    county = Region.objects.get(code=demo.county.code)
    written = 0
    year = demo.years[-1]
    if (county.rural_income_cny, county.rural_income_year) != (RURAL_INCOME_CNY, year):
        county.rural_income_cny, county.rural_income_year = RURAL_INCOME_CNY, year
        county.save(update_fields=["rural_income_cny", "rural_income_year", "updated_at"])
        written += 1
    codes = [e.credit_code for e in demo.enterprises]
    rows = Enterprise.objects.filter(credit_code__in=codes).only("pk", "name", "credit_code")
    firms = {firm.credit_code: firm for firm in rows}
    parks = dict(
        Park.objects.filter(code__in=[p.code for p in demo.parks]).values_list("code", "pk")
    )
    park_of = {
        lease.credit_code: parks[lease.park_code]
        for lease in demo.leases
        if lease.park_code in parks
    }
    written += load_records(demo, firms, park_of)
    written += load_vacancies(demo, firms, parks)
    return written + load_events(demo, county, firms)
