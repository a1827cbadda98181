from __future__ import annotations

import numpy as np
import pytest

from microparks.core.replicability import calc_hosted_relatedness


def test_by_hand() -> None:
    # LQ ≥ 1 presence: r1 {A, B}, r2 {A, C}, r3 {A, B}, r4 {B, C}; ubiquity A 3, B 3, C 2
    # proximity φ(A,C) = 1/3, φ(B,C) = 1/3, φ(A,B) = 2/3
    counts = [[10, 10, 0], [10, 0, 10], [10, 10, 0], [0, 10, 10]]
    # density of C without C itself: r1 (1/3 + 1/3) / (2/3) = 1; r2 (1/3) / (2/3) = 0.5
    np.testing.assert_allclose(
        calc_hosted_relatedness(counts, ["A", "B", "C"], ["C"]), [1.0, 0.5, 1.0, 0.5]
    )
    # r4 holds B and C: density of A (2/3 + 1/3) / 1 = 1, of C 0.5; "Z" is not in the panel
    both = calc_hosted_relatedness(counts, ["A", "B", "C"], ["A", "C", "Z"])
    assert both[3] == pytest.approx((1 + 0.5) / 2)
    # r2 holds A and C: density of A = φ(A,C) / 1 = 1/3, of C 0.5
    assert both[1] == pytest.approx((1 / 3 + 0.5) / 2)


def test_regions_without_data_and_no_hosted_column() -> None:
    counts = [[10, 10, 0], [0, 0, 0], [10, 0, 10], [np.nan, 1, 1], [0, 10, 10]]
    out = calc_hosted_relatedness(counts, ["A", "B", "C"], ["C"])
    assert np.isnan(out[[1, 3]]).all()
    assert np.isfinite(out[[0, 2, 4]]).all()
    with pytest.raises(ValueError, match="hosted"):
        calc_hosted_relatedness(counts, ["A", "B", "C"], ["13"])
