"""Item and total scores of firms under a scheme (ratio-to-benchmark or min–max)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.evaluation.indicators import FloatArray
from microparks.core.evaluation.schemes import Group, Item, Scheme

Benchmarks = Mapping[str, Mapping[str, float]]
"""Benchmark value per group name, then per indicator (units of the indicator)."""


ONE_FIRM = "one_firm"
"""Min–max: one firm of the group has data on the indicator; it scores the item's full weight."""
ALL_EQUAL = "all_equal"
"""Min–max: the firms with data all have the same value (a zero range); all score full weight."""
NO_DATA = "no_data"
"""No firm of the group has data on the indicator: there is no range or mean; each scores 0."""
ZERO_BENCHMARK = "zero_benchmark"
"""Ratio: the benchmark is 0 (nobody yields anything on the indicator); each scores 0."""


class BenchmarkError(ValueError):
    """A ratio scheme lacks a benchmark for a group and indicator in the year."""


@dataclass(frozen=True)
class ScoreResult:
    """Scores of every firm.

    ``item_scores`` holds one array per indicator of the scheme, NaN where the firm is not
    scored on it (another group, or not evaluated). ``total`` is NaN for firms not evaluated.
    ``group`` is the index into ``scheme.groups`` (-1: none). ``benchmarks`` holds the
    benchmarks used (ratio schemes) and ``ranges`` the (min, max) used (min–max schemes), per
    group and indicator; ``benchmark_source`` says where each group's benchmarks came from.
    ``notes`` names, per group and indicator, a degenerate case and the rule that scored it:
    :data:`ONE_FIRM`, :data:`ALL_EQUAL`, :data:`NO_DATA` or :data:`ZERO_BENCHMARK`.
    """

    item_scores: dict[str, FloatArray]
    total: FloatArray
    group: NDArray[np.int64]
    benchmarks: dict[str, dict[str, float]]
    ranges: dict[str, dict[str, tuple[float, float]]]
    benchmark_source: dict[str, str]
    notes: dict[str, dict[str, str]] = field(default_factory=dict)


def assign_groups(scheme: Scheme, above_size: ArrayLike) -> NDArray[np.int64]:
    """Return each firm's group index in ``scheme.groups`` (-1 where no group applies)."""
    above = np.asarray(above_size, dtype=bool)
    out = np.full(above.shape, -1, dtype=np.int64)
    for gi, g in enumerate(scheme.groups):
        if g.applies_to == "all":
            out[:] = gi
        elif g.applies_to == "above_size":
            out[above] = gi
        else:
            out[~above] = gi
    return out


def score_firms(
    scheme: Scheme,
    indicators: Mapping[str, FloatArray],
    group: NDArray[np.int64],
    evaluated: NDArray[np.bool_],
    year: int,
    benchmarks: Benchmarks | None = None,
) -> ScoreResult:
    """Score every evaluated firm under ``scheme``.

    Ratio schemes (Huangyan, Huai'an): ``item = weight × x / benchmark``, capped at the item's
    ``cap`` where the scheme has one. Min–max schemes (Jingde):
    ``item = weight × (20 + 80 × (x − min) / (max − min)) / 100`` with min and max over the
    evaluated firms of the group holding data; when one firm has data or all are equal (a zero
    range), every firm with data is at the maximum. Where no firm of the group has data there is
    no range (and no mean): the item scores 0 for all. Each such case is named in ``notes``.
    A firm without data for an item (NaN indicator) scores 0 on it, or the mean item score of
    its group's firms with data where the item says ``missing: average`` (Huangyan's rule for
    emissions). The total is the sum of the item scores.

    Parameters
    ----------
    scheme
        The scheme.
    indicators
        Indicator arrays keyed by name (from :func:`calc_indicators`).
    group
        Group index per firm (:func:`assign_groups`).
    evaluated
        Mask of firms evaluated (not class T).
    year
        Evaluation year, to pick published benchmarks.
    benchmarks
        Benchmarks that override the scheme's (per group, then indicator).

    Returns
    -------
    ScoreResult
        Item scores, totals, and the benchmarks or ranges used.

    Raises
    ------
    BenchmarkError
        If a ratio scheme has no benchmark for a group and indicator and computes none.

    """
    n = len(group)
    evaluated = np.asarray(evaluated, dtype=bool)
    items: dict[str, FloatArray] = {
        name: np.full(n, np.nan, dtype=np.float64) for name in scheme.indicators
    }
    total = np.full(n, np.nan, dtype=np.float64)
    used: dict[str, dict[str, float]] = {}
    ranges: dict[str, dict[str, tuple[float, float]]] = {}
    sources: dict[str, str] = {}
    notes: dict[str, dict[str, str]] = {}
    for gi, g in enumerate(scheme.groups):
        mask = evaluated & (group == gi)
        if not mask.any():
            continue
        total[mask] = 0.0
        if scheme.method == "ratio":
            bench, sources[g.name] = _benchmarks(scheme, g, year, benchmarks, indicators, mask)
            used[g.name] = bench
        else:
            ranges[g.name] = {}
            sources[g.name] = "minmax"
        for item in g.items:
            x = indicators[item.indicator][mask]
            s, lo_hi = _score_item(scheme, item, x, used.get(g.name))
            if lo_hi is not None:
                ranges[g.name][item.indicator] = lo_hi
            note = _degenerate(scheme, x, used.get(g.name, {}).get(item.indicator))
            if note:
                notes.setdefault(g.name, {})[item.indicator] = note
            items[item.indicator][mask] = s
            total[mask] += s
    return ScoreResult(items, total, group, used, ranges, sources, notes)


