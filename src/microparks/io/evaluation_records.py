"""Annual records for per-mu evaluation, from the file a county's bureaus keep.

A records file has one row per firm: its unified social credit code and the figures of
:data:`COLUMNS`. It may be the platform's template (keys such as ``tax_cny`` in the header row,
sheet ``records``) or a county's own 亩均 data sheet: a title row above the header, Chinese
headers with units (实缴税金（万元）, 用地面积（亩）, 用电量（万千瓦时）), a 序号 column, a 合计
row, GBK when it is a CSV. The words are data: the ``records`` vocabulary rules document.
Reading is all-or-nothing: any bad cell (negative tax, zero land, 1e400, text in a number cell,
an unknown 是/否 value, a bad or repeated credit code, a missing column) raises
:class:`RecordsFileError` listing every problem with the row the user sees and the column as
the file names it, and nothing is returned. The error and the code checks here are shared by
the other evaluation files (benchmarks, tax-bureau and power-company figures).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from microparks.core.codes import is_credit_code
from microparks.core.evaluation import calc_emissions_t
from microparks.core.vocabulary import Vocabulary
from microparks.io.county_tables import CountyTable, read_county_table, shipped_vocabulary
from microparks.io.errors import ImportFileError, ImportValidationError, RowError, gettext_noop
from microparks.io.ledger import read_sheet

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

NO_RECORDS = gettext_noop("the file holds no records")
BAD_CREDIT_CODE = gettext_noop(
    "not a unified social credit code (18 characters, the last a check character)"
)
SAME_FIRM = gettext_noop("the same firm is already on row %(first)s")
_NO_SHEET = "the workbook has no sheet"  # the start of read_sheet's missing-sheet message


def _identity(message: str) -> str:
    return message


class RecordsFileError(ImportValidationError):
    """A records, bureau or benchmarks file refused: nothing of it is used.

    ``errors`` lists every bad cell or missing column as a
    :class:`~microparks.io.errors.RowError` (row as the user sees it, title rows counted; the
    column as the file names it; an English template translated by the web and the CLI);
    ``file_error`` is set instead when the file cannot be read at all (unreadable, empty, no
    records).
    """

    def __init__(
        self,
        source: str,
        errors: Sequence[RowError] = (),
        *,
        file_error: ImportFileError | None = None,
    ) -> None:
        super().__init__(source, errors)
        self.file_error = file_error
        if file_error is not None:
            self.args = (f"{source}: {file_error.text()}",)

    def lines(self, translate: Callable[[str], str] = _identity) -> list[str]:
        """Each problem as a line in the language of ``translate`` (English by default)."""
        if self.file_error is not None:
            return [f"{self.source}: {self.file_error.text(translate)}"]
        return [error.line(translate) for error in self.errors]


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
    rows: tuple[int, ...] = field(repr=False, default=())
    """Each firm's row as numbered in the file (title rows counted), for later problems."""
    headers: dict[str, str] = field(repr=False, default_factory=dict)
    """The file's column of each field (``tax_cny`` → ``实缴税金（万元）``), for later problems."""

    def __len__(self) -> int:
        return len(self.credit_codes)

    def row(self, index: int) -> int:
        """The file's row of the ``index``-th firm (header = row 1 when not known)."""
        return self.rows[index] if index < len(self.rows) else index + 2

    def header(self, key: str) -> str:
        """The file's column of field ``key`` (the key itself when not known)."""
        return self.headers.get(key, key)


def read_evaluation_records(
    path: str | Path, *, vocabulary: Vocabulary | None = None
) -> EvaluationRecords:
    """Read and validate a records file as a county keeps it (``.csv``, ``.xlsx``, ``.xls`` …).

    Parameters
    ----------
    path
        CSV (UTF-8 or GBK) or a workbook (the sheet ``records`` if there is one, else the first
        that is not an instructions sheet). The header row may lie below title rows and name the
        columns by their keys (``credit_code`` …) or as bureaus do (统一社会信用代码,
        实缴税金（万元）, 用地面积（亩）…); 序号 columns and total rows are passed over.
    vocabulary
        The headers, codes, units and ranges (default: the shipped ``records`` document).

    Returns
    -------
    EvaluationRecords
        Codes, names and input arrays in base units (m², CNY, tce, kWh, t); ``emissions_t`` is
        the total of the four main pollutants (NaN where none is reported).

    Raises
    ------
    RecordsFileError
        Listing every bad cell or missing column (row as numbered in the file), or the reason
        the file cannot be read; nothing is returned partially.

    """
    path = Path(path)
    return _records(path, path.name, vocabulary)


def read_evaluation_records_upload(
    data: bytes, filename: str, *, vocabulary: Vocabulary | None = None
) -> EvaluationRecords:
    """Read and validate an uploaded records file held in memory (web upload).

    Parameters
    ----------
    data
        The file's bytes.
    filename
        Its name as uploaded; the suffix (``.csv``, ``.xlsx`` …) chooses the format.
    vocabulary
        As :func:`read_evaluation_records` (the web passes the region's document in effect).

    Returns
    -------
    EvaluationRecords
        As :func:`read_evaluation_records`.

    Raises
    ------
    RecordsFileError
        As :func:`read_evaluation_records`.

    """
    return _records(data, Path(filename).name or "upload", vocabulary)


