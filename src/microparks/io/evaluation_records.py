"""Annual records for per-mu evaluation from CSV or Excel, validated cell by cell.

A records file has one row per firm and the columns of :data:`COLUMNS` (key in the header row).
Excel files hold them on the sheet ``records`` (the template of
:mod:`microparks.io.evaluation_files` writes that sheet). Reading is all-or-nothing: any bad
cell (negative tax, zero land, text in a number cell, a missing column or sheet) raises
:class:`RecordsFileError` listing every problem with its sheet, row and column, and nothing is
returned. The cell errors and the CSV/Excel readers here are shared by the other evaluation
files (benchmarks, tax-bureau figures).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from openpyxl import load_workbook

from microparks.core.codes import is_credit_code
from microparks.core.evaluation import calc_emissions_t
from microparks.io.errors import UNREADABLE_FILE_ERRORS

SHEET = "records"
MAX_LISTED = 50
Kind = Literal["text", "code", "bool", "number", "positive", "int", "year"]


@dataclass(frozen=True)
class Column:
    """One column of the records file."""

    key: str
    kind: Kind
    required: bool
    label: str
    label_zh: str
    unit: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("credit_code", "code", True, "Unified social credit code", "统一社会信用代码"),
    Column("name", "text", False, "Name", "企业名称"),
    Column("above_size", "bool", True, "Above designated size (1/0)", "是否规上企业 (1/0)"),
    Column("land_m2", "positive", True, "Land area", "用地面积", "m²"),
    Column("tax_cny", "number", True, "Tax paid", "实缴税收", "CNY"),
    Column("value_added_cny", "number", True, "Value added", "工业增加值", "CNY"),
    Column("revenue_cny", "number", True, "Revenue", "营业收入", "CNY"),
    Column("jobs", "int", True, "Average employees", "年平均职工人数", "person"),
    Column("energy_tce", "number", True, "Energy use", "综合能耗", "tce"),
    Column("electricity_kwh", "number", True, "Electricity", "用电量", "kWh"),
    Column("rd_cny", "number", False, "R&D spending", "研发经费支出", "CNY"),
    Column("cod_t", "number", False, "COD", "化学需氧量", "t"),
    Column("ammonia_n_t", "number", False, "Ammonia nitrogen", "氨氮", "t"),
    Column("so2_t", "number", False, "SO₂", "二氧化硫", "t"),
    Column("nox_t", "number", False, "NOx", "氮氧化物", "t"),
    Column("water_t", "number", False, "Water use", "用水量", "t"),
    Column("rent_cny", "number", False, "Yearly rent", "年租金", "CNY"),
    Column("founded_year", "year", False, "Year founded", "成立年份"),
    Column("is_utility", "bool", False, "Utility (1/0)", "是否公用事业企业 (1/0)"),
    Column("vetoed", "bool", False, "Direct D veto (1/0)", "是否一票否决 (1/0)"),
)
"""The columns, in template order."""

_TRUE = {"1", "true", "yes", "y", "是", "t"}
_FALSE = {"0", "false", "no", "n", "否", "f", ""}


@dataclass(frozen=True)
class CellError:
    """One bad cell (or missing column/sheet): ``row`` counts the header as row 1."""

    sheet: str | None
    row: int | None
    column: str | None
    kind: str
    value: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        place = ", ".join(where) or "file"
        value = f" ({self.value!r})" if self.value else ""
        return f"{place}: {_MESSAGES[self.kind]}{value}"


_MESSAGES = {
    "unreadable": "cannot read the file",
    "missing_sheet": "the sheet is missing",
    "missing_column": "the column is missing",
    "empty_file": "no records",
    "required": "a value is required",
    "not_number": "not a number",
    "negative": "must not be negative",
    "not_positive": "must be greater than zero",
    "not_integer": "must be a whole number",
    "not_bool": "must be 1 or 0",
    "bad_code": "not a valid unified social credit code",
    "duplicate": "the same firm appears twice",
    "bad_year": "not a plausible year",
    "bad_indicator": "unknown indicator",
    "no_figures": "give at least one of the columns tax_cny, electricity_kwh",
}


class RecordsFileError(ValueError):
    """A records file with bad cells; ``errors`` lists every one (up to :data:`MAX_LISTED`)."""

    def __init__(self, errors: list[CellError]) -> None:
        self.errors = errors
        text = "; ".join(str(e) for e in errors[:10])
        super().__init__(text + (f" … ({len(errors)} problems)" if len(errors) > 10 else ""))


@dataclass(frozen=True)
class EvaluationRecords:
    """Validated records: firm codes, names and the input arrays of ``evaluate_firms``.

    ``columns`` holds every parsed column of :data:`COLUMNS` as read (NaN where blank);
    ``inputs`` the arrays in the form ``evaluate_firms`` takes.
    """

    credit_codes: tuple[str, ...]
    names: tuple[str, ...]
    inputs: dict[str, NDArray[Any]] = field(repr=False)
    columns: dict[str, NDArray[Any]] = field(repr=False, default_factory=dict)

    def __len__(self) -> int:
        return len(self.credit_codes)


def read_evaluation_records(path: str | Path) -> EvaluationRecords:
    """Read and validate a records file (``.csv``, ``.xlsx``).

    Parameters
    ----------
    path
        CSV (UTF-8, header row of column keys) or Excel workbook with a ``records`` sheet.

    Returns
    -------
    EvaluationRecords
        Codes, names and input arrays in base units; ``emissions_t`` is the total of the four
        main pollutants (NaN where none is reported).

    Raises
    ------
    RecordsFileError
        Listing every bad cell, missing column or missing sheet; nothing is returned partially.

    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheet: str | None = SHEET
        raw = read_excel_text(path)
    else:
        sheet = None
        raw = read_csv_text(path)
    return _validate(raw, sheet)


