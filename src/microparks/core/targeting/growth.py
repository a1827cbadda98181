r"""National growth: how fast an industry grew nationally between two censuses.

From the shift-share decomposition (Dunn 1960) of the nation's employment between the start
and end periods (industry lists brought together by a correspondence table), each industry's
national growth :math:`g_i = E^1_i / E^0_i - 1` is compared with total growth :math:`G`: the
industry-mix rate :math:`g_i - G` is positive for industries that outgrew the economy. The
component is that rate min–max scaled over the industries,

.. math::

    \mathrm{growth}_i = \frac{(g_i - G) - \min_k (g_k - G)}{\max_k (g_k - G) - \min_k (g_k - G)},

and a candidate below the level of the census table (a division or class under a section)
takes the value of its nearest ancestor in the table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from microparks.core.targeting.components import Component, ancestors
from microparks.core.targeting.shiftshare import calc_shift_share, map_industries


def calc_national_growth(
    start: pd.DataFrame,
    end: pd.DataFrame,
    *,
    mapping: pd.DataFrame | None = None,
    years: tuple[int | str, int | str] = ("start", "end"),
) -> Component:
    """National industry growth between two periods as a score component.

    Parameters
    ----------
    start, end : pandas.DataFrame
        Long tables ``region, industry, value`` covering the nation (summed over regions).
    mapping : pandas.DataFrame, optional
        Correspondence ``source, target[, weight]`` from the start period's codes to the end's.
    years : tuple, default ("start", "end")
        Labels of the two periods, quoted in the reasons.

    Returns
    -------
    Component
        ``national_growth`` over the end period's industries, NaN where the industry was
        absent at the start.

    Examples
    --------
    >>> s = pd.DataFrame({"region": "a", "industry": ["A", "C"], "value": [100.0, 100.0]})
    >>> e = pd.DataFrame({"region": "a", "industry": ["A", "C"], "value": [80.0, 140.0]})
    >>> c = calc_national_growth(s, e, years=(2010, 2020))
    >>> c.scores.tolist(), c.reasons_en[1]
    ([0.0, 1.0], 'national employment grew 40% in 2010–2020 (all industries: 10%)')

    """
    s = start[["region", "industry", "value"]].astype({"industry": str})
    e = end[["region", "industry", "value"]].astype({"industry": str})
    if mapping is not None:
        s = map_industries(s, mapping)
    inds = sorted(set(s["industry"]) | set(e["industry"]))
    n0 = s.groupby("industry")["value"].sum().reindex(inds, fill_value=0.0).to_numpy(float)
    n1 = e.groupby("industry")["value"].sum().reindex(inds, fill_value=0.0).to_numpy(float)
    ss = calc_shift_share(n0, n1, n0, n1, industries=inds)
    mix = ss.industry_growth - ss.national_growth
    finite = np.isfinite(mix)
    values = np.full(len(inds), np.nan)
    if finite.any():
        lo, hi = float(mix[finite].min()), float(mix[finite].max())
        values[finite] = (mix[finite] - lo) / (hi - lo) if hi > lo else 1.0
    y0, y1 = years
    big = ss.national_growth
    en, zh = [], []
    for g in ss.industry_growth:
        if not np.isfinite(g):
            en.append("")
            zh.append("")
            continue
        verb_en, verb_zh = ("grew", "增长") if g >= 0 else ("fell", "下降")
        en.append(
            f"national employment {verb_en} {abs(g):.0%} in {y0}–{y1} (all industries: {big:.0%})"
        )
        zh.append(f"{y0}—{y1}年全国该行业就业{verb_zh}{abs(g):.0%}（全部行业：{big:.0%}）")
    return Component("national_growth", tuple(inds), values, tuple(en), tuple(zh))


def spread_to(
    component: Component,
    industries: Sequence[str],
    parents: Mapping[str, str | None] | None = None,
) -> Component:
    """The component for ``industries``, each taking its nearest ancestor's value and reason.

    Parameters
    ----------
    component : Component
        E.g. national growth by section.
    industries : sequence of str
        Candidates (any level).
    parents : mapping, optional
        GB/T 4754 parents; divisions need their section here (``"13": "C"``).

    Returns
    -------
    Component
        Aligned with ``industries``; NaN where no ancestor is in ``component``.

    """
    tree = dict(parents or {})
    pos = {c: k for k, c in enumerate(component.industries)}
    picks = []
    for code in industries:
        hit = next((pos[a] for a in ancestors(str(code), tree) if a in pos), -1)
        picks.append(hit)
    return Component(
        name=component.name,
        industries=tuple(str(c) for c in industries),
        scores=np.array([component.scores[k] if k >= 0 else np.nan for k in picks]),
        reasons_en=tuple(component.reasons_en[k] if k >= 0 else "" for k in picks),
        reasons_zh=tuple(component.reasons_zh[k] if k >= 0 else "" for k in picks),
    )
