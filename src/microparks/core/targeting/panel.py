"""Complexity for a long panel ``(year, region, industry, value)``, one year at a time."""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from microparks.core.targeting.indices import (
    DEFAULT_EIGENGAP_TOL,
    ComplexityResult,
    DensitySelf,
    TargetingWarning,
    calc_complexity,
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

    def to_frame(self) -> pd.DataFrame:
        """One row per (year, region, industry) with the measures of ``OUTPUT_COLUMNS``.

        Returns
        -------
        pandas.DataFrame
            Rectangular within each year (absent cells have value 0); ``year`` is empty when
            the input had no year.

        """
        if not self.years:
            return pd.DataFrame({c: [] for c in OUTPUT_COLUMNS})
        regions = pd.Index(sorted({r for y in self.years for r in y.regions}), dtype=str)
        industries = pd.Index(sorted({i for y in self.years for i in y.industries}), dtype=str)
        years = pd.Index(sorted({y.year or "" for y in self.years}), dtype=str)
        year_code = {label: k for k, label in enumerate(years)}
        total = sum(y.matrix.size for y in self.years)
        dtypes: dict[str, type[np.generic]] = dict.fromkeys(OUTPUT_COLUMNS, np.float64)
        dtypes.update(
            year=np.int32, region=np.int32, industry=np.int32, mcp=np.int8,
            diversity=np.int32, ubiquity=np.int32,
        )  # fmt: skip
        cols: dict[str, NDArray[np.generic]] = {c: np.empty(total, dtypes[c]) for c in dtypes}
        start = 0
        for y in self.years:
            n_r, n_i = y.matrix.shape
            cells = slice(start, start + n_r * n_i)
            start += n_r * n_i

            def grid(
                name: str, cells: slice = cells, shape: tuple[int, int] = (n_r, n_i)
            ) -> NDArray[np.generic]:
                return cols[name][cells].reshape(shape)

            cols["year"][cells] = year_code[y.year or ""]
            grid("region")[:] = regions.get_indexer(pd.Index(y.regions, dtype=str))[:, None]
            grid("industry")[:] = industries.get_indexer(pd.Index(y.industries, dtype=str))
            for name, cell_values in (
                ("value", y.matrix), ("rca", y.rca), ("mcp", y.mcp), ("density", y.density),
                ("cog", y.cog),
            ):  # fmt: skip
                grid(name)[:] = cell_values
            for name, per_region in (("diversity", y.diversity), ("eci", y.eci), ("coi", y.coi)):
                grid(name)[:] = per_region[:, None]
            for name, per_industry in (("ubiquity", y.ubiquity), ("pci", y.pci)):
                grid(name)[:] = per_industry[None, :]
        frame: dict[str, object] = dict(cols)
        for name, labels in (("year", years), ("region", regions), ("industry", industries)):
            codes = np.asarray(cols[name], dtype=np.int32)
            frame[name] = pd.Categorical.from_codes(codes, categories=labels)
        # copy=False keeps one block per column: no 7-million-row consolidation copy.
        return pd.DataFrame(frame, copy=False)


def _factorize(column: pd.Series) -> tuple[NDArray[np.int64], NDArray[np.object_]]:
    """Integer codes and sorted text labels; values equal as text share one code."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    text = np.asarray([str(u) for u in uniques], dtype=object)
    labels, inverse = np.unique(text, return_inverse=True)
    if (np.diff(inverse) == 1).all() and len(inverse) == len(labels):
        return codes.astype(np.int64, copy=False), labels.astype(object)
    return inverse.astype(np.int64)[codes], labels.astype(object)


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
        Results per year in sorted year order.

    Raises
    ------
    ValueError
        If a column is missing or a value is negative or not a number.

    """
    for col in (region, industry, value):
        if col not in data.columns:
            raise ValueError(f"missing column {col!r}")
    vals = pd.to_numeric(data[value], errors="raise").to_numpy(dtype=np.float64)
    if (vals < 0).any():
        raise ValueError(f"column {value!r} holds negative values")
    missing = int(np.isnan(vals).sum())
    vals = np.nan_to_num(vals, nan=0.0)
    notes: list[str] = []
    if missing:
        notes.append(f"{missing} missing value(s) counted as 0")

    has_year = year is not None and year in data.columns
    if has_year and year is not None:
        y_codes, y_labels = _factorize(data[year])
    else:
        y_codes, y_labels = np.zeros(len(data), dtype=np.int64), np.array([""], dtype=object)
    r_codes, r_labels = _factorize(data[region])
    i_codes, i_labels = _factorize(data[industry])
    n_r, n_i = len(r_labels), len(i_labels)
    key = (y_codes * n_r + r_codes) * n_i + i_codes
    duplicates = int(len(key) - np.count_nonzero(np.bincount(key)))
    if duplicates:
        notes.append(f"{duplicates} duplicate row(s) summed")
    for note in notes:
        _warnings.warn(note, TargetingWarning, stacklevel=2)

    results = []
    for t in range(len(y_labels)):
        rows = np.flatnonzero(y_codes == t)
        rc, ic = r_codes[rows], i_codes[rows]
        rr = np.flatnonzero(np.bincount(rc, minlength=n_r))
        ii = np.flatnonzero(np.bincount(ic, minlength=n_i))
        r_pos = np.full(n_r, -1, dtype=np.int64)
        r_pos[rr] = np.arange(len(rr))
        i_pos = np.full(n_i, -1, dtype=np.int64)
        i_pos[ii] = np.arange(len(ii))
        mat = np.bincount(
            r_pos[rc] * len(ii) + i_pos[ic], weights=vals[rows], minlength=len(rr) * len(ii)
        ).reshape(len(rr), len(ii))
        results.append(
            calc_complexity(
                mat,
                regions=r_labels[rr].tolist(),
                industries=i_labels[ii].tolist(),
                threshold=threshold,
                density_self=density_self,
                eigengap_tol=eigengap_tol,
                year=str(y_labels[t]) if has_year else None,
            )
        )
    return ComplexityPanelResult(
        years=tuple(results),
        duplicates_aggregated=duplicates,
        missing_values=missing,
        warnings=tuple(notes) + tuple(w for r in results for w in r.warnings),
    )
