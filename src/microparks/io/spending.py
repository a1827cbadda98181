"""Programme spending files (CSV or Excel): one row per amount, validated cell by cell.

Columns (English key or the Chinese header): ``year`` (年度), ``category`` (类别), ``amount_cny``
(金额), ``source`` (依据) and optionally ``park`` (园区编码, empty for spending on the whole
programme). A category is given by its key (``land_preparation`` …) or its Chinese or English
name. Reading is all-or-nothing: every bad cell is reported as a :class:`~.errors.RowError`
(rows counted as in the spreadsheet, header = row 1) and nothing is returned.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from microparks.core.impact import SPENDING_CATEGORIES
from microparks.io.errors import (
    UNREADABLE_FILE_ERRORS,
    ImportFileError,
    ImportValidationError,
    RowError,
)

__all__ = [
    "CATEGORY_NAMES",
    "SPENDING_COLUMNS",
    "SpendingRow",
    "read_spending",
    "read_spending_upload",
]

SPENDING_COLUMNS = {  # key → Chinese header
    "year": "年度",
    "category": "类别",
    "amount_cny": "金额",
    "park": "园区编码",
    "source": "依据",
}
REQUIRED = ("year", "category", "amount_cny", "source")

CATEGORY_NAMES = {  # key → (English name, Chinese name)
    "land_preparation": ("Land preparation", "土地整理"),
    "renovation": ("Renovation of vacant factories", "闲置厂房改造"),
    "subsidy": ("Subsidies to tenants", "企业补贴"),
    "rent_support": ("Rent support", "租金补助"),
    "services": ("Park services", "园区服务"),
    "other": ("Other", "其他"),
}
_ALIASES = {
    alias.casefold(): key for key, names in CATEGORY_NAMES.items() for alias in (key, *names)
}
if set(CATEGORY_NAMES) != set(SPENDING_CATEGORIES):  # pragma: no cover - a packaging error
    raise RuntimeError("spending categories of io and core differ")


@dataclass(frozen=True)
class SpendingRow:
    """One validated row; ``row`` is its row number in the file (header = 1)."""

    row: int
    year: int
    category: str
    amount_cny: Decimal
    park: str
    source: str


def read_spending(path: str | Path) -> list[SpendingRow]:
    """Read and validate a spending file (``.csv``, ``.xlsx``).

    Parameters
    ----------
    path : str or pathlib.Path
        UTF-8 CSV or an Excel workbook (first sheet), header row of keys or Chinese headers.

    Returns
    -------
    list of SpendingRow

    Raises
    ------
    ImportFileError
        Unreadable file, no rows, or a required column missing.
    ImportValidationError
        Every bad cell, with its row and field; nothing is returned partially.

    """
    p = Path(path)
    with p.open("rb") as handle:
        return _validate(_read(handle, p.suffix), p.name)


def read_spending_upload(data: bytes, filename: str) -> list[SpendingRow]:
    """As :func:`read_spending`, for an uploaded file held in memory."""
    return _validate(_read(io.BytesIO(data), Path(filename).suffix), Path(filename).name)


def _read(handle: BinaryIO, suffix: str) -> pd.DataFrame:
    try:
        if suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(handle, dtype=str, keep_default_na=False, engine="openpyxl")
        if suffix.lower() == ".csv":
            return pd.read_csv(handle, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UNREADABLE_FILE_ERRORS as exc:
        raise ImportFileError(f"cannot read the file ({exc})") from None
    raise ImportFileError(f"unknown file type {suffix!r}: use .csv or .xlsx")


def _validate(raw: pd.DataFrame, source: str) -> list[SpendingRow]:
    headers = {v: k for k, v in SPENDING_COLUMNS.items()}
    raw = raw.rename(columns=lambda c: headers.get(str(c).strip(), str(c).strip()))
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise ImportFileError(f"{source}: missing column(s): {', '.join(missing)}")
    if raw.empty:
        raise ImportFileError(f"{source}: no rows")
    errors: list[RowError] = []
    rows: list[SpendingRow] = []
    for i, rec in enumerate(raw.to_dict(orient="records"), start=2):
        cells = {k: str(rec.get(k, "") or "").strip() for k in SPENDING_COLUMNS}
        if not any(cells.values()):
            continue  # a blank line
        before = len(errors)
        year = _year(cells["year"], i, errors)
        category = _ALIASES.get(cells["category"].casefold())
        if category is None:
            errors.append(RowError(i, "category", "unknown category", cells["category"]))
        amount = _amount(cells["amount_cny"], i, errors)
        if not cells["source"]:
            errors.append(RowError(i, "source", "a source document or note is required"))
        if len(errors) == before and year is not None and category and amount is not None:
            rows.append(SpendingRow(i, year, category, amount, cells["park"], cells["source"]))
    if errors:
        raise ImportValidationError(source, errors)
    if not rows:
        raise ImportFileError(f"{source}: no rows")
    return rows


def _year(text: str, row: int, errors: list[RowError]) -> int | None:
    try:
        year = int(float(text))
    except ValueError:
        errors.append(RowError(row, "year", "not a year", text))
        return None
    if not 1990 <= year <= 2100 or float(text) != year:
        errors.append(RowError(row, "year", "not a plausible year", text))
        return None
    return year


def _amount(text: str, row: int, errors: list[RowError]) -> Decimal | None:
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors.append(RowError(row, "amount_cny", "not a number", text))
        return None
    if not amount.is_finite() or amount < 0:
        errors.append(RowError(row, "amount_cny", "must be a number ≥ 0", text))
        return None
    return amount.quantize(Decimal("0.01"))
