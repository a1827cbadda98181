"""The download writers: styled workbooks and GeoPackages as bytes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from openpyxl import load_workbook
from shapely.geometry import Polygon

from microparks.io.exports import MAX_WIDTH, write_gpkg, write_table_xlsx

SQUARE = Polygon([(110, 25), (110.002, 25), (110.002, 25.002), (110, 25.002)])


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_xlsx_sheets_headers_and_typed_cells():
    table = pd.DataFrame(
        {
            "code": ["A-1", "B-2"],
            "area": [20000.0, np.nan],
            "year": pd.array([1998, None], dtype="Int64"),
            "price": [Decimal("12.50"), None],
            "vetoed": [True, False],
            "date": [dt.date(2024, 3, 1), None],
        }
    )
    about = pd.DataFrame({"item": ["scheme"], "value": ["default"]})
    book = _book(write_table_xlsx({"scores": table, "About": about}))
    assert book.sheetnames == ["scores", "About"]
    sheet = book["scores"]
    assert [c.value for c in sheet[1]] == list(table.columns)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    first, second = ([c.value for c in row] for row in sheet.iter_rows(min_row=2))
    assert first[:5] == ["A-1", 20000, 1998, 12.5, True]
    assert isinstance(first[1], (int, float))  # a number cell, not text
    assert isinstance(first[3], float)
    assert first[5].date() == dt.date(2024, 3, 1)
    assert second == ["B-2", None, None, None, False, None]  # NaN, NA and None: empty cells
    assert sheet.max_row == 3
    assert book["About"]["B2"].value == "default"


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    book = _book(write_table_xlsx({"s": pd.DataFrame({"name": ['=HYPERLINK("x")', "+1"]})}))
    cell = book["s"]["A2"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"


def test_xlsx_column_widths_fit_and_count_chinese_twice():
    table = pd.DataFrame({"a": ["x"], "b": ["闲置厂房闲置厂房"], "c": ["n" * 500]})
    sheet = _book(write_table_xlsx({"s": table}))["s"]
    widths = {k: sheet.column_dimensions[k].width for k in "ABC"}
    assert widths["A"] < widths["B"]
    assert widths["B"] >= 16  # eight wide characters
    assert widths["C"] == MAX_WIDTH


def test_xlsx_sheet_names_are_cut_cleaned_and_unique():
    frame = pd.DataFrame({"a": [1]})
    names = {"x" * 40: frame, "x" * 35: frame, "a/b:c": frame}
    book = _book(write_table_xlsx(names))
    assert all(len(n) <= 31 for n in book.sheetnames)
    assert len(set(book.sheetnames)) == 3
    assert "a_b_c" in book.sheetnames


def test_xlsx_of_an_empty_table_has_its_header():
    sheet = _book(write_table_xlsx({"s": pd.DataFrame(columns=["code", "name"])}))["s"]
    assert [c.value for c in sheet[1]] == ["code", "name"]
    assert sheet.max_row == 1


def test_gpkg_opens_with_layer_crs_fields_and_metadata(tmp_path):
    frame = gpd.GeoDataFrame(
        {"code": ["A-1"], "rank": pd.array([None], dtype="Int64"), "name": ["闲置厂房"]},
        geometry=[SQUARE],
        crs=4326,
    )
    path = tmp_path / "out.gpkg"
    path.write_bytes(write_gpkg(frame, "idle_assets", {"scheme": "default", "version": "1"}))
    assert pyogrio.list_layers(path)[:, 0].tolist() == ["idle_assets"]
    back = gpd.read_file(path, layer="idle_assets")
    assert back.crs.to_epsg() == 4326
    assert back.loc[0, "name"] == "闲置厂房"
    assert pd.isna(back.loc[0, "rank"])
    assert back.geometry[0].equals(SQUARE)
    meta = pyogrio.read_info(path, layer="idle_assets")["layer_metadata"]
    assert meta == {"scheme": "default", "version": "1"}


def test_gpkg_reprojects_to_wgs84_and_writes_empty_layers(tmp_path):
    projected = gpd.GeoDataFrame({"a": [1]}, geometry=[SQUARE], crs=4326).to_crs(3857)
    path = tmp_path / "p.gpkg"
    path.write_bytes(write_gpkg(projected, "layer"))
    back = gpd.read_file(path)
    assert back.crs.to_epsg() == 4326
    assert back.geometry[0].equals_exact(SQUARE, tolerance=1e-9)
    empty = gpd.GeoDataFrame({"a": pd.Series([], dtype="float64")}, geometry=[], crs=4326)
    path.write_bytes(write_gpkg(empty, "layer"))
    back = gpd.read_file(path)
    assert len(back) == 0
    assert back.crs.to_epsg() == 4326


@pytest.mark.parametrize("value", [np.inf, -np.inf])
def test_xlsx_infinity_is_an_empty_cell(value):
    sheet = _book(write_table_xlsx({"s": pd.DataFrame({"a": [value]})}))["s"]
    assert sheet["A2"].value is None
