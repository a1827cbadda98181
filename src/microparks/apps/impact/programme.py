"""Programme cost–benefit: the county's recorded spending against tenants' tax and jobs.

Spending comes from :class:`~microparks.apps.impact.models.Spending` (entered or imported by
officials); tax and jobs from the annual records of the parks' tenants. The core's
:func:`~microparks.core.impact.calc_cost_benefit` gives cost per job, fiscal payback year and
NPV, once with tax and jobs as recorded and once net of additionality (the impact page's
deadweight, displacement and leakage).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from microparks.apps.accounts.models import User
from microparks.apps.impact.models import Spending
from microparks.apps.impact.services import partial_years, tenant_records
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.core.impact import SPENDING_CATEGORIES, CostBenefitResult, calc_cost_benefit
from microparks.io.errors import ImportValidationError, RowError
from microparks.io.spending import SpendingRow

DEFAULT_DISCOUNT_RATE = (
    0.08  # 《建设项目经济评价方法与参数》(第三版, 2006): social discount rate 8 %
)


@dataclass(frozen=True)
class ProgrammePage:
    """The cost–benefit section of an impact page."""

    years: list[dict[str, Any]]
    categories: list[str]
    gross: CostBenefitResult
    net: CostBenefitResult
    discount_rate: float
    tax_share: float
    factor: float
    spending_rows: int
    notes: list[str] = field(default_factory=list)


def spending_for(user: User | AnonymousUser, park: Park | None) -> QuerySet[Spending]:
    """The spending a user may see: all of it for the county page, the park's for a park page."""
    rows = Spending.objects.restrict(user)
    return rows.filter(park=park) if park is not None else rows


def run_cost_benefit(
    parks: QuerySet[Park],
    user: User | AnonymousUser,
    *,
    park: Park | None = None,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    tax_share: float = 1.0,
    factor: float = 1.0,
) -> ProgrammePage | None:
    """Spending against tax and jobs, year by year; None when no spending is recorded.

    Parameters
    ----------
    parks
        The parks whose tenants' records count (already restricted to the user).
    user
        The viewer; spending and records are restricted to what they may see.
    park
        The park of a park page: only spending attributed to it counts.
    discount_rate
        Annual real discount rate of the NPV (base year = the first year).
    tax_share
        Share of the tenants' tax that stays with the county (1 = all tax paid).
    factor
        Additionality factor (1 − deadweight)(1 − leakage)(1 − displacement) of the net figures.

    """
    spending = spending_for(user, park)
    by_year = _spending_by_year(spending)
    if not by_year:
        return None
    tax, jobs = _records_by_year(parks, user)
    # A year not over yet holds part of a year's tax and spending: payback and NPV would read
    # it as a whole year. It is left out, and the notes say so.
    running = set(partial_years([*by_year, *tax]))
    by_year = {y: v for y, v in by_year.items() if y not in running}
    tax = {y: v for y, v in tax.items() if y not in running}
    if not by_year:
        return None
    years = list(range(min([*by_year, *tax]), max([*by_year, *tax]) + 1))
    categories = [c for c in SPENDING_CATEGORIES if any(c in v for v in by_year.values())]
    costs = {c: [by_year.get(y, {}).get(c, 0.0) for y in years] for c in categories}
    tax_kept = [tax.get(y, 0.0) * tax_share for y in years]
    job_list = [jobs.get(y, 0.0) for y in years]
    gross = calc_cost_benefit(years, costs, tax_kept, job_list, discount_rate=discount_rate)
    net = calc_cost_benefit(
        years,
        costs,
        [t * factor for t in tax_kept],
        [j * factor for j in job_list],
        discount_rate=discount_rate,
    )
    return ProgrammePage(
        years=_year_rows(years, costs, tax_kept, job_list),
        categories=categories,
        gross=gross,
        net=net,
        discount_rate=discount_rate,
        tax_share=tax_share,
        factor=factor,
        spending_rows=spending.count(),
        notes=_notes(years, tax, park, sorted(running)),
    )


def _spending_by_year(spending: QuerySet[Spending]) -> dict[int, dict[str, float]]:
    """Amounts spent per year and category (CNY)."""
    by_year: dict[int, dict[str, float]] = defaultdict(dict)
    for year, category, amount in (
        spending.values("year", "category")
        .annotate(amount=Sum("amount_cny"))
        .values_list("year", "category", "amount")
    ):
        by_year[int(year)][str(category)] = float(amount)
    return by_year


