"""Long CSV reader, score weights and the GB/T 4754 table."""

from __future__ import annotations

from pathlib import Path

import pytest

from microparks.io.tables import (
    LongTableError,
    read_classification,
    read_long_csv,
)


def test_long_csv_keeps_codes_as_text_and_accepts_bom(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("\ufeffregion , industry,value,year,extra\n 000123,0111, 5.5 ,2020,x\n", "utf-8")
    df = read_long_csv(p)
    assert list(df.columns) == ["region", "industry", "value", "year"]
    assert df.loc[0, "region"] == "000123"
    assert df.loc[0, "industry"] == "0111"
    assert df.loc[0, "value"] == 5.5


def test_long_csv_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("region,industry,value\n,A,1\nb,B,x\nc,C,-2\n", "utf-8")
    with pytest.raises(LongTableError) as err:
        read_long_csv(p)
    assert err.value.problems == [
        "row 2, field 'region': empty: a value is required",
        "row 3, field 'value': not a number [x]",
        "row 4, field 'value': impossible value: must be ≥ 0 [-2]",
    ]
    assert [(e.row, e.field, e.value) for e in err.value.row_errors] == [
        (2, "region", ""),
        (3, "value", "x"),
        (4, "value", "-2"),
    ]
    with pytest.raises(LongTableError, match="cannot read"):
        read_long_csv(tmp_path / "missing.csv")


def test_classification() -> None:
    gbt = read_classification()
    assert gbt.set_index("code").loc["18", "labour_intensity"] == "high"
    assert gbt.set_index("code").loc["0111", "parent"] == "011"