def read_county_file(
    source: Path | bytes,
    name: str,
    vocabulary: Vocabulary,
    required: Sequence[str],
    sheet: str | None = None,
) -> CountyTable:
    """A records or bureau file read into our fields (the sheet ``sheet`` if the book has it).

    Raises
    ------
    RecordsFileError
        When the file cannot be read (with the reason as ``file_error``).

    """
    try:
        try:
            return read_county_table(source, name, vocabulary, required=required, sheet=sheet)
        except ImportFileError as exc:
            if sheet is None or not exc.message.startswith(_NO_SHEET):
                raise
        return read_county_table(source, name, vocabulary, required=required)
    except ImportFileError as exc:
        raise RecordsFileError(name, file_error=exc) from None


def _records(source: Path | bytes, name: str, vocabulary: Vocabulary | None) -> EvaluationRecords:
    words = vocabulary or shipped_vocabulary("records")
    required = [c.key for c in COLUMNS if c.required]
    table = read_county_file(source, name, words, required, SHEET)
    if not table.errors and table.empty:
        raise RecordsFileError(name, file_error=ImportFileError(NO_RECORDS))
    frame = table.ledger.frame
    codes = credit_codes(table, table.ledger.columns.get("credit_code", ""))
    errors = sorted([*table.errors, *codes.errors], key=lambda e: e.row)
    if errors:
        raise RecordsFileError(name, errors)
    values = {c.key: _array(c, frame) for c in COLUMNS}
    values["credit_code"] = np.array(codes.codes, dtype=object)
    inputs: dict[str, NDArray[Any]] = {k: values[k] for k in INPUT_KEYS}
    inputs["rd_cny"] = np.nan_to_num(values["rd_cny"], nan=0.0)
    inputs["water_t"] = np.nan_to_num(values["water_t"], nan=0.0)
    inputs["rent_cny"] = np.nan_to_num(values["rent_cny"], nan=0.0)
    inputs["emissions_t"] = calc_emissions_t(
        values["cod_t"], values["ammonia_n_t"], values["so2_t"], values["nox_t"]
    )
    return EvaluationRecords(
        credit_codes=tuple(codes.codes),
        names=tuple(str(n) for n in values["name"]),
        inputs=inputs,
        columns=values,
        rows=tuple(int(r) for r in frame.index),
        headers=dict(table.ledger.columns),
    )


INPUT_KEYS = (
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
"""The columns passed to ``evaluate_firms`` as they are read."""


def _array(column: Column, frame: pd.DataFrame) -> NDArray[Any]:
    """A column as the evaluation takes it: floats (NaN blank), flags, or text (``''`` blank)."""
    cells = frame[column.key].tolist() if column.key in frame.columns else [None] * len(frame)
    if column.kind == "bool":
        return np.array([c == "yes" for c in cells], dtype=bool)
    if column.kind in ("text", "code"):
        return np.array(["" if c is None else str(c) for c in cells], dtype=object)
    return np.array([np.nan if c is None else float(c) for c in cells], dtype=np.float64)


@dataclass(frozen=True)
class CreditCodes:
    """The credit codes of a table, upper-cased, with the bad and repeated ones as problems."""

    codes: list[str]
    errors: list[RowError]


def credit_codes(
    table: CountyTable, column: str, *, also: Sequence[Any] | None = None
) -> CreditCodes:
    """Check the unified social credit codes of ``table`` (``''`` where the column is missing).

    A code that is not one, or that repeats an earlier row's (with the same ``also`` value,
    e.g. the year of a bureau file), is a problem naming both rows.
    """
    frame = table.ledger.frame
    raw = frame["credit_code"].tolist() if "credit_code" in frame.columns else [None] * len(frame)
    codes = ["" if c is None else str(c).strip().upper() for c in raw]
    errors: list[RowError] = []
    first: dict[tuple[str, Any], int] = {}
    for i, (row, code) in enumerate(zip(frame.index, codes, strict=True)):
        if not code:
            continue
        if not is_credit_code(code):
            errors.append(RowError(int(row), column, BAD_CREDIT_CODE, str(raw[i])))
            continue
        key = (code, also[i] if also is not None else None)
        if key in first:
            errors.append(RowError(int(row), column, SAME_FIRM, code, {"first": first[key]}))
        else:
            first[key] = int(row)
    return CreditCodes(codes, errors)


def read_csv_text(path: Path | BinaryIO) -> pd.DataFrame:
    """Read a CSV (UTF-8, UTF-8-BOM or GBK; title rows passed over) as text cells.

    The index holds the rows as numbered in the file. Unreadable → :class:`RecordsFileError`.
    """
    name = path.name if isinstance(path, Path) else "upload.csv"
    source = path if isinstance(path, Path) else path.read()
    try:
        return read_sheet(source, name if name.endswith(".csv") else f"{name}.csv").frame
    except ImportFileError as exc:
        raise RecordsFileError(name, file_error=exc) from None


def read_excel_text(path: Path | BinaryIO, sheet: str | None = SHEET) -> pd.DataFrame:
    """Read one sheet (``None``: the first that is not 说明) of a workbook as text cells.

    The index holds the rows as numbered in the sheet. A missing sheet or an unreadable file
    raises :class:`RecordsFileError`.
    """
    name = path.name if isinstance(path, Path) else "upload.xlsx"
    source = path if isinstance(path, Path) else path.read()
    try:
        return read_sheet(source, name, sheet=sheet).frame
    except ImportFileError as exc:
        raise RecordsFileError(name, file_error=exc) from None
