r"""Programme cost–benefit: public spending against tax received and jobs.

NPV at discount rate :math:`r` from base year :math:`t_0`:
:math:`\mathrm{NPV} = \sum_t (T_t - C_t) / (1 + r)^{t - t_0}` (HM Treasury, *The Green Book*,
2022, annex A6 on discounting). The fiscal payback year is the first year in which cumulative tax
received reaches cumulative spending (undiscounted, and separately discounted).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from microparks.core.impact.iomath import FloatArray
from microparks.core.messages import Message, MessageError, gettext_noop

__all__ = ["SPENDING_CATEGORIES", "CostBenefitResult", "calc_cost_benefit"]

SPENDING_CATEGORIES = (
    "land_preparation",
    "renovation",
    "subsidy",
    "rent_support",
    "services",
    "other",
)
"""Categories of a micro-park programme's public spending (land preparation, renovation of vacant
factories, subsidies to tenants, rent support, park services, other)."""


@dataclass(frozen=True)
class CostBenefitResult:
    """Cost–benefit figures of a programme.

    Attributes
    ----------
    total_cost, total_tax : float
    cost_by_category : dict of str to float
    cost_per_job : float
        Total cost over peak jobs (NaN without jobs).
    cost_per_job_year : float
        Total cost over the sum of yearly jobs.
    payback_year, discounted_payback_year : int or None
        None when not reached within the horizon.
    npv : float
    discount_rate : float
    base_year : int

    """

    total_cost: float
    total_tax: float
    cost_by_category: dict[str, float]
    cost_per_job: float
    cost_per_job_year: float
    payback_year: int | None
    discounted_payback_year: int | None
    npv: float
    discount_rate: float
    base_year: int


def _payback(years: Sequence[int], net: FloatArray) -> int | None:
    # The year after which the cumulative balance never goes negative again (a later round of
    # spending that pushes it back below zero moves the payback year on).
    negative = np.flatnonzero(np.cumsum(net) < -1e-9)
    if negative.size == 0:
        return int(years[0])
    last = int(negative[-1])
    return int(years[last + 1]) if last + 1 < len(years) else None


def calc_cost_benefit(
    years: Sequence[int],
    costs: Mapping[str, Sequence[float]],
    tax: Sequence[float],
    jobs: Sequence[float] | None = None,
    *,
    discount_rate: float = 0.08,
    base_year: int | None = None,
) -> CostBenefitResult:
    """Cost per job, fiscal payback year and NPV of a park programme.

    Parameters
    ----------
    years : sequence of int
        Consecutive years.
    costs : mapping of category to sequence of float
        Public spending per year by category (land preparation, renovation, subsidies, rent
        support, services …), each as long as ``years``.
    tax : sequence of float
        Tax received per year attributable to the programme (net additional, see
        :func:`~microparks.core.impact.park.calc_park_impact`).
    jobs : sequence of float, optional
        Jobs per year (net additional).
    discount_rate : float, default 0.08
        Annual real discount rate (China's official evaluation parameter for public projects is
        8 %: 《建设项目经济评价方法与参数》第三版, 2006).
    base_year : int, optional
        Year of discount factor 1; the first year when omitted.

    Returns
    -------
    CostBenefitResult

    Examples
    --------
    >>> r = calc_cost_benefit([2021, 2022, 2023], {"build": [100, 0, 0]}, [0, 60, 60],
    ...                       [0, 10, 20], discount_rate=0.0)
    >>> r.payback_year, r.npv, r.cost_per_job
    (2023, 20.0, 5.0)

    """
    yrs = [int(y) for y in years]
    if any(b - a != 1 for a, b in itertools.pairwise(yrs)):
        raise MessageError(gettext_noop("years must be consecutive"))
    n = len(yrs)
    if discount_rate <= -1:
        raise MessageError(gettext_noop("discount_rate must be above -1"))
    cost_rows = {
        name: _per_year(values, n, Message(gettext_noop("cost %(name)s"), {"name": repr(name)}))
        for name, values in costs.items()
    }
    cost = np.sum(list(cost_rows.values()), axis=0) if cost_rows else np.zeros(n)
    tax_arr = _per_year(tax, n, "tax")
    t0 = yrs[0] if base_year is None else int(base_year)
    disc = (1.0 + discount_rate) ** -(np.asarray(yrs, dtype=np.float64) - t0)
    net = tax_arr - cost
    total_cost = float(cost.sum())
    jobs_arr = None if jobs is None else _per_year(jobs, n, "jobs")
    per_job, per_job_year = _cost_per_job(total_cost, jobs_arr)
    return CostBenefitResult(
        total_cost=total_cost,
        total_tax=float(tax_arr.sum()),
        cost_by_category={k: float(v.sum()) for k, v in cost_rows.items()},
        cost_per_job=per_job,
        cost_per_job_year=per_job_year,
        payback_year=_payback(yrs, net),
        discounted_payback_year=_payback(yrs, net * disc),
        npv=float(net @ disc),
        discount_rate=discount_rate,
        base_year=t0,
    )


def _per_year(values: Sequence[float], n: int, label: str) -> FloatArray:
    """A yearly series as floats; it must cover every one of the ``n`` years."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.shape != (n,):
        raise MessageError(
            gettext_noop("%(label)s has %(size)s years, expected %(expected)s"),
            {"label": label, "size": arr.size, "expected": n},
        )
    return arr


def _cost_per_job(total_cost: float, jobs: FloatArray | None) -> tuple[float, float]:
    """Cost per job at the peak and per job-year; NaN without jobs."""
    if jobs is None:
        return float("nan"), float("nan")
    peak, job_years = float(jobs.max()), float(jobs.sum())
    per_job = total_cost / peak if peak > 0 else float("nan")
    per_job_year = total_cost / job_years if job_years > 0 else float("nan")
    return per_job, per_job_year
