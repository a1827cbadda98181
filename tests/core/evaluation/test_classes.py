import numpy as np
import pytest

from microparks.core.evaluation import (
    ClassRule,
    calc_not_evaluated,
    calc_quota_counts,
    grade_firms,
)
from microparks.io.rules import load_shipped

QUOTA = ClassRule()  # A ≤ 20 %, B next 40 %, D ≥ 5 %


def grade(scores, evaluated=None, vetoed=None, rule=QUOTA, group=None):
    n = len(scores)
    ev = np.ones(n, bool) if evaluated is None else np.asarray(evaluated)
    veto = np.zeros(n, bool) if vetoed is None else np.asarray(vetoed)
    return "".join(grade_firms(np.asarray(scores, float), ev, veto, rule, group))


@pytest.mark.parametrize(
    ("n", "counts"),
    [
        (100, (20, 60, 5)),
        (20, (4, 12, 1)),
        (10, (2, 6, 1)),
        (3, (0, 1, 1)),
        (1, (0, 0, 1)),
        (0, (0, 0, 0)),
        (21, (4, 12, 2)),
    ],
)
def test_quota_counts(n, counts):
    assert calc_quota_counts(n, QUOTA) == counts


def test_ten_distinct_scores():
    assert grade(range(10, 0, -1)) == "AABBBBCCCD"


def test_tie_at_a_boundary_goes_to_the_lower_class():
    # Scores 9, 8, 8, ...: the 2nd and 3rd tie across the A boundary (n_A = 2): both B.
    assert grade([9, 8, 8, 7, 6, 5, 4, 3, 2, 1]) == "ABBBBBCCCD"


def test_tie_at_b_boundary_goes_to_c():
    # Ranks 6 and 7 tie across the A+B boundary (n_AB = 6): both C.
    assert grade([10, 9, 8, 7, 6, 5, 5, 3, 2, 1]) == "AABBBCCCCD"


def test_tie_at_d_boundary_goes_to_d():
    # The two lowest tie across the D boundary (n_D = 1): both D, so D ≥ 5 % holds.
    assert grade([10, 9, 8, 7, 6, 5, 4, 3, 1, 1]) == "AABBBBCCDD"


def test_all_tied_firms():
    assert grade([5.0] * 10) == "D" * 10


def test_fewer_than_twenty_firms():
    assert grade([3, 2, 1]) == "BCD"
    assert grade([3]) == "D"
    assert grade([2, 1]) == "BD"


def test_t_firms_are_out_of_the_quota_base():
    # 12 firms, 2 of them T: the base is 10, as in test_ten_distinct_scores.
    scores = [100, 100, *range(10, 0, -1)]
    evaluated = [False, False] + [True] * 10
    assert grade(scores, evaluated) == "TT" + "AABBBBCCCD"


def test_vetoed_firms_are_d_and_fill_the_d_quota():
    # The top scorer is vetoed: D, and it fills n_D = 1, so the lowest scorer is C; the vetoed
    # firm stays in the base (N = 10) but takes no A slot.
    scores = list(range(10, 0, -1))
    vetoed = [True] + [False] * 9
    assert grade(scores, vetoed=vetoed) == "D" + "AABBBBCCC"


def test_veto_ignored_for_t():
    assert grade([5, 4], evaluated=[False, True], vetoed=[True, False]) == "TD"


def test_quota_within_groups():
    scores = [*range(20, 10, -1), *range(10, 0, -1)]
    group = [0] * 10 + [1] * 10
    assert grade(scores, group=group) == "AABBBBCCCD" * 2
    # Not by group: one base of 20 (n_A = 4, n_AB = 12, n_D = 1).
    pooled = ClassRule(by_group=False)
    assert grade(scores, group=group, rule=pooled) == "AAAABBBBBB" + "BBCCCCCCCD"


def test_thresholds():
    rule = ClassRule(method="thresholds", thresholds={"A": 90, "B": 75, "C": 60})
    assert grade([95, 90, 80, 60, 59.9, np.nan], rule=rule) == "AABCDD"
    assert grade([95, 80], vetoed=[True, False], rule=rule) == "DB"


def test_not_evaluated_rules():
    scheme = load_shipped("evaluation", "huaian")  # two years, below-size on at least 3 mu
    mask = calc_not_evaluated(
        scheme,
        2024,
        founded_year=[2023, 2022, np.nan, 2000, 2000],
        is_utility=[False, False, False, True, False],
        above_size=[True, True, True, True, False],
        land_mu=[10, 10, 10, 10, 2.9],
    )
    assert mask.tolist() == [True, False, False, True, True]
