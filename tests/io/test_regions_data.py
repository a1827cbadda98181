"""Region indicators from the real county data in ../shared/data (and small synthetic files)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from microparks.core.replicability import check_scheme, rank_peers, score_readiness
from microparks.io.regions_data import (
    RegionsError,
    add_distance_to_hubs,
    read_china_county_indicators,
    read_market_hubs,
    read_readiness_scheme,
    read_region_geometry,
    read_regions,
    read_us_county_indicators,
    write_regions,
)
from tests.conftest import SHARED_DATA


def test_read_regions_keeps_leading_zeros_and_refuses_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("region,x\n01001,1\n02013,2\n")
    assert list(read_regions(path).index) == ["01001", "02013"]
    path.write_text("region,x\n1,1\n1,2\n")
    with pytest.raises(RegionsError, match="more than once"):
        read_regions(path)
    path.write_text("code,x\n1,1\n")
    with pytest.raises(RegionsError, match="'region' column"):
        read_regions(path)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("NaN", "not a number"),
        ("很多", "not a number"),
        ("#REF!", "an Excel error value"),
        ("#DIV/0!", "an Excel error value"),
        ("#N/A", "an Excel error value"),
        ("=A1*2", "a formula"),
    ],
)
def test_a_spoilt_indicator_cell_is_refused_by_row_and_column(
    tmp_path: Path, cell: str, reason: str
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"region,name,x\n001,A,0.5\n002,B,{cell}\n003,C,0.7\n004,D,\n")
    with pytest.raises(RegionsError) as refused:
        read_regions(path)
    (line,) = refused.value.lines()
    assert line.startswith(f"r.csv: row 3, field 'x': {reason}")
    assert line.endswith(f"[{cell}]")


def test_an_empty_indicator_cell_stays_missing_and_names_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("region,name,x\n001,A,0.5\n002,B,\n003,C,—\n")
    frame = read_regions(path)
    assert frame["x"].isna().tolist() == [False, True, True]
    assert frame["name"].tolist() == ["A", "B", "C"]


def test_outcomes_are_all_numbers_and_a_table_without_rows_is_refused(tmp_path: Path) -> None:
    from microparks.io.region_tables import read_outcomes

    path = tmp_path / "o.csv"
    path.write_text("region,name,jobs\n001,A,很多\n")
    with pytest.raises(RegionsError, match=r"o\.csv: row 2, field 'jobs': not a number"):
        read_outcomes(path)
    path.write_text("region,parks,jobs\n")
    with pytest.raises(RegionsError, match=r"o\.csv: the table has no row of data"):
        read_outcomes(path)


def test_a_scheme_the_core_refuses_is_named(tmp_path: Path) -> None:
    from microparks.io.regions_data import read_checked_scheme

    path = tmp_path / "s.yaml"
    path.write_text("name: t\nversion: '1'\nindicators:\n  x: {weight: 1, direction: up}\n")
    with pytest.raises(RegionsError, match=r"s\.yaml: indicator 'x'.*direction 'up'"):
        read_checked_scheme(path)


def test_shipped_schemes_are_valid() -> None:
    for name in ("china_county", "us_county"):
        scheme = check_scheme(read_readiness_scheme(name))
        assert scheme.indicators
        assert set(scheme.peer_indicators)


@pytest.fixture(scope="module")
def china() -> pd.DataFrame:
    if not SHARED_DATA.exists():
        pytest.skip("shared data absent")
    return read_china_county_indicators(SHARED_DATA / "census_county_2020_v1.xlsx")


@pytest.mark.shared_data
def test_china_counties_readiness_and_peers(china: pd.DataFrame) -> None:
    assert 2800 < len(china) < 3000
    assert china["rural_share"].between(0, 1).all()
    assert china["ageing_share"].between(0, 0.5).all()
    # LQs are shares relative to the nation: employment-weighted mean of LQ_C equals 1 only
    # with weights; check a plausible spread instead.
    assert china["lq_manufacturing"].median() == pytest.approx(0.6, abs=0.3)
    # relatedness to the hosted industries (section C at the census's level): manufacturing's
    # usual companions (construction, trade, finance) are urban, so it falls with rural share
    rel = china["relatedness_hosted"]
    assert rel.notna().sum() > 2800
    assert rel.dropna().between(0, 1).all()
    assert rel.corr(china["rural_share"]) < -0.5
    scheme = check_scheme(read_readiness_scheme("china_county"))
    result = score_readiness(china, scheme)
    table = result.table
    scored = table["score"].notna()
    assert scored.sum() > 2700
    # every unscored county says why: missing indicators or eligibility, never a silent zero
    unscored = table[~scored]
    assert ((unscored["missing"] != "") | (unscored["not_eligible"] != "")).all()
    assert set(result.dropped) == {
        "idle_land_m2",
        "vacant_floor_m2",
        "fiscal_revenue_per_capita_cny",
        "distance_to_east_km",
    }
    # 云和县 (Yunhe, Zhejiang: wooden-toy manufacturing): peers with similar rural share and
    # industry mix, mostly in Zhejiang
    peers = rank_peers(china, "331125", list(scheme.peer_indicators), k=10).table
    pilot = china.loc["331125"]
    near = china.loc[peers.index]
    assert (near["lq_manufacturing"] > 1.5).all()
    assert (near["rural_share"] - pilot["rural_share"]).abs().max() < 0.25
    assert (near["province"] == "浙江省").sum() >= 5


@pytest.mark.shared_data
def test_us_counties_readiness(tmp_path: Path) -> None:
    us = read_us_county_indicators(SHARED_DATA / "us_rural_atlas_2018")
    assert 3100 < len(us) < 3300
    assert (us.index.str.len() == 5).all()
    result = score_readiness(us, check_scheme(read_readiness_scheme("us_county")))
    scored = result.table["score"].notna()
    assert scored.sum() > 3100
    assert (result.table.loc[~scored, "missing"] != "").all()
    peers = rank_peers(us, "01001", ["rural_code", "manufacturing_share"], k=5).table
    assert np.isfinite(peers["distance"]).all()


@pytest.mark.shared_data
def test_geometry_join(tmp_path: Path, china: pd.DataFrame) -> None:
    geo = read_region_geometry(SHARED_DATA / "cn_counties_2875_simplified.parquet")
    assert (geo.index.str.len() == 6).all()
    out = tmp_path / "r.geojson"
    written = write_regions(china[["name", "rural_share"]].head(200), out, geo)
    assert 150 < written <= 200
    assert out.stat().st_size > 0


@pytest.mark.shared_data
def test_distance_to_eastern_markets(china: pd.DataFrame) -> None:
    geo = read_region_geometry(SHARED_DATA / "cn_counties_2875_simplified.parquet")
    out = add_distance_to_hubs(china, geo, read_market_hubs())
    d = out["distance_to_east_km"]
    assert d.notna().sum() > 2800
    assert d["331125"] < 400  # 云和县, Zhejiang
    assert d.loc[out["province"] == "新疆维吾尔自治区"].min() > 1500
    assert pd.isna(out.loc[d.isna(), "distance_to_east_km_hub"]).all()
    # with distance present, the optional indicator is used; counties without a polygon are
    # reported as not knowing it and scored on the other indicators, never as zero
    result = score_readiness(out, check_scheme(read_readiness_scheme("china_county")))
    assert "distance_to_east_km" in result.contributions.columns
    table = result.table
    no_polygon = table.loc[d.isna() & (table["not_eligible"] == "") & (table["missing"] == "")]
    assert len(no_polygon) > 0
    assert (no_polygon["not_known"] == "distance_to_east_km").all()
    assert no_polygon["score"].notna().all()
    assert (no_polygon["weight_known"] < 1).all()
    assert result.contributions.loc[no_polygon.index, "distance_to_east_km"].isna().all()
