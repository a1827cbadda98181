"""``microparks match``: CSV and Excel in and out, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from microparks.cli.main import app

PROSPECTS = pd.DataFrame(
    {
        "id": ["P1", "P2", "P3"],
        "industry": ["C1311", "C1711", "C3011"],
        "land_area_min_m2": [1000, 500, 0],
        "floor_area_min_m2": [0, 800, 0],
        "power_kva": [300, 100, 5000],
        "jobs_needed": [50, 20, 10],
    }
)
SITES = pd.DataFrame(
    {
        "id": ["S1", "S2"],
        "capacity": [1, 2],
        "land_area_m2": [2000, 3000],
        "floor_area_m2": [0, 2000],
        "power_capacity_kva": [500, 400],
        "labour_pool": [100, 300],
        "allowed_industries": ["C13", ""],
        "suitability": [0.8, 0.6],
    }
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    p, s = tmp_path / "prospects.csv", tmp_path / "sites.xlsx"
    PROSPECTS.to_csv(p, index=False)
    SITES.to_excel(s, index=False)
    return p, s


def run(*args):
    return CliRunner().invoke(app, ["match", *map(str, args)])


def test_match_writes_csv_tables(files, tmp_path):
    p, s = files
    out = tmp_path / "out" / "match.csv"
    result = run("--prospects", p, "--sites", s, "--out", out, "--top-k", 2)
    assert result.exit_code == 0, result.output
    assert "2 of 3 prospects assigned" in result.output
    table = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    got = table.set_index("prospect_id")["site_id"].to_dict()
    # only S2 has floor space for P2; P3 needs more power than any site has
    assert got["P2"] == "S2"
    assert got["P1"] in {"S1", "S2"}
    assert got["P3"] == ""
    assert table.set_index("prospect_id").loc["P3", "status"] == "no_feasible_site"
    recs = pd.read_csv(tmp_path / "out" / "match.recommendations.csv", keep_default_na=False)
    p3 = recs[recs.prospect_id == "P3"]
    assert set(p3.kind) == {"excluded"}
    assert all("power" in reason for reason in p3.failed_conditions)
    assert (tmp_path / "out" / "match.site_shortlists.csv").is_file()


def test_match_writes_excel_workbook(files, tmp_path):
    p, s = files
    out = tmp_path / "match.xlsx"
    result = run("--prospects", p, "--sites", s, "--out", out, "--penalty", "100")
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(out, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["assignment", "recommendations", "site_shortlists"]
    assert np.isfinite(sheets["assignment"]["cost"].iloc[:2]).all()


def test_custom_weights_are_used_and_reported(files, tmp_path):
    p, s = files
    weights = tmp_path / "w.yaml"
    weights.write_text("version: county-7\nweights:\n  labour: 1.0\n", encoding="utf-8")
    result = run("--prospects", p, "--sites", s, "--out", tmp_path / "o.csv", "--weights", weights)
    assert result.exit_code == 0, result.output
    assert "county-7" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"prospects_name": "p.txt"}, "expected a .csv"),
        ({"drop_id": True}, "p.csv: 缺少“id”列"),
        ({"bad_power": True}, "p.csv: 第 2 行"),
        ({"weights": "weights:\n  colour: 1\n"}, "weights: unknown keys colour"),
        ({"out": "o.json"}, "output file"),
    ],
)
def test_bad_input_exits_1_with_a_message(tmp_path, change, message):
    prospects = PROSPECTS.drop(columns="id") if change.get("drop_id") else PROSPECTS.copy()
    if change.get("bad_power"):
        prospects["power_kva"] = ["a lot", 1, 2]
    p = tmp_path / change.get("prospects_name", "p.csv")
    prospects.to_csv(p, index=False)
    s = tmp_path / "s.csv"
    SITES.to_csv(s, index=False)
    args = ["--prospects", p, "--sites", s, "--out", tmp_path / change.get("out", "o.csv")]
    if "weights" in change:
        w = tmp_path / "w.yaml"
        w.write_text(change["weights"], encoding="utf-8")
        args += ["--weights", w]
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output


def test_prospect_locations_are_read_and_copied_to_the_assignment(files, tmp_path):
    p, s = files
    PROSPECTS.assign(lon=[113.2644, None, 107.86], lat=[23.1291, None, 24.37]).to_csv(
        p, index=False
    )
    out = tmp_path / "match.csv"
    result = run("--prospects", p, "--sites", s, "--out", out)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("prospect_id")
    assert table.loc["P1", ["prospect_lon", "prospect_lat"]].tolist() == [113.2644, 23.1291]
    assert np.isnan(table.loc["P2", "prospect_lon"])
    assert np.isnan(table.loc["P2", "prospect_lat"])


@pytest.mark.parametrize(
    ("lon", "lat", "message"),
    [
        # the file's rows as the user sees them (the header is row 1), in Chinese by default
        ([113.0, 200.0, 107.0], [23.0, 24.0, 24.0], "p.csv: 第 3 行，字段“lon”"),
        ([113.0, 114.0, 107.0], [23.0, 24.0, -91.0], "p.csv: 第 4 行，字段“lat”"),
        ([113.0, "east", 107.0], [23.0, 24.0, 24.0], "p.csv: 第 3 行，字段“lon”：不是数字 [east]"),
        ([113.0, None, 107.0], [23.0, 24.0, 24.0], "prospects row 2: give both lon and lat"),
        ([113.0, 114.0, 107.0], None, "without the other"),
    ],
)
def test_bad_locations_are_refused_naming_row_and_column(tmp_path, lon, lat, message):
    prospects = PROSPECTS.assign(lon=lon) if lat is None else PROSPECTS.assign(lon=lon, lat=lat)
    p, s = tmp_path / "p.csv", tmp_path / "s.csv"
    prospects.to_csv(p, index=False)
    SITES.to_csv(s, index=False)
    result = run("--prospects", p, "--sites", s, "--out", tmp_path / "o.csv")
    assert result.exit_code == 1
    assert message in result.output
