"""The other files of a per-mu evaluation: template, results, benchmarks, bureau figures.

Besides the records file there are the records template to download (written by
:mod:`microparks.io.templates`, the writer of every import's template), the results written out,
benchmarks per group and indicator, and the tax-bureau / power-company files of tax and kWh.

The records file itself (its columns and cell-by-cell validation) lives in
:mod:`microparks.io.evaluation_records`; its error (:class:`RecordsFileError`, each problem a
:class:`~microparks.io.errors.RowError`) is the error of every file here. Reading is
all-or-nothing. The tax-bureau and power-company files are read as the bureaus export them
(title rows, Chinese headers with units such as 实缴税金（万元） or 用电量（万千瓦时）, totals,
GBK), by the ``bureau`` vocabulary rules document.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from numpy.typing import NDArray

from microparks.core.evaluation import INDICATORS
from microparks.core.vocabulary import Vocabulary, parse_number
from microparks.io.county_tables import shipped_vocabulary
from microparks.io.errors import ImportFileError, RowError, gettext_noop
from microparks.io.evaluation_records import (
    RecordsFileError,
    credit_codes,
    read_county_file,
    read_csv_text,
)
from microparks.io.template_kinds import template_for
from microparks.io.templates import Lang, template_bytes


def _identity(message: str) -> str:
    return message


def write_records_template(
    path: str | Path,
    rows: Sequence[Mapping[str, Any]] | None = None,
    *,
    lang: Lang = "zh",
    translate: Callable[[str], str] = _identity,
    vocabulary: Vocabulary | None = None,
) -> Path:
    """Write the records template (:mod:`microparks.io.templates`) to fill in and upload.

    The data sheet holds the headers of the ``records`` vocabulary with their units
    (用地面积（亩）, 实缴税金（万元）…) and ``rows``, or an example row without them; the
    instructions sheet (说明) explains each column.

    Parameters
    ----------
    path
        Where to write the ``.xlsx`` file.
    rows
        Records to pre-fill, keyed by column key, in base units (m², CNY …; e.g. the firms of
        a campaign).
    lang
        Language of the headers and drop-down lists (``zh`` or ``en``).
    translate
        Gives the instructions in the user's language (``gettext``).
    vocabulary
        The region's ``records`` vocabulary (the shipped one by default).

    Returns
    -------
    pathlib.Path
        The written file.

    """
    out = Path(path)
    out.write_bytes(
        records_template_bytes(rows, lang=lang, translate=translate, vocabulary=vocabulary)
    )
    return out


def records_template_bytes(
    rows: Sequence[Mapping[str, Any]] | None = None,
    *,
    lang: Lang = "zh",
    translate: Callable[[str], str] = _identity,
    vocabulary: Vocabulary | None = None,
) -> bytes:
    """Return the records template of :func:`write_records_template` as bytes (a download)."""
    template = template_for("records", vocabulary)
    return template_bytes(template, lang=lang, translate=translate, rows=rows)


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
    errors: list[RowError] = []
    out: dict[str, dict[str, float]] = {}
    entries: list[tuple[int, str, str, str]] = []
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            problem = ImportFileError(UNREADABLE, {"error": str(exc)[:200]})
            raise RecordsFileError(path.name, file_error=problem) from None
        if not isinstance(data, dict):
            problem = ImportFileError(UNREADABLE, {"error": "not a mapping of groups"})
            raise RecordsFileError(path.name, file_error=problem)
        for group, values in data.items():
            for ind, value in (values or {}).items():
                entries.append((0, str(group), str(ind), str(value)))
    else:
        raw = read_csv_text(path)
        for c in ("group", "indicator", "value"):
            if c not in raw.columns:
                errors.append(RowError(1, c, gettext_noop("the column is missing")))
        if errors:
            raise RecordsFileError(path.name, errors)
        for row, r in zip(raw.index, raw.itertuples(index=False), strict=True):
            entries.append((int(row), str(r.group).strip(), str(r.indicator).strip(), str(r.value)))
    for row, group, ind, text in entries:
        if ind not in INDICATORS:
            errors.append(RowError(row, "indicator", gettext_noop("unknown indicator"), ind))
            continue
        parsed = parse_number(text)
        if parsed is None or parsed[1] or not np.isfinite(parsed[0]):
            errors.append(RowError(row, f"{group}/{ind}", gettext_noop("not a number"), text))
        elif parsed[0] <= 0:
            reason = gettext_noop("must be greater than zero")
            errors.append(RowError(row, f"{group}/{ind}", reason, text))
        else:
            out.setdefault(group, {})[ind] = parsed[0]
    if errors:
        raise RecordsFileError(path.name, errors)
    return out


UNREADABLE = gettext_noop("cannot read the file (%(error)s)")


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
"""A few headers of each column (the shipped ``bureau`` vocabulary document has them all)."""

NO_FIGURES = gettext_noop(
    "no column of tax paid or electricity use; headers taken for them: %(headers)s"
)
NO_ROWS = gettext_noop("the file holds no rows")


@dataclass(frozen=True)
class BureauFigures:
    """Validated rows of a tax-bureau or power-company file (NaN where a figure is absent)."""

    credit_codes: tuple[str, ...]
    years: NDArray[np.int64] = field(repr=False)
    tax_cny: NDArray[np.float64] = field(repr=False)
    electricity_kwh: NDArray[np.float64] = field(repr=False)
    rows: tuple[int, ...] = field(repr=False, default=())
    """Each entry's row as numbered in the file (title rows counted), for later problems."""
    headers: dict[str, str] = field(repr=False, default_factory=dict)
    """The file's column of each field (``year`` → ``所属年度``), for later problems."""

    def __len__(self) -> int:
        return len(self.credit_codes)

    def row(self, index: int) -> int:
        """The file's row of the ``index``-th entry (header = row 1 when not known)."""
        return self.rows[index] if index < len(self.rows) else index + 2

    def header(self, key: str) -> str:
        """The file's column of field ``key`` (the key itself when not known)."""
        return self.headers.get(key, key)


