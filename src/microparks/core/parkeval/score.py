"""One park's score under a rubric: each component's points with the lines that explain them.

The rules, as this module reads the rubric (each is a parameter of the document):

* **Not evaluated**: a park in its first ``not_evaluated_years`` years (the opening year is
  year 1; opened 2023, evaluated 2025: year 3, not evaluated). Nothing is scored.
* **Direct D**: a basic condition unmet, or a direct-D flag found (a major accident, falsified
  data). The components are still scored, for the record; the grade is D whatever the total.
* **Industry concentration**: the smaller of the leading industry's tax share and firm share
  counts (both must be over the threshold). At or below the threshold: 0. Over it:
  ``base_points + step_points × ⌊(share − threshold) / step⌋``: only *full* steps count, no
  pro rata — with 50 %, 10 % and 10 points, 59 % gives 0 + 0, 60 % and 69 % give 10, 70 %
  gives 20, 100 % gives 50. Capped at ``max_points`` when the rubric sets one.
* **Counted sections** (cultivation, technology, safety, other): Σ count × points per item
  (deductions negative); **scored sections** (service): Σ reviewer scores, each at most its
  item's points (a higher score counts as the maximum, said in the lines). A section's
  ``max_points`` caps its sum.
* **Benefit output**: per-mu tax and per-mu output (land in mu) each divided by the city
  average of the park's category; each ratio scores the points of the highest band whose lower
  bound it reaches (1.5× ≤ r < 2× → 2 … r ≥ 3.5× → 10); below the first band 0. The two add
  up, plus the multi-storey points.
* The total is the sum of the components; totals are exact decimals (half points exist).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from microparks.core.messages import Message, gettext_noop
from microparks.core.parkeval.rubric import (
    CityAverage,
    Concentration,
    ParkInputs,
    Rubric,
    Section,
)

__all__ = ["ComponentScore", "ParkScore", "score_park"]

ZERO = Decimal(0)
CONCENTRATION, BENEFIT = "concentration", "benefit"
LABELS: Mapping[str, str] = {
    CONCENTRATION: gettext_noop("Industry concentration"),
    BENEFIT: gettext_noop("Benefit output"),
}


@dataclass(frozen=True)
class ComponentScore:
    """A component's points and the lines that explain them."""

    key: str
    label: str
    points: Decimal
    lines: tuple[Message, ...] = ()


@dataclass(frozen=True)
class ParkScore:
    """A park's components and total; ``direct_d`` and its reasons; ``evaluated`` or not."""

    park: str
    category: str
    stars: int
    evaluated: bool
    direct_d: bool
    total: Decimal
    components: tuple[ComponentScore, ...] = ()
    reasons: tuple[Message, ...] = ()
    version: str = ""


