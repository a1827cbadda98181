"""Star rating (星级评定): the most stars whose criteria, and every lower level's, are met.

A level's criteria are thresholds on the year's evaluation (a minimum score, the grades
allowed) and on the park's figures (:data:`~microparks.core.parkeval.rubric.MEASURES`: land,
firms, occupancy …); a figure not reported does not meet its threshold. Levels are cumulative:
a park that misses the 2-star criteria has 1 star at most, whatever it reaches above. A park not
evaluated has no score and no grade, so any level asking for them is not met.

The rating given here is for the coming year: the grading of this year used the stars the
park already held (:attr:`ParkInputs.stars`), so the two do not chase each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from microparks.core.messages import Message, gettext_noop
from microparks.core.parkeval.grade import ParkGrade
from microparks.core.parkeval.rubric import MEASURE_LABELS, ParkInputs, StarLevel, StarRules
from microparks.core.parkeval.score import ParkScore, num

__all__ = ["StarRating", "rate_stars"]


@dataclass(frozen=True)
class StarRating:
    """Stars reached (0: none), the level that awards them, and why the next was not."""

    park: str
    stars: int
    level: str | None
    unmet: tuple[Message, ...] = ()


def _unmet(
    level: StarLevel, inputs: ParkInputs, score: ParkScore, grade: ParkGrade
) -> list[Message]:
    unmet = []
    if level.min_score is not None and (not score.evaluated or score.total < level.min_score):
        template = gettext_noop("Score %(score)s, needs at least %(threshold)s")
        shown = num(score.total) if score.evaluated else "—"
        unmet.append(Message(template, {"score": shown, "threshold": num(level.min_score)}))
    if grade.grade not in level.grades:
        template = gettext_noop("Grade %(grade)s, needs one of %(grades)s")
        allowed = "/".join(sorted(level.grades))
        unmet.append(Message(template, {"grade": grade.grade or "—", "grades": allowed}))
    for measure, minimum in level.minimums:
        value = inputs.measure(measure)
        if value is None or value < minimum:
            template = gettext_noop("%(label)s: %(value)s, needs at least %(threshold)s")
            shown = "—" if value is None else num(value)
            params = {
                "label": Message(MEASURE_LABELS[measure]),
                "value": shown,
                "threshold": num(minimum),
            }
            unmet.append(Message(template, params))
    return unmet


def rate_stars(
    inputs: ParkInputs, score: ParkScore, grade: ParkGrade, rules: StarRules
) -> StarRating:
    """The stars ``inputs``' park reaches with this year's ``score`` and ``grade``.

    >>> from decimal import Decimal as D
    >>> from microparks.core.parkeval.rubric import StarLevel, StarRules
    >>> rules = StarRules((StarLevel(1, "county", D(60)), StarLevel(2, "county", D(70))))
    >>> park = ParkInputs("P", "manufacturing", 2025, 2015, D(30), D(0), D(0), D(0), D(0))
    >>> score = ParkScore("P", "manufacturing", 0, True, False, D(65))
    >>> rate_stars(park, score, ParkGrade("P", "manufacturing", "B", "quota", D(65)), rules).stars
    1
    """
    reached: StarLevel | None = None
    unmet: list[Message] = []
    for level in rules.levels:
        unmet = _unmet(level, inputs, score, grade)
        if unmet:
            break
        reached = level
    if reached is None:
        return StarRating(inputs.park, 0, None, tuple(unmet))
    return StarRating(inputs.park, reached.stars, reached.level, tuple(unmet))
