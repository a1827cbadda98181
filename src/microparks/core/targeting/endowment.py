r"""Endowment fit: whether an industry uses the county's farm products, crafts, resources, labour.

A shipped, versioned table (``data/endowments_gbt4754.csv``) links each endowment :math:`e`
(茶叶, 竹木, 水果 …) to the GB/T 4754-2017 codes :math:`X` whose class definitions name it as an
input, with a strength :math:`s_{eX}` (1 main input, 0.5 one of several). A county declares its
endowments with an abundance :math:`a_e \in (0, 1]` (1 by default). For candidate industry
:math:`i`,

.. math::

    \mathrm{fit}_i = \max_{e,\,X:\; i \subseteq X \ \vee\ X \subseteq i} a_e\, s_{eX},

i.e. a link counts when the candidate lies within the linked code (class 1530 under a link to
group 153) or contains it (division 15 contains class 1530, so at division or section level the
broader industry inherits its users). Without declared endowments the component is not
available (NaN) and the score is the weighted mean of the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from microparks.core.targeting.components import Component, related_codes
from microparks.core.targeting.score import ScoreInputError


@dataclass(frozen=True)
class EndowmentLink:
    """One row of the endowment table: endowment → GB/T 4754 code that uses it."""

    endowment: str
    name_zh: str
    name_en: str
    industry: str
    strength: float


def check_endowments(
    declared: Mapping[str, float], links: Sequence[EndowmentLink]
) -> dict[str, float]:
    """Validate a county's endowments against the table; Chinese names are accepted as keys.

    Parameters
    ----------
    declared : mapping
        Endowment key (``tea``) or Chinese name (``茶叶``) → abundance in (0, 1].
    links : sequence of EndowmentLink
        The endowment table.

    Returns
    -------
    dict
        Endowment key → abundance.

    Raises
    ------
    ScoreInputError
        Unknown endowments (listing the known ones) or abundance outside (0, 1].

    Examples
    --------
    >>> links = [EndowmentLink("tea", "茶叶", "tea", "1530", 1.0)]
    >>> check_endowments({"茶叶": 0.5}, links)
    {'tea': 0.5}

    """
    alias = {lk.endowment: lk.endowment for lk in links} | {
        lk.name_zh: lk.endowment for lk in links
    }
    out: dict[str, float] = {}
    unknown = []
    for name, value in declared.items():
        key = alias.get(str(name).strip())
        if key is None:
            unknown.append(str(name))
            continue
        a = float(value)
        if not 0.0 < a <= 1.0:
            raise ScoreInputError(f"abundance of endowment {name!r} must lie in (0, 1], not {a}")
        out[key] = max(out.get(key, 0.0), a)
    if unknown:
        known = sorted({f"{lk.endowment} ({lk.name_zh})" for lk in links})
        raise ScoreInputError(
            f"unknown endowment(s): {', '.join(unknown)}; known: {', '.join(known)}"
        )
    return out


def calc_endowment_fit(
    industries: Sequence[str],
    endowments: Mapping[str, float],
    links: Sequence[EndowmentLink],
    *,
    parents: Mapping[str, str | None] | None = None,
    names: Mapping[str, str] | None = None,
) -> Component:
    """Endowment fit of each candidate industry, with the endowments it uses as reasons.

    Parameters
    ----------
    industries : sequence of str
        Candidate GB/T 4754 codes (any level).
    endowments : mapping
        Endowment key → abundance in (0, 1] (from :func:`check_endowments`); empty → NaN.
    links : sequence of EndowmentLink
        The endowment table.
    parents : mapping, optional
        GB/T 4754 parent of each code (digit prefixes are used where unlisted).
    names : mapping, optional
        Code → Chinese name, quoted in the reasons.

    Returns
    -------
    Component
        ``endowment_fit`` in [0, 1].

    Examples
    --------
    >>> links = [EndowmentLink("tea", "茶叶", "tea", "1530", 1.0)]
    >>> c = calc_endowment_fit(["1530", "15", "13"], {"tea": 0.8}, links)
    >>> c.scores.tolist(), c.reasons_en[1]
    ([0.8, 0.8, 0.0], "uses the county's tea (1530)")

    """
    inds = tuple(str(c) for c in industries)
    tree = dict(parents or {})
    label = dict(names or {})
    if not endowments:
        blank = ("",) * len(inds)
        return Component("endowment_fit", inds, np.full(len(inds), np.nan), blank, blank)
    values = np.zeros(len(inds))
    reasons_en: list[str] = []
    reasons_zh: list[str] = []
    for k, code in enumerate(inds):
        used: dict[str, tuple[str, str, list[str]]] = {}
        for lk in links:
            a = endowments.get(lk.endowment)
            if a is None or related_codes(code, lk.industry, tree) is None:
                continue
            values[k] = max(values[k], a * lk.strength)
            entry = used.setdefault(lk.endowment, (lk.name_en, lk.name_zh, []))
            entry[2].append(lk.industry)
        en = [f"uses the county's {n_en} ({', '.join(c)})" for n_en, _, c in used.values()]
        zh = [
            f"利用本县的{n_zh}（{'、'.join(label.get(x, x) for x in c)}）"
            for _, n_zh, c in used.values()
        ]
        reasons_en.append("; ".join(en))
        reasons_zh.append("；".join(zh))
    return Component("endowment_fit", inds, values, tuple(reasons_en), tuple(reasons_zh))
