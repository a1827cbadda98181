r"""Chain fit: links to the county's leading industries and nearby parks' anchors, missing first.

With the input coefficients :math:`A` of an input–output table and its Leontief inverse
:math:`L = (I - A)^{-1}` (Leontief 1936; Miller & Blair 2009, ch. 2), the total (direct and
indirect) requirement of sector :math:`p`'s output per unit of sector :math:`q`'s final demand,
beyond that unit itself, is :math:`M = L - I`. A concordance maps GB/T 4754 codes to the table's
sectors with shares (rows :math:`s_i`). For candidate :math:`i` and target :math:`t` (a leading
industry or an anchor's industry)

.. math::

    \mathrm{sup}_{it} = s_i^\top M\, s_t \quad (\text{$i$ supplies $t$: forward}), \qquad
    \mathrm{buy}_{it} = s_t^\top M\, s_i \quad (\text{$i$ buys from $t$: backward}),

:math:`\ell_i = \max_t \max(\mathrm{sup}_{it}, \mathrm{buy}_{it})` over targets that are not
the candidate itself (nor nested in it), and the component is

.. math::

    \mathrm{chain}_i = \frac{\ell_i}{\max_k \ell_k} \times
        \begin{cases} 1 & \text{absent locally } (M_{ci} = 0): \text{a missing link} \\
                      \phi & \text{present } (M_{ci} = 1), \ \phi = 0.5 \text{ by default.}
        \end{cases}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from microparks.core.impact import Concordance, calc_L
from microparks.core.targeting.components import Component, related_codes
from microparks.core.targeting.score import ScoreInputError


@dataclass(frozen=True)
class ChainTarget:
    """A leading industry of the county, or the industry of an anchor firm of a nearby park.

    ``where`` names the park (or firm) for anchors; it is quoted in the reasons.
    """

    industry: str
    kind: str  # "leading" or "anchor"
    name: str = ""
    where: str = ""


def _target_label(t: ChainTarget) -> tuple[str, str]:
    name = t.name or t.industry
    if t.kind == "anchor":
        place = f" ({t.where})" if t.where else ""
        return f"{name}, an anchor industry{place}", f"{name}（{t.where or '周边园区'}龙头企业）"
    return f"{name}, a leading industry of the county", f"{name}（本县主导产业）"


def calc_chain_fit(
    industries: Sequence[str],
    present: ArrayLike,
    A: ArrayLike,
    concordance: Concordance,
    targets: Sequence[ChainTarget],
    *,
    present_factor: float = 0.5,
    parents: Mapping[str, str | None] | None = None,
) -> Component:
    """Chain fit of each candidate industry to the leading and anchor industries.

    Parameters
    ----------
    industries : sequence of str
        Candidate GB/T 4754 codes.
    present : array_like of bool
        Whether each candidate is present locally (:math:`M_{ci} = 1`).
    A : array_like, shape (n, n)
        Input coefficients of the table (sellers in rows), sectors as ``concordance.sectors``.
    concordance : microparks.core.impact.Concordance
        GB/T 4754 codes → table sectors.
    targets : sequence of ChainTarget
        Leading industries and anchor industries; empty → the component is NaN.
    present_factor : float, default 0.5
        Factor on a link the county already has.
    parents : mapping, optional
        GB/T 4754 parents (a candidate is never linked to itself or a code nested in it).

    Returns
    -------
    Component
        ``chain_fit`` in [0, 1]; NaN for candidates the concordance does not cover.

    Raises
    ------
    ScoreInputError
        A target industry outside the concordance, a bad ``present_factor`` or shape.

    """
    inds = tuple(str(c) for c in industries)
    pres = np.asarray(present, dtype=bool)
    if pres.shape != (len(inds),):
        raise ScoreInputError("present must have one entry per industry")
    if not 0.0 <= present_factor <= 1.0:
        raise ScoreInputError("present_factor must lie in [0, 1]")
    if not targets:
        blank = ("",) * len(inds)
        return Component("chain_fit", inds, np.full(len(inds), np.nan), blank, blank)
    tree = dict(parents or {})
    s_t, missing = concordance.matrix([t.industry for t in targets])
    if missing:
        raise ScoreInputError(
            f"target industries not in the concordance: {', '.join(sorted(set(missing)))}"
        )
    s_c, unmapped = concordance.matrix(list(inds))
    a = np.asarray(A, dtype=np.float64)
    m = calc_L(a) - np.eye(a.shape[0])
    supply = s_c @ m @ s_t.T  # (candidates, targets): candidate sells to target
    buy = (s_t @ m @ s_c.T).T  # candidate buys from target
    for k, code in enumerate(inds):
        for j, t in enumerate(targets):
            if related_codes(code, t.industry, tree) is not None:
                supply[k, j] = buy[k, j] = 0.0
    strength = np.maximum(supply, buy).max(axis=1)
    top = float(strength.max())
    values = strength / top if top > 0 else np.zeros(len(inds))
    values = np.where(pres, values * present_factor, values)
    skip = set(unmapped)
    values = np.array([np.nan if c in skip else v for c, v in zip(inds, values, strict=True)])
    reasons_en: list[str] = []
    reasons_zh: list[str] = []
    for k, code in enumerate(inds):
        if code in skip or strength[k] <= 0:
            reasons_en.append("" if code in skip else "no supply-chain link to the targets")
            reasons_zh.append("" if code in skip else "与主导产业和龙头企业无产业链关联")
            continue
        en: list[str] = []
        zh: list[str] = []
        for table, verb_en in ((supply, "supplies"), (buy, "buys from")):
            j = int(np.argmax(table[k]))
            if table[k, j] <= 0 or table[k, j] < 0.25 * strength[k]:
                continue
            lab_en, lab_zh = _target_label(targets[j])
            if verb_en == "supplies":
                en.append(f"supplies {lab_en} ({table[k, j]:.3f} per unit)")
                zh.append(f"为{lab_zh}配套供货（每单位 {table[k, j]:.3f}）")
            else:
                en.append(f"buys from {lab_en} ({table[k, j]:.3f} per unit)")
                zh.append(f"采购{lab_zh}的产品（每单位 {table[k, j]:.3f}）")
        if not pres[k]:
            en.insert(0, "a missing link of the chain (absent locally)")
            zh.insert(0, "本县缺失的产业链环节")
        reasons_en.append("; ".join(en))
        reasons_zh.append("；".join(zh))
    return Component("chain_fit", inds, values, tuple(reasons_en), tuple(reasons_zh))