def _records_by_year(
    parks: QuerySet[Park], user: User | AnonymousUser
) -> tuple[dict[int, float], dict[int, float]]:
    """The tenants' tax (CNY) and jobs per year, from the records the user may see."""
    records = (
        tenant_records(parks, user).values("year").annotate(tax=Sum("tax_cny"), jobs=Sum("jobs"))
    )
    tax = {int(r["year"]): float(r["tax"] or 0) for r in records}
    jobs = {int(r["year"]): float(r["jobs"] or 0) for r in records}
    return tax, jobs


def _year_rows(
    years: list[int],
    costs: dict[str, list[float]],
    tax_kept: list[float],
    job_list: list[float],
) -> list[dict[str, Any]]:
    """One table row per year: costs by category, total, tax kept, jobs, running balance."""
    rows, balance = [], 0.0
    for i, year in enumerate(years):
        spent = sum(costs[c][i] for c in costs)
        balance += tax_kept[i] - spent
        rows.append(
            {
                "year": year,
                "costs": [costs[c][i] for c in costs],
                "total": spent,
                "tax": tax_kept[i],
                "jobs": job_list[i],
                "balance": balance,
            }
        )
    return rows


def _notes(
    years: list[int], tax: dict[int, float], park: Park | None, running: list[int]
) -> list[str]:
    """What the reader should know: years without records or not over, what a park page omits."""
    notes = []
    if running:
        notes.append(
            _("Not counted, the year is not over yet: %(years)s.")
            % {"years": ", ".join(str(y) for y in running)}
        )
    unrecorded = [y for y in years if y not in tax]
    if unrecorded:
        notes.append(
            _("Years without tenants' annual records count no tax and no jobs: %(years)s.")
            % {"years": ", ".join(str(y) for y in unrecorded)}
        )
    if park is not None:
        notes.append(_("Spending on the whole programme (no park given) is not on a park's page."))
    return notes


def spending_region(user: User | AnonymousUser) -> Region:
    """The county an official enters spending for; PermissionDenied for anyone else."""
    if not isinstance(user, User) or user.role not in Spending.scope.edit or user.region is None:
        raise PermissionDenied
    return user.region


def add_spending(user: User, values: dict[str, Any]) -> Spending:
    """Store one amount entered on the impact page, for the official's county."""
    row = Spending(region=spending_region(user), entered_by=user, **values)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def import_spending(user: User, rows: list[SpendingRow], source: str) -> int:
    """Store the rows of a spending file for the official's county: all or nothing.

    Raises
    ------
    ImportValidationError
        A park code not in the county, or a row already recorded (same year, category, park,
        amount and source); nothing is stored.

    """
    region = spending_region(user)
    parks = {
        p.code: p for p in Park.objects.restrict(user).filter(region__in=region.descendant_ids())
    }
    errors: list[RowError] = []
    new: list[Spending] = []
    for r in rows:
        park = parks.get(r.park) if r.park else None
        if r.park and park is None:
            reason = gettext_noop("no park with this code in the county")
            errors.append(RowError(r.row, r.header("park"), reason, r.park))
            continue
        row = Spending(
            region=region,
            park=park,
            year=r.year,
            category=r.category,
            amount_cny=r.amount_cny,
            source=r.source,
            entered_by=user,
        )
        same = Spending.objects.filter(
            region=region,
            park=park,
            year=r.year,
            category=r.category,
            amount_cny=r.amount_cny,
            source=r.source,
        )
        if same.exists() or any(_same(row, other) for other in new):
            reason = gettext_noop("this amount is already recorded")
            errors.append(RowError(r.row, r.header("amount_cny"), reason, str(r.amount_cny)))
            continue
        try:
            row.full_clean(exclude=["entered_by"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():  # translated by Django already
                errors += [RowError(r.row, r.header(name), str(m)) for m in messages]
            continue
        new.append(row)
    if errors:
        raise ImportValidationError(source, errors)
    for row in new:  # one by one, so that the audit log records each row
        row.save()
    return len(new)


def _same(a: Spending, b: Spending) -> bool:
    keys = ("park_id", "year", "category", "amount_cny", "source")
    return all(getattr(a, k) == getattr(b, k) for k in keys)
