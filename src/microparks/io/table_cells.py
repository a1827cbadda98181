"""Cells of statistical tables whose columns are data (a sector or a criterion per column).

A county's own columns (地区代码, 产值（万元）…) are read by a vocabulary
(:func:`~microparks.io.county_tables.read_county_table`). Where the columns are data, as in an
input–output table, a census table or an MCDA matrix, each cell is read here: yearbooks' marks
of a missing figure made empty (:func:`blank_missing`), then each number checked
(:func:`number_cell`), every bad cell a :class:`~microparks.io.errors.RowError` naming the row
the user sees, the column, the value and the reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from microparks.core.vocabulary import parse_number
from microparks.io.errors import RowError, gettext_noop

__all__ = [
    "MISSING_MARKERS",
    "blank_missing",
    "number_cell",
    "starts_with_comment",
]

NOT_A_NUMBER = gettext_noop("not a number")
NOT_FINITE = gettext_noop("not a finite number")
NEGATIVE = gettext_noop("impossible value: must be %(bounds)s")

MISSING_MARKERS = frozenset(
    {"na", "n/a", "#n/a", "nan", "null", "-", "--", "—", "——", "…", "...", "/"}
)
"""What statistical tables write in a cell without data (compared case-folded)."""


def blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with cells that mark missing data (NA, —, …) made empty.

    Statistical yearbooks write ``—`` or ``…`` where a county has no figure; such a cell is
    empty, not a number to refuse. (``inf`` and ``1e400`` are not markers: they are refused.)
    """
    return frame.map(lambda c: "" if str(c).strip().casefold() in MISSING_MARKERS else c)


def number_cell(
    row: int,
    column: str,
    text: str,
    errors: list[RowError],
    *,
    low: float | None = None,
    empty: float | None = 0.0,
    parse: Callable[[str], float] | None = None,
) -> float:
    """A cell's number; a problem (not a number, inf/NaN, below ``low``) goes to ``errors``.

    ``empty`` is the value of an empty cell (``None``: an empty cell is a problem too);
    ``parse`` reads forms other than plain numbers (fractions such as ``1/3``). A problem gives
    NaN, never a value.
    """
    text = str(text).strip()
    if not text:
        if empty is None:
            errors.append(RowError(row, column, NOT_A_NUMBER, text))
            return math.nan
        return empty
    value: float | None
    if parse is not None:
        try:
            value = parse(text)
        except (ValueError, ZeroDivisionError):
            value = None
    else:
        parsed = parse_number(text)
        value = parsed[0] if parsed is not None and not parsed[1] else None
    if value is None:
        errors.append(RowError(row, column, NOT_A_NUMBER, text))
        return math.nan
    if not math.isfinite(value):
        errors.append(RowError(row, column, NOT_FINITE, text))
        return math.nan
    if low is not None and value < low:
        errors.append(RowError(row, column, NEGATIVE, text, {"bounds": f"≥ {low:g}"}))
        return math.nan
    return value


def starts_with_comment(path: Path) -> bool:
    """Whether a CSV file opens with a ``#`` line (the shipped tables carry their sources so)."""
    try:
        with path.open("rb") as handle:
            return handle.read(64).lstrip(b"\xef\xbb\xbf").startswith(b"#")
    except OSError:
        return False
