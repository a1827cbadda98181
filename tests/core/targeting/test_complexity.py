"""Complexity, relatedness and their safeguards on hand-checked networks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from microparks.core.targeting import (
    TargetingWarning,
    calc_complexity,
    calc_density,
    calc_proximity,
    calc_reflections,
)

# A nested toy network in the style of Hidalgo & Hausmann (2009, Fig. 1): region c1 makes every
# industry, c4 only the most ubiquitous one.
TOY = np.array(
    [
        [1, 1, 1, 1],
        [1, 1, 1, 0],
        [1, 1, 0, 0],
        [1, 0, 0, 0],
        [1, 1, 0, 0],
    ],
    dtype=float,
)


def test_reflections_by_hand() -> None:
    kc, kp = calc_reflections(TOY, 2)
    assert kc[0].tolist() == [4, 3, 2, 1, 2]  # diversity
    assert kp[0].tolist() == [5, 4, 2, 1]  # ubiquity
    # k_c,1: mean ubiquity of the region's industries.
    np.testing.assert_allclose(kc[1], [12 / 4, 11 / 3, 9 / 2, 5, 9 / 2])
    # k_p,1: mean diversity of the industry's regions.
    np.testing.assert_allclose(kp[1], [12 / 5, 11 / 4, 7 / 2, 4])
    # k_c,2: mean of k_p,1 over the region's industries.
    np.testing.assert_allclose(kc[2][0], (12 / 5 + 11 / 4 + 7 / 2 + 4) / 4)


def test_eci_is_the_limit_of_even_reflections() -> None:
    res = calc_complexity(TOY, threshold=0.5)
    kc, _ = calc_reflections(TOY, 24)
    # Even reflections converge to the constant vector plus lambda_2^N times the ECI direction
    # (lambda_3 / lambda_2 = 0.36 here): standardised, they approach ECI.
    limit = (kc[-1] - kc[-1].mean()) / kc[-1].std()
    np.testing.assert_allclose(res.eci, limit, atol=1e-4)


def test_toy_eci_sign_and_ranking() -> None:
    res = calc_complexity(TOY * np.array([1, 2, 3, 4]), threshold=1e-9)
    assert res.mcp.tolist() == TOY.astype(int).tolist()
    assert np.corrcoef(res.eci, res.diversity)[0, 1] > 0
    assert res.eci.argmax() == 0
    assert res.eci.argmin() == 3
    assert res.pci.argmax() == 3  # the rarest industry is the most complex
    # ECI is the mean PCI of the region's industries (py-ecomplexity's standardisation).
    np.testing.assert_allclose(res.eci, (TOY @ res.pci) / TOY.sum(axis=1), atol=1e-12)
    np.testing.assert_allclose([res.eci.mean(), res.eci.std()], [0.0, 1.0], atol=1e-12)
    np.testing.assert_allclose([res.coi.mean(), res.coi.std()], [0.0, 1.0], atol=1e-12)
    assert np.isnan(res.cog[TOY == 1]).sum() == 0
    assert (res.cog[TOY == 1] == 0).all()


def test_proximity_is_min_of_conditional_probabilities() -> None:
    phi = calc_proximity(TOY)
    co = TOY.T @ TOY
    u = TOY.sum(axis=0)
    for i in range(4):
        for j in range(4):
            assert phi[i, j] == pytest.approx(min(co[i, j] / u[i], co[i, j] / u[j]))
    np.testing.assert_array_equal(phi, phi.T)


def test_density_self_conventions() -> None:
    phi = calc_proximity(TOY)
    excl = calc_density(TOY, phi)
    incl = calc_density(TOY, phi, include_self=True)
    for c in range(TOY.shape[0]):
        for i in range(TOY.shape[1]):
            others = [j for j in range(4) if j != i]
            num = sum(TOY[c, j] * phi[i, j] for j in others)
            assert excl[c, i] == pytest.approx(num / sum(phi[i, j] for j in others))
            assert incl[c, i] == pytest.approx((num + TOY[c, i]) / phi[i].sum())


def test_disconnected_network_warns_instead_of_noise() -> None:
    x = np.zeros((6, 4))
    x[:3, :2] = [[5, 1], [1, 5], [3, 3]]
    x[3:, 2:] = [[5, 1], [1, 5], [3, 3]]
    with pytest.warns(TargetingWarning, match="disconnected"):
        res = calc_complexity(x)
    assert np.isnan(res.eci).all()
    assert np.isnan(res.pci).all()
    assert np.isnan(res.coi).all()
    assert np.isnan(res.cog).all()
    assert any("disconnected" in w for w in res.warnings)
    assert not np.isnan(res.rca).any()
    assert res.diversity.sum() > 0


def test_tiny_eigengap_warns() -> None:
    # Three identical arms around one shared industry: lambda_2 = lambda_3 by symmetry, so the
    # ECI direction is any vector of a plane.
    rows = []
    for k in range(3):
        a, b = 1 + 2 * k, 2 + 2 * k
        rows += [[int(j in (0, a, b)) for j in range(7)], [int(j in (0, a)) for j in range(7)]]
    with pytest.warns(TargetingWarning, match="eigen-gap"):
        res = calc_complexity(np.array(rows, dtype=float), threshold=1e-9)
    assert np.isnan(res.eci).all()
    assert np.isnan(res.cog).all()
    assert res.eigenvalues[1] == pytest.approx(res.eigenvalues[2], abs=1e-12)


def test_tiny_eigengap_warns_on_a_larger_network() -> None:
    # Three identical nested arms of 12 industries around one shared industry (37 industries):
    # the arms' symmetry repeats the second eigenvalue, which the eigensolver must not miss.
    arm = 12
    rows = []
    for k in range(3):
        first = 1 + arm * k
        for d in range(1, arm + 1):
            rows.append([int(j == 0 or first <= j < first + d) for j in range(1 + 3 * arm)])
    x = np.array(rows, dtype=float) * np.arange(1, 1 + 3 * arm + 1)
    with pytest.warns(TargetingWarning, match="eigen-gap"):
        res = calc_complexity(x, threshold=1e-9)
    assert res.mcp.sum() == np.count_nonzero(x)
    assert res.eigenvalues[1] == pytest.approx(res.eigenvalues[2], abs=1e-12)
    assert np.isnan(res.pci).all()


def test_regions_and_industries_without_presence_do_not_wipe_out_the_year() -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(1, 100, size=(12, 6)).astype(float)
    x[4] = 0.0  # an empty region
    x[:, 5] = 0.0  # an empty industry
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = calc_complexity(x, regions=[f"c{i}" for i in range(12)])
    assert {str(w.message)[:20] for w in caught}
    assert res.excluded_regions == ("c4",)
    assert res.excluded_industries == ("i5",)
    assert np.isnan(res.eci[4])
    assert np.isnan(res.pci[5])
    assert np.isnan(res.rca[4]).all()
    keep = np.arange(12) != 4
    assert np.isfinite(res.eci[keep]).all()
    assert np.isfinite(res.pci[:5]).all()
    ref = calc_complexity(x[keep][:, :5])
    np.testing.assert_allclose(res.eci[keep], ref.eci, atol=1e-12)
    np.testing.assert_allclose(res.cog[keep][:, :5], ref.cog, atol=1e-12)


def test_high_threshold_region_without_presence_is_reported() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(1, 100, size=(30, 5)).astype(float)
    x[0] = x[1:].sum(axis=0)  # the nation's mix: LQ = 1 everywhere, so nothing at 1.2
    with pytest.warns(TargetingWarning, match="no industry at LQ"):
        res = calc_complexity(x, regions=[f"c{i}" for i in range(30)], threshold=1.2)
    assert "c0" in res.excluded_regions
    assert res.diversity[0] == 0
    np.testing.assert_allclose(res.rca[0], 1.0)
    assert np.isnan(res.eci[0])
    assert np.isfinite(res.eci[res.diversity > 0]).all()


def test_rejects_unknown_density_convention() -> None:
    with pytest.raises(ValueError, match="density_self"):
        calc_complexity(TOY, density_self="both")  # type: ignore[arg-type]


panels = arrays(
    np.float64,
    st.tuples(st.integers(3, 9), st.integers(3, 7)),
    elements=st.integers(0, 60).map(float),
)


@settings(max_examples=60, deadline=None)
@given(x=panels, data=st.data())
def test_permuting_regions_and_industries_permutes_everything(
    x: np.ndarray, data: st.DataObject
) -> None:
    rp = np.array(data.draw(st.permutations(range(x.shape[0]))))
    cp = np.array(data.draw(st.permutations(range(x.shape[1]))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        a = calc_complexity(x)
        b = calc_complexity(x[rp][:, cp])
    kw = {"atol": 1e-7, "equal_nan": True}
    np.testing.assert_allclose(b.rca, a.rca[rp][:, cp], **kw)
    np.testing.assert_array_equal(b.mcp, a.mcp[rp][:, cp])
    np.testing.assert_allclose(b.density, a.density[rp][:, cp], **kw)
    np.testing.assert_allclose(b.eci, a.eci[rp], **kw)
    np.testing.assert_allclose(b.pci, a.pci[cp], **kw)
    np.testing.assert_allclose(b.coi, a.coi[rp], **kw)
    np.testing.assert_allclose(b.cog, a.cog[rp][:, cp], **kw)


def test_sign_undetermined_when_eci_is_uncorrelated_with_diversity() -> None:
    x = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    with pytest.warns(TargetingWarning, match="sign is not determined"):
        res = calc_complexity(x)
    assert np.isnan(res.eci).all()
