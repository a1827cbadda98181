"""The evaluation and impact files of the ledger corpus read as expected.yaml (evaluation:) says.

Each file is a county bureau's own table (title row, 序号, Chinese headers with 万元/亩/万千瓦时,
合计 and 注 rows, GBK for CSV), read with no mapping by the reader the import uses; the values
expected are in base units, worked out by hand. A refused file names each bad cell by row (as
the user sees it), column (as the file names it), value and reason, and returns nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from microparks.io.county_tables import shipped_vocabulary
from microparks.io.errors import ImportValidationError
from microparks.io.evaluation_files import read_bureau_figures
from microparks.io.evaluation_records import read_evaluation_records
from microparks.io.impact_inputs import read_programme, read_tenants
from microparks.io.ledger import read_sheet
from microparks.io.region_extras import read_region_values
from microparks.io.regions_data import RegionsError
from microparks.io.spending import read_spending

CORPUS = Path(__file__).resolve().parents[1] / "data" / "ledgers"
CASES = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["evaluation"]
Read = tuple[dict[str, list[Any]], list[int]]


def _records(path: Path) -> Read:
    records = read_evaluation_records(path)
    values = {k: list(v) for k, v in records.columns.items()}
    return values, list(records.rows)


def _bureau(path: Path) -> Read:
    figures = read_bureau_figures(path.read_bytes(), path.name)
    values = {
        "credit_code": list(figures.credit_codes),
        "year": list(figures.years),
        "tax_cny": list(figures.tax_cny),
        "electricity_kwh": list(figures.electricity_kwh),
    }
    return values, list(figures.rows)


def _spending(path: Path) -> Read:
    rows = read_spending(path)
    values = {
        "year": [r.year for r in rows],
        "category": [r.category for r in rows],
        "amount_cny": [float(r.amount_cny) for r in rows],
        "park": [r.park for r in rows],
    }
    return values, [r.row for r in rows]


def _tenants(path: Path) -> Read:
    figures = read_tenants(path)
    values: dict[str, list[Any]] = {"industry_code": figures.industry_codes}
    values.update({k: list(v) for k, v in figures.measures.items()})
    return values, list(figures.rows)


def _programme(path: Path) -> Read:
    data = read_programme(path)
    values: dict[str, list[Any]] = {"year": data.years, "tax": data.tax, "jobs": data.jobs or []}
    values.update({f"cost_{k}": v for k, v in data.costs.items()})
    sheet = read_sheet(path, vocabulary=shipped_vocabulary("programme"))
    return values, [int(r) for r in sheet.frame.index]


def _region_values(path: Path) -> Read:
    table = read_region_values(path)
    values: dict[str, list[Any]] = {"region": list(table.index)}
    values.update({c: list(table[c]) for c in table.columns})
    sheet = read_sheet(path, vocabulary=shipped_vocabulary("region_values"))
    return values, [int(r) for r in sheet.frame.index]


READERS: dict[str, tuple[Callable[[Path], Read], str]] = {
    "records": (_records, "records"),
    "bureau": (_bureau, "bureau"),
    "spending": (_spending, "spending"),
    "tenants": (_tenants, "tenants"),
    "programme": (_programme, "programme"),
    "region_values": (_region_values, "region_values"),
}


def _same(got: Any, expected: Any) -> bool:
    if expected is None:
        return got is None or got == "" or (isinstance(got, float) and math.isnan(got))
    if isinstance(expected, bool):
        return bool(got) is expected
    if isinstance(expected, int | float):
        return float(got) == pytest.approx(expected, rel=1e-9, abs=1e-6)
    return str(got) == str(expected)


IMPORTED = {k: v for k, v in CASES.items() if v["outcome"] == "imported"}
REFUSED = {k: v for k, v in CASES.items() if v["outcome"] == "refused"}


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_county_file_imports_in_base_units(name: str) -> None:
    case = IMPORTED[name]
    read, vocabulary = READERS[case["reader"]]
    values, rows = read(CORPUS / name)
    assert rows == case["rows"]
    for key, expected in case["values"].items():
        got = values[key]
        assert len(got) == len(expected), key
        assert all(_same(g, e) for g, e in zip(got, expected, strict=True)), (key, got)
    sheet = read_sheet(CORPUS / name, vocabulary=shipped_vocabulary(vocabulary))
    assert [s.row for s in sheet.skipped] == case["skipped"]
    assert sheet.encoding == case.get("encoding")
    assert "序号" in sheet.dropped or "序号" not in "".join(map(str, sheet.frame.columns))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_county_file_names_every_cell(name: str) -> None:
    case = REFUSED[name]
    read, _vocabulary = READERS[case["reader"]]
    with pytest.raises((ImportValidationError, RegionsError)) as info:
        read(CORPUS / name)
    errors = info.value.errors if isinstance(info.value, ImportValidationError) else ()
    got = [(e.row, e.field, e.value, e.text()) for e in errors]
    assert len(got) == len(case["problems"]), got
    for (row, field, value, text), want in zip(got, case["problems"], strict=True):
        assert (row, field, value) == (want["row"], want["field"], str(want["value"]))
        assert want["reason"] in text


def test_the_corpus_names_every_import_of_this_part() -> None:
    kinds = {case["reader"] for case in CASES.values()}
    assert kinds == set(READERS)
    assert {case["reader"] for case in REFUSED.values()} >= {"records", "bureau", "spending"}
