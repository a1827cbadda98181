"""Complexity for a long panel ``(year, region, industry, value)``, one year at a time."""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from microparks.core.targeting.codes import factorize_labels
from microparks.core.targeting.indices import (
    DEFAULT_EIGENGAP_TOL,
    ComplexityResult,
    DensitySelf,
    TargetingWarning,
    calc_complexity_into,
    one_blas_thread,
)

OUTPUT_COLUMNS = (
    "year",
    "region",
    "industry",
    "value",
    "rca",
    "mcp",
    "density",
    "diversity",
    "ubiquity",
    "eci",
    "pci",
    "coi",
    "cog",
)


@dataclass(frozen=True)
class ComplexityPanelResult:
    """One :class:`ComplexityResult` per year, and notes about the input itself."""

    years: tuple[ComplexityResult, ...]
    duplicates_aggregated: int
    missing_values: int
    warnings: tuple[str, ...]
    # The long table, built once by calc_complexity_panel (the years' arrays are views of it).
    frame: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per (year, region, industry) with the measures of ``OUTPUT_COLUMNS``.

        Returns
        -------
        pandas.DataFrame
            Rectangular within each year (absent cells have value 0); ``year`` is empty when
            the input had no year. Changing it leaves the result unchanged (copy on write).

        """
        if self.frame is not None:
            return self.frame.copy(deep=not _COPY_ON_WRITE)
        if not self.years:
            return pd.DataFrame({c: [] for c in OUTPUT_COLUMNS})
        regions = pd.Index(sorted({r for y in self.years for r in y.regions}), dtype=str)
        industries = pd.Index(sorted({i for y in self.years for i in y.industries}), dtype=str)
        years = pd.Index(sorted({y.year or "" for y in self.years}), dtype=str)
        cols = _allocate(sum(y.matrix.size for y in self.years), years, regions, industries)
        start = 0
        for y in self.years:
            cells = slice(start, start + y.matrix.size)
            start += y.matrix.size
            for name in ("value", "rca", "mcp", "density", "cog"):
                cols[name][cells] = getattr(y, name if name != "value" else "matrix").ravel()
            _broadcast(
                cols,
                cells,
                y,
                int(years.get_indexer(pd.Index([y.year or ""], dtype=str))[0]),
                regions.get_indexer(pd.Index(y.regions, dtype=str)),
                industries.get_indexer(pd.Index(y.industries, dtype=str)),
            )
        return _frame(cols, years, regions, industries)


_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3 or (
    getattr(pd.options.mode, "copy_on_write", False) is True
)


def _code_dtype(n: int) -> type[np.signedinteger[Any]]:
    """The integer type pandas uses for the codes of ``n`` categories (no conversion copy)."""
    for dtype in (np.int8, np.int16, np.int32):
        if n < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _allocate(
    total: int, years: pd.Index, regions: pd.Index, industries: pd.Index
) -> dict[str, NDArray[Any]]:
    dtypes: dict[str, Any] = dict.fromkeys(OUTPUT_COLUMNS, np.float64)
    dtypes.update(
        year=_code_dtype(len(years)), region=_code_dtype(len(regions)),
        industry=_code_dtype(len(industries)), mcp=np.int8, diversity=np.int32,
        ubiquity=np.int32,
    )  # fmt: skip
    return {c: np.empty(total, dtypes[c]) for c in OUTPUT_COLUMNS}


def _broadcast(
    cols: dict[str, NDArray[Any]],
    cells: slice,
    y: ComplexityResult,
    year_code: int,
    region_codes: NDArray[np.integer[Any]],
    industry_codes: NDArray[np.integer[Any]],
) -> None:
    """Write the year's label codes and per-region / per-industry measures into its cells."""
    shape = y.matrix.shape
    cols["year"][cells] = year_code
    for name, per_region in (
        ("region", region_codes), ("diversity", y.diversity), ("eci", y.eci), ("coi", y.coi)
    ):  # fmt: skip
        cols[name][cells].reshape(shape)[:] = per_region[:, np.newaxis]
    for name, per_industry in (
        ("industry", industry_codes), ("ubiquity", y.ubiquity), ("pci", y.pci)
    ):  # fmt: skip
        cols[name][cells].reshape(shape)[:] = per_industry[np.newaxis, :]


def _frame(
    cols: dict[str, NDArray[Any]], years: pd.Index, regions: pd.Index, industries: pd.Index
) -> pd.DataFrame:
    frame: dict[str, object] = dict(cols)
    for name, labels in (("year", years), ("region", regions), ("industry", industries)):
        frame[name] = pd.Categorical.from_codes(cols[name], categories=labels, validate=False)
    # copy=False keeps one block per column: no 7-million-row consolidation copy.
    return pd.DataFrame(frame, copy=False)


