"""Twenty parks scored and graded under the shipped Hangzhou rubric, every figure worked by hand.

The rubric (``io/rules/shipped/park_rubric/hangzhou.yaml``) as the comments use it:

* C concentration: min(tax share, firm share); over 50 %, 10 points per *full* 10 points above
  (0.55 → 0, 0.60 → 10, 0.69 → 10, 0.75 → 20);
* E cultivation: above-size 1, new 2, left −1, champion 4, listed 3, little giant 2, hidden
  champion 1, specialised 0.5 (each); T technology: R&D national 3, provincial 2, city 1,
  platform 2, talent 3 / 2 / 1.5 / 1; V service, reviewer scores capped at 5 5 5 3 3 3;
* B benefit: per-mu tax and per-mu output ÷ the city average of the category, bands from
  1.5× 2, 2× 4, 2.5× 6, 3× 8, 3.5× 10 (lower bound inclusive), plus 5 for multi-storey;
* S safety −2 an incident, major accident → direct D; O other −2 a missed report, −6 a negative
  media report, falsified data → direct D; basic conditions land ≥ 20 mu, floor ≥ 10,000 m²,
  firms ≥ 10 and three confirmations, else direct D;
* grading per category: 4-5 stars A outside the quota; N ranked parks (direct D among them):
  A ≤ ⌊0.2 N⌋, B ≤ ⌊0.3 N⌋, D ≥ ⌈0.05 N⌉; ties share a grade; first 3 years not evaluated.

City averages (CNY per mu): manufacturing tax 50,000, output 1,000,000; producer services tax
100,000, output 2,000,000. Manufacturing parks have 40 mu and services parks 20 mu, so in both
a tax of r × 2,000,000 CNY and an output of r × 40,000,000 CNY are r times the average.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from microparks.core.parkeval import (
    DIRECT_D,
    MANUFACTURING,
    NOT_EVALUATED,
    QUOTA,
    SERVICES,
    STARS,
    CityAverage,
    ParkInputs,
    Rubric,
    StarRules,
    grade_parks,
    rate_stars,
    score_park,
)
from microparks.io.rules import load_shipped

RUBRIC: Rubric = load_shipped("park_rubric", "hangzhou")
STAR_RULES: StarRules = load_shipped("park_stars", "sample")
AVERAGES = {
    MANUFACTURING: CityAverage(Decimal(50_000), Decimal(1_000_000)),
    SERVICES: CityAverage(Decimal(100_000), Decimal(2_000_000)),
}
CONFIRMED = frozenset({"management_body", "shared_facilities", "safety_system"})
D = Decimal


def park(name: str, **given: Any) -> ParkInputs:
    """A park of 2025 meeting the basic conditions, with shares of 50 % and no figures."""
    category = given.pop("category", MANUFACTURING)
    shares = given.pop("shares", (D("0.5"), D("0.5")))
    values: dict[str, Any] = {
        "park": name,
        "category": category,
        "year": 2025,
        "opened_year": 2015,
        "land_mu": D(40) if category == MANUFACTURING else D(20),
        "tax_cny": D(0),
        "output_cny": D(0),
        "leading_tax_share": D(shares[0]),
        "leading_firm_share": D(shares[1]),
        "figures": {"floor_area_m2": D(20_000), "firms": D(30)},
        "confirmed": CONFIRMED,
    }
    values.update(given)
    return ParkInputs(**values)


def n(**counts: float) -> dict[str, Decimal]:
    return {k: D(str(v)) for k, v in counts.items()}


ALL_SERVICE = n(service_station=5, one_stop=5, park_brain=5, service_events=3, personalised=3,
                cooperation=3)  # fmt: skip

PARKS = [
    # M1: C min(.72, .65) = .65 → 1 step → 10; E 8×1 + 2×2 − 1 + 2 + 3×0.5 = 14.5;
    # T 2 + 2 + 2×1.5 = 7; V 5+4+3.5+3+2+3 = 20.5; B tax 6,000,000 = 3.0× → 8, output
    # 100,000,000 = 2.5× → 6, multi-storey 5 → 19. Total 71.
    park("M1", shares=("0.72", "0.65"), tax_cny=D(6_000_000), output_cny=D(100_000_000),
         multi_storey=True,
         counts=n(above_size=8, new_above_size=2, left_above_size=1, little_giant=1,
                  specialised=3, rd_provincial=1, platform=1, talent_city=2),
         reviewer_scores=n(service_station=5, one_stop=4, park_brain=3.5, service_events=3,
                           personalised=2, cooperation=3)),
    # M2, 4 stars: C .5 not over 50 % → 0; E 2; V 2; B 0.8× and 0.9× → 0. Total 4, yet A.
    park("M2", stars=4, shares=("0.5", "0.9"), tax_cny=D(1_600_000), output_cny=D(36_000_000),
         counts=n(above_size=2), reviewer_scores=n(service_station=2)),
    # M3: C .8 → 3 steps → 30; E 5 + 4 = 9; T 3; V 24 (all at the most); B tax 3.5× → 10,
    # output exactly 2.0× → 4 (lower bound inclusive) → 14; S −2; O −2. Total 76.
    park("M3", shares=("0.8", "0.85"), tax_cny=D(7_000_000), output_cny=D(80_000_000),
         counts=n(above_size=5, champion=1, rd_national=1, safety_incident=1, missed_report=1),
         reviewer_scores=ALL_SERVICE,
         figures=n(floor_area_m2=30_000, firms=55, above_size_firms=16, occupancy_pct=95)),
    # M4: C min(.69, .95) = .69 → still 1 step → 10; E 20 + 5×2 − 2 = 28; T 2×2 + 1 + 2 = 7;
    # V 5 + 5 + park brain 7 given, counts 5 → 15; B tax 5,960,000 = 2.98× → 6, output
    # 59,600,000 = 1.49× → 0, multi-storey 5 → 11. Total 71: tied with M1.
    park("M4", shares=("0.69", "0.95"), tax_cny=D(5_960_000), output_cny=D(59_600_000),
         multi_storey=True,
         counts=n(above_size=20, new_above_size=5, left_above_size=2, talent_provincial=2,
                  talent_county=1, platform=1),
         reviewer_scores=n(service_station=5, one_stop=5, park_brain=7)),
    # M5: C exactly .60 → 1 step → 10; E 10; V 5 + 3 = 8; B tax 2.5× → 6, output 1.5× → 2 → 8.
    # Total 36.
    park("M5", shares=("0.6", "0.6"), tax_cny=D(5_000_000), output_cny=D(60_000_000),
         counts=n(above_size=10), reviewer_scores=n(service_station=5, service_events=3)),
    # M6: C .55: over 50 % but no full step → 0; E 12; V 5; B tax 2.0× → 4, output 1.0× → 0.
    # Total 21.
    park("M6", shares=("0.55", "0.7"), tax_cny=D(4_000_000), output_cny=D(40_000_000),
         counts=n(above_size=12), reviewer_scores=n(one_stop=5)),
    # M7: C .75 → 2 steps → 20; E 3; O −6 − 2×2 = −10. Total 13.
    park("M7", shares=("0.75", "0.75"),
         counts=n(above_size=3, negative_media=1, missed_report=2)),
    # M8, opened 2022 (year 4: evaluated): E 1 − 3 = −2; S −2×2 = −4. Total −6.
    park("M8", opened_year=2022, counts=n(above_size=1, left_above_size=3, safety_incident=2)),
    # M9: 8 firms < 10: direct D, though C .9 → 4 steps → 40 (total 40).
    park("M9", shares=("0.9", "0.9"), figures=n(floor_area_m2=20_000, firms=8)),
    # M10, 5 stars, a major accident: direct D (the accident outweighs the stars). B tax 4×
    # → 10, output 4× → 10. Total 20.
    park("M10", stars=5, tax_cny=D(8_000_000), output_cny=D(160_000_000),
         events=frozenset({"major_accident"})),
    # M11: falsified data: direct D. Total 0.
    park("M11", events=frozenset({"falsified_data"})),
    # M12, opened 2023: 2025 is its third year → not evaluated.
    park("M12", opened_year=2023, shares=("1", "1")),
    # S1: C min(.9, 1) → 4 steps → 40; B tax 3.0× → 8, output 139,600,000 = 3.49× → 8.
    # Total 56.
    park("S1", category=SERVICES, shares=("0.9", "1"), tax_cny=D(6_000_000),
         output_cny=D(139_600_000)),
    # S2: C .7 → 2 steps → 20; V park brain 4.5. Total 24.5.
    park("S2", category=SERVICES, shares=("0.7", "0.8"), reviewer_scores=n(park_brain=4.5)),
    # S3: E 4; T 2 × 1 = 2. Total 6.
    park("S3", category=SERVICES, counts=n(above_size=4, rd_city=2)),
    # S4: C .65 → 1 step → 10. Total 10.
    park("S4", category=SERVICES, shares=("0.65", "0.65")),
    # S5: E 2. Total 2.     S6: T 2 × 1 = 2. Total 2: tied with S5 at the bottom.
    park("S5", category=SERVICES, counts=n(above_size=2)),
    park("S6", category=SERVICES, counts=n(talent_county=2)),
    # S7, opened 2024, 4 stars: not evaluated (the first years come before the stars).
    park("S7", category=SERVICES, opened_year=2024, stars=4),
    # S8, 5 stars: E 1. Total 1, A outside the quota.
    park("S8", category=SERVICES, stars=5, counts=n(above_size=1)),
]  # fmt: skip

# component points: concentration, cultivation, technology, service, benefit, safety, other
COMPONENTS: dict[str, tuple[int | Decimal, ...]] = {
    "M1": (10, D("14.5"), 7, D("20.5"), 19, 0, 0),
    "M2": (0, 2, 0, 2, 0, 0, 0),
    "M3": (30, 9, 3, 24, 14, -2, -2),
    "M4": (10, 28, 7, 15, 11, 0, 0),
    "M5": (10, 10, 0, 8, 8, 0, 0),
    "M6": (0, 12, 0, 5, 4, 0, 0),
    "M7": (20, 3, 0, 0, 0, 0, -10),
    "M8": (0, -2, 0, 0, 0, -4, 0),
    "M9": (40, 0, 0, 0, 0, 0, 0),
    "M10": (0, 0, 0, 0, 20, 0, 0),
    "M11": (0, 0, 0, 0, 0, 0, 0),
    "S1": (40, 0, 0, 0, 16, 0, 0),
    "S2": (20, 0, 0, D("4.5"), 0, 0, 0),
    "S3": (0, 4, 2, 0, 0, 0, 0),
    "S4": (10, 0, 0, 0, 0, 0, 0),
    "S5": (0, 2, 0, 0, 0, 0, 0),
    "S6": (0, 0, 2, 0, 0, 0, 0),
    "S8": (0, 1, 0, 0, 0, 0, 0),
}
# Manufacturing: ranked M3 76, M1 71, M4 71, M5 36, M6 21, M7 13, M8 −6 and direct D M9, M10,
# M11: N = 10, A ≤ 2, B ≤ 3, D ≥ 1. M3 A; M1 and M4 would make 3 A → both B; M5 B (3); M6,
# M7, M8 C; the three direct D fill the D quota. M2 A by stars, M12 not evaluated.
# Services: ranked S1 56, S2 24.5, S4 10, S3 6, S5 2, S6 2: N = 6, A ≤ 1, B ≤ 1, D ≥ 1.
# S1 A, S2 B, S4 and S3 C, S5 and S6 tied at the floor: both D. S8 A by stars, S7 none.
# (S1 at 56 is A while M1 at 71 is B: each category in its own table.)
GRADES = {
    "M1": ("B", QUOTA, 2), "M2": ("A", STARS, None), "M3": ("A", QUOTA, 1),
    "M4": ("B", QUOTA, 2), "M5": ("B", QUOTA, 4), "M6": ("C", QUOTA, 5),
    "M7": ("C", QUOTA, 6), "M8": ("C", QUOTA, 7), "M9": ("D", DIRECT_D, None),
    "M10": ("D", DIRECT_D, None), "M11": ("D", DIRECT_D, None),
    "M12": (None, NOT_EVALUATED, None),
    "S1": ("A", QUOTA, 1), "S2": ("B", QUOTA, 2), "S3": ("C", QUOTA, 4),
    "S4": ("C", QUOTA, 3), "S5": ("D", QUOTA, 5), "S6": ("D", QUOTA, 5),
    "S7": (None, NOT_EVALUATED, None), "S8": ("A", STARS, None),
}  # fmt: skip
SCORES = {p.park: score_park(p, RUBRIC, AVERAGES) for p in PARKS}


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_each_component_and_the_total_as_worked_by_hand(name: str) -> None:
    score = SCORES[name]
    assert score.evaluated
    points = tuple(c.points for c in score.components)
    assert points == tuple(D(p) for p in COMPONENTS[name])
    assert score.total == sum(points)
    keys = [c.key for c in score.components]
    assert keys == ["concentration", "cultivation", "technology", "service", "benefit",
                    "safety", "other"]  # fmt: skip


def test_the_totals() -> None:
    totals = {k: s.total for k, s in SCORES.items() if s.evaluated}
    assert totals == {
        "M1": 71, "M2": 4, "M3": 76, "M4": 71, "M5": 36, "M6": 21, "M7": 13, "M8": -6,
        "M9": 40, "M10": 20, "M11": 0, "S1": 56, "S2": D("24.5"), "S3": 6, "S4": 10,
        "S5": 2, "S6": 2, "S8": 1,
    }  # fmt: skip


def test_the_grades_ranks_and_bases() -> None:
    grades = grade_parks(list(SCORES.values()), RUBRIC)
    assert [g.park for g in grades] == [p.park for p in PARKS]  # in the order given
    assert {g.park: (g.grade, g.basis, g.rank) for g in grades} == GRADES
    ranked = {g.park: g.ranked for g in grades if g.basis in (QUOTA, DIRECT_D)}
    assert set(ranked.values()) == {10, 6}  # N per table: stars and young parks not counted
    assert str(next(g for g in grades if g.park == "M5").reason) == (
        "Ranked 4 of 10: A at most 2, B at most 3, D at least 1"
    )


def test_direct_d_names_its_reason() -> None:
    assert [str(r) for r in SCORES["M9"].reasons] == ["入园企业不少于 10 家: 8, needs at least 10"]
    assert [str(r) for r in SCORES["M10"].reasons] == ["Direct D: 发生较大及以上生产安全事故"]
    assert [str(r) for r in SCORES["M11"].reasons] == ["Direct D: 报送数据弄虚作假"]
    unconfirmed = score_park(park("X", confirmed=frozenset()), RUBRIC, AVERAGES)
    assert unconfirmed.direct_d
    assert len(unconfirmed.reasons) == 3


def test_young_parks_are_not_scored() -> None:
    for name in ("M12", "S7"):
        score = SCORES[name]
        assert not score.evaluated
        assert score.total == 0
        assert not score.components
    assert str(SCORES["M12"].reasons[0]) == "Opened in 2023: in its first 3 years, not evaluated"


def test_the_lines_say_how_points_came() -> None:
    lines = {c.key: [str(x) for x in c.lines] for c in SCORES["M4"].components}
    assert lines["concentration"][1] == ("69%: 0 for being over 50%, plus 1 full steps of 10% × 10")
    assert "园区大脑（数字化管理）: 7 given, counts 5, the most" in lines["service"]
    assert lines["benefit"][0] == (
        "Tax per mu: 149,000 CNY, 2.98 × the city average of 50,000 CNY: 6 points"
    )
    assert lines["benefit"][2] == "Multi-storey industry: 5 points"
    # 1.4999 × the average is shown cut to 1.49, not rounded up to the 1.5 it did not reach
    just_below = score_park(park("X", output_cny=D(59_996_000)), RUBRIC, AVERAGES)
    benefit = next(c for c in just_below.components if c.key == "benefit")
    assert (benefit.points, str(benefit.lines[1])) == (
        0,
        "Output per mu: 1,499,900 CNY, 1.49 × the city average of 1,000,000 CNY: 0 points",
    )


def test_the_star_ratings_of_the_year() -> None:
    grades = {g.park: g for g in grade_parks(list(SCORES.values()), RUBRIC)}

    def stars(p: ParkInputs) -> tuple[int, str | None, list[str]]:
        rating = rate_stars(p, SCORES[p.park], grades[p.park], STAR_RULES)
        return rating.stars, rating.level, [str(u) for u in rating.unmet]

    by_name = {p.park: p for p in PARKS}
    # M3: 76, A, 55 firms, 16 above size, 95 % occupied: 4 stars; 5 stars need 50 mu (has 40)
    assert stars(by_name["M3"]) == (4, "province", ["Land (mu): 40, needs at least 50"])
    # M1: 71 and B with 30 firms, 8 above size, 88 %: 3 stars (city); 4 stars need A, 40
    # firms, 10 above size, 90 %: every unmet criterion of the next level is listed
    m1 = replace(by_name["M1"], figures=n(floor_area_m2=20_000, firms=30, above_size_firms=8,
                                          occupancy_pct=88))  # fmt: skip
    assert stars(m1) == (3, "city", [
        "Grade B, needs one of A",
        "Firms in the park: 30, needs at least 40",
        "Above-size firms: 8, needs at least 10",
        "Occupancy (%): 88, needs at least 90",
    ])  # fmt: skip
    # M12 is not evaluated: no score, no star
    assert stars(by_name["M12"])[:2] == (0, None)
    # S5: 2 points, below the 30 of one star
    assert stars(by_name["S5"])[2][0] == "Score 2, needs at least 30"


def test_unknown_inputs_and_missing_averages_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown counts"):
        score_park(park("X", counts=n(above_sized=3)), RUBRIC, AVERAGES)
    with pytest.raises(ValueError, match="no city average"):
        score_park(park("X"), RUBRIC, {SERVICES: AVERAGES[SERVICES]})
    with pytest.raises(ValueError, match="not negative"):
        park("X", counts=n(left_above_size=-2))  # a deduction is the rubric's sign, not the count's
