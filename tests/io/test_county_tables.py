"""The one reader of a county's tables: both ways a missing column is told, and the cell checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from microparks.io.county_tables import (
    CODE_AS_NUMBER,
    EMPTY_CELL,
    MISSING_COLUMN,
    MISSING_COLUMNS,
    REQUIRED_VALUE,
    TableRefusal,
    default_context,
    read_county_table,
    shipped_vocabulary,
)
from microparks.io.errors import ImportFileError

LONG = "地区代码,行业代码,从业人员数（万人）\n130102,C13,1.5\n130104,,2\n"


def _csv(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


class Refused(TableRefusal):
    """A reader's own refusal type."""


def test_fields_units_and_rows_as_the_user_sees_them(tmp_path: Path) -> None:
    table = read_county_table(_csv(tmp_path, "县统计表\n" + LONG), None, "long")
    assert table.sheet.header_row == 2
    assert table.ledger.columns["employment"] == "从业人员数（万人）"
    assert list(table.ledger.frame.index) == [3, 4]
    assert table.ledger.frame.loc[3, "employment"] == pytest.approx(15000.0)
    assert table.errors == ()
    assert not table.empty
    assert list(table.rest.columns) == []


def test_a_missing_column_is_a_problem_on_the_header_row(tmp_path: Path) -> None:
    table = read_county_table(
        _csv(tmp_path, "标题\n" + LONG), "t.csv", shipped_vocabulary("long"), required=["year"]
    )
    (error,) = table.errors
    assert (error.row, error.field, error.reason) == (2, "year", MISSING_COLUMN)
    assert "no column for year; headers taken for it: 年份 / 年度" in error.text()


def test_with_a_refusal_a_missing_column_refuses_the_file_naming_its_headers(
    tmp_path: Path,
) -> None:
    with pytest.raises(Refused) as refused:
        read_county_table(
            _csv(tmp_path, LONG),
            None,
            "long",
            required=[("value", "output"), "region"],
            refusal=Refused,
        )
    problem = refused.value.file_error
    assert problem is not None
    assert problem.message == MISSING_COLUMNS
    assert refused.value.lines() == [
        "t.csv: missing column(s): value; the file's headers: "
        "地区代码, 行业代码, 从业人员数（万人）"
    ]


def test_one_of_the_alternatives_suffices(tmp_path: Path) -> None:
    table = read_county_table(
        _csv(tmp_path, LONG), None, "long", required=[("value", "employment")], refusal=Refused
    )
    assert table.errors == ()


def test_an_empty_required_cell_in_either_wording(tmp_path: Path) -> None:
    rows = read_county_table(_csv(tmp_path, LONG), None, "long", required=["industry"])
    refusing = read_county_table(
        _csv(tmp_path, LONG), None, "long", required=["industry"], refusal=Refused
    )
    assert [(e.row, e.field, e.reason) for e in rows.errors] == [(3, "行业代码", REQUIRED_VALUE)]
    assert [(e.row, e.field, e.reason) for e in refusing.errors] == [(3, "行业代码", EMPTY_CELL)]
    unchecked = read_county_table(
        _csv(tmp_path, LONG), None, "long", required=["industry"], filled=()
    )
    assert unchecked.errors == ()


def test_an_unreadable_file_raises_the_readers_refusal_or_the_file_error(tmp_path: Path) -> None:
    empty = _csv(tmp_path, "")
    with pytest.raises(ImportFileError):
        read_county_table(empty, None, "long")
    with pytest.raises(Refused) as refused:
        read_county_table(empty, None, "long", refusal=Refused)
    assert refused.value.source == "t.csv"


def test_a_code_stored_as_a_number_in_a_workbook_is_reported(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["地区代码", "行业代码", "从业人员数（人）"])
    sheet.append(["130102", "0111", 5])
    sheet.append(["130102", 111, 7])
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = read_county_table(path, None, "long", code_fields=["industry"])
    assert [(e.row, e.field, e.reason, e.value) for e in table.errors] == [
        (3, "行业代码", CODE_AS_NUMBER, "111")
    ]


def test_one_shipped_vocabulary_loaded_once_and_next_year_as_context() -> None:
    assert shipped_vocabulary("long") is shipped_vocabulary("long")
    assert default_context() == {"next_year": float(dt.date.today().year + 1)}
