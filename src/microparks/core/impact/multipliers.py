r"""Type I and Type II multipliers of output, income, employment and taxes.

Miller & Blair (2009), *Input–Output Analysis*, 2nd ed., ch. 6: with coefficient row
:math:`c` (income, jobs or taxes per unit of output), the simple multiplier is
:math:`m_j = (c^\top L)_j`; the Type I (ratio) multiplier divides it by the direct coefficient,
:math:`m_j / c_j` (sec. 6.2.3); Type II uses the model closed to households, :math:`\bar{L}`
(sec. 6.2.2). Each multiplier row is one solve of the transposed Leontief system on a single LU
factorisation (:class:`~microparks.core.impact.iomath.LeontiefSolver`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from microparks.core.impact.iomath import (
    ENTRIES,
    FloatArray,
    LeontiefSolver,
    calc_closed_A,
    calc_linkages,
    factor_leontief,
)
from microparks.core.messages import MessageError, gettext_noop

__all__ = ["MULTIPLIER_COLUMNS", "MultiplierResult", "calc_multipliers", "calc_simple_multipliers"]

MULTIPLIER_COLUMNS = (
    "output_type1",
    "output_type2",
    "income_simple",
    "income_type1",
    "income_type2",
    "employment_simple",
    "employment_type1",
    "employment_type2",
    "tax_simple",
    "tax_type1",
    "tax_type2",
    "backward_linkage",
    "forward_linkage",
    "forward_linkage_ghosh",
)


def calc_simple_multipliers(solver: LeontiefSolver, coefficients: ArrayLike) -> FloatArray:
    """Simple multipliers :math:`S L` (pymrio's ``calc_M``) without forming ``L``.

    Parameters
    ----------
    solver : LeontiefSolver
        Factorisation of :math:`I - A`.
    coefficients : array_like, shape (n,) or (k, n)
        One row of direct coefficients per stressor or factor (pymrio's ``S``).

    Returns
    -------
    numpy.ndarray, same shape as ``coefficients``

    """
    s = np.asarray(coefficients, dtype=np.float64)
    if s.shape[-1] != solver.n:
        raise MessageError(
            gettext_noop("coefficients have %(size)s columns, expected %(expected)s"),
            {"size": s.shape[-1], "expected": solver.n},
        )
    return solver.solve_transposed(s.T).T


def _ratio(total: FloatArray, direct: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(direct != 0, total / np.where(direct != 0, direct, 1.0), np.nan)


def _coefficients(values: ArrayLike | None, x: FloatArray, name: str) -> FloatArray | None:
    if values is None:
        return None
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    if v.size != x.size:
        raise MessageError(ENTRIES, {"name": name, "size": v.size, "expected": x.size})
    return np.divide(v, x, out=np.zeros_like(v), where=x != 0)


@dataclass(frozen=True)
class MultiplierResult:
    """Multipliers per sector, with the inputs that produced them.

    Attributes
    ----------
    sectors : tuple of str
    multipliers : dict of str to numpy.ndarray
        One array per name in ``MULTIPLIER_COLUMNS``; NaN where the input was not given (e.g.
        no employment) or where a Type I/II ratio has a zero direct coefficient.
    closed : bool
        Whether Type II multipliers were computed (labour income and consumption given).
    input_hash : str
        SHA-256 of ``A`` and the satellite vectors.

    """

    sectors: tuple[str, ...]
    multipliers: dict[str, FloatArray] = field(repr=False)
    closed: bool
    input_hash: str

    def to_frame(self) -> pd.DataFrame:
        """One row per sector, one column per multiplier."""
        frame = pd.DataFrame({name: self.multipliers[name] for name in MULTIPLIER_COLUMNS})
        frame.insert(0, "sector", list(self.sectors))
        return frame


def calc_multipliers(
    A: ArrayLike,
    x: ArrayLike,
    *,
    labour_income: ArrayLike | None = None,
    household_consumption: ArrayLike | None = None,
    employment: ArrayLike | None = None,
    taxes: ArrayLike | None = None,
    sectors: list[str] | tuple[str, ...] | None = None,
    consumption_propensity: float | None = None,
) -> MultiplierResult:
    r"""Output, income, employment and tax multipliers (Type I and II) and linkages.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Technical coefficients (checked to be productive).
    x : array_like, shape (n,)
        Total output per sector (same money unit as the satellite vectors).
    labour_income : array_like, shape (n,), optional
        Compensation of employees paid by each sector (BEA row V001).
    household_consumption : array_like, shape (n,), optional
        Household purchases from each sector (BEA column F010, mapped to industries). With
        ``labour_income`` it closes the model: :math:`h_c = C / \sum \text{labour income}`.
    employment : array_like, shape (n,), optional
        Jobs per sector.
    taxes : array_like, shape (n,), optional
        Taxes (on production and imports, less subsidies) per sector.
    sectors : sequence of str, optional
        Sector labels; ``"0" … "n-1"`` when omitted.
    consumption_propensity : float, optional
        Household spending on the table's sectors per unit of labour income. When given,
        :math:`h_c = p \, C / \sum C` (the consumption pattern of ``household_consumption``
        scaled to this propensity); otherwise the textbook closure
        :math:`h_c = C / \sum \text{labour income}`, which overstates Type II effects when
        households also spend other income (transfers, property income) or buy imports.

    Returns
    -------
    MultiplierResult

    Examples
    --------
    Miller & Blair (2009), 2nd ed., sec. 2.3 and 6.2.1 (two-sector example):

    >>> r = calc_multipliers([[0.15, 0.25], [0.2, 0.05]], [1000, 2000])
    >>> r.multipliers["output_type1"].round(6)
    array([1.518152, 1.452145])

    """
    a = np.asarray(A, dtype=np.float64)
    xv = np.asarray(x, dtype=np.float64).reshape(-1)
    n = a.shape[0]
    if xv.size != n:
        raise MessageError(ENTRIES, {"name": "x", "size": xv.size, "expected": n})
    labels = tuple(str(s) for s in sectors) if sectors is not None else tuple(map(str, range(n)))
    if len(labels) != n:
        raise MessageError(
            gettext_noop("%(labels)s sector labels for %(n)s sectors"),
            {"labels": len(labels), "n": n},
        )
    solver = factor_leontief(a)
    nan = np.full(n, np.nan)
    values: dict[str, FloatArray] = dict.fromkeys(MULTIPLIER_COLUMNS, nan)
    values["output_type1"] = solver.solve_transposed(np.ones(n))
    coef = {
        "income": _coefficients(labour_income, xv, "labour_income"),
        "employment": _coefficients(employment, xv, "employment"),
        "tax": _coefficients(taxes, xv, "taxes"),
    }
    values |= _type1(solver, coef)
    hc = _household_spending(labour_income, household_consumption, consumption_propensity, n)
    closed = hc is not None
    if hc is not None:
        values |= _type2(a, coef, hc)
    backward, forward, ghosh = calc_linkages(solver, xv)
    values["backward_linkage"] = backward
    values["forward_linkage"] = forward
    values["forward_linkage_ghosh"] = ghosh
    vectors = (xv, labour_income, household_consumption, employment, taxes)
    return MultiplierResult(
        sectors=labels,
        multipliers=values,
        closed=closed,
        input_hash=_input_hash(a, consumption_propensity, vectors),
    )


def _type1(solver: LeontiefSolver, coef: dict[str, FloatArray | None]) -> dict[str, FloatArray]:
    r"""Simple multipliers :math:`c^\top L` and Type I ratios for the satellites given."""
    values = {}
    for name, c in coef.items():
        if c is not None:
            simple = solver.solve_transposed(c)
            values[f"{name}_simple"] = simple
            values[f"{name}_type1"] = _ratio(simple, c)
    return values


def _household_spending(
    labour_income: ArrayLike | None,
    household_consumption: ArrayLike | None,
    consumption_propensity: float | None,
    n: int,
) -> FloatArray | None:
    r"""The household spending coefficients :math:`h_c` that close the model, if it can be.

    :math:`h_c = C / \sum \text{labour income}` (Miller & Blair 2009, sec. 6.2.2), or with a
    propensity :math:`p` the consumption pattern scaled to it, :math:`p \, C / \sum C`;
    ``None`` (open model, no Type II) without labour income or household consumption.
    """
    if labour_income is None or household_consumption is None:
        return None
    cons = np.asarray(household_consumption, dtype=np.float64).reshape(-1)
    if cons.size != n:
        raise MessageError(
            ENTRIES, {"name": "household_consumption", "size": cons.size, "expected": n}
        )
    income_total = float(np.asarray(labour_income, dtype=np.float64).sum())
    if income_total <= 0:
        raise MessageError(gettext_noop("total labour income must be positive to close the model"))
    if consumption_propensity is None:
        hc: FloatArray = cons / income_total
        return hc
    if not 0 <= consumption_propensity < 1 or cons.sum() <= 0:
        raise MessageError(
            gettext_noop("consumption_propensity must lie in [0, 1) with consumption > 0")
        )
    hc = consumption_propensity * cons / cons.sum()
    return hc


def _type2(
    a: FloatArray, coef: dict[str, FloatArray | None], hc: FloatArray
) -> dict[str, FloatArray]:
    r"""Type II multipliers from the model closed to households (Miller & Blair, sec. 6.2.2).

    Output: column sums of :math:`\bar{L}` over the sectors; income: the household row of
    :math:`\bar{L}` over the direct income coefficient; jobs and taxes: their coefficients
    through :math:`\bar{L}`, over the direct ones.
    """
    n = a.shape[0]
    hr = coef["income"]
    assert hr is not None  # closed implies labour income
    closed_solver = factor_leontief(calc_closed_A(a, hr, hc))
    rhs = np.zeros(n + 1)
    rhs[:n] = 1.0
    values = {"output_type2": closed_solver.solve_transposed(rhs)[:n]}
    household = np.zeros(n + 1)
    household[n] = 1.0
    values["income_type2"] = _ratio(closed_solver.solve_transposed(household)[:n], hr)
    for name in ("employment", "tax"):
        c = coef[name]
        if c is not None:
            total = closed_solver.solve_transposed(np.append(c, 0.0))[:n]
            values[f"{name}_type2"] = _ratio(total, c)
    return values


def _input_hash(
    a: FloatArray, consumption_propensity: float | None, vectors: tuple[ArrayLike | None, ...]
) -> str:
    """SHA-256 of ``A``, the propensity and the vectors given (an absent one adds nothing)."""
    digest = hashlib.sha256(np.ascontiguousarray(a).tobytes())
    digest.update(repr(consumption_propensity).encode())
    for vec in vectors:
        if vec is not None:
            digest.update(np.ascontiguousarray(np.asarray(vec, dtype=np.float64)).tobytes())
    return digest.hexdigest()
