r"""Targeting score: which industries a county should attract, with the reasons, in zh and en.

For county :math:`c` and candidate industry :math:`i` the components, each in [0, 1], are

* density :math:`\omega_{ci}` — relatedness to what the county already does (Hidalgo et al.
  2007), from :func:`~microparks.core.targeting.indices.calc_complexity`;
* outlook gain — :math:`COG_{ci}` min–max scaled over the county's candidates (Hausmann et al.
  2014): how much the industry would open up more complex ones;
* labour fit :math:`1 - |L_i - s_c|`, with the GB/T 4754 labour intensity
  :math:`L_i \in \{0, 0.5, 1\}` (low, medium, high) and the county's surplus-labour supply
  :math:`s_c \in [0, 1]`.

and, computed in their own modules and passed in as :class:`~.components.Component`:

* endowment fit — uses the county's farm products, crafts, resources or labour
  (:mod:`~microparks.core.targeting.endowment`);
* chain fit — input–output links to the county's leading industries and to the anchor firms of
  nearby large parks, missing links first (:mod:`~microparks.core.targeting.chain`);
* national growth — the industry-mix rate of the national shift-share between two censuses
  (:mod:`~microparks.core.targeting.growth`).

The score is the weighted mean of the available components (weights are data, YAML), so an
industry without a labour-intensity record, or a county without declared endowments, is scored
on the others, which its reasons say.
Industries covered by an exclusion rule (两高 sectors, negative list) get no score and carry the
rule's reason instead; an industry only partly covered keeps its score and a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from microparks.core.admission import RuleSet
from microparks.core.targeting.components import Component
from microparks.core.targeting.indices import ComplexityResult

COMPONENTS = ("density", "cog", "labour_fit", "endowment_fit", "chain_fit", "national_growth")
EXTERNAL = ("endowment_fit", "chain_fit", "national_growth")
LABOUR_LEVELS = {"low": 0.0, "medium": 0.5, "high": 1.0}
_LEVEL_ZH = {"low": "低", "medium": "中", "high": "高"}
_NAMES = {
    "density": ("relatedness (density)", "关联密度"),
    "cog": ("complexity outlook gain", "复杂度前景增益"),
    "labour_fit": ("labour fit", "劳动力匹配"),
    "endowment_fit": ("endowment fit", "资源禀赋匹配"),
    "chain_fit": ("chain fit", "产业链匹配"),
    "national_growth": ("national growth", "全国行业增长"),
}


class ScoreInputError(ValueError):
    """Weights or inputs of the targeting score that cannot be used."""


@dataclass(frozen=True)
class ScoreWeights:
    """Component weights (non-negative, not all zero) and the version of the weight set.

    ``non_tradable`` lists the GB/T 4754 codes (any level) of the industries kept off the
    target list (:mod:`~microparks.core.targeting.tradable`); empty, none is.
    """

    weights: Mapping[str, float]
    version: str = ""
    non_tradable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    """An exclusion rule: industries (GB/T 4754 codes at any level) and the reason, zh and en.

    ``stage_en``/``stage_zh`` say where the industries are kept out, in the note of an industry
    only partly covered ("part of it is excluded at admission: …").
    """

    rule_id: str
    codes: tuple[str, ...]
    reason_en: str
    reason_zh: str
    stage_en: str = "at admission"
    stage_zh: str = "在准入时被排除"


def exclusions_from_rule_set(rules: RuleSet) -> tuple[Exclusion, ...]:
    """Exclusions from an admission rule set: every 两高 rule, and negative-list rejections.

    Parameters
    ----------
    rules : microparks.core.admission.RuleSet
        The admission rule set (its name and version are quoted in each reason).

    Returns
    -------
    tuple of Exclusion
        One per rule, with the reason in English and Chinese.

    """
    out = [
        Exclusion(
            rule_id=r.id,
            codes=r.codes,
            reason_en=f"a 两高 (high energy use, high emission) sector, {r.name} — {r.note} "
            f"[{rules.name} {rules.version}, {r.id}]",
            reason_zh=f"两高行业（{r.name_zh or r.name}），不予推荐"
            f"［依据准入规则 {rules.name} 第 {rules.version} 版的两高行业清单］",
        )
        for r in rules.two_high
    ]
    out += [
        Exclusion(
            rule_id=r.id,
            codes=r.codes,
            reason_en=f"on the negative list, {r.name} — {r.note} "
            f"[{rules.name} {rules.version}, {r.id}]",
            reason_zh=f"负面清单行业（{r.name_zh or r.name}），不予推荐"
            f"［依据准入规则 {rules.name} 第 {rules.version} 版的负面清单］",
        )
        for r in rules.negative_list
        if r.outcome == "reject"
    ]
    return tuple(out)


def _ancestors(code: str, parents: Mapping[str, str | None]) -> list[str]:
    chain = [code]
    while (parent := parents.get(chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    return chain


def _scaled(x: NDArray[np.float64]) -> NDArray[np.float64]:
    finite = np.isfinite(x)
    if not finite.any():
        return np.full_like(x, np.nan)
    lo, hi = np.min(x[finite]), np.max(x[finite])
    if hi - lo <= 0:
        return np.where(finite, 1.0, np.nan)
    out: NDArray[np.float64] = (x - lo) / (hi - lo)
    return out


def score_industries(
    result: ComplexityResult,
    region: str,
    *,
    weights: ScoreWeights,
    labour_intensity: Mapping[str, str],
    labour_supply: float = 1.0,
    exclusions: tuple[Exclusion, ...] = (),
    parents: Mapping[str, str | None] | None = None,
    extra: tuple[Component, ...] = (),
) -> pd.DataFrame:
    """Rank a county's industries for attraction, each with its components and reasons.

    Parameters
    ----------
    result : ComplexityResult
        Complexity of the year, over all regions (gives density and COG).
    region : str
        The county.
    weights : ScoreWeights
        From a targeting rules document (:func:`microparks.io.rules.weights.parse_targeting`).
    labour_intensity : mapping
        Industry code → ``low``/``medium``/``high`` (GB/T 4754 table).
    labour_supply : float, default 1.0
        The county's surplus-labour supply :math:`s_c` in [0, 1] (1: abundant rural labour).
    exclusions : tuple of Exclusion
        两高 and negative-list rules.
    parents : mapping, optional
        GB/T 4754 parent of each code (sections for divisions); by default digit prefixes.
    extra : tuple of Component
        Endowment fit, chain fit and national growth (any subset); components not given are
        not available (NaN) and drop out of the weighted mean.

    Returns
    -------
    pandas.DataFrame
        One row per industry, best first: ``rank, industry, present, rca`` and one column per
        name in ``COMPONENTS``, then ``score, excluded, reason_en, reason_zh`` (excluded
        industries last, unranked, with the exclusion as the reason).

    Raises
    ------
    ScoreInputError
        Unknown region, labour supply outside [0, 1], or an unknown extra component.

    """
    if not 0.0 <= labour_supply <= 1.0:
        raise ScoreInputError("labour supply must lie in [0, 1]")
    if region not in result.regions:
        raise ScoreInputError(f"region {region!r} is not in the data")
    r = result.regions.index(region)
    inds = list(result.industries)
    tree = dict(parents or {})
    for code in [*inds, *(c for e in exclusions for c in e.codes)]:
        while code not in tree and code.isdigit() and len(code) > 2:  # digits nest by prefix
            tree[code] = code[:-1]
            code = code[:-1]
    present = result.mcp[r] == 1
    comps = {
        "density": result.density[r].astype(float),
        # A present industry opens nothing new: its outlook gain is 0 by definition.
        "cog": np.where(present, 0.0, _scaled(np.where(present, np.nan, result.cog[r]))),
        "labour_fit": np.array(
            [
                1.0 - abs(LABOUR_LEVELS[labour_intensity[c]] - labour_supply)
                if labour_intensity.get(c) in LABOUR_LEVELS
                else np.nan
                for c in inds
            ]
        ),
    }
    given = {c.name: c.aligned(inds) for c in extra}
    unknown = sorted(set(given) - set(EXTERNAL))
    if unknown:
        raise ScoreInputError(f"unknown component(s): {', '.join(unknown)}")
    for name in EXTERNAL:
        comps[name] = given[name].scores if name in given else np.full(len(inds), np.nan)
    w = np.array([weights.weights.get(k, 0.0) for k in COMPONENTS])
    stack = np.vstack([comps[k] for k in COMPONENTS])
    avail = np.isfinite(stack) & (w[:, None] > 0)
    wsum = (w[:, None] * avail).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(wsum > 0, (np.nan_to_num(stack) * w[:, None]).sum(axis=0) / wsum, np.nan)

    rows = []
    for j, code in enumerate(inds):
        lineage = _ancestors(code, tree)
        full = [e for e in exclusions if set(e.codes) & set(lineage)]
        part = [
            e for e in exclusions if e not in full
            and any(code in _ancestors(x, tree) for x in e.codes)
        ]  # fmt: skip
        en, zh = _reasons(j, comps, present[j], labour_intensity.get(code), weights, given)
        for e in part:
            en.append(f"part of it is excluded {e.stage_en}: {e.reason_en}")
            zh.append(f"其中部分行业{e.stage_zh}：{e.reason_zh}")
        if full:
            en = [e.reason_en for e in full]
            zh = [e.reason_zh for e in full]
        rows.append(
            {
                "industry": code,
                "present": bool(present[j]),
                "rca": float(result.rca[r, j]),
                **{k: float(comps[k][j]) for k in COMPONENTS},
                "score": np.nan if full else float(score[j]),
                "excluded": bool(full),
                "reason_en": "; ".join(en),
                "reason_zh": "；".join(zh),
            }
        )
    table = pd.DataFrame(rows)
    table = table.sort_values(
        ["excluded", "score", "industry"], ascending=[True, False, True], na_position="last"
    ).reset_index(drop=True)
    ranked = ~table["excluded"] & table["score"].notna()
    table.insert(0, "rank", pd.Series(np.cumsum(ranked), dtype="Int64").where(ranked))
    return table


def _reasons(
    j: int,
    comps: dict[str, NDArray[np.float64]],
    present: bool,
    intensity: str | None,
    weights: ScoreWeights,
    given: Mapping[str, Component],
) -> tuple[list[str], list[str]]:
    en: list[str] = []
    zh: list[str] = []
    if present:
        en.append("already a specialisation of the county (LQ >= threshold)")
        zh.append("本县已有比较优势（区位商达到阈值）")
    for k in COMPONENTS:
        if weights.weights.get(k, 0.0) <= 0:
            continue
        value = comps[k][j]
        name_en, name_zh = _NAMES[k]
        if not np.isfinite(value):
            if k == "labour_fit":
                en.append("no labour-intensity record: scored without labour fit")
                zh.append("无劳动密集度记录：未计入劳动力匹配")
            continue
        extra_en = extra_zh = ""
        if k == "labour_fit" and intensity:
            extra_en = f" ({intensity} labour intensity)"
            extra_zh = f"（劳动密集度：{_LEVEL_ZH[intensity]}）"
        if k in given and given[k].reasons_en[j]:
            extra_en = f": {given[k].reasons_en[j]}"
            extra_zh = f"：{given[k].reasons_zh[j]}"
        en.append(f"{name_en} {value:.2f}{extra_en}")
        zh.append(f"{name_zh} {value:.2f}{extra_zh}")
    return en, zh
