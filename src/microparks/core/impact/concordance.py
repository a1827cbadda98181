"""Concordance of arbitrary industry codes (e.g. GB/T 4754-2017) to an input–output table's sectors.

A concordance is a list of ``(code, sector, share)`` rows. A code maps to one sector with share 1,
or splits across several sectors with shares that sum to 1. Lookup is by longest prefix, which
fits hierarchical classifications: a row for GB/T 4754 division ``13`` covers group ``131`` and
class ``1311`` unless a more specific row exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from microparks.core.impact.iomath import FloatArray
from microparks.core.messages import Message, MessageError, gettext_noop

__all__ = ["Concordance", "ConcordanceError", "calc_sector_totals", "check_concordance"]


class ConcordanceError(MessageError):
    """A concordance is inconsistent, or codes cannot be mapped (translatable)."""


@dataclass(frozen=True)
class Concordance:
    """A validated concordance: for each source code, shares over the table's sectors.

    Attributes
    ----------
    sectors : tuple of str
        The table's sectors, in table order.
    shares : dict of str to tuple of (int, float)
        Source code → (sector index, share) pairs.

    """

    sectors: tuple[str, ...]
    shares: dict[str, tuple[tuple[int, float], ...]]

    def lookup(self, code: str) -> tuple[tuple[int, float], ...] | None:
        """Shares of the longest concordance code that is a prefix of ``code`` (or None)."""
        key = code.strip().upper()
        while key:
            found = self.shares.get(key)
            if found is not None:
                return found
            key = key[:-1]
        return None

    def matrix(self, codes: Sequence[str]) -> tuple[FloatArray, list[str]]:
        """Share matrix ``(len(codes), n_sectors)`` and the codes that could not be mapped."""
        out = np.zeros((len(codes), len(self.sectors)))
        unmapped: list[str] = []
        for row, code in enumerate(codes):
            found = self.lookup(code)
            if found is None:
                unmapped.append(code)
                continue
            for col, share in found:
                out[row, col] += share
        return out, unmapped


def check_concordance(
    rows: Iterable[tuple[str, str, float]], sectors: Sequence[str], *, tolerance: float = 1e-6
) -> Concordance:
    """Validate ``(code, sector, share)`` rows against a table's sectors.

    Parameters
    ----------
    rows : iterable of (str, str, float)
        Source code, table sector, share of the code's activity in that sector.
    sectors : sequence of str
        The table's sector labels.
    tolerance : float
        Allowed deviation of each code's share total from 1.

    Returns
    -------
    Concordance

    Raises
    ------
    ConcordanceError
        Unknown sectors, negative shares, or shares of a code not summing to 1.

    """
    index = {s: i for i, s in enumerate(sectors)}
    acc: dict[str, dict[int, float]] = {}
    problems: list[Message] = []
    for code, sector, share in rows:
        key = str(code).strip().upper()
        if sector not in index:
            problems.append(
                Message(
                    gettext_noop("%(code)s: unknown sector %(sector)s"),
                    {"code": key, "sector": repr(sector)},
                )
            )
            continue
        if not np.isfinite(share) or share < 0:
            problems.append(
                Message(
                    gettext_noop("%(code)s: share %(share)s is not a non-negative number"),
                    {"code": key, "share": share},
                )
            )
            continue
        bucket = acc.setdefault(key, {})
        bucket[index[sector]] = bucket.get(index[sector], 0.0) + float(share)
    for key, parts in acc.items():
        total = sum(parts.values())
        if abs(total - 1.0) > tolerance:
            problems.append(
                Message(
                    gettext_noop("%(code)s: shares sum to %(total)s, not 1"),
                    {"code": key, "total": f"{total:.6g}"},
                )
            )
    if problems:
        raise ConcordanceError(
            gettext_noop("invalid concordance: %(problems)s"), {"problems": tuple(problems[:10])}
        )
    return Concordance(
        sectors=tuple(sectors),
        shares={k: tuple(sorted(v.items())) for k, v in acc.items()},
    )


def calc_sector_totals(
    values: Sequence[float] | FloatArray, codes: Sequence[str], concordance: Concordance
) -> FloatArray:
    """Sum values recorded under source codes into the table's sectors.

    Parameters
    ----------
    values : array_like, shape (k,)
        E.g. tenants' output, one per tenant.
    codes : sequence of str, length k
        Each value's industry code.
    concordance : Concordance
        From :func:`check_concordance`.

    Returns
    -------
    numpy.ndarray, shape (n_sectors,)

    Raises
    ------
    ConcordanceError
        When a code has no concordance row (never silently dropped).

    Examples
    --------
    >>> c = check_concordance([("13", "food", 1.0), ("C", "manuf", 1.0)], ["food", "manuf"])
    >>> calc_sector_totals([5.0, 2.0], ["1311", "C"], c)
    array([5., 2.])

    """
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    if v.size != len(codes):
        raise MessageError(
            gettext_noop("%(size)s values for %(codes)s codes"),
            {"size": v.size, "codes": len(codes)},
        )
    shares, unmapped = concordance.matrix(codes)
    if unmapped:
        raise ConcordanceError(
            gettext_noop("no concordance row for industry code(s): %(codes)s"),
            {"codes": ", ".join(sorted(set(unmapped))[:20])},
        )
    return np.asarray(v @ shares, dtype=np.float64)
