"""Long CSV tables ``region,industry,value[,year]``, the score weights and the GB/T 4754 table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


class LongTableError(ValueError):
    """A long table that cannot be used; ``problems`` lists each one (with the CSV line)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:10]) + (" …" if len(problems) > 10 else ""))
        self.problems = problems


def read_long_csv(
    path: str | Path,
    *,
    required: tuple[str, ...] = ("region", "industry", "value"),
    optional: tuple[str, ...] = ("year",),
    numeric: tuple[str, ...] = ("value",),
) -> pd.DataFrame:
    """Read a long CSV; codes stay text (leading zeros kept), values must be numbers ≥ 0.

    Parameters
    ----------
    path : str or pathlib.Path
        UTF-8 CSV with a header row (a byte-order mark is accepted).
    required : tuple of str
        Columns that must be present.
    optional : tuple of str
        Columns kept when present.
    numeric : tuple of str
        Columns holding non-negative numbers; the others are codes (non-empty text).

    Returns
    -------
    pandas.DataFrame
        The required and present optional columns; numeric ones as float, others as str.

    Raises
    ------
    LongTableError
        Missing columns, empty codes, or values that are not non-negative numbers (with the CSV
        line numbers, counting the header as line 1).

    """
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise LongTableError([f"{path}: cannot read the file ({exc})"]) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise LongTableError([f"{path}: missing column(s): {', '.join(missing)}"])
    cols = [*required, *(c for c in optional if c in raw.columns)]
    table = raw[cols].apply(lambda s: s.str.strip())
    problems: list[str] = []
    lines = np.arange(len(table)) + 2
    numbers: dict[str, pd.Series] = {}
    for col in cols:
        if col not in numeric:
            for line in lines[(table[col] == "").to_numpy()][:20]:
                problems.append(f"line {line}: empty {col}")
            continue
        num = pd.to_numeric(table[col], errors="coerce")
        bad = num.isna().to_numpy()
        for line, text in zip(lines[bad][:20], table[col][bad][:20], strict=True):
            problems.append(f"line {line}: {col} {text!r} is not a number")
        for line in lines[(num < 0).to_numpy()][:20]:
            problems.append(f"line {line}: {col} is negative")
        numbers[col] = num.astype(np.float64)
    if problems:
        raise LongTableError(problems)
    out: pd.DataFrame = table.assign(**numbers)
    return out


PACKAGE = Path(__file__).resolve().parents[1]
CLASSIFICATION = PACKAGE / "apps" / "industries" / "data" / "gbt4754_2017.csv"
"""The shipped GB/T 4754-2017 classification (with ``labour_intensity``)."""


def read_classification(path: str | Path = CLASSIFICATION) -> pd.DataFrame:
    """Read the GB/T 4754 classification table (codes as text).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV with ``code, name, level, parent, labour_intensity`` and more.

    Returns
    -------
    pandas.DataFrame
        The table, empty cells as empty strings.

    """
    return pd.read_csv(path, dtype=str, keep_default_na=False)