def num(value: Decimal) -> str:
    """A decimal as written by hand: 10, 0.5, 1,250 (no trailing zeros)."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def pct(share: Decimal) -> str:
    """A share in percent: 0.65 → 65%."""
    return num(share * 100) + "%"


def _conditions(inputs: ParkInputs, rubric: Rubric) -> list[Message]:
    """A reason for each basic condition not met."""
    unmet = []
    for c in rubric.conditions:
        if c.measure is None:
            if c.key not in inputs.confirmed:
                template = gettext_noop("Basic condition not confirmed by a reviewer: %(label)s")
                unmet.append(Message(template, {"label": c.label}))
            continue
        value, minimum = inputs.measure(c.measure), c.minimum or ZERO
        if value is None:
            template = gettext_noop("Basic condition not reported: %(label)s")
            unmet.append(Message(template, {"label": c.label}))
        elif value < minimum:
            params = {"label": c.label, "value": num(value), "threshold": num(minimum)}
            template = gettext_noop("%(label)s: %(value)s, needs at least %(threshold)s")
            unmet.append(Message(template, params))
    return unmet


def _concentration(inputs: ParkInputs, rule: Concentration) -> ComponentScore:
    share = min(inputs.leading_tax_share, inputs.leading_firm_share)
    lines = [
        Message(
            gettext_noop(
                "Leading industry: tax share %(tax)s, firm share %(firms)s; the smaller counts"
            ),
            {"tax": pct(inputs.leading_tax_share), "firms": pct(inputs.leading_firm_share)},
        )
    ]
    points = ZERO
    if share <= rule.threshold:
        template = gettext_noop("%(share)s is not over %(threshold)s: no points")
        lines.append(Message(template, {"share": pct(share), "threshold": pct(rule.threshold)}))
    else:
        steps = int((share - rule.threshold) // rule.step)
        points = rule.base_points + rule.step_points * steps
        template = gettext_noop(
            "%(share)s: %(base)s for being over %(threshold)s, plus %(steps)s full steps of "
            "%(step)s × %(each)s"
        )
        params = {
            "share": pct(share),
            "threshold": pct(rule.threshold),
            "base": num(rule.base_points),
            "steps": steps,
            "step": pct(rule.step),
            "each": num(rule.step_points),
        }
        lines.append(Message(template, params))
        if rule.max_points is not None and points > rule.max_points:
            points = rule.max_points
            lines.append(_capped(points))
    return ComponentScore(CONCENTRATION, LABELS[CONCENTRATION], points, tuple(lines))


def _capped(points: Decimal) -> Message:
    return Message(gettext_noop("capped at %(max)s points"), {"max": num(points)})


def _section(inputs: ParkInputs, section: Section) -> ComponentScore:
    lines, points = [], ZERO
    for item in section.items:
        if section.scored:
            given = inputs.reviewer_scores.get(item.key, ZERO)
            got = min(given, item.points)
            params = {"label": item.label, "score": num(got), "max": num(item.points)}
            if given > item.points:
                template = gettext_noop("%(label)s: %(given)s given, counts %(max)s, the most")
                params["given"] = num(given)
            else:
                template = gettext_noop("%(label)s: %(score)s of at most %(max)s")
            lines.append(Message(template, params))
        else:
            count = inputs.counts.get(item.key, ZERO)
            got = count * item.points
            if count:
                template = gettext_noop("%(label)s: %(count)s × %(each)s = %(points)s")
                params = {
                    "label": item.label,
                    "count": num(count),
                    "each": num(item.points),
                    "points": num(got),
                }
                lines.append(Message(template, params))
        points += got
    if section.max_points is not None and points > section.max_points:
        points = section.max_points
        lines.append(_capped(points))
    return ComponentScore(section.key, section.label, points, tuple(lines))


def _band(ratio: Decimal, rubric: Rubric) -> Decimal:
    reached = [b.points for b in rubric.bands if ratio >= b.lower]
    return reached[-1] if reached else ZERO


def _benefit(inputs: ParkInputs, rubric: Rubric, average: CityAverage) -> ComponentScore:
    lines, points = [], ZERO
    pairs = (
        (gettext_noop("Tax per mu"), inputs.tax_cny, average.tax_per_mu_cny),
        (gettext_noop("Output per mu"), inputs.output_cny, average.output_per_mu_cny),
    )
    for label, amount, city in pairs:
        per_mu = amount / inputs.land_mu
        ratio = per_mu / city
        got = _band(ratio, rubric)
        template = gettext_noop(
            "%(label)s: %(value)s CNY, %(ratio)s × the city average of %(average)s CNY: "
            "%(points)s points"
        )
        params = {
            "label": Message(label),
            "value": num(per_mu.quantize(Decimal(1))),
            # cut, not rounded: 1.499× shows 1.49, never a band it did not reach
            "ratio": f"{ratio.quantize(Decimal('0.01'), rounding=ROUND_DOWN)}",
            "average": num(city),
            "points": num(got),
        }
        lines.append(Message(template, params))
        points += got
    if inputs.multi_storey and rubric.multi_storey_points:
        points += rubric.multi_storey_points
        template = gettext_noop("Multi-storey industry: %(points)s points")
        lines.append(Message(template, {"points": num(rubric.multi_storey_points)}))
    return ComponentScore(BENEFIT, LABELS[BENEFIT], points, tuple(lines))


def _check_keys(inputs: ParkInputs, rubric: Rubric) -> None:
    """Inputs naming what the rubric does not know are a caller's error, not a zero."""
    counted = {i.key for s in rubric.sections if not s.scored for i in s.items}
    scored = {i.key for s in rubric.sections if s.scored for i in s.items}
    checks = (
        (set(inputs.counts), counted, "counts"),
        (set(inputs.reviewer_scores), scored, "reviewer scores"),
        (set(inputs.events), {f.key for f in rubric.flags}, "events"),
        (set(inputs.confirmed), {c.key for c in rubric.conditions}, "confirmations"),
    )
    for given, known, what in checks:
        if given - known:
            raise ValueError(f"{inputs.park}: unknown {what} {sorted(given - known)}")


def score_park(
    inputs: ParkInputs, rubric: Rubric, city_averages: Mapping[str, CityAverage]
) -> ParkScore:
    """Score one park's year under ``rubric`` (see the module's rules).

    Parameters
    ----------
    inputs
        The park's figures, reviewers' scores and confirmations, and events found.
    rubric
        The parsed ``park_rubric`` document.
    city_averages
        The city's per-mu averages by park category (the park's category must be there).

    Raises
    ------
    ValueError
        If the inputs name items the rubric does not have, or the category has no average.

    """
    _check_keys(inputs, rubric)
    years = rubric.grading.not_evaluated_years
    if inputs.age <= years:
        template = gettext_noop("Opened in %(opened)s: in its first %(years)s years, not evaluated")
        reason = Message(template, {"opened": inputs.opened_year, "years": years})
        return ParkScore(
            inputs.park, inputs.category, inputs.stars, False, False, ZERO, reasons=(reason,)
        )
    if inputs.category not in city_averages:
        raise ValueError(f"no city average for {inputs.category} parks")
    reasons = _conditions(inputs, rubric)
    for flag in rubric.flags:
        if flag.key in inputs.events:
            reasons.append(Message(gettext_noop("Direct D: %(label)s"), {"label": flag.label}))
    components = (
        _concentration(inputs, rubric.concentration),
        *(_section(inputs, s) for s in rubric.sections if s.key not in ("safety", "other")),
        _benefit(inputs, rubric, city_averages[inputs.category]),
        *(_section(inputs, s) for s in rubric.sections if s.key in ("safety", "other")),
    )
    return ParkScore(
        inputs.park,
        inputs.category,
        inputs.stars,
        evaluated=True,
        direct_d=bool(reasons),
        total=sum((c.points for c in components), ZERO),
        components=components,
        reasons=tuple(reasons),
        version=rubric.version,
    )
