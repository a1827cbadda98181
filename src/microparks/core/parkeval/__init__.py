"""Park performance evaluation (小微企业园绩效评价) and star rating (星级评定), pure.

A city evaluates its micro-parks each year under a rubric (the ``park_rubric`` rules document;
the platform ships the Hangzhou upgraded-park rubric after 《浙江省小微企业园绩效评价试行办法》,
浙中小企业办〔2018〕18号): :func:`score_park` scores one park's components, :func:`grade_parks`
grades the parks A/B/C/D by quota within each park category, :func:`rate_stars` rates stars
under a ``park_stars`` document. The rules each function applies, and the choices made where
the published texts are silent, are in the modules' docstrings (:mod:`.score`, :mod:`.grade`,
:mod:`.stars`) and in ``docs/methods/park-evaluation.md``.
"""

from microparks.core.parkeval.grade import (
    DIRECT_D,
    NOT_EVALUATED,
    QUOTA,
    STARS,
    ParkGrade,
    grade_parks,
    quotas,
)
from microparks.core.parkeval.rubric import (
    CATEGORIES,
    CITY,
    COUNTY,
    GRADES,
    LEVEL_LABELS,
    LEVELS,
    MANUFACTURING,
    MEASURE_LABELS,
    MEASURES,
    PROVINCE,
    SERVICES,
    Band,
    CityAverage,
    Concentration,
    Condition,
    Flag,
    Grading,
    Item,
    ParkInputs,
    Rubric,
    Section,
    StarLevel,
    StarRules,
)
from microparks.core.parkeval.score import ComponentScore, ParkScore, score_park
from microparks.core.parkeval.stars import StarRating, rate_stars

__all__ = [
    "CATEGORIES",
    "CITY",
    "COUNTY",
    "DIRECT_D",
    "GRADES",
    "LEVELS",
    "LEVEL_LABELS",
    "MANUFACTURING",
    "MEASURES",
    "MEASURE_LABELS",
    "NOT_EVALUATED",
    "PROVINCE",
    "QUOTA",
    "SERVICES",
    "STARS",
    "Band",
    "CityAverage",
    "ComponentScore",
    "Concentration",
    "Condition",
    "Flag",
    "Grading",
    "Item",
    "ParkGrade",
    "ParkInputs",
    "ParkScore",
    "Rubric",
    "Section",
    "StarLevel",
    "StarRating",
    "StarRules",
    "grade_parks",
    "quotas",
    "rate_stars",
    "score_park",
]