def _degenerate(scheme: Scheme, x: FloatArray, benchmark: float | None) -> str:
    """The degenerate case an item's scores fell into over a group's values ``x``, or ""."""
    known = x[~np.isnan(x)]
    if len(known) == 0:
        return NO_DATA
    if scheme.method == "ratio":
        return ZERO_BENCHMARK if benchmark == 0 else ""
    if len(known) == 1:
        return ONE_FIRM
    return ALL_EQUAL if float(np.min(known)) == float(np.max(known)) else ""


def _score_item(
    scheme: Scheme, item: Item, x: FloatArray, bench: Mapping[str, float] | None
) -> tuple[FloatArray, tuple[float, float] | None]:
    """One item's scores over a group's firms, and the (min, max) of a min–max scheme.

    The ratio or min–max score, capped where the item has a cap, missing values filled by
    the item's rule.
    """
    lo_hi: tuple[float, float] | None = None
    if scheme.method == "ratio":
        assert bench is not None  # a ratio scheme sets the group's benchmarks first
        s = _ratio(item, x, bench[item.indicator])
    else:
        s, lo_hi = _minmax(item, x)
    if item.cap is not None:
        s = np.minimum(s, item.cap)
    return _fill_missing(item, s), lo_hi


def _benchmarks(
    scheme: Scheme,
    g: Group,
    year: int,
    override: Benchmarks | None,
    indicators: Mapping[str, FloatArray],
    mask: NDArray[np.bool_],
) -> tuple[dict[str, float], str]:
    rule = scheme.benchmarks
    given = override.get(g.name) if override else None
    table = rule.table.get(year, {}).get(g.name)
    out: dict[str, float] = {}
    origin = set()
    for item in g.items:
        ind = item.indicator
        if given is not None and ind in given:
            out[ind], kind = float(given[ind]), "given"
        elif table is not None and ind in table:
            out[ind], kind = float(table[ind]), f"table {year}"
        elif rule.otherwise == "mean":
            x = indicators[ind][mask]
            mean = float(np.nanmean(x)) if np.any(~np.isnan(x)) else 0.0
            out[ind], kind = rule.multiple * mean, f"{rule.multiple:g} × mean"
        else:
            raise BenchmarkError(f"no benchmark for {g.name}/{ind} in {year}")
        if not np.isfinite(out[ind]) or out[ind] < 0:
            raise BenchmarkError(f"benchmark for {g.name}/{ind} must be ≥ 0, got {out[ind]}")
        origin.add(kind)
    return out, ", ".join(sorted(origin))


def _ratio(item: Item, x: FloatArray, benchmark: float) -> FloatArray:
    if benchmark == 0:  # nobody in the group yields anything on this indicator
        return np.where(np.isnan(x), np.nan, 0.0)
    return item.weight * x / benchmark


def _minmax(item: Item, x: FloatArray) -> tuple[FloatArray, tuple[float, float] | None]:
    if not np.any(~np.isnan(x)):
        return x.copy(), None  # no range over no data: the fill rule scores it
    lo, hi = float(np.nanmin(x)), float(np.nanmax(x))
    r = (x - lo) / (hi - lo) if hi > lo else np.where(np.isnan(x), np.nan, 1.0)
    return item.weight * (20.0 + 80.0 * r) / 100.0, (lo, hi)


def _fill_missing(item: Item, s: FloatArray) -> FloatArray:
    missing = np.isnan(s)
    if not missing.any():
        return s
    fill = 0.0
    if item.missing == "average" and not missing.all():
        fill = float(np.mean(s[~missing]))
    return np.where(missing, fill, s)
