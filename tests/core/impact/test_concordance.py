from __future__ import annotations

import numpy as np
import pytest

from microparks.core.impact import ConcordanceError, calc_sector_totals, check_concordance

SECTORS = ["agri", "food", "textiles", "other"]
ROWS = [
    ("A", "agri", 1.0),
    ("13", "food", 1.0),  # GB/T 4754-2017 division 13: agri-food processing
    ("1311", "food", 0.5),  # class 1311 (grain milling) split on purpose
    ("1311", "agri", 0.5),
    ("17", "textiles", 1.0),
    ("C", "other", 1.0),
]


def test_longest_prefix_and_split_shares() -> None:
    c = check_concordance(ROWS, SECTORS)
    totals = calc_sector_totals([10.0, 4.0, 6.0, 1.0], ["1320", "1311", "1711", "c"], c)
    np.testing.assert_allclose(totals, [2.0, 12.0, 6.0, 1.0])
    assert c.lookup("13") == ((1, 1.0),)


def test_unmapped_codes_are_reported_not_dropped() -> None:
    c = check_concordance(ROWS, SECTORS)
    with pytest.raises(ConcordanceError, match="3911"):
        calc_sector_totals([1.0, 2.0], ["13", "3911"], c)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("13", "food", 0.6)], "sum to 0.6"),
        ([("13", "nowhere", 1.0)], "unknown sector"),
        ([("13", "food", -1.0), ("13", "agri", 2.0)], "non-negative"),
    ],
)
def test_invalid_concordance(rows: list[tuple[str, str, float]], message: str) -> None:
    with pytest.raises(ConcordanceError, match=message):
        check_concordance(rows, SECTORS)