def calc_complexity_panel(
    data: pd.DataFrame,
    *,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    year: str | None = "year",
    threshold: float = 1.0,
    density_self: DensitySelf = "exclude",
    eigengap_tol: float = DEFAULT_EIGENGAP_TOL,
) -> ComplexityPanelResult:
    """Run :func:`~microparks.core.targeting.indices.calc_complexity` for every year of a panel.

    Duplicate (year, region, industry) rows are summed and missing values count as 0 (both
    reported). Regions and industries are sorted; each year uses the regions and industries that
    appear in that year's rows, missing cells being 0.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table.
    region, industry, value : str
        Column names.
    year : str or None, default "year"
        Year column; None, or a name not in ``data``, treats the table as one period.
    threshold, density_self, eigengap_tol
        Passed to ``calc_complexity``.

    Returns
    -------
    ComplexityPanelResult
        Results per year in sorted year order, and the long table they were written into.

    Raises
    ------
    ValueError
        If a column is missing or a value is negative or not a number.

    """
    if density_self not in ("include", "exclude"):
        raise ValueError(f"density_self must be 'include' or 'exclude', not {density_self!r}")
    for col in (region, industry, value):
        if col not in data.columns:
            raise ValueError(f"missing column {col!r}")
    vals = pd.to_numeric(data[value], errors="raise").to_numpy(dtype=np.float64, copy=True)
    missing = 0
    low = float(vals.min()) if len(vals) else 0.0
    if not np.isfinite(low + float(vals.max() if len(vals) else 0.0)):  # NaN or inf somewhere
        nan = np.isnan(vals)
        missing = int(nan.sum())
        vals[nan] = 0.0
        if not np.isfinite(vals).all():
            raise ValueError(f"column {value!r} holds infinite values")
        low = float(vals.min())
    if low < 0:
        raise ValueError(f"column {value!r} holds negative values")
    notes: list[str] = []
    if missing:
        notes.append(f"{missing} missing value(s) counted as 0")

    has_year = year is not None and year in data.columns
    if has_year and year is not None:
        y_codes, y_labels = factorize_labels(data[year])
    else:
        y_codes, y_labels = np.zeros(len(data), dtype=np.int64), np.array([""], dtype=object)
    r_codes, r_labels = factorize_labels(data[region])
    i_codes, i_labels = factorize_labels(data[industry])
    n_y, n_r, n_i = len(y_labels), len(r_labels), len(i_labels)
    key = y_codes * (n_r * n_i)
    key += r_codes * n_i
    key += i_codes
    del y_codes, r_codes, i_codes
    size = n_y * n_r * n_i
    # A complete table sorted by (year, region, industry) is already the cube.
    complete = len(key) == size and bool((np.diff(key) == 1).all()) and (size == 0 or key[0] == 0)
    duplicates = 0
    if complete:
        cube, counts = vals, None
    else:
        counts = np.bincount(key, minlength=size)
        duplicates = int(len(key) - np.count_nonzero(counts))
        cube = np.bincount(key, weights=vals, minlength=size)
    del key, vals
    if duplicates:
        notes.append(f"{duplicates} duplicate row(s) summed")
    for note in notes:
        _warnings.warn(note, TargetingWarning, stacklevel=2)

    # Regions and industries of each year: those in its rows.
    blocks = []
    for t in range(n_y):
        if counts is None:
            rr, ii = np.arange(n_r), np.arange(n_i)
        else:
            seen = counts[t * n_r * n_i : (t + 1) * n_r * n_i].reshape(n_r, n_i) > 0
            rr, ii = np.flatnonzero(seen.any(axis=1)), np.flatnonzero(seen.any(axis=0))
        blocks.append((rr, ii))
    del counts
    total = sum(len(rr) * len(ii) for rr, ii in blocks)
    years = pd.Index(y_labels.astype(str) if has_year else [""], dtype=str)
    regions = pd.Index(r_labels.astype(str), dtype=str)
    industries = pd.Index(i_labels.astype(str), dtype=str)
    full = all(len(rr) == n_r and len(ii) == n_i for rr, ii in blocks)
    cols = _allocate(total, years, regions, industries)
    if full:
        cols["value"] = cube  # already laid out as the long table
    results = []
    start = 0
    with one_blas_thread():
        for t, (rr, ii) in enumerate(blocks):
            shape = (len(rr), len(ii))
            cells = slice(start, start + shape[0] * shape[1])
            start = cells.stop
            x = cols["value"][cells].reshape(shape)
            if not full:
                x[:] = cube[t * n_r * n_i : (t + 1) * n_r * n_i].reshape(n_r, n_i)[np.ix_(rr, ii)]
            res = calc_complexity_into(
                x,
                regions=tuple(r_labels[rr].tolist()),
                industries=tuple(i_labels[ii].tolist()),
                threshold=threshold,
                density_self=density_self,
                eigengap_tol=eigengap_tol,
                year=str(y_labels[t]) if has_year else None,
                out={n: cols[n][cells].reshape(shape) for n in ("rca", "mcp", "density", "cog")},
            )
            _broadcast(cols, cells, res, t, rr, ii)
            results.append(res)
    del cube
    return ComplexityPanelResult(
        years=tuple(results),
        duplicates_aggregated=duplicates,
        missing_values=missing,
        warnings=tuple(notes) + tuple(w for r in results for w in r.warnings),
        frame=_frame(cols, years, regions, industries) if results else None,
    )
