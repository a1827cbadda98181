from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.spending import read_spending, read_spending_upload


def test_csv_with_chinese_headers_and_names(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        '年度,类别,金额,园区编码,依据\n2021,闲置厂房改造,"2,500,000.004",P1,县政府常务会议纪要\n'
        ",,,,\n2022,Rent support,0,,预算\n",
        encoding="utf-8-sig",
    )
    rows = read_spending(path)
    assert [(r.row, r.year, r.category, r.amount_cny, r.park) for r in rows] == [
        (2, 2021, "renovation", Decimal("2500000.00"), "P1"),
        (4, 2022, "rent_support", Decimal("0.00"), ""),
    ]


def test_excel_keys(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    pd.DataFrame(
        {"year": [2023], "category": ["services"], "amount_cny": [12.5], "source": ["note"]}
    ).to_excel(path, index=False)
    (row,) = read_spending(path)
    assert (row.year, row.category, row.amount_cny, row.park) == (
        2023,
        "services",
        Decimal("12.50"),
        "",
    )


def test_every_bad_cell_named() -> None:
    data = (
        b"year,category,amount_cny,source\n2023.5,land,abc,\n1800,other,-1,x\n2024,other,1e400,y\n"
    )
    with pytest.raises(ImportValidationError) as info:
        read_spending_upload(data, "s.csv")
    got = {(e.row, e.field, e.reason) for e in info.value.errors}
    assert got == {
        (2, "year", "not a whole number"),
        (2, "category", "unknown value; accepted: %(accepted)s"),
        (2, "amount_cny", "not a number"),
        (2, "source", "a value is required"),
        (3, "year", "impossible value: must be %(bounds)s"),
        (3, "amount_cny", "impossible value: must be %(bounds)s"),
        (4, "amount_cny", "not a finite number"),
    }
    assert "row 2, field 'category': unknown value; accepted: Land preparation / " in str(
        info.value
    )


def test_missing_columns_named_on_the_header_row() -> None:
    with pytest.raises(ImportValidationError) as info:
        read_spending_upload("标题\n年度,金额\n2020,1\n".encode(), "s.csv")
    assert [(e.row, e.field) for e in info.value.errors] == [(2, "category"), (2, "source")]


def test_file_level_errors() -> None:
    with pytest.raises(ImportFileError, match="no rows"):
        read_spending_upload(b"year,category,amount_cny,source\n", "s.csv")
    with pytest.raises(ImportFileError, match="unsupported table type"):
        read_spending_upload(b"x", "s.pdf")
