r"""Classic shift-share decomposition of a region's change between two periods.

For industry :math:`i` with regional values :math:`e^0_i, e^1_i` and national values
:math:`E^0_i, E^1_i` (Dunn 1960; Stevens & Moore 1980):

.. math::

    G = E^1 / E^0 - 1, \qquad g_i = E^1_i / E^0_i - 1, \qquad r_i = e^1_i / e^0_i - 1,

    NS_i = e^0_i\,G, \qquad IM_i = e^0_i\,(g_i - G), \qquad RS_i = e^0_i\,(r_i - g_i),

so that :math:`NS_i + IM_i + RS_i = e^1_i - e^0_i`: national share, industry mix and regional
(competitive) shift. The two periods' industry lists are first brought to one list through a
correspondence table (:func:`map_industries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ShiftShareResult:
    """Shift-share components per industry (arrays aligned with ``industries``)."""

    industries: tuple[str, ...]
    region_start: FloatArray
    region_end: FloatArray
    nation_start: FloatArray
    nation_end: FloatArray
    national_growth: float
    industry_growth: FloatArray
    national_share: FloatArray
    industry_mix: FloatArray
    competitive: FloatArray
    warnings: tuple[str, ...] = ()

    @property
    def change(self) -> FloatArray:
        """Observed change :math:`e^1_i - e^0_i`."""
        return self.region_end - self.region_start

    def totals(self) -> dict[str, float]:
        """Sum of each component over industries (NaN industries skipped).

        Returns
        -------
        dict
            ``change``, ``national_share``, ``industry_mix``, ``competitive``.

        """
        return {
            "change": float(np.nansum(self.change)),
            "national_share": float(np.nansum(self.national_share)),
            "industry_mix": float(np.nansum(self.industry_mix)),
            "competitive": float(np.nansum(self.competitive)),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per industry plus a ``total`` row.

        Returns
        -------
        pandas.DataFrame
            Columns ``industry, start, end, change, national_growth, industry_growth,
            national_share, industry_mix, competitive``.

        """
        df = pd.DataFrame(
            {
                "industry": list(self.industries),
                "start": self.region_start,
                "end": self.region_end,
                "change": self.change,
                "national_growth": self.national_growth,
                "industry_growth": self.industry_growth,
                "national_share": self.national_share,
                "industry_mix": self.industry_mix,
                "competitive": self.competitive,
            }
        )
        tot = self.totals()
        total = {
            "industry": "total",
            "start": float(self.region_start.sum()),
            "end": float(self.region_end.sum()),
            "national_growth": self.national_growth,
            "industry_growth": self.national_growth,
            **tot,
        }
        return pd.concat([df, pd.DataFrame([total])], ignore_index=True)


