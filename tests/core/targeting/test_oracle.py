"""Equality with py-ecomplexity (test-only oracle) on seeded synthetic panels."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from microparks.core.targeting import TargetingWarning, calc_complexity_panel

ecomplexity = pytest.importorskip("ecomplexity").ecomplexity
MEASURES = ["rca", "mcp", "density", "diversity", "ubiquity", "eci", "pci", "coi", "cog"]


def synthetic_panel(seed: int, n_regions: int, n_industries: int, years: int) -> pd.DataFrame:
    """Size × mix panel with Poisson noise, some empty cells, an empty region and duplicates."""
    rng = np.random.default_rng(seed)
    frames = []
    for y in range(years):
        size = rng.gamma(0.7, 1.0, (n_regions, 1))
        mix = rng.gamma(0.5, 1.0, (1, n_industries))
        x = rng.poisson(size * mix * 200).astype(float)
        x[rng.integers(n_regions)] = 0.0
        r, i = np.meshgrid(np.arange(n_regions), np.arange(n_industries), indexing="ij")
        frames.append(
            pd.DataFrame(
                {
                    "year": 2000 + y,
                    "region": [f"R{v:04d}" for v in r.ravel()],
                    "industry": [f"I{v:03d}" for v in i.ravel()],
                    "value": x.ravel(),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    dup = df.sample(frac=0.05, random_state=seed).assign(value=lambda d: d["value"] // 2)
    return pd.concat([df, dup], ignore_index=True).sample(frac=1.0, random_state=seed)


def run_oracle(df: pd.DataFrame) -> pd.DataFrame:
    # ecomplexity keeps the first of duplicate rows: aggregate first.
    agg = df.groupby(["year", "region", "industry"], as_index=False)["value"].sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(
            agg,
            {"time": "year", "loc": "region", "prod": "industry", "val": "value"},
            verbose=False,
            check_logsupermodularity=False,
        )
    return out.assign(year=out["year"].astype(str))


@pytest.mark.parametrize(
    ("seed", "n_regions", "n_industries", "years"),
    # Industry side of the eigenproblem, region side (40 regions < 60 industries), and a larger
    # panel with empty industries.
    [(1, 120, 30, 2), (2, 40, 60, 1), (3, 300, 50, 3), (4, 600, 150, 2)],
)
def test_equal_to_ecomplexity(seed: int, n_regions: int, n_industries: int, years: int) -> None:
    df = synthetic_panel(seed, n_regions, n_industries, years)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        res = calc_complexity_panel(df, density_self="include")
    assert res.duplicates_aggregated > 0
    ours = res.to_frame()
    ours["region"] = ours["region"].astype(str)
    ours["industry"] = ours["industry"].astype(str)
    peer = run_oracle(df)
    both = ours.merge(peer, on=["year", "region", "industry"], suffixes=("", "_peer"))
    assert len(both) == len(ours) == len(peer)
    live = both["eci_peer"].notna()
    assert live.sum() > 0.9 * len(both)
    for col in MEASURES:
        a = both.loc[live, col].to_numpy(dtype=float)
        b = both.loc[live, f"{col}_peer"].to_numpy(dtype=float)
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-9, err_msg=col)
    # Regions and industries the peer drops (total 0) are reported by us, with NaN measures.
    by_region = {(r.year, reg) for r in res.years for reg in r.excluded_regions}
    by_industry = {(r.year, ind) for r in res.years for ind in r.excluded_industries}
    for row in both.loc[~live].itertuples():
        if (row.year, row.region) in by_region:
            assert np.isnan(row.eci)
            assert np.isnan(row.density)
        else:
            assert (row.year, row.industry) in by_industry
            assert np.isnan(row.pci)
            assert np.isnan(row.density)
            assert np.isnan(row.cog)


def test_excluding_self_changes_density_only_where_expected() -> None:
    df = synthetic_panel(5, 80, 25, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        incl = calc_complexity_panel(df, density_self="include").years[0]
        excl = calc_complexity_panel(df, density_self="exclude").years[0]
    np.testing.assert_allclose(incl.eci, excl.eci, equal_nan=True)
    np.testing.assert_allclose(incl.pci, excl.pci, equal_nan=True)
    live = np.isfinite(incl.density)
    assert (np.abs(incl.density[live] - excl.density[live]) > 1e-12).any()
    # With the self term out, an absent industry's density is its related share only.
    phi = np.nan_to_num(excl.proximity)
    np.fill_diagonal(phi, 0.0)
    c, i = np.argwhere(live & (excl.mcp == 0))[0]
    expected = (excl.mcp[c] * phi[i]).sum() / phi[i].sum()
    assert excl.density[c, i] == pytest.approx(expected, rel=1e-12)