def read_evaluation_records_upload(data: bytes, filename: str) -> EvaluationRecords:
    """Read and validate an uploaded records file held in memory (web upload).

    Parameters
    ----------
    data
        The file's bytes.
    filename
        Its name as uploaded; the suffix (``.csv``, ``.xlsx``) chooses the format.

    Returns
    -------
    EvaluationRecords
        As :func:`read_evaluation_records`.

    Raises
    ------
    RecordsFileError
        As :func:`read_evaluation_records`.

    """
    if Path(filename).suffix.lower() in (".xlsx", ".xlsm"):
        return _validate(read_excel_text(io.BytesIO(data)), SHEET)
    return _validate(read_csv_text(io.BytesIO(data)), None)


def read_csv_text(path: Path | BinaryIO) -> pd.DataFrame:
    """Read a UTF-8 CSV (BOM allowed) as text cells; unreadable → :class:`RecordsFileError`."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        where = str(path) if isinstance(path, Path) else ""
        raise RecordsFileError([CellError(None, None, None, "unreadable", where)]) from None


def read_excel_text(path: Path | BinaryIO, sheet: str | None = SHEET) -> pd.DataFrame:
    """Read one sheet (``None``: the first) of a workbook as text cells, header in row 1.

    A missing sheet or an unreadable file raises :class:`RecordsFileError`.
    """
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except UNREADABLE_FILE_ERRORS as exc:
        raise RecordsFileError([CellError(None, None, None, "unreadable", str(exc))]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise RecordsFileError([CellError(sheet, None, None, "missing_sheet")])
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        return pd.DataFrame()
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    body = [
        [_cell_text(v) for v in r]
        for r in rows[1:]
        if any(v is not None and str(v).strip() for v in r)
    ]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in body]
    return pd.DataFrame(body, columns=header, dtype=object)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # full precision, not Excel's display
    return str(value)


def _validate(raw: pd.DataFrame, sheet: str | None) -> EvaluationRecords:
    raw.columns = [str(c).strip() for c in raw.columns]
    errors: list[CellError] = [
        CellError(sheet, 1, c.key, "missing_column")
        for c in COLUMNS
        if c.required and c.key not in raw.columns
    ]
    if errors:
        raise RecordsFileError(errors)
    if raw.empty:
        raise RecordsFileError([CellError(sheet, None, None, "empty_file")])
    rows = np.arange(len(raw)) + 2
    values: dict[str, NDArray[Any]] = {}
    for col in COLUMNS:
        text = (
            raw[col.key].astype(str).str.strip()
            if col.key in raw.columns
            else pd.Series([""] * len(raw), dtype=object)
        )
        values[col.key] = parse_column(col, text, rows, sheet, errors)
    codes = values["credit_code"]
    dup = pd.Series(codes).duplicated(keep="first").to_numpy() & (codes != "")
    errors.extend(
        CellError(sheet, int(r), "credit_code", "duplicate", str(c))
        for r, c in zip(rows[dup], codes[dup], strict=True)
    )
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column or ""))
        raise RecordsFileError(errors[:MAX_LISTED])
    inputs: dict[str, NDArray[Any]] = {
        k: values[k]
        for k in (
            "above_size",
            "land_m2",
            "tax_cny",
            "value_added_cny",
            "revenue_cny",
            "jobs",
            "energy_tce",
            "electricity_kwh",
            "water_t",
            "rent_cny",
            "founded_year",
            "is_utility",
            "vetoed",
        )
    }
    inputs["rd_cny"] = np.nan_to_num(values["rd_cny"], nan=0.0)
    inputs["water_t"] = np.nan_to_num(values["water_t"], nan=0.0)
    inputs["rent_cny"] = np.nan_to_num(values["rent_cny"], nan=0.0)
    inputs["emissions_t"] = calc_emissions_t(
        values["cod_t"], values["ammonia_n_t"], values["so2_t"], values["nox_t"]
    )
    return EvaluationRecords(
        credit_codes=tuple(str(c) for c in codes),
        names=tuple(str(n) for n in values["name"]),
        inputs=inputs,
        columns=values,
    )


def parse_column(
    col: Column,
    text: pd.Series,
    rows: NDArray[np.int64],
    sheet: str | None,
    errors: list[CellError],
) -> NDArray[Any]:
    """Parse one column of text cells by its kind; each bad cell is appended to ``errors``.

    Numbers come back as float arrays (NaN where blank), codes upper-cased, flags as booleans.
    """
    empty = (text == "").to_numpy()

    def flag(mask: NDArray[np.bool_], kind: str) -> None:
        errors.extend(
            CellError(sheet, int(r), col.key, kind, str(v))
            for r, v in zip(rows[mask], text.to_numpy()[mask], strict=True)
        )

    if col.required and col.kind != "bool":
        flag(empty, "required")
    if col.kind in ("text", "code"):
        out = text.to_numpy(dtype=object)
        if col.kind == "code":
            out = np.array([t.upper() for t in out], dtype=object)
            bad = np.array([bool(t) and not is_credit_code(t) for t in out], dtype=bool)
            flag(bad, "bad_code")
        return out
    if col.kind == "bool":
        low = text.str.lower()
        bad = ~low.isin(_TRUE | _FALSE).to_numpy()
        flag(bad, "not_bool")
        return low.isin(_TRUE).to_numpy()
    num = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce").to_numpy(
        dtype=np.float64
    )
    flag(~empty & np.isnan(num), "not_number")
    ok = ~np.isnan(num)
    if col.kind == "positive":
        flag(ok & (num <= 0), "not_positive")
    else:
        flag(ok & (num < 0), "negative")
    if col.kind in ("int", "year"):
        flag(ok & (num >= 0) & (num != np.round(num)), "not_integer")
    if col.kind == "year":
        flag(ok & ((num < 1900) | (num > 2100)), "bad_year")
    return num
