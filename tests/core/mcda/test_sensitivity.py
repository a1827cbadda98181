"""Weight sensitivity: seeded rank stability and the weight change that flips the top."""

from __future__ import annotations

import numpy as np
import pytest

from microparks.core.mcda import (
    MCDAInputError,
    calc_rank_stability,
    calc_top_flip,
    score_alternatives,
)

RNG = np.random.default_rng(7)
X = RNG.uniform(1, 10, size=(25, 4))
W = np.array([0.4, 0.3, 0.2, 0.1])
TYPES = ["benefit", "cost", "benefit", "cost"]


def _shift(w, j, delta):
    out = w * (1 - w[j] - delta) / (1 - w[j])
    out[j] = w[j] + delta
    return out


def test_wsm_flip_equals_the_analytic_crossing():
    """Under WSM scores are linear in delta: the crossing point has a closed form."""
    flips = calc_top_flip("wsm", X, W, TYPES)
    r = score_alternatives("wsm", X, W, TYPES)
    top = int(r.order[0])
    assert flips.top == top
    from microparks.core.mcda import calc_normalized

    rn = calc_normalized(X, TYPES, "linear")
    for j, flip in enumerate(flips.flips):
        s0 = rn @ W
        slope = rn[:, j] - (rn @ W - rn[:, j] * W[j]) / (1 - W[j])
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = (s0[top] - s0) / (slope - slope[top])
        up = cross[(cross > 0) & (cross <= 1 - W[j])]
        down = cross[(cross < 0) & (cross >= -W[j])]
        if up.size:
            assert flip.increase == pytest.approx(up.min(), abs=1e-9)
            assert flip.new_top_increase == int(np.flatnonzero(cross == up.min())[0])
        else:
            assert flip.increase is None
        if down.size:
            assert flip.decrease == pytest.approx(down.max(), abs=1e-9)
        else:
            assert flip.decrease is None


@pytest.mark.parametrize("method", ["topsis", "wsm"])
def test_flip_brackets_the_change_of_top(method):
    flips = calc_top_flip(method, X, W, TYPES)
    assert flips.smallest is not None
    name, delta, new_top = flips.smallest
    j = [f.criterion for f in flips.flips].index(name)
    before = score_alternatives(method, X, _shift(W, j, delta - np.sign(delta) * 1e-7), TYPES)
    after = score_alternatives(method, X, _shift(W, j, delta + np.sign(delta) * 1e-7), TYPES)
    assert int(before.order[0]) == flips.top
    assert int(after.order[0]) == new_top != flips.top
    assert all(
        abs(delta) <= abs(d) for f in flips.flips for d in (f.increase, f.decrease) if d is not None
    )


def test_no_flip_when_one_alternative_dominates():
    x = np.array([[10.0, 1.0], [5.0, 2.0], [4.0, 3.0]])
    flips = calc_top_flip("topsis", x, [0.5, 0.5], ["benefit", "cost"])
    assert flips.smallest is None
    assert all(f.increase is None and f.decrease is None for f in flips.flips)


@pytest.mark.parametrize("method", ["topsis", "wsm"])
def test_stability_is_seeded_and_consistent(method):
    a = calc_rank_stability(method, X, W, TYPES, n_samples=300, spread=0.3, seed=11)
    b = calc_rank_stability(method, X, W, TYPES, n_samples=300, spread=0.3, seed=11)
    np.testing.assert_array_equal(a.mean_rank, b.mean_rank)
    assert a.top_frequency.sum() == pytest.approx(1.0)
    assert a.mean_rank.sum() == pytest.approx(X.shape[0] * (X.shape[0] + 1) / 2)
    assert np.all(a.min_rank <= a.mean_rank + 1e-12)
    assert np.all(a.mean_rank <= a.max_rank + 1e-12)
    assert a.top_stability == a.top_frequency[a.baseline_top]
    base = score_alternatives(method, X, W, TYPES)
    assert a.baseline_top == int(base.order[0])


def test_dominating_alternative_is_perfectly_stable():
    x = np.array([[10.0, 1.0], [5.0, 2.0], [4.0, 3.0], [6.0, 2.5]])
    s = calc_rank_stability("wsm", x, [0.5, 0.5], ["benefit", "cost"], n_samples=200)
    assert s.top_stability == 1.0
    assert s.min_rank[0] == s.max_rank[0] == 1


def test_stability_changes_with_the_seed_only_through_sampling():
    a = calc_rank_stability("topsis", X, W, TYPES, n_samples=50, spread=0.9, seed=1)
    b = calc_rank_stability("topsis", X, W, TYPES, n_samples=50, spread=0.9, seed=2)
    assert not np.array_equal(a.mean_rank, b.mean_rank)


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"n_samples": 0}, "n_samples"), ({"spread": 1.5}, "spread")]
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(MCDAInputError, match=message):
        calc_rank_stability("wsm", X, W, TYPES, **kwargs)
