"""Readers refuse what the malformed corpus found them accepting (NaN, unknown CRS, 1e308 …)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microparks.core.admission import ProjectInputError
from microparks.io.admission import read_project
from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.io_tables import IOTableError, read_io_csv
from microparks.io.spatial import read_layer

RING = [[107.87, 24.37], [107.871, 24.37], [107.871, 24.371], [107.87, 24.371], [107.87, 24.37]]


def _geojson(path: Path, ring_text: str, crs: str | None = None) -> Path:
    head = f'"crs": {{"type": "name", "properties": {{"name": "{crs}"}}}}, ' if crs else ""
    feature = (
        '{"type": "Feature", "properties": {"code": "A1"}, '
        f'"geometry": {{"type": "Polygon", "coordinates": [{ring_text}]}}}}'
    )
    path.write_text(f'{{"type": "FeatureCollection", {head}"features": [{feature}]}}', "utf-8")
    return path


def test_a_nan_coordinate_is_refused_by_row(tmp_path: Path) -> None:
    ring = json.dumps(RING).replace("24.371]", "NaN]", 1)
    with pytest.raises(ImportValidationError) as caught:
        read_layer(_geojson(tmp_path / "nan.geojson", ring))
    (error,) = caught.value.errors
    assert (error.row, error.field, error.reason) == (1, "geometry", "not a finite coordinate")
    assert "nan" in error.value


@pytest.mark.parametrize("name", ["urn:ogc:def:crs:EPSG::999999", "EPSG:999999"])
def test_an_unknown_crs_is_refused_naming_it(tmp_path: Path, name: str) -> None:
    path = _geojson(tmp_path / "crs.geojson", json.dumps(RING), crs=name)
    with pytest.raises(ImportFileError) as caught:
        read_layer(path)
    assert "crs.geojson" in caught.value.text()
    assert name in caught.value.text()


def test_a_known_declared_crs_is_still_read(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "ok.geojson", json.dumps(RING), crs="urn:ogc:def:crs:OGC:1.3:CRS84")
    assert len(read_layer(path).frame) == 1


def _project(tmp_path: Path, **fields: object) -> Path:
    data = {"name": "定制家具项目", "industry_codes": ["2110"], "output_cny": 30_000_000, **fields}
    path = tmp_path / "project.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_a_declared_number_out_of_range_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectInputError) as caught:
        read_project(_project(tmp_path, output_cny=1e308, emissions_t={"cod": 1e9}))
    text = "\n".join(caught.value.problems)
    assert "output_cny: 1e+308 is out of range" in text
    assert "emissions_t.cod: 1e+09 is out of range" in text
    assert read_project(_project(tmp_path)).output_cny == 30_000_000


@pytest.mark.parametrize(
    ("code", "says"),
    [("131", "0131 is (a leading zero lost?)"), ("13", "not a GB/T 4754 class code (4 digits")],
)
def test_a_code_that_is_not_a_class_is_refused_naming_it(
    tmp_path: Path, code: str, says: str
) -> None:
    with pytest.raises(ProjectInputError) as caught:
        read_project(_project(tmp_path, industry_codes=[code]))
    (problem,) = caught.value.problems
    assert f"industry_codes: {code} " in problem
    assert says in problem


IO_TABLE = """sector,agri,manuf,total_output
agri,{cell},500,1000
manuf,200,100,2000
"""


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("NaN", "not a number"), ("1e308", "an intermediate input above the total output")],
)
def test_an_io_cell_that_cannot_be_is_refused_by_row_and_column(
    tmp_path: Path, cell: str, reason: str
) -> None:
    path = tmp_path / "io.csv"
    path.write_text(IO_TABLE.format(cell=cell), "utf-8")
    with pytest.raises(IOTableError) as caught:
        read_io_csv(path)
    (error,) = caught.value.row_errors
    assert (error.row, error.field) == (2, "agri")
    assert reason in error.reason
    assert caught.value.source == "io.csv"


def test_an_io_table_without_nan_is_read(tmp_path: Path) -> None:
    path = tmp_path / "io.csv"
    path.write_text(IO_TABLE.format(cell="—"), "utf-8")  # no figure: 0
    assert read_io_csv(path).A[0, 0] == 0