def read_bureau_figures(
    data: bytes, filename: str, *, vocabulary: Vocabulary | None = None
) -> BureauFigures:
    """Read a tax-bureau or power-company file: credit code, year, tax and/or kWh per firm.

    Parameters
    ----------
    data
        The file's bytes: CSV (UTF-8 or GBK) or a workbook (first sheet that is not 说明). The
        header row may lie below title rows; headers are our keys or the bureaus' (统一社会信用代码
        or 纳税人识别号, 年度, 实缴税金（万元）, 用电量（万千瓦时）…); 序号 columns and 合计 rows
        are passed over; figures are stored in 元 and kWh.
    filename
        Its name; the suffix (``.csv``, ``.xlsx`` …) chooses the format.
    vocabulary
        The headers, units and ranges (default: the shipped ``bureau`` document).

    Returns
    -------
    BureauFigures
        One entry per row; a blank figure is NaN (that value is not imported).

    Raises
    ------
    RecordsFileError
        Every bad cell (code, year, a negative, infinite or non-numeric figure, a firm-year
        twice) or missing column, each with its row and column; or why the file cannot be read.
        Nothing is returned partially.

    """
    name = Path(filename).name or "upload"
    words = vocabulary or shipped_vocabulary("bureau")
    table = read_county_file(data, name, words, ("credit_code", "year"))
    columns = table.ledger.columns
    if "tax_cny" not in columns and "electricity_kwh" not in columns:
        headers = (
            *words.fields["tax_cny"].headers[:2],
            *words.fields["electricity_kwh"].headers[:2],
        )
        problem = ImportFileError(NO_FIGURES, {"headers": " / ".join(headers)})
        raise RecordsFileError(name, file_error=problem)
    if not table.errors and table.empty:
        raise RecordsFileError(name, file_error=ImportFileError(NO_ROWS))
    frame = table.ledger.frame
    years = [0 if y is None else int(y) for y in _cells(frame, "year")]
    codes = credit_codes(table, columns.get("credit_code", ""), also=years)
    errors = sorted([*table.errors, *codes.errors], key=lambda e: e.row)
    if errors:
        raise RecordsFileError(name, errors)
    return BureauFigures(
        credit_codes=tuple(codes.codes),
        years=np.array(years, dtype=np.int64),
        tax_cny=_floats(_cells(frame, "tax_cny")),
        electricity_kwh=_floats(_cells(frame, "electricity_kwh")),
        rows=tuple(int(r) for r in frame.index),
        headers=dict(columns),
    )


def _cells(frame: pd.DataFrame, key: str) -> list[Any]:
    return frame[key].tolist() if key in frame.columns else [None] * len(frame)


def _floats(cells: list[Any]) -> NDArray[np.float64]:
    return np.array([np.nan if c is None else float(c) for c in cells], dtype=np.float64)
