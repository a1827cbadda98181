"""``microparks targeting complexity`` and ``shift-share`` end to end through Typer."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.core.targeting import TargetingWarning, calc_complexity_panel

runner = CliRunner()
COLUMNS = [
    "year", "region", "industry", "value", "rca", "mcp", "density", "diversity", "ubiquity",
    "eci", "pci", "coi", "cog",
]  # fmt: skip


def write_panel(path: Path, *, with_year: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    rows = []
    for year in (2019, 2020) if with_year else (None,):
        x = rng.poisson(rng.gamma(0.8, 1.0, (40, 1)) * rng.gamma(0.6, 1.0, (1, 12)) * 300)
        for r in range(40):
            for i in range(12):
                row = {"region": f"{r:06d}", "industry": f"C{i:02d}", "value": int(x[r, i])}
                if year is not None:
                    row["year"] = year
                rows.append(row)
    df = pd.DataFrame(rows)
    df.to_csv(path, index=False)
    return df


@pytest.mark.parametrize("density_self", ["include", "exclude"])
def test_complexity_writes_the_core_result(tmp_path: Path, density_self: str) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    df = write_panel(src)
    res = runner.invoke(
        app,
        ["targeting", "complexity", "--input", str(src), "--out", str(out),
         "--density-self", density_self],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, dtype={"region": str})
    assert list(got.columns) == COLUMNS
    assert len(got) == 2 * 40 * 12
    assert got["region"].str.len().eq(6).all()  # codes keep their leading zeros
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        ref = calc_complexity_panel(
            df.astype({"region": str}),
            density_self=density_self,  # type: ignore[arg-type]
        ).to_frame()
    for col in ("rca", "density", "eci", "pci", "coi", "cog"):
        np.testing.assert_allclose(got[col], ref[col].astype(float), rtol=1e-10, atol=1e-11)
    assert (got["mcp"] == ref["mcp"]).all()


def test_density_flag_changes_density(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_panel(src, with_year=False)
    outs = {}
    for flag in ("include", "exclude"):
        out = tmp_path / f"{flag}.csv"
        res = runner.invoke(
            app,
            ["targeting", "complexity", "--input", str(src), "--out", str(out),
             "--density-self", flag, "--threshold", "1.0"],
        )  # fmt: skip
        assert res.exit_code == 0, res.output
        outs[flag] = pd.read_csv(out)
    assert "year" not in outs["include"].columns
    assert not np.allclose(outs["include"]["density"], outs["exclude"]["density"])
    np.testing.assert_allclose(outs["include"]["eci"], outs["exclude"]["eci"])


def test_complexity_reports_bad_rows(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("region,industry,value\n01,A,3\n02,B,abc\n03,,-1\n", encoding="utf-8")
    res = runner.invoke(
        app, ["targeting", "complexity", "--input", str(src), "--out", str(tmp_path / "o.csv")]
    )
    assert res.exit_code == 1  # wrong data: exit 1 (2 is for wrong options)
    # every bad cell: file, row as the user sees it, column, reason and value, in Chinese
    assert "bad.csv: 第 3 行，字段“value”：不是数字 [abc]" in res.output
    assert "bad.csv: 第 4 行，字段“industry”：为空：此处必须填写" in res.output
    assert "bad.csv: 第 4 行，字段“value”：数值不合理：应 ≥ 0 [-1]" in res.output
    src.write_text("region,value\n01,3\n", encoding="utf-8")
    res = runner.invoke(
        app, ["targeting", "complexity", "--input", str(src), "--out", str(tmp_path / "o.csv")]
    )
    assert res.exit_code == 1
    assert "bad.csv: 缺少列：industry；" in res.output


def test_complexity_rejects_unknown_density_option(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_panel(src)
    res = runner.invoke(
        app,
        ["targeting", "complexity", "--input", str(src), "--out", str(tmp_path / "o.csv"),
         "--density-self", "both"],
    )  # fmt: skip
    assert res.exit_code == 2


def krumme_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    # Krumme's Holukuluku table (see tests/core/targeting/test_shiftshare.py); the nation is the
    # region plus the rest of the country, industries coded differently in the first period.
    region_0, region_1 = [500, 100, 200, 200], [1000, 100, 250, 280]
    nation_0, nation_1 = [10_000, 20_000, 40_000, 30_000], [11_000, 24_000, 52_000, 42_000]
    old, new = ["a", "b", "c", "d"], ["I", "II", "III", "IV"]
    start = pd.DataFrame(
        {"region": ["HK"] * 4 + ["REST"] * 4, "industry": old * 2,
         "value": region_0 + [n - r for n, r in zip(nation_0, region_0, strict=True)]}
    )  # fmt: skip
    end = pd.DataFrame(
        {"region": ["HK"] * 4 + ["REST"] * 4, "industry": new * 2,
         "value": region_1 + [n - r for n, r in zip(nation_1, region_1, strict=True)]}
    )  # fmt: skip
    mapping = pd.DataFrame({"source": old, "target": new})
    paths = tmp_path / "start.csv", tmp_path / "end.csv", tmp_path / "map.csv"
    for frame, path in zip((start, end, mapping), paths, strict=True):
        frame.to_csv(path, index=False)
    return paths


def test_shift_share_reproduces_the_worked_table(tmp_path: Path) -> None:
    start, end, mapping = krumme_files(tmp_path)
    out = tmp_path / "ss.csv"
    res = runner.invoke(
        app,
        ["targeting", "shift-share", "--start", str(start), "--end", str(end), "--region", "HK",
         "--mapping", str(mapping), "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out).set_index("industry")
    assert table["competitive"].tolist() == pytest.approx([450, -20, -10, 0, 420])
    assert table["industry_mix"].tolist() == pytest.approx([-95, -9, 2, 22, -80])
    assert table.loc["total", "national_share"] == pytest.approx(290)


def test_shift_share_prints_a_table_and_rejects_unknown_region(tmp_path: Path) -> None:
    start, end, mapping = krumme_files(tmp_path)
    base = ["targeting", "shift-share", "--start", str(start), "--end", str(end)]
    res = runner.invoke(app, [*base, "--region", "HK", "--mapping", str(mapping)])
    assert res.exit_code == 0, res.output
    assert "Shift-share of HK" in res.output
    assert "420.0" in res.output
    res = runner.invoke(app, [*base, "--region", "ZZ", "--mapping", str(mapping)])
    assert res.exit_code == 1
    assert "neither table" in res.output


DIVISIONS = ["13", "14", "17", "18", "19", "26", "30", "31", "39", "41"]


def write_divisions(path: Path) -> None:
    rng = np.random.default_rng(21)
    x = rng.gamma(0.8, 1.0, (60, 1)) * rng.gamma(0.8, 1.0, (1, 10)) * rng.gamma(2, 1, (60, 10))
    rows = [
        {"region": f"{4500 + r:06d}", "industry": d, "value": round(float(x[r, j]) * 500, 1)}
        for r in range(60)
        for j, d in enumerate(DIVISIONS)
    ]
    pd.DataFrame(rows).to_csv(path, index=False)


def test_rank_excludes_two_high_sectors_with_reasons(tmp_path: Path) -> None:
    src, out = tmp_path / "emp.csv", tmp_path / "rank.csv"
    write_divisions(src)
    res = runner.invoke(
        app,
        ["targeting", "rank", "--employment", str(src), "--region", "004503", "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out, dtype={"industry": str, "weights_version": str})
    assert set(table["industry"]) == set(DIVISIONS)
    two_high = {"26", "30", "31"}  # chemicals, building materials, steel (default rule set)
    assert set(table.loc[table["excluded"], "industry"]) == two_high
    assert table.loc[table["excluded"], "rank"].isna().all()
    assert table.loc[table["excluded"], "reason_zh"].str.contains("两高行业").all()
    assert table.loc[table["excluded"], "reason_en"].str.contains("TH-").all()
    ranked = table[~table["excluded"]]
    assert ranked["rank"].tolist() == list(range(1, 8))
    assert ranked["labour_fit"].notna().all()  # divisions carry a labour intensity
    assert table["name"].str.len().gt(0).all()
    assert (table["weights_version"] == "2026.3").all()
    assert not table["non_tradable"].any()  # manufacturing divisions are all tradable
    assert "门类" not in res.output  # divisions: no note about sections only


def test_rank_weights_file_and_errors(tmp_path: Path) -> None:
    src, out = tmp_path / "emp.csv", tmp_path / "rank.csv"
    write_divisions(src)
    weights = tmp_path / "w.yaml"
    weights.write_text('version: "x1"\nweights:\n  labour_fit: 1\n', encoding="utf-8")
    base = ["targeting", "rank", "--employment", str(src), "--out", str(out)]
    res = runner.invoke(app, [*base, "--region", "004503", "--weights", str(weights)])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out, dtype={"industry": str})
    ranked = table[~table["excluded"]]
    np.testing.assert_allclose(ranked["score"], ranked["labour_fit"])
    weights.write_text("weights:\n  luck: 1\n", encoding="utf-8")
    res = runner.invoke(app, [*base, "--region", "004503", "--weights", str(weights)])
    assert res.exit_code == 1
    assert "w.yaml: weights: unknown keys luck" in res.output  # the file and the field named
    weights.write_text("weights:\n  labour_fit: 0.5\n", encoding="utf-8")
    res = runner.invoke(app, [*base, "--region", "004503", "--weights", str(weights)])
    assert res.exit_code == 1  # a weights document's weights sum to 1
    assert "w.yaml: weights" in res.output
    res = runner.invoke(app, [*base, "--region", "999999"])
    assert res.exit_code == 1
    assert res.stdout == ""
    (line,) = res.stderr.strip().splitlines()  # one line: the file and the missing county
    assert line.startswith("error: emp.csv: 就业数据中没有地区 999999")
    assert "region 999999 is not in the employment table" in line
