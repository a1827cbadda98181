"""The blocked, expanded WSM/TOPSIS kernels against the textbook formulas, row by row.

TOPSIS expands ``Σ_j (v_ij − v_j⁺)²`` into a quadratic and two linear forms and recomputes the
rows where that loses digits; these tests aim at exactly those rows (at and next to the ideal
and the anti-ideal, duplicates, constant columns, huge and tiny magnitudes, large offsets) and
at block boundaries, and require equality to 1e-9 with a direct implementation.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.mcda import MCDAInputError, _common, score_topsis, score_wsm
from microparks.core.mcda._common import hash_inputs, split_rows, worker_threads
from microparks.core.mcda.normalize import BLOCK_ROWS, STATS_ROWS, _column_stats


def _textbook_normalized(x: np.ndarray, benefit: np.ndarray, normalization: str) -> np.ndarray:
    """Column by column, as the formulas read (pymcdm's conventions for costs)."""
    out = np.empty_like(x)
    for j in range(x.shape[1]):
        col, up = x[:, j], benefit[j]
        if normalization == "vector":
            r = col / np.sqrt(np.sum(col**2))
            out[:, j] = r if up else 1 - r
        elif normalization == "minmax":
            span = col.max() - col.min()
            if span == 0:
                out[:, j] = 1.0
            else:
                out[:, j] = (col - col.min()) / span if up else (col.max() - col) / span
        elif normalization == "max":
            out[:, j] = col / col.max() if up else 1 - col / col.max()
        elif normalization == "linear":
            out[:, j] = col / col.max() if up else col.min() / col
        else:  # sum
            out[:, j] = col / col.sum() if up else (1 / col) / np.sum(1 / col)
    return out


def _textbook_topsis(x, w, benefit, normalization):
    v = _textbook_normalized(x, benefit, normalization) * (w / w.sum())
    dp = np.sqrt(np.sum((v - v.max(axis=0)) ** 2, axis=1))
    dm = np.sqrt(np.sum((v - v.min(axis=0)) ** 2, axis=1))
    total = dp + dm
    return np.where(total > 0, dm / np.where(total > 0, total, 1), 0.5), dp, dm


def _textbook_wsm(x, w, benefit, normalization):
    return _textbook_normalized(x, benefit, normalization) @ (w / w.sum())


def _types(benefit):
    return ["benefit" if b else "cost" for b in benefit]


@st.composite
def hard_problems(draw):
    """Matrices built to hurt the expanded formula: extreme rows, near-extreme rows, duplicates,
    constant columns, per-column scales from 1e-8 to 1e8 and offsets up to 1e6 times the spread."""
    n = draw(st.integers(2, 40))
    m = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, size=(n, m))
    scale = 10.0 ** np.array(draw(st.lists(st.integers(-8, 8), min_size=m, max_size=m)))
    offset = draw(st.lists(st.sampled_from([0.0, 1.0, 1e3, 1e6]), min_size=m, max_size=m))
    x = (x + np.asarray(offset)) * scale + scale * 1e-3  # strictly positive
    best_row = np.where(rng.random(m) < 0.5, x.max(axis=0), x.min(axis=0))
    kind = draw(st.sampled_from(["ideal", "near", "duplicates", "constant", "plain"]))
    if kind == "ideal":  # several alternatives at a corner of the box
        x[rng.integers(0, n, size=max(1, n // 3))] = best_row
    elif kind == "near":  # next to a corner, by a few ulps up to 1e-6 relative
        k = max(1, n // 2)
        rel = 10.0 ** rng.uniform(-15, -6, size=(k, m))
        x[rng.integers(0, n, size=k)] = best_row * (1 + rel * rng.choice([-1, 1], size=(k, m)))
    elif kind == "duplicates":
        x[:] = x[rng.integers(0, max(1, n // 4), size=n)]
    elif kind == "constant":
        x[:, rng.integers(0, m)] = x[0, 0]
    benefit = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    w = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=m, max_size=m)))
    return x, w, benefit


@settings(max_examples=300, deadline=None)
@given(hard_problems(), st.sampled_from(["vector", "minmax", "max", "linear", "sum"]))
def test_topsis_equals_the_textbook_formula_on_hard_rows(problem, normalization):
    x, w, benefit = problem
    ref, dp, dm = _textbook_topsis(x, w, benefit, normalization)
    r = score_topsis(x, w, _types(benefit), normalization=normalization, record_hash=False)
    # v = w∘r lies in [0, 1], so both implementations round v to about 1e-16 absolute: the
    # distances agree to that plus a relative 1e-9, and a score C = D⁻/(D⁺ + D⁻) to 1e-9 plus
    # what that rounding does when D⁺ + D⁻ itself is of the order of the rounding
    np.testing.assert_allclose(r.distance_to_ideal, dp, rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(r.distance_to_anti_ideal, dm, rtol=1e-9, atol=1e-14)
    allowed = 1e-9 + 1e-14 / np.maximum(dp + dm, 1e-300)
    assert np.all(np.abs(r.scores - ref) <= allowed)
    assert np.all((r.scores >= 0) & (r.scores <= 1))


@settings(max_examples=200, deadline=None)
@given(hard_problems(), st.sampled_from(["vector", "minmax", "max", "linear", "sum"]))
def test_wsm_equals_the_textbook_formula_on_hard_rows(problem, normalization):
    x, w, benefit = problem
    ref = _textbook_wsm(x, w, benefit, normalization)
    r = score_wsm(x, w, _types(benefit), normalization=normalization, record_hash=False)
    np.testing.assert_allclose(r.scores, ref, rtol=0, atol=1e-9)


def test_alternatives_at_the_ideal_are_at_distance_exactly_zero():
    rng = np.random.default_rng(11)
    x = rng.uniform(1.0, 2.0, size=(1000, 5))
    benefit = np.array([True, False, True, True, False])
    ideal = np.where(benefit, x.max(axis=0), x.min(axis=0))
    x[::7] = ideal  # many alternatives on the ideal point, spread over the matrix
    x[3::7] = ideal * np.where(benefit, 1 - 1e-13, 1 + 1e-13)  # and right next to it
    w = np.array([0.3, 0.1, 0.2, 0.25, 0.15])
    r = score_topsis(x, w, _types(benefit))
    ref, dp, _ = _textbook_topsis(x, w, benefit, "vector")
    assert np.all(r.distance_to_ideal[::7] == 0.0)
    assert np.all(r.scores[::7] == 1.0)
    np.testing.assert_allclose(r.scores, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.distance_to_ideal, dp, rtol=0, atol=1e-15)


@pytest.mark.parametrize("n", [1, 2, STATS_ROWS - 1, STATS_ROWS, 2 * BLOCK_ROWS + 3])
def test_block_boundaries(n):
    rng = np.random.default_rng(n)
    x = rng.uniform(0.5, 100.0, size=(n, 8))
    w = rng.uniform(0.1, 1.0, size=8)
    benefit = np.array([True, False, True, True, False, True, False, True])
    ref, _, _ = _textbook_topsis(x, w, benefit, "vector")
    np.testing.assert_allclose(score_topsis(x, w, _types(benefit)).scores, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        score_wsm(x, w, _types(benefit)).scores,
        _textbook_wsm(x, w, benefit, "linear"),
        rtol=0,
        atol=1e-12,
    )


@pytest.mark.parametrize("n", [1, 5, STATS_ROWS, 3 * STATS_ROWS + 17])
@pytest.mark.parametrize("squares", [False, True])
def test_column_statistics_in_one_pass(n, squares):
    x = np.random.default_rng(n).normal(size=(n, 3)) * [1.0, 1e6, 1e-6]
    lo, hi, sq = _column_stats(x, squares=squares)
    assert np.array_equal(lo, x.min(axis=0))
    assert np.array_equal(hi, x.max(axis=0))
    if squares:
        np.testing.assert_allclose(sq, (x**2).sum(axis=0), rtol=1e-13)
    else:
        assert np.isnan(sq).all()


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("scorer", [score_topsis, score_wsm])
@pytest.mark.parametrize("row", [0, STATS_ROWS + 41, 3 * STATS_ROWS + 2])  # first, middle, tail
def test_a_bad_cell_is_named_by_row_and_criterion(bad, scorer, row):
    x = np.random.default_rng(5).uniform(1.0, 2.0, size=(3 * STATS_ROWS + 5, 3))
    x[row, 1] = bad
    with pytest.raises(MCDAInputError, match=rf"criterion 'speed' .* \(row {row + 1}\)"):
        scorer(x, [1, 1, 1], criteria=["cost", "speed", "range"])


def test_input_hash_is_computed_on_first_read_and_records_the_inputs():
    x = np.array([[1.0, 2.0], [3.0, 1.0]])
    r = score_topsis(x, [1, 3], ["benefit", "cost"], criteria=["a", "b"])
    assert "input_hash" not in r.__dict__  # not computed while nobody asked
    expected = hash_inputs(
        x,
        np.array([0.25, 0.75]),
        method="topsis",
        normalization="vector",
        types=("benefit", "cost"),
        criteria=("a", "b"),
    )
    assert r.input_hash == expected
    assert r.provenance()["input_hash"] == expected
    assert score_wsm(x, [1, 3], record_hash=False).input_hash is None
    other = score_topsis(x, [1, 2], ["benefit", "cost"], criteria=["a", "b"])
    assert other.input_hash != expected


def test_topsis_distances_are_computed_on_first_read_and_match_the_scores():
    x = np.random.default_rng(4).uniform(1.0, 9.0, size=(300, 4))
    r = score_topsis(x, [1, 2, 3, 4], ["benefit", "cost", "cost", "benefit"])
    assert "_distance_pair" not in r.__dict__
    d_plus, d_minus = r.distance_to_ideal, r.distance_to_anti_ideal
    assert d_plus is not None
    assert d_minus is not None
    np.testing.assert_array_equal(r.scores, d_minus / (d_plus + d_minus))
    assert r.distance_to_ideal is d_plus  # computed once
    with pytest.raises(ValueError, match="read-only"):
        d_plus[0] = 0.0
    wsm = score_wsm(x, [1, 2, 3, 4])
    assert wsm.distance_to_ideal is None
    assert wsm.distance_to_anti_ideal is None


@pytest.mark.parametrize("normalization", ["vector", "minmax", "linear"])
def test_two_threads_give_the_one_thread_scores(monkeypatch, normalization):
    rng = np.random.default_rng(8)
    x = rng.uniform(0.5, 100.0, size=(5 * BLOCK_ROWS + 11, 6))
    x[7] = 1000.0  # best on every benefit criterion, in the first thread's rows
    w = rng.uniform(0.1, 1.0, size=6)
    types = ["benefit", "cost", "benefit", "cost", "cost", "benefit"]
    monkeypatch.setattr(_common, "PARALLEL_MIN_ROWS", 1000)
    monkeypatch.setattr(_common, "THREADS", 1)
    one = [s(x, w, types, normalization=normalization) for s in (score_topsis, score_wsm)]
    monkeypatch.setattr(_common, "THREADS", 2)
    two = [s(x, w, types, normalization=normalization) for s in (score_topsis, score_wsm)]
    for a, b in zip(one, two, strict=True):  # the same parts, summed in the same order
        np.testing.assert_array_equal(b.scores, a.scores)
    np.testing.assert_array_equal(two[0].distance_to_ideal, one[0].distance_to_ideal)


def test_split_rows_covers_the_rows_in_order_and_passes_errors_on(monkeypatch):
    monkeypatch.setattr(_common, "THREADS", 2)
    monkeypatch.setattr(_common, "PARALLEL_MIN_ROWS", 10)
    assert worker_threads() == 2
    assert split_rows(lambda a, b: (a, b), 1001, 100) == [(0, 600), (600, 1001)]
    assert split_rows(lambda a, b: (a, b), 9, 100) == [(0, 9)]  # too few rows to split
    monkeypatch.setattr(_common, "THREADS", 1)  # the same parts, one after another
    assert split_rows(lambda a, b: (a, b), 1001, 100) == [(0, 600), (600, 1001)]
    monkeypatch.setattr(_common, "THREADS", 2)

    def fail(a: int, b: int) -> None:
        if a > 0:
            raise MCDAInputError(f"rows {a}-{b}")

    with pytest.raises(MCDAInputError, match="rows 600-1001"):
        split_rows(fail, 1001, 100)
    monkeypatch.setattr(_common, "THREADS", None)
    assert worker_threads() in (1, 2)
