"""The statistical and command-line tables of the ledger corpus, read with no mapping.

Each file of ``tests/data/ledgers`` under ``tables:`` in ``expected.yaml`` goes through the
reader its command uses; its values (worked out by hand in base units) or its refusal (every
bad cell: row as the user sees it, the file's column, reason, value) must come out. Then the
commands: a refusal is printed in Chinese by default and in English on request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.io.admission import DeclarationFileError, read_declaration
from microparks.io.census import read_census_counties
from microparks.io.county_tables import TableRefusal
from microparks.io.io_tables import read_io_csv
from microparks.io.matching_files import read_matching_table
from microparks.io.mcda_tables import read_pairwise_csv
from microparks.io.regions_data import read_regions
from microparks.io.tables import read_long_csv
from microparks.io.targeting_inputs import read_employment_table

CORPUS = Path(__file__).resolve().parents[1] / "data" / "ledgers"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)["tables"]

READERS = {
    "census": read_census_counties,
    "long": read_long_csv,
    "io_table": read_io_csv,
    "regions": read_regions,
    "prospects": lambda p: read_matching_table(p, "prospects"),
    "sites": lambda p: read_matching_table(p, "sites"),
    "pairwise": read_pairwise_csv,
    "declaration": read_declaration,
}


def _read(name: str) -> Any:
    return READERS[EXPECTED[name]["reader"]](CORPUS / name)


def _read_ok(reader: str) -> list[str]:
    return [n for n, e in EXPECTED.items() if e["reader"] == reader and e["outcome"] == "read"]


def test_the_corpus_is_what_make_tables_writes() -> None:
    written = {p.name for p in CORPUS.iterdir() if p.suffix in (".xlsx", ".csv")}
    assert set(EXPECTED) <= written


@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if e["outcome"] == "refused"])
def test_bad_cells_are_refused_each_named(name: str) -> None:
    with pytest.raises((TableRefusal, DeclarationFileError)) as refused:
        _read(name)
    error = refused.value
    found = (error.refusal if isinstance(error, DeclarationFileError) else error).row_errors
    wanted = EXPECTED[name]["problems"]
    assert len(found) == len(wanted), [str(e) for e in found]
    for error, case in zip(found, wanted, strict=True):
        assert (error.row, error.field, error.value) == (case["row"], case["field"], case["value"])
        assert case["reason"] in error.text()


@pytest.mark.parametrize("name", _read_ok("census"))
def test_census_tables(name: str) -> None:
    case = EXPECTED[name]
    census = read_census_counties(CORPUS / name)
    assert census.year == case["year"]
    assert [row for row, _reason in census.skipped] == case["skipped"]
    jobs = census.employment.set_index(["region", "industry"])["employment"]
    for region, section, persons in case["employment"]:
        assert jobs[(region, section)] == persons
    population = census.attributes.set_index("region")["population"]
    for region, persons in case["population"].items():
        assert population[region] == pytest.approx(persons)


@pytest.mark.parametrize("name", _read_ok("long"))
def test_long_tables(name: str) -> None:
    case = EXPECTED[name]
    table = read_long_csv(CORPUS / name)
    assert [row for row, _reason in table.attrs["skipped"]] == case["skipped"]
    assert table.attrs["encoding"] == case.get("encoding")
    for column, values in case["values"].items():
        if column == "value":
            np.testing.assert_allclose(table[column], values)
        else:
            assert table[column].tolist() == values


def test_a_county_workbook_is_an_employment_table_for_targeting() -> None:
    census = read_employment_table(CORPUS / "census_prefecture.xlsx")
    assert census.year == 2020
    long = read_employment_table(CORPUS / "employment_long.xlsx")  # no sections: a long table
    assert long.data["industry"].tolist() == ["0111", "13", "C"]
    gbk = read_employment_table(CORPUS / "census_prefecture_gbk.csv")  # wide CSV: census
    assert set(gbk.data["industry"]) == {"A", "C", "F", "H"}


def test_io_table_in_chinese() -> None:
    case = EXPECTED["io_table_gbk.csv"]
    table = read_io_csv(CORPUS / "io_table_gbk.csv")
    assert list(table.sectors) == case["sectors"]
    np.testing.assert_allclose(table.A, case["A"])
    np.testing.assert_allclose(table.labour_income, case["labour_income"])  # type: ignore[arg-type]
    np.testing.assert_allclose(table.household_consumption, case["household_consumption"])  # type: ignore[arg-type]


def test_region_table_in_chinese() -> None:
    values = EXPECTED["regions_gbk.csv"]["values"]
    table = read_regions(CORPUS / "regions_gbk.csv")
    assert table.index.tolist() == values["region"]
    np.testing.assert_allclose(table["常住人口"], values["常住人口"])
    np.testing.assert_allclose(
        table["工业增加值"], [np.nan if v is None else v for v in values["工业增加值"]]
    )


@pytest.mark.parametrize("name", ["projects.xlsx", "matching_sites_gbk.csv"])
def test_matching_tables_in_chinese(name: str) -> None:
    table = _read(name)
    for column, values in EXPECTED[name]["values"].items():
        if isinstance(values[0], str):
            assert table[column].tolist() == values
        else:
            np.testing.assert_allclose(table[column].astype(float), values)


def test_pairwise_matrix_in_gbk() -> None:
    case = EXPECTED["pairwise_gbk.csv"]
    names, matrix = read_pairwise_csv(CORPUS / "pairwise_gbk.csv")
    assert list(names) == case["criteria"]
    np.testing.assert_allclose(matrix, case["matrix"], rtol=1e-6)


runner = CliRunner()


def test_targeting_refuses_bad_cells_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    bad = CORPUS / "employment_long_bad.xlsx"
    res = runner.invoke(app, ["targeting", "complexity", "--input", str(bad), "--out", str(out)])
    assert res.exit_code == 1
    assert (
        "employment_long_bad.xlsx: 第 5 行，字段“从业人员数（万人）”：不是有限的数字 [1e400]"
        in res.output
    )
    assert "第 7 行，字段“行业代码”：代码以数字格式保存" in res.output


def test_targeting_notes_what_it_left_out(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    src = CORPUS / "employment_long_gbk.csv"
    res = runner.invoke(app, ["targeting", "complexity", "--input", str(src), "--out", str(out)])
    assert "employment_long_gbk.csv：按 GB18030 编码读取" in res.output
    assert "employment_long_gbk.csv：跳过第 5 行（合计行）" in res.output


def test_match_reads_chinese_ledgers_and_refuses_in_english_on_request(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    args = ["match", "--prospects", str(CORPUS / "projects.xlsx")]
    args += ["--sites", str(CORPUS / "matching_sites_gbk.csv"), "--out", str(out)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "2 of 2 prospects assigned" in res.output
    bad = tmp_path / "sites.csv"
    text = (CORPUS / "matching_sites_gbk.csv").read_bytes().decode("gbk").replace("800", "inf")
    bad.write_bytes(text.encode("gbk"))
    res = runner.invoke(app, [*args[:3], "--sites", str(bad), "--out", str(out), "--lang", "en"])
    assert res.exit_code == 1
    assert "sites.csv: row 3, field '供电容量': not a number [inf]" in res.output


def test_mcda_reads_a_gbk_matrix_below_its_title() -> None:
    res = runner.invoke(app, ["mcda", "weights", "--pairwise", str(CORPUS / "pairwise_gbk.csv")])
    assert res.exit_code == 0, res.output
    assert "区位" in res.output


def test_a_declaration_form_goes_to_the_admission_gate() -> None:
    assert read_declaration(CORPUS / "declaration.xlsx") == EXPECTED["declaration.xlsx"]["values"]
    res = runner.invoke(
        app, ["admission", "check", "--enterprise", str(CORPUS / "declaration.xlsx")]
    )
    assert res.exit_code == 0, res.output
    assert '"outcome"' in res.output
    bad = CORPUS / "declaration_bad_gbk.csv"
    res = runner.invoke(app, ["admission", "check", "--enterprise", str(bad)])
    assert res.exit_code == 1
    assert (
        "declaration_bad_gbk.csv: 第 3 行，字段“综合能耗（吨标准煤）”：不是数字 [inf]" in res.output
    )
