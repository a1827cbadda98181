"""The demo county's programme spending: a plausible, deterministic history from its parks.

Derived from the generated parks, sites, leases and records (no random numbers), so the same
seed always gives the same rows:

* the year before a park opens: land preparation (30 % of the park's public investment when it
  has idle land, 10 % otherwise for clearance) and 60 % of the rest on renovating its vacant
  factories; the remaining 40 % of renovation in the opening year;
* every year from opening: park services (150,000 CNY plus 20,000 per active lease) and rent
  support (half the rent of leases in their first two years);
* years with tenants' records: subsidies of 10 % of the tax of firms in their first three years;
* the whole programme: 300,000 CNY a year for the programme office and promotion.

Idempotent: the rows are rewritten only when they differ from what the demo generates.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from microparks.apps.impact.models import Spending
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.demo.model import DemoCounty, DemoLease

DEMO_SOURCE = "演示数据 (demo): 县财政局决算"
Key = tuple[str | None, int, str]  # park code (None: whole programme), year, category


def demo_spending(demo: DemoCounty) -> dict[Key, Decimal]:
    """The demo county's spending by park, year and category (CNY, rounded to 1,000)."""
    out: dict[Key, float] = defaultdict(float)
    last = demo.years[-1]
    kinds = {s.code: s.kind for s in demo.sites}
    tax = {(r.credit_code, r.year): float(r.tax_cny) for r in demo.records}
    by_park: dict[str, list[DemoLease]] = defaultdict(list)
    for lease in demo.leases:
        by_park[lease.park_code].append(lease)
    for park in demo.parks:
        opened = park.opened_date.year
        invest = float(park.public_investment_cny)
        has_land = any(kinds.get(code) == "idle_land" for code in park.site_codes)
        land = invest * (0.3 if has_land else 0.1)
        out[(park.code, opened - 1, "land_preparation")] += land
        out[(park.code, opened - 1, "renovation")] += (invest - land) * 0.6
        out[(park.code, opened, "renovation")] += (invest - land) * 0.4
        leases = by_park.get(park.code, [])
        for year in range(opened, last + 1):
            active = [
                lease for lease in leases if lease.start_date.year <= year <= lease.end_date.year
            ]
            out[(park.code, year, "services")] += 150_000 + 20_000 * len(active)
            young = [lease for lease in active if year - lease.start_date.year < 2]
            rent = sum(float(lease.rent_cny_per_year) for lease in young)
            if rent:
                out[(park.code, year, "rent_support")] += 0.5 * rent
            if year in demo.years:
                new = {lease.credit_code for lease in active if year - lease.start_date.year < 3}
                subsidy = 0.1 * sum(tax.get((code, year), 0.0) for code in new)
                if subsidy:
                    out[(park.code, year, "subsidy")] += subsidy
    first = min(p.opened_date.year for p in demo.parks) - 1
    for year in range(first, last + 1):
        out[(None, year, "other")] += 300_000
    return {k: Decimal(round(v, -3)).quantize(Decimal("0.01")) for k, v in out.items() if v > 0}


def load_demo_spending(demo: DemoCounty) -> int:
    """Store the demo county's spending (rows of the demo source only); returns rows written."""
    county = Region.objects.get(code=demo.county.code)
    parks = dict(
        Park.objects.filter(code__in=[p.code for p in demo.parks]).values_list("code", "pk")
    )
    code_of = {pk: code for code, pk in parks.items()}
    wanted = demo_spending(demo)
    stored = Spending.objects.filter(region=county, source__startswith=DEMO_SOURCE)
    current = {
        (code_of.get(park) if park else None, year, category): amount
        for park, year, category, amount in stored.values_list(
            "park_id", "year", "category", "amount_cny"
        )
    }
    if current == wanted and stored.count() == len(wanted):
        return 0
    for row in stored:  # one by one, so that the audit log records each deletion
        row.delete()
    rows = []
    for (park, year, category), amount in sorted(wanted.items(), key=lambda kv: str(kv[0])):
        row = Spending(
            region=county,
            park_id=parks[park] if park else None,
            year=year,
            category=category,
            amount_cny=amount,
            source=f"{DEMO_SOURCE} {year}",
        )
        # the database checks the links and constraints (one query each per row here)
        row.full_clean(
            exclude={"region", "park"}, validate_unique=False, validate_constraints=False
        )
        rows.append(row)
    Spending.objects.bulk_create(rows, batch_size=500)  # spending is not in the audit log
    return len(wanted)
