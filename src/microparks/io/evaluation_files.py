"""The other files of a per-mu evaluation: template, results, benchmarks, bureau figures.

Besides the records file there are the records template to download, the results written out,
benchmarks per group and indicator, and the tax-bureau / power-company files of tax and kWh.

The records file itself (its columns and cell-by-cell validation) lives in
:mod:`microparks.io.evaluation_records`; its errors (:class:`RecordsFileError`, each bad cell a
:class:`CellError`) are the errors of every file here. Reading is all-or-nothing.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from numpy.typing import NDArray
from openpyxl import Workbook

from microparks.core.evaluation import INDICATORS
from microparks.io.evaluation_records import (
    COLUMNS,
    MAX_LISTED,
    SHEET,
    CellError,
    Column,
    RecordsFileError,
    parse_column,
    read_csv_text,
    read_excel_text,
)

COLUMNS_SHEET = "columns"


def write_records_template(
    path: str | Path, rows: Sequence[Mapping[str, Any]] | None = None
) -> Path:
    """Write an Excel template to download, fill in and upload.

    Sheet ``records`` holds the header and ``rows``; sheet ``columns`` describes each column
    (key, English and Chinese label, unit, whether required).

    Parameters
    ----------
    path
        Where to write the ``.xlsx`` file.
    rows
        Records to pre-fill, keyed by column key (e.g. the firms of a campaign).

    Returns
    -------
    pathlib.Path
        The written file.

    """
    out = Path(path)
    _template_book(rows).save(out)
    return out


def _template_book(rows: Sequence[Mapping[str, Any]] | None) -> Workbook:
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = SHEET
    ws.append([c.key for c in COLUMNS])
    for row in rows or []:
        ws.append([row.get(c.key) for c in COLUMNS])
    ws.freeze_panes = "B2"
    info = book.create_sheet(COLUMNS_SHEET)
    info.append(["key", "label", "中文", "unit", "required"])
    for c in COLUMNS:
        info.append([c.key, c.label, c.label_zh, c.unit, "yes" if c.required else "no"])
    return book


def records_template_bytes(rows: Sequence[Mapping[str, Any]] | None = None) -> bytes:
    """Return the Excel template of :func:`write_records_template` as bytes (a download).

    Parameters
    ----------
    rows
        Records to pre-fill, keyed by column key.

    Returns
    -------
    bytes
        The workbook.

    """
    buffer = io.BytesIO()
    _template_book(rows).save(buffer)
    return buffer.getvalue()


def write_evaluation_results(path: str | Path, frame: pd.DataFrame) -> Path:
    """Write per-firm results to ``.csv`` (UTF-8 with BOM, for Excel) or ``.xlsx``.

    Parameters
    ----------
    path
        Output file; the suffix chooses the format.
    frame
        One row per firm.

    Returns
    -------
    pathlib.Path
        The written file.

    """
    out = Path(path)
    if out.suffix.lower() == ".xlsx":
        frame.to_excel(out, index=False, sheet_name="results")
    else:
        frame.to_csv(out, index=False, encoding="utf-8-sig")
    return out


def read_benchmarks(path: str | Path) -> dict[str, dict[str, float]]:
    """Read benchmarks per group and indicator from CSV (``group,indicator,value``) or YAML.

    Parameters
    ----------
    path
        ``.csv`` with columns group, indicator, value; or ``.yaml``/``.yml`` mapping group →
        indicator → value. Values are in the indicators' units (see the methods document).

    Returns
    -------
    dict
        Benchmark per group, then indicator.

    Raises
    ------
    RecordsFileError
        On an unknown indicator or a value that is not a positive number.

    """
    path = Path(path)
    errors: list[CellError] = []
    out: dict[str, dict[str, float]] = {}
    entries: list[tuple[int | None, str, str, str]] = []
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise RecordsFileError([CellError(None, None, None, "unreadable", str(exc))]) from None
        if not isinstance(data, dict):
            raise RecordsFileError([CellError(None, None, None, "unreadable", str(path))])
        for group, values in data.items():
            for ind, value in (values or {}).items():
                entries.append((None, str(group), str(ind), str(value)))
    else:
        raw = read_csv_text(path)
        for c in ("group", "indicator", "value"):
            if c not in raw.columns:
                errors.append(CellError(None, 1, c, "missing_column"))
        if errors:
            raise RecordsFileError(errors)
        for i, r in enumerate(raw.itertuples(index=False), start=2):
            entries.append((i, str(r.group).strip(), str(r.indicator).strip(), str(r.value)))
    for row, group, ind, text in entries:
        if ind not in INDICATORS:
            errors.append(CellError(None, row, "indicator", "bad_indicator", ind))
            continue
        value = pd.to_numeric(text.strip(), errors="coerce")
        if pd.isna(value):
            errors.append(CellError(None, row, f"{group}/{ind}", "not_number", text))
        elif value <= 0:
            errors.append(CellError(None, row, f"{group}/{ind}", "not_positive", text))
        else:
            out.setdefault(group, {})[ind] = float(value)
    if errors:
        raise RecordsFileError(errors)
    return out


def results_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """Return per-firm results as the bytes of an ``.xlsx`` workbook (sheet ``results``).

    Parameters
    ----------
    frame
        One row per firm.

    Returns
    -------
    bytes
        The workbook, e.g. for a download.

    """
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="results")
    return buffer.getvalue()


BUREAU_ALIASES = {
    "credit_code": ("credit_code", "统一社会信用代码", "纳税人识别号"),
    "year": ("year", "年度", "所属年度"),
    "tax_cny": ("tax_cny", "实缴税收", "实缴税额", "税收"),
    "electricity_kwh": ("electricity_kwh", "用电量", "用电量(kWh)"),
}
"""Column keys of a tax-bureau / power-company file and the Chinese headers taken for them."""


@dataclass(frozen=True)
class BureauFigures:
    """Validated rows of a tax-bureau or power-company file (NaN where a figure is absent)."""

    credit_codes: tuple[str, ...]
    years: NDArray[np.int64] = field(repr=False)
    tax_cny: NDArray[np.float64] = field(repr=False)
    electricity_kwh: NDArray[np.float64] = field(repr=False)

    def __len__(self) -> int:
        return len(self.credit_codes)


def read_bureau_figures(data: bytes, filename: str) -> BureauFigures:
    """Read a tax-bureau or power-company file: credit code, year, tax and/or kWh per firm.

    Parameters
    ----------
    data
        The file's bytes: CSV (UTF-8) or Excel (first sheet), header in row 1. Headers are the
        keys of :data:`BUREAU_ALIASES` or their usual Chinese names (统一社会信用代码, 年度,
        实缴税额, 用电量).
    filename
        Its name; the suffix (``.csv``, ``.xlsx``) chooses the format.

    Returns
    -------
    BureauFigures
        One entry per row; a blank figure is NaN (that value is not imported).

    Raises
    ------
    RecordsFileError
        Every bad cell (code, year, a negative or non-numeric figure, a firm-year twice) or a
        missing column, each with its row and column; nothing is returned partially.

    """
    buffer = io.BytesIO(data)
    is_excel = Path(filename).suffix.lower() in (".xlsx", ".xlsm")
    raw = read_excel_text(buffer, None) if is_excel else read_csv_text(buffer)
    frame = _bureau_columns(raw)
    rows = np.arange(len(frame)) + 2
    blank = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    errors: list[CellError] = []
    parsed = {
        c.key: parse_column(c, frame.get(c.key, blank), rows, None, errors)
        for c in (
            Column("credit_code", "code", True, "", ""),
            Column("year", "year", True, "", ""),
            Column("tax_cny", "number", False, "", ""),
            Column("electricity_kwh", "number", False, "", ""),
        )
    }
    codes = parsed["credit_code"]
    years = np.nan_to_num(parsed["year"], nan=0).astype(np.int64)
    errors += _duplicate_firm_years(codes, years, rows)
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column or ""))
        raise RecordsFileError(errors[:MAX_LISTED])
    return BureauFigures(
        credit_codes=tuple(str(c) for c in codes),
        years=years,
        tax_cny=parsed["tax_cny"],
        electricity_kwh=parsed["electricity_kwh"],
    )


def _bureau_columns(raw: pd.DataFrame) -> pd.DataFrame:
    """The file's columns under our keys (stripped text); code, year and a figure must be there.

    A header is taken by the first of its aliases present; an empty file is an error of its own,
    after the headers.
    """
    headers = {str(c).strip(): c for c in raw.columns}
    frame = pd.DataFrame(index=raw.index)
    for key, names in BUREAU_ALIASES.items():
        found = next((headers[n] for n in names if n in headers), None)
        if found is not None:
            frame[key] = raw[found].astype(str).str.strip()
    errors = [
        CellError(None, 1, key, "missing_column")
        for key in ("credit_code", "year")
        if key not in frame.columns
    ]
    if "tax_cny" not in frame.columns and "electricity_kwh" not in frame.columns:
        errors.append(CellError(None, 1, None, "no_figures"))
    if errors:
        raise RecordsFileError(errors)
    if raw.empty:
        raise RecordsFileError([CellError(None, None, None, "empty_file")])
    return frame


def _duplicate_firm_years(
    codes: NDArray[Any], years: NDArray[np.int64], rows: NDArray[np.int64]
) -> list[CellError]:
    """Rows repeating an earlier row's firm and year: one figure per firm-year is imported."""
    dup = pd.DataFrame({"c": codes, "y": years}).duplicated(keep="first").to_numpy()
    return [
        CellError(None, int(r), "credit_code", "duplicate", f"{c} {y}")
        for r, c, y in zip(rows[dup], codes[dup], years[dup], strict=True)
    ]
