"""``microparks replicate rank | peers | scenario | indicators``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from microparks.cli.main import app
from tests.conftest import SHARED_DATA

REGIONS = """region,name,province,rural_share,ageing,lq_c,people
001,A,P1,0.8,0.10,1.0,100
002,B,P1,0.2,0.20,3.0,200
003,C,P2,0.5,0.15,2.0,50
004,D,P2,0.6,,1.0,80
"""
SCHEME = """name: t
version: "1"
indicators:
  rural_share: {weight: 2, direction: benefit}
  ageing: {weight: 1, direction: cost}
  lq_c: {weight: 1, direction: benefit}
peers:
  indicators: [rural_share, lq_c]
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    regions = tmp_path / "regions.csv"
    regions.write_text(REGIONS)
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(SCHEME)
    return regions, scheme


def test_rank(runner: CliRunner, files: tuple[Path, Path], tmp_path: Path) -> None:
    regions, scheme = files
    out = tmp_path / "rank.csv"
    args = ["replicate", "rank", "--regions", str(regions), "--scheme", str(scheme), "--lang", "en"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 of 4 regions scored" in result.output
    table = pd.read_csv(out, dtype={"region": str}).set_index("region")
    assert table.loc["001", "score"] == pytest.approx(0.75)
    assert table.loc["001", "rank"] == 1
    assert table.loc["004", "missing"] == "ageing"
    assert {"contrib_rural_share", "top_strength"} <= set(table.columns)
    result = runner.invoke(app, [*args, "--out", str(out), "--province", "P2"])
    assert result.exit_code == 0, result.output
    assert "1 of 2 regions scored" in result.output
    result = runner.invoke(app, [*args, "--out", str(out), "--province", "P9"])
    assert result.exit_code == 2


def test_peers_and_errors(runner: CliRunner, files: tuple[Path, Path]) -> None:
    regions, scheme = files
    args = ["replicate", "peers", "--regions", str(regions), "--scheme", str(scheme)]
    result = runner.invoke(app, [*args, "--region", "001", "--k", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    peer_rows = [line for line in lines if line.startswith(("002", "003", "004"))]
    assert [row[:3] for row in peer_rows] == ["004", "003"]
    result = runner.invoke(app, [*args, "--region", "999"])
    assert result.exit_code == 1
    assert "999" in result.output


def test_scenario(runner: CliRunner, files: tuple[Path, Path], tmp_path: Path) -> None:
    regions, scheme = files
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text("region,parks,jobs\n001,5,3000\n")
    result = runner.invoke(
        app,
        [
            "replicate", "scenario", "--regions", str(regions), "--region", "002",
            "--outcomes", str(outcomes), "--scale", "people", "--scheme", str(scheme),
            "--elasticity", "0",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["expected"]["jobs"]["expected"] == pytest.approx(6000.0)
    assert data["expected"]["jobs"]["low"] == pytest.approx(3000.0)


@pytest.mark.shared_data
def test_indicators_us_atlas_then_rank(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "us.csv"
    result = runner.invoke(
        app,
        [
            "replicate", "indicators", "--us-atlas", str(SHARED_DATA / "us_rural_atlas_2018"),
            "--out", str(table),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = tmp_path / "rank.csv"
    result = runner.invoke(
        app,
        ["replicate", "rank", "--regions", str(table), "--scheme", "us_county", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    ranked = pd.read_csv(out, dtype={"region": str})
    assert ranked["score"].notna().sum() > 3100


OPTIONAL_SCHEME = SCHEME.replace(
    "peers:",
    "  idle_land_m2: {weight: 1, direction: benefit, optional: true}\nmin_known: 2\npeers:",
)


def test_rank_scores_regions_without_optional_values(runner: CliRunner, tmp_path: Path) -> None:
    regions = tmp_path / "regions.csv"
    regions.write_text(REGIONS.replace("people\n", "people,idle_land_m2\n", 1)
                       .replace(",100\n", ",100,100\n").replace(",50\n", ",50,300\n"))  # fmt: skip
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(OPTIONAL_SCHEME)
    out = tmp_path / "rank.csv"
    args = ["replicate", "rank", "--regions", str(regions), "--scheme", str(scheme), "--lang", "en"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 scored without an optional indicator they lack" in result.output
    table = pd.read_csv(out, dtype={"region": str}, keep_default_na=False).set_index("region")
    assert table.loc["002", "not_known"] == "idle_land_m2"
    assert float(table.loc["002", "score"]) == pytest.approx(0.25)  # 0.2 / 0.8, by hand
    assert table.loc["002", "contrib_idle_land_m2"] == ""  # not known: empty, not zero


def test_idle_from_db_marks_counties_without_inventory_not_known(home, other) -> None:
    from microparks.cli.replicate import _idle_from_db

    frame = pd.DataFrame({"x": [1, 2, 3]}, index=pd.Index(["450101", "450202", "999999"]))
    out = _idle_from_db(frame)
    # both fixture counties have an inventory whose one site is already in a park: known 0
    assert out.loc["450101", "idle_land_m2"] == 0
    assert out.loc["450202", "vacant_floor_m2"] == 0
    assert pd.isna(out.loc["999999", "idle_land_m2"])
