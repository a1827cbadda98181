"""The impact command's own tables: a park's tenants and a programme's year-by-year figures.

Both are read as a county keeps them (:func:`~microparks.io.county_tables.read_county_table`:
title rows, 序号, 合计 rows, GBK, 万元 or 亿元 in the header), by the shipped ``tenants`` and
``programme`` vocabulary documents, and refused whole with every bad cell as a
:class:`~microparks.io.errors.RowError` (row as the user sees it, the column as the file names
it): negative, infinite or non-numeric figures, jobs that are not whole numbers, impossible
years. Money is read into 元 (impact multipliers are ratios: the figures need only share one
unit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from microparks.core.vocabulary import Bounds, FieldWords, Vocabulary
from microparks.io.county_tables import read_county_table, shipped_vocabulary
from microparks.io.errors import ImportFileError, ImportValidationError, RowError, gettext_noop
from microparks.io.ledger import read_sheet

__all__ = [
    "COST_PREFIX",
    "TENANT_MEASURES",
    "ProgrammeFigures",
    "TenantFigures",
    "read_programme",
    "read_tenants",
]

TENANT_MEASURES = {"output": "output", "jobs": "jobs", "income": "wages", "tax": "tax"}
"""The impact measure of each tenants' column (income is the tenants' wages)."""
COST_PREFIX = "cost_"
"""A programme column named ``cost_<category>`` is the cost of that category."""

NO_MEASURES = gettext_noop("no column of output, jobs, wages or tax; headers taken: %(headers)s")
NO_ROWS = gettext_noop("the file holds no rows")


@dataclass(frozen=True)
class TenantFigures:
    """The tenants' industry codes and their figures per measure (only those the file has)."""

    industry_codes: list[str]
    measures: dict[str, NDArray[np.float64]] = field(repr=False)
    rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProgrammeFigures:
    """A programme's years, tax, jobs (``None`` without a column) and costs per category."""

    years: list[int]
    tax: list[float]
    jobs: list[float] | None
    costs: dict[str, list[float]]


def read_tenants(path: str | Path, *, vocabulary: Vocabulary | None = None) -> TenantFigures:
    """Read a park's tenants: industry code and annual output, jobs, wages, tax per firm.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (UTF-8 or GBK) or a workbook; headers our keys (``industry_code``, ``output`` …)
        or a bureau's (行业代码, 工业总产值（万元）, 从业人员平均人数, 实缴税金（万元）…).
    vocabulary : Vocabulary, optional
        Default: the shipped ``tenants`` document.

    Returns
    -------
    TenantFigures
        Money in 元; a blank figure counts as 0.

    Raises
    ------
    ImportFileError
        An unreadable or empty file, or none of the measures' columns.
    ImportValidationError
        Every bad cell or a missing industry-code column; nothing is returned partially.

    """
    p = Path(path)
    words = vocabulary or shipped_vocabulary("tenants")
    table = read_county_table(p, p.name, words, required=("industry_code",))
    present = [m for m, key in TENANT_MEASURES.items() if key in table.ledger.columns]
    if not present and not table.errors:
        headers = [words.fields[k].headers[0] for k in TENANT_MEASURES.values()]
        raise ImportFileError(NO_MEASURES, {"headers": " / ".join(headers)})
    _refuse(p.name, table.errors, table.empty)
    frame = table.ledger.frame
    measures = {
        m: np.array(
            [0.0 if v is None else float(v) for v in frame[TENANT_MEASURES[m]]], dtype=np.float64
        )
        for m in present
    }
    codes = [str(c) for c in frame["industry_code"]]
    return TenantFigures(codes, measures, tuple(int(r) for r in frame.index))


def read_programme(path: str | Path, *, vocabulary: Vocabulary | None = None) -> ProgrammeFigures:
    """Read a programme's year-by-year tax, jobs and costs (one column per cost category).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (UTF-8 or GBK) or a workbook: ``year`` (年度), ``tax`` (税收（万元）…), optionally
        ``jobs`` (就业人数), and costs in columns ``cost_<category>`` or by their Chinese
        headers (土地整理, 厂房改造, 企业补贴, 租金补助, 园区服务, 其他).
    vocabulary : Vocabulary, optional
        Default: the shipped ``programme`` document.

    Returns
    -------
    ProgrammeFigures
        Money in 元; a blank cost or jobs cell counts as 0. Categories drop the ``cost_``
        prefix (``cost_land`` → ``land``).

    Raises
    ------
    ImportFileError
        An unreadable or empty file.
    ImportValidationError
        Every bad cell or missing column; nothing is returned partially.

    """
    p = Path(path)
    words = _with_cost_columns(vocabulary or shipped_vocabulary("programme"), p)
    table = read_county_table(p, p.name, words, required=("year", "tax"))
    _refuse(p.name, table.errors, table.empty)
    frame = table.ledger.frame

    def numbers(key: str) -> list[float]:
        return [0.0 if v is None else float(v) for v in frame[key]]

    costs = {
        key.removeprefix(COST_PREFIX): numbers(key)
        for key in frame.columns
        if key.startswith(COST_PREFIX)
    }
    return ProgrammeFigures(
        years=[int(y) for y in frame["year"]],
        tax=numbers("tax"),
        jobs=numbers("jobs") if "jobs" in frame.columns else None,
        costs=costs,
    )


def _with_cost_columns(vocabulary: Vocabulary, path: Path) -> Vocabulary:
    """The vocabulary with a money field for each ``cost_…`` column it does not name."""
    headers = [str(h) for h in read_sheet(path, path.name, vocabulary=vocabulary).frame.columns]
    template = next(
        (w for k, w in vocabulary.fields.items() if k.startswith(COST_PREFIX)),
        FieldWords("", (), "number", "money", "元", bounds=Bounds(low=0)),
    )
    known = _named_headers(vocabulary.fields)
    extra = {
        h: replace(template, key=h, headers=(), label=h)
        for h in headers
        if h.startswith(COST_PREFIX) and h.casefold() not in known
    }
    return replace(vocabulary, fields={**vocabulary.fields, **extra}) if extra else vocabulary


def _named_headers(fields: Mapping[str, FieldWords]) -> set[str]:
    return {w.casefold() for key, words in fields.items() for w in (key, *words.headers)}


def _refuse(name: str, errors: tuple[RowError, ...], empty: bool) -> None:
    if errors:
        raise ImportValidationError(name, errors)
    if empty:
        raise ImportFileError(NO_ROWS)
