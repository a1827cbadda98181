"""A score component computed outside :func:`~microparks.core.targeting.score.score_industries`.

Endowment fit, chain fit and national growth each return a :class:`Component`: one value in
[0, 1] per candidate industry (NaN where the component has nothing to say, so the score's
weighted mean skips it) and a plain-language reason per industry in English and Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Component:
    """Values and reasons of one component over the candidate industries.

    Attributes
    ----------
    name : str
        Component name (a key of the weight set).
    industries : tuple of str
        Candidate industries, aligned with ``scores``.
    scores : numpy.ndarray
        In [0, 1]; NaN where not available.
    reasons_en, reasons_zh : tuple of str
        One reason per industry ("" when there is nothing to say).

    """

    name: str
    industries: tuple[str, ...]
    scores: FloatArray
    reasons_en: tuple[str, ...]
    reasons_zh: tuple[str, ...]

    def aligned(self, industries: Sequence[str]) -> Component:
        """The component re-ordered to ``industries`` (NaN and no reason where missing)."""
        pos = {c: k for k, c in enumerate(self.industries)}
        idx = [pos.get(c, -1) for c in industries]
        values = np.array([self.scores[k] if k >= 0 else np.nan for k in idx])
        return Component(
            name=self.name,
            industries=tuple(industries),
            scores=values,
            reasons_en=tuple(self.reasons_en[k] if k >= 0 else "" for k in idx),
            reasons_zh=tuple(self.reasons_zh[k] if k >= 0 else "" for k in idx),
        )


def ancestors(code: str, parents: Mapping[str, str | None]) -> list[str]:
    """``code`` and its GB/T 4754 ancestors, nearest first (digit prefixes where unlisted)."""
    chain = [code]
    while True:
        last = chain[-1]
        parent = parents.get(last)
        if parent is None and last not in parents and last.isdigit() and len(last) > 2:
            parent = last[:-1]
        if parent is None or parent in chain:
            return chain
        chain.append(parent)


def related_codes(code: str, target: str, parents: Mapping[str, str | None]) -> str | None:
    """How ``target`` relates to ``code``: ``"within"`` (code ⊆ target), ``"contains"`` or None."""
    if target in ancestors(code, parents):
        return "within"
    if code in ancestors(target, parents):
        return "contains"
    return None
