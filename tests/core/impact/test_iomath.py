"""Leontief arithmetic against textbook values, exact arithmetic and pymrio (test-only oracle)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from microparks.core.impact import (
    UnproductiveTableError,
    calc_A,
    calc_B,
    calc_D,
    calc_industry_A,
    calc_L,
    calc_linkages,
    calc_multipliers,
    calc_simple_multipliers,
    check_productive,
    factor_leontief,
)

# Miller, R. E. & Blair, P. D. (2009), Input-Output Analysis: Foundations and Extensions, 2nd ed.,
# Cambridge University Press: the two-sector example of sec. 2.3 (table 2.3: z11 = 150,
# z12 = 500, z21 = 200, z22 = 100, x = (1000, 2000)) whose output multipliers, sec. 6.2.1, are
# 1.518 and 1.452 (exactly 1.15/0.7575 and 1.10/0.7575). Page numbers not re-checked here.
MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])


def test_miller_blair_two_sector_coefficients_and_multipliers() -> None:
    a = calc_A(MB_Z, MB_X)
    np.testing.assert_allclose(a, [[0.15, 0.25], [0.2, 0.05]])
    np.testing.assert_allclose(
        calc_L(a), np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575, rtol=1e-13
    )
    out = calc_multipliers(a, MB_X).multipliers["output_type1"]
    np.testing.assert_allclose(out, [1.518152, 1.452145], atol=5e-7)


def _exact_inverse(matrix: list[list[Fraction]]) -> list[list[Fraction]]:
    n = len(matrix)
    aug = [row[:] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(matrix)]
    for col in range(n):
        piv = next(r for r in range(col, n) if aug[r][col] != 0)
        aug[col], aug[piv] = aug[piv], aug[col]
        p = aug[col][col]
        aug[col] = [v / p for v in aug[col]]
        for r in range(n):
            if r != col and aug[r][col] != 0:
                f = aug[r][col]
                aug[r] = [v - f * w for v, w in zip(aug[r], aug[col], strict=True)]
    return [row[n:] for row in aug]


def test_three_sector_example_against_exact_rational_inverse() -> None:
    a_frac = [
        [Fraction(2, 10), Fraction(3, 10), Fraction(2, 10)],
        [Fraction(4, 10), Fraction(1, 10), Fraction(2, 10)],
        [Fraction(1, 10), Fraction(3, 10), Fraction(2, 10)],
    ]
    eye_minus = [[Fraction(int(i == j)) - a_frac[i][j] for j in range(3)] for i in range(3)]
    exact = np.array([[float(v) for v in row] for row in _exact_inverse(eye_minus)])
    a = np.array([[float(v) for v in row] for row in a_frac])
    np.testing.assert_allclose(calc_L(a), exact, rtol=1e-13)
    np.testing.assert_allclose(
        calc_multipliers(a, [1, 1, 1]).multipliers["output_type1"], exact.sum(axis=0), rtol=1e-13
    )


def test_type2_equals_explicit_closed_inverse() -> None:
    a = calc_A(MB_Z, MB_X)
    wages = np.array([300.0, 500.0])
    cons = np.array([90.0, 50.0])
    jobs = np.array([10.0, 30.0])
    r = calc_multipliers(a, MB_X, labour_income=wages, household_consumption=cons, employment=jobs)
    closed = np.zeros((3, 3))
    closed[:2, :2] = a
    closed[:2, 2] = cons / wages.sum()
    closed[2, :2] = wages / MB_X
    lbar = np.linalg.inv(np.eye(3) - closed)  # oracle only: explicit inverse
    np.testing.assert_allclose(r.multipliers["output_type2"], lbar[:2, :2].sum(axis=0), rtol=1e-12)
    hr = wages / MB_X
    np.testing.assert_allclose(r.multipliers["income_type2"], lbar[2, :2] / hr, rtol=1e-12)
    e = jobs / MB_X
    np.testing.assert_allclose(r.multipliers["employment_type2"], e @ lbar[:2, :2] / e, rtol=1e-12)
    lmat = calc_L(a)
    np.testing.assert_allclose(r.multipliers["employment_type1"], e @ lmat / e, rtol=1e-12)
    np.testing.assert_allclose(r.multipliers["income_type1"], hr @ lmat / hr, rtol=1e-12)
    assert np.all(r.multipliers["output_type2"] > r.multipliers["output_type1"])
    assert np.all(np.isnan(r.multipliers["tax_type1"]))


def test_consumption_propensity_scales_closure() -> None:
    a = calc_A(MB_Z, MB_X)
    kw = {"labour_income": [300.0, 500.0], "household_consumption": [90.0, 50.0]}
    low = calc_multipliers(a, MB_X, consumption_propensity=0.2, **kw).multipliers["output_type2"]
    high = calc_multipliers(a, MB_X, consumption_propensity=0.6, **kw).multipliers["output_type2"]
    assert np.all(high > low)
    zero = calc_multipliers(a, MB_X, consumption_propensity=0.0, **kw).multipliers
    np.testing.assert_allclose(zero["output_type2"], zero["output_type1"])
    with pytest.raises(ValueError, match="consumption_propensity"):
        calc_multipliers(a, MB_X, consumption_propensity=1.5, **kw)


def test_linkages_rasmussen_and_ghosh() -> None:
    a = calc_A(MB_Z, MB_X)
    lmat = calc_L(a)
    back, fwd, ghosh = calc_linkages(factor_leontief(a), MB_X)
    np.testing.assert_allclose(back, 2 * lmat.sum(axis=0) / lmat.sum())
    np.testing.assert_allclose(fwd, 2 * lmat.sum(axis=1) / lmat.sum())
    g = np.diag(1 / MB_X) @ lmat @ np.diag(MB_X)
    np.testing.assert_allclose(ghosh, 2 * g.sum(axis=1) / g.sum())
    assert back.mean() == pytest.approx(1.0)


def test_industry_by_industry_from_make_use() -> None:
    # Miller & Blair (2009) sec. 5.3 style: 2 industries x 2 commodities.
    v = np.array([[90.0, 10.0], [0.0, 100.0]])  # make: industry x commodity
    u = np.array([[10.0, 40.0], [20.0, 25.0]])  # use: commodity x industry
    g, q = v.sum(axis=1), v.sum(axis=0)
    a = calc_industry_A(v, u)
    np.testing.assert_allclose(a, calc_D(v, q) @ calc_B(u, g))
    np.testing.assert_allclose(calc_D(v, q).sum(axis=0), 1.0)
    # Column sums of D·B equal the column sums of B (D's columns sum to one).
    np.testing.assert_allclose(a.sum(axis=0), calc_B(u, g).sum(axis=0))
    with pytest.raises(ValueError, match="shape"):
        calc_industry_A(v, u[:, :1])


def test_unproductive_table_refused_with_spectral_radius() -> None:
    a = np.array([[0.6, 0.5], [0.5, 0.6]])  # rho = 1.1
    with pytest.raises(UnproductiveTableError, match=r"spectral radius of A is 1\.1"):
        check_productive(a)
    with pytest.raises(UnproductiveTableError):
        calc_multipliers(a, [1.0, 1.0])
    with pytest.raises(UnproductiveTableError):
        calc_L(np.array([[1.0]]))  # rho = 1: singular
    with pytest.raises(UnproductiveTableError):
        check_productive(np.array([[1.2, -0.1], [0.0, 0.5]]))  # negative entries: eigenvalues
    check_productive(np.array([[0.5, -0.1], [0.2, 0.5]]))  # |A| productive: no eigenvalues
    # |A| unproductive (rho 1.1) but A productive (eigenvalues 0.5 +- 0.6i, modulus 0.78)
    check_productive(np.array([[0.5, -0.6], [0.6, 0.5]]))
    # Column sums above one but rho < 1 is productive (not the Hawkins-Simon shortcut).
    check_productive(np.array([[0.1, 0.0], [1.5, 0.1]]))


def test_zero_output_sector_gets_zero_coefficients() -> None:
    a = calc_A([[1.0, 0.0], [2.0, 0.0]], [10.0, 0.0])
    np.testing.assert_array_equal(a, [[0.1, 0.0], [0.2, 0.0]])


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="square"):
        calc_A(np.ones((2, 3)), [1, 1, 1])
    with pytest.raises(ValueError, match="NaN"):
        calc_A([[np.nan, 0], [0, 0]], [1, 1])
    with pytest.raises(ValueError, match="entries"):
        calc_multipliers(np.zeros((2, 2)), [1, 1, 1])


def test_equal_to_pymrio_on_its_test_system() -> None:
    pymrio = pytest.importorskip("pymrio")
    io = pymrio.load_test()
    io.calc_all()
    x = io.x.to_numpy()[:, 0]
    a = calc_A(io.Z.to_numpy(), x)
    np.testing.assert_allclose(a, io.A.to_numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(calc_L(a), io.L.to_numpy(), rtol=0, atol=1e-9)
    solver = factor_leontief(a)
    for ext in (io.emissions, io.factor_inputs):
        m = calc_simple_multipliers(solver, ext.S.to_numpy())
        ref = ext.M.to_numpy()
        np.testing.assert_allclose(m, ref, rtol=1e-9, atol=1e-9 * np.abs(ref).max())
    out = calc_multipliers(a, x).multipliers["output_type1"]
    np.testing.assert_allclose(out, io.L.to_numpy().sum(axis=0), rtol=0, atol=1e-9)


@st.composite
def productive_tables(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(1, 8))
    raw = draw(arrays(np.float64, (n, n), elements=st.floats(0, 1, allow_subnormal=False)))
    scale = draw(st.floats(0.0, 0.95))
    colsum = raw.sum(axis=0)
    return np.asarray(raw / np.where(colsum > 0, colsum, 1.0) * scale)


@settings(max_examples=60, deadline=None)
@given(productive_tables())
def test_property_multipliers_at_least_one(a: np.ndarray) -> None:
    n = a.shape[0]
    # Labour takes half of what is left after intermediate inputs; households spend half their
    # income on the table's sectors: every column of the closed table sums to less than one.
    wages = 0.5 * (1.0 - a.sum(axis=0)) + 1e-3
    r = calc_multipliers(
        a,
        np.ones(n),
        labour_income=wages,
        household_consumption=np.full(n, 0.5 * wages.sum() / n),
        employment=np.full(n, 2.0),
    ).multipliers
    assert np.all(r["output_type1"] >= 1 - 1e-12)
    assert np.all(r["output_type2"] >= r["output_type1"] - 1e-12)
    assert np.all(r["employment_type1"] >= 1 - 1e-12)
    assert np.all(r["income_type2"] >= r["income_type1"] - 1e-12)
    lmat = calc_L(a)
    assert np.all(lmat >= -1e-12)
    np.testing.assert_allclose((np.eye(n) - a) @ lmat, np.eye(n), atol=1e-9)
