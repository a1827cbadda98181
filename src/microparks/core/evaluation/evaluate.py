"""One call from firms' yearly inputs to indicators, scores, classes and policy terms."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from microparks.core.evaluation.advice import calc_next_class_targets
from microparks.core.evaluation.classes import (
    SMALL_GROUP,
    calc_grade_basis,
    calc_not_evaluated,
    grade_firms,
)
from microparks.core.evaluation.indicators import (
    INPUTS,
    FloatArray,
    IndicatorInputError,
    calc_indicators,
)
from microparks.core.evaluation.policies import calc_policy_terms
from microparks.core.evaluation.schemes import Scheme
from microparks.core.evaluation.scoring import (
    Benchmarks,
    ScoreResult,
    assign_groups,
    score_firms,
)
from microparks.core.units import M2_PER_MU

FLAGS = ("above_size", "is_utility", "vetoed")
"""Boolean input columns (default False)."""
OPTIONAL = ("founded_year", "water_t", "rent_cny")
"""Optional numeric input columns: founding year (NaN: unknown), water (t), yearly rent (CNY)."""


@dataclass(frozen=True)
class EvaluationResult:
    """Everything an evaluation produced, with its provenance.

    ``indicators`` and ``scores.item_scores`` are keyed by indicator name; ``classes`` holds
    ``A``–``D`` or ``T``; ``terms`` the policy terms (:data:`POLICY_COLUMNS`). ``scheme`` is
    ``name@version``; ``inputs_hash`` the SHA-256 of the inputs. ``basis`` says how each firm
    was graded (:func:`calc_grade_basis`), ``next_class`` and ``next_total`` the class above and
    the total that reaches it (:func:`calc_next_class_targets`), ``notes`` the rules that applied
    to the firm in a degenerate case (:func:`calc_firm_notes`).
    """

    scheme: str
    year: int
    indicators: dict[str, FloatArray]
    scores: ScoreResult
    classes: NDArray[np.str_]
    terms: dict[str, NDArray[Any]]
    evaluated: NDArray[np.bool_]
    inputs_hash: str
    basis: NDArray[np.str_]
    next_class: NDArray[np.str_]
    next_total: FloatArray
    notes: list[list[dict[str, Any]]]

    def to_frame(self, index: ArrayLike | None = None) -> pd.DataFrame:
        """Return one row per firm: indicators, ``score_<item>``, ``total``, ``class``, terms."""
        cols: dict[str, Any] = {}
        for name, values in self.indicators.items():
            cols[name] = values
        for name, values in self.scores.item_scores.items():
            cols[f"score_{name}"] = values
        cols["total"] = self.scores.total
        cols["class"] = self.classes
        cols.update(self.terms)
        return pd.DataFrame(
            cols, index=None if index is None else pd.Index(list(np.asarray(index)))
        )


def evaluate_firms(
    scheme: Scheme,
    inputs: Mapping[str, ArrayLike],
    year: int,
    benchmarks: Benchmarks | None = None,
) -> EvaluationResult:
    """Evaluate firms for one year under ``scheme``.

    Steps: indicators (:func:`calc_indicators`); class T for utilities, young firms and
    below-size firms on too little land (:func:`calc_not_evaluated`); scores
    (:func:`score_firms`); classes with D vetoes (:func:`grade_firms`); policy terms
    (:func:`calc_policy_terms`).

    Parameters
    ----------
    scheme
        The scoring scheme.
    inputs
        Arrays of equal length: :data:`INPUTS` (base units; ``emissions_t`` NaN where
        unreported), flags :data:`FLAGS` and optional :data:`OPTIONAL` columns.
    year
        The evaluation year.
    benchmarks
        Benchmarks per group and indicator that override the scheme's.

    Returns
    -------
    EvaluationResult
        Per-firm results and provenance.

    """
    n = _length(inputs)
    indicators = calc_indicators(inputs, scheme.indicators)
    above = _flag(inputs, "above_size", n)
    not_evaluated = _not_evaluated(scheme, inputs, year, above, n)
    group = assign_groups(scheme, above)
    evaluated = ~not_evaluated & (group >= 0)
    scores = score_firms(scheme, indicators, group, evaluated, year, benchmarks)
    vetoed = _flag(inputs, "vetoed", n)
    classes = grade_firms(scores.total, evaluated, vetoed, scheme.classes, group)
    basis = calc_grade_basis(evaluated, scheme.classes, group)
    next_class, next_total = calc_next_class_targets(
        scores.total, classes, basis, group, vetoed & evaluated, scheme.classes
    )
    return EvaluationResult(
        scheme=scheme.label,
        year=year,
        indicators=indicators,
        scores=scores,
        classes=classes,
        terms=_policy_terms(scheme, inputs, classes, n),
        evaluated=evaluated,
        inputs_hash=calc_inputs_hash(inputs, year, benchmarks),
        basis=basis,
        next_class=next_class,
        next_total=next_total,
        notes=calc_firm_notes(scheme, indicators, scores, basis),
    )


def calc_firm_notes(
    scheme: Scheme,
    indicators: Mapping[str, FloatArray],
    scores: ScoreResult,
    basis: NDArray[np.str_],
) -> list[list[dict[str, Any]]]:
    """Per firm, the rules that scored or graded it outside the ordinary case, as plain data.

    ``{"code": "small_group", "firms": n, "minimum": m}``: its group had n < m evaluated firms,
    graded by score bands; ``{"code": <scoring note>, "indicator": name}``: a degenerate item
    (:data:`~microparks.core.evaluation.scoring.ONE_FIRM` …); ``{"code": "missing", "indicator":
    name, "fill": "zero" | "average"}``: the firm has no figure for a scored indicator.
    """
    small = basis == SMALL_GROUP
    out: list[list[dict[str, Any]]] = []
    for i, gi in enumerate(scores.group):
        notes: list[dict[str, Any]] = []
        if small[i]:
            same = small & (scores.group == gi) if scheme.classes.by_group else small
            firms = int(np.sum(same))
            notes.append(
                {"code": SMALL_GROUP, "firms": firms, "minimum": scheme.classes.min_quota_group}
            )
        if basis[i] and gi >= 0:
            g = scheme.groups[gi]
            degenerate = scores.notes.get(g.name, {})
            for item in g.items:
                if item.indicator in degenerate:
                    notes.append({"code": degenerate[item.indicator], "indicator": item.indicator})
                elif np.isnan(indicators[item.indicator][i]):
                    notes.append(
                        {"code": "missing", "indicator": item.indicator, "fill": item.missing}
                    )
        out.append(notes)
    return out


def _not_evaluated(
    scheme: Scheme,
    inputs: Mapping[str, ArrayLike],
    year: int,
    above: NDArray[np.bool_],
    n: int,
) -> NDArray[np.bool_]:
    """Class T firms: utilities, firms too young, below-size firms on too little land."""
    land_mu = np.asarray(inputs["land_m2"], dtype=np.float64) / M2_PER_MU
    founded = _optional(inputs, "founded_year", n, np.nan)
    return calc_not_evaluated(scheme, year, founded, _flag(inputs, "is_utility", n), above, land_mu)


def _policy_terms(
    scheme: Scheme, inputs: Mapping[str, ArrayLike], classes: NDArray[np.str_], n: int
) -> dict[str, NDArray[Any]]:
    """The scheme's policy terms by class, on the firms' electricity, water and rent."""
    return calc_policy_terms(
        classes,
        scheme.policies,
        np.asarray(inputs["electricity_kwh"], dtype=np.float64)
        if "electricity_kwh" in inputs
        else np.zeros(n),
        _optional(inputs, "water_t", n, 0.0),
        _optional(inputs, "rent_cny", n, 0.0),
    )


def calc_inputs_hash(
    inputs: Mapping[str, ArrayLike], year: int, benchmarks: Benchmarks | None = None
) -> str:
    """Return the SHA-256 (hex) of the input columns, the year and any benchmark override."""
    h = hashlib.sha256(f"year={year};".encode())
    for name in sorted(inputs):
        h.update(name.encode())
        h.update(np.ascontiguousarray(np.asarray(inputs[name], dtype=np.float64)).tobytes())
    if benchmarks:
        for g in sorted(benchmarks):
            for k in sorted(benchmarks[g]):
                h.update(f"{g}/{k}={float(benchmarks[g][k])!r};".encode())
    return h.hexdigest()


def _length(inputs: Mapping[str, ArrayLike]) -> int:
    if "land_m2" not in inputs:
        raise IndicatorInputError("missing input column 'land_m2'")
    n = len(np.asarray(inputs["land_m2"]))
    for name in (*INPUTS, *FLAGS, *OPTIONAL):
        if name in inputs and len(np.asarray(inputs[name])) != n:
            raise IndicatorInputError(f"input column {name!r} differs in length")
    return n


def _flag(inputs: Mapping[str, ArrayLike], name: str, n: int) -> NDArray[np.bool_]:
    if name not in inputs:
        return np.zeros(n, dtype=bool)
    return np.asarray(inputs[name], dtype=bool)


def _optional(inputs: Mapping[str, ArrayLike], name: str, n: int, default: float) -> FloatArray:
    if name not in inputs:
        return np.full(n, default, dtype=np.float64)
    return np.asarray(inputs[name], dtype=np.float64)
