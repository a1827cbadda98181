"""``microparks evaluate`` in-process (Typer's runner); no database."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.core.codes import calc_credit_code_check

runner = CliRunner()


def code(i: int) -> str:
    first = f"91330100{i:09d}"
    return first + calc_credit_code_check(first)


def records_csv(path, n=3, **bad):
    keys = [
        "credit_code",
        "name",
        "above_size",
        "land_m2",
        "tax_cny",
        "value_added_cny",
        "revenue_cny",
        "jobs",
        "energy_tce",
        "electricity_kwh",
        "rd_cny",
        "cod_t",
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(keys)
        for i in range(n):
            row = {
                "credit_code": code(i + 1),
                "name": f"firm {i + 1}",
                "above_size": "1",
                "land_m2": "20000",
                "tax_cny": str(9_000_000 * (i + 1)),
                "value_added_cny": "30000000",
                "revenue_cny": "40000000",
                "jobs": "150",
                "energy_tce": "1000",
                "electricity_kwh": "2000000",
                "rd_cny": "1200000",
                "cod_t": "0.6",
            }
            if i == n - 1:
                row.update(bad)
            w.writerow([row[k] for k in keys])
    return path


def test_evaluate_huangyan_2022_writes_every_column(tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--records",
            str(records_csv(tmp_path / "r.csv")),
            "--scheme",
            "huangyan",
            "--year",
            "2022",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "huangyan@2023.1, 2022" in text
    assert "Benchmarks of above_size: table 2022" in text
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype={"credit_code": str})
    assert frame["credit_code"].tolist() == [code(1), code(2), code(3)]
    for col in ("tax_per_mu", "score_tax_per_mu", "score_rd_share", "total", "class", "group"):
        assert col in frame.columns
    # Firm 1: 30 万元/mu → 30/24.097×30 (the published 2022 denominator).
    assert frame.loc[0, "score_tax_per_mu"] == pytest.approx(30 / 24.097 * 30)
    # three firms are too few for quotas (fewer than 5): graded by score bands, A from 90 points,
    # so the lowest of three is not D by quota whatever it scores
    assert frame["graded_by"].tolist() == ["small_group"] * 3
    bands = [
        ("A" if t >= 90 else "B" if t >= 70 else "C" if t >= 50 else "D") for t in frame["total"]
    ]
    assert frame["class"].tolist() == bands
    assert frame.loc[0, "electricity_surcharge_cny"] == pytest.approx(
        {"A": 0, "B": 0, "C": 0.10, "D": 0.30}[bands[0]] * 2_000_000
    )


def test_evaluate_xlsx_out_and_benchmarks_file(tmp_path):
    bench = tmp_path / "b.csv"
    bench.write_text("group,indicator,value\nall,tax_per_mu,60\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--records",
            str(records_csv(tmp_path / "r.csv")),
            "--scheme",
            "huaian",
            "--benchmarks",
            str(bench),
            "--year",
            "2024",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_excel(out, sheet_name="results", engine="openpyxl")
    assert frame["score_tax_per_mu"].tolist() == pytest.approx([45 * 30 / 60, 45, 45 * 90 / 60])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "r.csv: row 4, field 'tax_cny': impossible value: must be ≥ 0"),
        ("zh", "r.csv: 第 4 行，字段“tax_cny”：数值不合理：应 ≥ 0"),
    ],
)
def test_bad_cell_is_reported_and_no_output(tmp_path, lang, expected):
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--records",
            str(records_csv(tmp_path / "r.csv", tax_cny="-1")),
            "--scheme",
            "jingde",
            "--out",
            str(out),
            "--lang",
            lang,
        ],
    )
    assert result.exit_code == 1
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unknown_scheme_is_rejected(tmp_path):
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--records",
            str(records_csv(tmp_path / "r.csv")),
            "--scheme",
            "nowhere",
            "--out",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 2