def calc_shift_share(
    region_start: ArrayLike,
    region_end: ArrayLike,
    nation_start: ArrayLike,
    nation_end: ArrayLike,
    *,
    industries: Sequence[object] | None = None,
) -> ShiftShareResult:
    """Shift-share components of one region.

    Parameters
    ----------
    region_start, region_end : array_like
        The region's value per industry in the two periods.
    nation_start, nation_end : array_like
        The nation's (reference area's) value per industry in the two periods.
    industries : sequence, optional
        Labels.

    Returns
    -------
    ShiftShareResult
        Components per industry; NaN (with a warning) for industries absent nationally at the
        start, whose national growth is undefined.

    References
    ----------
    Dunn, E. S. (1960). A statistical and analytical technique for regional analysis. *Papers
    of the Regional Science Association*, 6, 97-112. Krumme, G., *Shift & Share Table with Excel
    Explanations*, Geography 350, University of Washington (the worked table in the tests).

    Examples
    --------
    >>> r = calc_shift_share([100, 50], [120, 40], [1000, 1000], [1100, 900])
    >>> [c.round(9).tolist() for c in (r.national_share, r.industry_mix, r.competitive)]
    [[0.0, 0.0], [10.0, -5.0], [10.0, -5.0]]

    """
    e0, e1, n0, n1 = (
        np.asarray(a, dtype=np.float64)
        for a in (region_start, region_end, nation_start, nation_end)
    )
    if not (e0.shape == e1.shape == n0.shape == n1.shape) or e0.ndim != 1:
        raise ValueError("all four inputs must be 1-D and of the same length")
    labels = (
        tuple(str(v) for v in industries)
        if industries is not None
        else tuple(f"i{k}" for k in range(e0.size))
    )
    if len(labels) != e0.size:
        raise ValueError("industries must match the inputs' length")
    if n0.sum() <= 0:
        raise ValueError("the national total at the start is 0")
    notes: list[str] = []
    big_g = float(n1.sum() / n0.sum() - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(n0 > 0, n1 / n0 - 1.0, np.nan)
    missing = [lab for lab, v in zip(labels, n0, strict=True) if v <= 0]
    if missing:
        notes.append(
            f"{len(missing)} industry(ies) absent nationally at the start, components undefined: "
            + ", ".join(missing)
        )
    ns = e0 * big_g
    im = e0 * (g - big_g)
    rs = e1 - e0 * (1.0 + g)
    return ShiftShareResult(
        industries=labels,
        region_start=e0,
        region_end=e1,
        nation_start=n0,
        nation_end=n1,
        national_growth=big_g,
        industry_growth=g,
        national_share=ns,
        industry_mix=im,
        competitive=rs,
        warnings=tuple(notes),
    )


def map_industries(
    values: pd.DataFrame,
    mapping: pd.DataFrame,
    *,
    industry: str = "industry",
    value: str = "value",
) -> pd.DataFrame:
    """Re-code a long table's industries through a correspondence table.

    Parameters
    ----------
    values : pandas.DataFrame
        Long table with ``industry`` and ``value`` columns (other columns are kept as keys).
    mapping : pandas.DataFrame
        Columns ``source``, ``target`` and optionally ``weight`` (the share of the source going
        to the target; weights of a source must sum to 1, default 1 for one-to-one rows).
    industry, value : str
        Column names in ``values``.

    Returns
    -------
    pandas.DataFrame
        Same keys, industries re-coded to ``target``, values summed.

    Raises
    ------
    ValueError
        If a source code is not in the mapping or a source's weights do not sum to 1.

    Examples
    --------
    >>> v = pd.DataFrame({"region": ["a", "a"], "industry": ["F", "G"], "value": [10.0, 4.0]})
    >>> m = pd.DataFrame({"source": ["F", "G"], "target": ["G", "I"]})
    >>> map_industries(v, m)[["industry", "value"]].to_dict("list")
    {'industry': ['G', 'I'], 'value': [10.0, 4.0]}

    """
    m = mapping.astype({"source": str, "target": str}).copy()
    if "weight" not in m.columns:
        m["weight"] = 1.0
    m["weight"] = pd.to_numeric(m["weight"])
    sums = m.groupby("source")["weight"].sum()
    bad = sums[(sums - 1.0).abs() > 1e-9]
    if len(bad):
        raise ValueError(f"weights do not sum to 1 for: {', '.join(bad.index[:10])}")
    v = values.astype({industry: str})
    unknown = sorted(set(v[industry]) - set(m["source"]))
    if unknown:
        raise ValueError(f"industries missing from the mapping: {', '.join(unknown[:10])}")
    keys = [c for c in v.columns if c not in (industry, value)]
    merged = v.merge(m, left_on=industry, right_on="source", how="left")
    merged[value] = merged[value] * merged["weight"]
    merged = merged.drop(columns=[industry, "source", "weight"]).rename(
        columns={"target": industry}
    )
    out: pd.DataFrame = merged.groupby([*keys, industry], as_index=False, sort=True)[[value]].sum()
    return out


def calc_shift_share_panel(
    start: pd.DataFrame,
    end: pd.DataFrame,
    region_code: str,
    *,
    mapping: pd.DataFrame | None = None,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
) -> ShiftShareResult:
    """Shift-share of one region from two long tables covering the whole nation.

    The nation is the sum of all regions in each table. With ``mapping`` the start table's
    industries are re-coded to the end table's list first.

    Parameters
    ----------
    start, end : pandas.DataFrame
        Long tables ``region, industry, value``.
    region_code : str
        The region analysed.
    mapping : pandas.DataFrame, optional
        Correspondence ``source, target[, weight]`` from start to end industry codes.
    region, industry, value : str
        Column names.

    Returns
    -------
    ShiftShareResult
        Industries are the union of both periods' (mapped) lists, sorted.

    Raises
    ------
    ValueError
        If the region is in neither table.

    """
    s = start[[region, industry, value]].astype({region: str, industry: str})
    e = end[[region, industry, value]].astype({region: str, industry: str})
    if mapping is not None:
        s = map_industries(s, mapping, industry=industry, value=value)
    code = str(region_code)
    if code not in set(s[region]) and code not in set(e[region]):
        raise ValueError(f"region {code!r} is in neither table")
    inds = sorted(set(s[industry]) | set(e[industry]))

    def by_industry(df: pd.DataFrame) -> FloatArray:
        out = df.groupby(industry)[value].sum().reindex(inds, fill_value=0.0)
        return out.to_numpy(dtype=np.float64)

    return calc_shift_share(
        by_industry(s[s[region] == code]),
        by_industry(e[e[region] == code]),
        by_industry(s),
        by_industry(e),
        industries=inds,
    )
