"""A firm's sheet in words: why it has its class, the rules that applied, how to reach the next.

Read from what the result stored when it was computed (how it was graded, the next class and
its total, the items as scored, notes on degenerate groups), so a sheet reads the same later.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from microparks.apps.evaluation.labels import INDICATOR_LABELS, UNIT_LABELS
from microparks.apps.evaluation.models import Result, Veto
from microparks.apps.rules import services as rules
from microparks.core.evaluation import INDICATORS, QUOTA, SMALL_GROUP, THRESHOLDS
from microparks.core.evaluation.advice import indicator_change_for
from microparks.core.evaluation.scoring import ALL_EQUAL, NO_DATA, ONE_FIRM, ZERO_BENCHMARK


def _n(value: float, digits: int = 2) -> str:
    return number_format(round(value, digits), digits, use_l10n=True, force_grouping=True)


def _indicator(code: str) -> str:
    return str(INDICATOR_LABELS.get(code, code))


def _unit(code: str) -> str:
    return str(UNIT_LABELS[INDICATORS[code].unit]) if code in INDICATORS else ""


def grade_reason(result: Result) -> str:
    """Why the firm has its class, in a sentence."""
    if result.evaluation_class == Result.Class.T:
        return _(
            "Not evaluated (class T): a utility, a firm younger than the scheme's minimum age, "
            "or a below-size firm on less land than the scheme's minimum."
        )
    vetoes = Veto.objects.filter(campaign_id=result.campaign_id, enterprise_id=result.enterprise_id)
    if vetoes.exists():
        reasons = "、".join(str(v.get_reason_display()) for v in vetoes)
        return _("Class D directly (veto): %(reasons)s.") % {"reasons": reasons}
    rule = rules.parse(result.rules or result.campaign.rules).classes
    total = _n(result.total or 0.0)
    # results computed before the basis was stored were graded by the scheme's own rule
    basis = result.grade_basis or (THRESHOLDS if rule.method == "thresholds" else QUOTA)
    if basis == QUOTA:
        peers = Result.objects.filter(campaign_id=result.campaign_id).exclude(evaluation_class="T")
        if rule.by_group:
            peers = peers.filter(group=result.group)
        above = peers.filter(total__gt=result.total or 0.0).count()
        return _(
            "Class %(cls)s by rank: a total of %(total)s points, %(rank)d of %(n)d firms "
            "evaluated in the group (A: at most the best %(a)s%%; A and B: at most the best "
            "%(ab)s%%; D: at least the lowest %(d)s%%)."
        ) % {
            "cls": result.evaluation_class,
            "total": total,
            "rank": above + 1,
            "n": peers.count(),
            "a": _n(rule.quota_a * 100, 0),
            "ab": _n((rule.quota_a + rule.quota_b) * 100, 0),
            "d": _n(rule.quota_d * 100, 0),
        }
    bands = rule.thresholds if basis == THRESHOLDS else rule.bands
    points = {
        "cls": result.evaluation_class,
        "total": total,
        "a": _n(bands["A"], 0),
        "b": _n(bands["B"], 0),
        "c": _n(bands["C"], 0),
    }
    if basis == SMALL_GROUP:
        small: dict[str, Any] = next((n for n in result.notes if n.get("code") == SMALL_GROUP), {})
        return _(
            "Class %(cls)s by score bands, not by quota: only %(firms)d firms were evaluated in "
            "the group (a quota needs at least %(minimum)d). A total of %(total)s points; "
            "A from %(a)s, B from %(b)s, C from %(c)s points, D below."
        ) % {**points, "firms": small.get("firms", 0), "minimum": small.get("minimum", 0)}
    return (
        _(
            "Class %(cls)s by score: a total of %(total)s points; A from %(a)s, B from %(b)s, "
            "C from %(c)s points, D below."
        )
        % points
    )


NOTE_TEXTS = {
    ONE_FIRM: gettext_noop(
        "%(indicator)s: only one firm of the group reports it; it scores the item's full weight."
    ),
    ALL_EQUAL: gettext_noop(
        "%(indicator)s: every firm of the group has the same value; "
        "each scores the item's full weight."
    ),
    NO_DATA: gettext_noop(
        "%(indicator)s: no firm of the group reports it; the item scores 0 for all."
    ),
    ZERO_BENCHMARK: gettext_noop("%(indicator)s: the benchmark is 0; the item scores 0 for all."),
    "missing_zero": gettext_noop("%(indicator)s: no figure from the firm; the item scores 0."),
    "missing_average": gettext_noop(
        "%(indicator)s: no figure from the firm; it scores the group's average."
    ),
}


def note_texts(result: Result) -> list[str]:
    """The rules that applied to the firm's items in a degenerate case, one sentence each."""
    out = []
    for note in result.notes:
        code = note.get("code")
        if code == "missing":
            code = f"missing_{note.get('fill', 'zero')}"
        if code in NOTE_TEXTS:
            out.append(_(NOTE_TEXTS[code]) % {"indicator": _indicator(note.get("indicator", ""))})
    return out


def next_class_advice(result: Result, items: list[dict[str, Any]]) -> list[str]:
    """提升方向: for each indicator that alone can lift the firm to the next class, how far.

    ``items`` are the items the result was scored on (indicator, weight, cap). Where no single
    indicator can, one sentence says how many points are missing.
    """
    if not result.next_class or result.next_total is None or result.total is None:
        return []
    points = result.next_total - result.total
    found: list[tuple[float, str]] = []
    for item in items:
        code = item["indicator"]
        bench = result.benchmarks.get(code)
        score = result.item_scores.get(code)
        value = result.indicators.get(code)
        if score is None or bench is None or value is None:
            continue  # no figure from the firm: reporting it comes first
        if isinstance(bench, list):
            if None in bench:
                continue
            change = indicator_change_for(
                points, "minmax", item["weight"], item["cap"], score, low_high=(bench[0], bench[1])
            )
        else:
            change = indicator_change_for(
                points, "ratio", item["weight"], item["cap"], score, benchmark=bench
            )
        if change is None:
            continue
        relative = change / value if value else float("inf")
        text = _("%(indicator)s up by %(change)s %(unit)s would raise the class to %(cls)s.") % {
            "indicator": _indicator(code),
            "change": _n(change),
            "unit": _unit(code),
            "cls": result.next_class,
        }
        found.append((relative, text))
    if not found:
        return [
            _(
                "Class %(cls)s needs %(points)s more points; no single indicator can bring them "
                "alone (see how to improve below)."
            )
            % {"cls": result.next_class, "points": _n(points)}
        ]
    return [text for _relative, text in sorted(found)[:3]]
