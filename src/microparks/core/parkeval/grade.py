r"""Grades A/B/C/D from the scores: star parks outside the quota, the rest ranked by quota.

Each park category (manufacturing, producer services) is graded in its own table. In a table:

1. A park **not evaluated** (its first years) has no grade.
2. A **direct-D** park is D, even when it holds stars (an accident or falsified data outweighs
   the rating). It takes the bottom of the ranking and counts towards the D quota.
3. A park holding ``stars_outside_quota`` stars or more (4 or 5) is **A outside the quota**:
   it is not ranked and not counted in ``N``.
4. The other ``N`` parks (the direct-D ones among them) are ranked by total, highest first.
   With ``a_max``, ``b_max``, ``d_min`` as shares: at most ``⌊a_max · N⌋`` are A, at most
   ``⌊b_max · N⌋`` are B (the quotas are ceilings, so rounded down), at least
   ``⌈d_min · N⌉`` are D (a floor, so rounded up); the rest are C.
5. **Ties**: equal totals get the same grade. Going down from the top, a group of equal totals
   is A only if the whole group fits in what is left of the A quota; else it and every lower
   park go on to B, likewise (a tie straddling a ceiling takes the lower grade, so the ceiling
   holds). Then, going up from the bottom, groups not A or B become D until at least the D
   quota is reached, counting the direct-D parks first (a tie straddling the floor is all D,
   so the floor holds). A higher total never has a worse grade.

With ``N = 10``: A ≤ 2, B ≤ 3, D ≥ 1. Totals 90, 80, 80, 70, … : 90 is A; 80, 80 would make
three A, so both are B, and B is then full after one more park (70).

>>> quotas(10, Grading())
(2, 3, 1)
>>> quotas(3, Grading())
(0, 0, 1)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from microparks.core.messages import Message, gettext_noop
from microparks.core.parkeval.rubric import CATEGORIES, Grading, Rubric
from microparks.core.parkeval.score import ParkScore

__all__ = ["DIRECT_D", "NOT_EVALUATED", "QUOTA", "STARS", "ParkGrade", "grade_parks", "quotas"]

STARS, QUOTA, DIRECT_D, NOT_EVALUATED = "stars", "quota", "direct_d", "not_evaluated"
"""How a grade was reached: by stars, by rank within the quotas, directly D, or none."""


@dataclass(frozen=True)
class ParkGrade:
    """A park's grade (``None``: not evaluated), how it was reached, its rank among ``ranked``."""

    park: str
    category: str
    grade: str | None
    basis: str
    total: Decimal
    rank: int | None = None
    ranked: int = 0
    reason: Message | None = None


def quotas(n: int, grading: Grading) -> tuple[int, int, int]:
    """(most A, most B, least D) among ``n`` ranked parks: ⌊a·n⌋, ⌊b·n⌋, ⌈d·n⌉."""
    return (
        math.floor(grading.a_max * n),
        math.floor(grading.b_max * n),
        math.ceil(grading.d_min * n),
    )


def _table(scores: Sequence[ParkScore], grading: Grading) -> list[ParkGrade]:
    out: list[ParkGrade] = []
    ranked: list[ParkScore] = []
    direct: list[ParkScore] = []
    for s in scores:
        if not s.evaluated:
            out.append(ParkGrade(s.park, s.category, None, NOT_EVALUATED, s.total))
        elif s.direct_d:
            direct.append(s)
        elif s.stars >= grading.stars_outside_quota:
            template = gettext_noop("%(stars)s-star park: A outside the quota")
            reason = Message(template, {"stars": s.stars})
            out.append(ParkGrade(s.park, s.category, "A", STARS, s.total, reason=reason))
        else:
            ranked.append(s)
    n = len(ranked) + len(direct)
    most_a, most_b, least_d = quotas(n, grading)
    ranked.sort(key=lambda s: s.total, reverse=True)
    groups = [list(g) for _t, g in groupby(ranked, key=lambda s: s.total)]
    grades: list[str] = []
    count = {"A": 0, "B": 0}
    grade = "A"
    for group in groups:
        while grade in count and count[grade] + len(group) > (most_a if grade == "A" else most_b):
            grade = "B" if grade == "A" else "C"
        if grade in count:
            count[grade] += len(group)
        grades.append(grade)
    d_count = len(direct)
    for i in reversed(range(len(groups))):
        if d_count >= least_d or grades[i] != "C":
            break
        grades[i] = "D"
        d_count += len(groups[i])
    template = gettext_noop(
        "Ranked %(rank)s of %(n)s: A at most %(a)s, B at most %(b)s, D at least %(d)s"
    )
    quota = {"n": n, "a": most_a, "b": most_b, "d": least_d}
    rank = 1
    for group, grade in zip(groups, grades, strict=True):
        for s in group:
            reason = Message(template, {**quota, "rank": rank})
            out.append(ParkGrade(s.park, s.category, grade, QUOTA, s.total, rank, n, reason))
        rank += len(group)
    for s in direct:
        reason = Message(gettext_noop("Direct D: %(reasons)s"), {"reasons": s.reasons})
        out.append(ParkGrade(s.park, s.category, "D", DIRECT_D, s.total, None, n, reason))
    return out


def grade_parks(scores: Sequence[ParkScore], rubric: Rubric) -> list[ParkGrade]:
    """Grade every park, each category in its own table (see the module's rules).

    Returns the grades in the order of ``scores``.

    >>> from decimal import Decimal as D
    >>> from microparks.core.parkeval.rubric import Concentration
    >>> rubric = Rubric((), Concentration(D("0.5"), D("0.1"), D(10)), (), ())
    >>> scores = [ParkScore(f"P{i}", "manufacturing", 0, True, False, D(t))
    ...           for i, t in enumerate((90, 80, 80, 70, 60, 50, 40, 30, 20, 10))]
    >>> "".join(g.grade or "-" for g in grade_parks(scores, rubric))
    'ABBBCCCCCD'
    """
    graded: dict[str, ParkGrade] = {}
    for category in CATEGORIES:
        table = [s for s in scores if s.category == category]
        graded.update((g.park, g) for g in _table(table, rubric.grading))
    if len(graded) != len(scores):
        raise ValueError("park names are unique within the parks graded together")
    return [graded[s.park] for s in scores]
