"""``microparks mcda weights`` and ``rank`` through Typer's CliRunner, on files in tmp_path."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from microparks.cli.main import app

runner = CliRunner()

# Saaty (1990, EJOR 48, 9-26) house example, criteria 1-3 of 8 would not be consistent on their
# own terms; a consistent 3x3 (weights 0.6, 0.3, 0.1) written with fractions:
CONSISTENT = """criterion,land,power,labour
land,1,2,6
power,1/2,1,3
labour,1/6,1/3,1
"""
LIGHT = """,a,b,c,d
a,1,5,6,7
b,1/5,1,4,6
c,1/6,1/4,1,4
d,1/7,1/6,1/4,1
"""
AIRCRAFT = """aircraft,speed,range,payload,cost,reliability,manoeuvrability
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""
AIRCRAFT_ARGS = [
    "--weights",
    "0.2,0.1,0.1,0.1,0.2,0.3",
    "--types",
    "benefit,benefit,benefit,cost,benefit,benefit",
]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_weights_prints_json(tmp_path):
    result = runner.invoke(
        app, ["mcda", "weights", "--pairwise", write(tmp_path, "p.csv", CONSISTENT)]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["weights"] == pytest.approx({"land": 0.6, "power": 0.3, "labour": 0.1})
    assert out["lambda_max"] == pytest.approx(3.0)
    assert out["consistency_index"] == pytest.approx(0.0, abs=1e-9)
    assert out["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)


def test_inconsistent_matrix_is_refused_unless_allowed(tmp_path):
    path = write(tmp_path, "light.csv", LIGHT)
    result = runner.invoke(app, ["mcda", "weights", "--pairwise", path])
    assert result.exit_code == 1
    assert "consistency ratio 0.145 exceeds 0.10" in result.stderr
    assert "a vs d" in result.stderr
    result = runner.invoke(app, ["mcda", "weights", "--pairwise", path, "--max-cr", "0.2"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["lambda_max"] == pytest.approx(4.39, abs=0.005)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,a,b\na,1,2\n", "must be square"),
        ("x,a,b\na,1,2\nb,2,1\n", "not reciprocal"),
        ("x,a,b\na,1,two\nb,1/2,1\n", "p.csv: 第 2 行，字段“b”：不是数字 [two]"),
        ("x,a,b\na,1,1e400\nb,1/2,1\n", "p.csv: 第 2 行，字段“b”：不是有限的数字 [1e400]"),
        ("x,a,b\na,1,2\nc,1/2,1\n", "named 'c'"),
        ("x,a,b\na,1,2,3\nb,1/2,1\n", "row 2 has 3 values"),
        ("", "empty"),
    ],
)
def test_bad_pairwise_files(tmp_path, text, message):
    result = runner.invoke(app, ["mcda", "weights", "--pairwise", write(tmp_path, "p.csv", text)])
    assert result.exit_code == 1  # the file is wrong (2 is for the command line)
    assert message in result.stderr


def _rows(stdout):
    return list(csv.DictReader(io.StringIO(stdout)))


def test_rank_topsis_on_hwang_yoon(tmp_path):
    path = write(tmp_path, "m.csv", AIRCRAFT)
    result = runner.invoke(
        app, ["mcda", "rank", "--matrix", path, *AIRCRAFT_ARGS, "--method", "topsis"]
    )
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert list(rows[0]) == ["alternative", "rank", "score"]
    assert [r["alternative"] for r in rows] == ["A1", "A2", "A3", "A4"]
    np.testing.assert_allclose(
        [float(r["score"]) for r in rows], [0.643, 0.268, 0.613, 0.312], atol=0.001
    )
    assert [int(r["rank"]) for r in rows] == [1, 4, 2, 3]
    assert "normalization=vector" in result.stderr


def test_rank_wsm_without_label_column(tmp_path):
    path = write(tmp_path, "m.csv", "area,cost\n10,2\n5,1\n")
    result = runner.invoke(
        app,
        [
            "mcda",
            "rank",
            "--matrix",
            path,
            "--weights",
            "3,1",
            "--types",
            "benefit,cost",
            "--method",
            "wsm",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert [r["alternative"] for r in rows] == ["1", "2"]
    np.testing.assert_allclose([float(r["score"]) for r in rows], [0.875, 0.625])


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (AIRCRAFT, ["--weights", "1,1"], "the header has 7 columns for 2 weights"),
        (
            AIRCRAFT,
            ["--weights", "1,1,1,1,1,1", "--types", "benefit,cost"],
            "6 weights but 2 types",
        ),
        (AIRCRAFT, ["--weights", "1,a,1,1,1,1"], "comma-separated numbers"),
        (AIRCRAFT, [*AIRCRAFT_ARGS, "--method", "electre"], "--method must be one of"),
        (AIRCRAFT, [*AIRCRAFT_ARGS, "--normalization", "z"], "--normalization must be one of"),
        (AIRCRAFT, ["--weights", "1,1,1,1,1,1", "--types", "b,b,b,b,b,b"], "neither 'benefit'"),
        (AIRCRAFT.replace("20000", "lots", 1), AIRCRAFT_ARGS, "m.csv: 第 2 行，字段“payload”"),
        (
            AIRCRAFT.replace("20000", "inf", 1),
            AIRCRAFT_ARGS,
            "第 2 行，字段“payload”：不是有限的数字 [inf]",
        ),
        ("a,b\n", ["--weights", "1,1"], "no alternatives"),
        ("a,b\n1,2\n3\n", ["--weights", "1,1"], "row 3 has 1 cells"),
        ("a,b\n1,2\n3,-1\n", ["--weights", "1,1", "--method", "wsm"], "positive"),
    ],
)
def test_bad_rank_inputs(tmp_path, text, args, message):
    path = write(tmp_path, "m.csv", text)
    result = runner.invoke(app, ["mcda", "rank", "--matrix", path, *args])
    usage = {"6 weights but 2 types", "comma-separated numbers", "neither 'benefit'"}
    usage |= {"--method must be one of", "--normalization must be one of"}
    assert result.exit_code == (2 if message in usage else 1), result.output  # 1: the file
    assert message in result.stderr
