import csv

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook

from microparks.core.codes import calc_credit_code_check
from microparks.io.evaluation_files import (
    read_benchmarks,
    write_evaluation_results,
    write_records_template,
)
from microparks.io.evaluation_records import (
    BAD_CREDIT_CODE,
    COLUMNS,
    SAME_FIRM,
    RecordsFileError,
    read_evaluation_records,
)


def code(i: int) -> str:
    first = f"91330100{i:09d}"
    return first + calc_credit_code_check(first)


def row(i: int, **changes):
    base = {
        "credit_code": code(i),
        "name": f"firm {i}",
        "above_size": "1",
        "land_m2": "20000",
        "tax_cny": "9000000",
        "value_added_cny": "30000000",
        "revenue_cny": "40000000",
        "jobs": "150",
        "energy_tce": "1000",
        "electricity_kwh": "2000000",
        "rd_cny": "1200000",
        "cod_t": "0.4",
        "ammonia_n_t": "0.1",
        "so2_t": "",
        "nox_t": "0.1",
    }
    base.update(changes)
    return base


def write_csv(path, rows):
    keys = list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    return path


def test_reads_valid_csv(tmp_path):
    path = write_csv(tmp_path / "r.csv", [row(1), row(2, cod_t="", ammonia_n_t="", nox_t="")])
    records = read_evaluation_records(path)
    assert len(records) == 2
    assert records.credit_codes[0] == code(1)
    assert records.inputs["emissions_t"][0] == pytest.approx(0.6)
    assert np.isnan(records.inputs["emissions_t"][1])
    assert records.inputs["above_size"].tolist() == [True, True]
    assert records.inputs["vetoed"].tolist() == [False, False]  # optional column absent


IMPOSSIBLE = "impossible value: must be %(bounds)s"


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"tax_cny": "-5"}, "tax_cny", IMPOSSIBLE),
        ({"land_m2": "0"}, "land_m2", IMPOSSIBLE),
        ({"land_m2": "20000000"}, "land_m2", IMPOSSIBLE),  # 20 km²
        ({"revenue_cny": "lots"}, "revenue_cny", "not a number"),
        ({"revenue_cny": "1e400"}, "revenue_cny", "not a finite number"),
        ({"revenue_cny": "inf"}, "revenue_cny", "not a number"),
        ({"revenue_cny": "NaN"}, "revenue_cny", "not a number"),
        ({"jobs": "12.5"}, "jobs", "not a whole number"),
        ({"jobs": "100001"}, "jobs", IMPOSSIBLE),
        ({"above_size": "maybe"}, "above_size", "unknown value; accepted: %(accepted)s"),
        ({"credit_code": "91330100799655058A"}, "credit_code", BAD_CREDIT_CODE),
        ({"energy_tce": ""}, "energy_tce", "a value is required"),
    ],
)
def test_bad_cell_named_and_nothing_returned(tmp_path, changes, column, reason):
    path = write_csv(tmp_path / "r.csv", [row(1), row(2), row(3, **changes)])
    with pytest.raises(RecordsFileError) as info:
        read_evaluation_records(path)
    assert [(e.row, e.field, e.reason) for e in info.value.errors] == [(4, column, reason)]
    assert f"row 4, field '{column}'" in str(info.value)


def test_every_bad_cell_is_listed(tmp_path):
    path = write_csv(tmp_path / "r.csv", [row(1, tax_cny="-1"), row(1, land_m2="abc")])
    with pytest.raises(RecordsFileError) as info:
        read_evaluation_records(path)
    assert [(e.row, e.field, e.reason) for e in info.value.errors] == [
        (2, "tax_cny", IMPOSSIBLE),
        (3, "land_m2", "not a number"),
        (3, "credit_code", SAME_FIRM),
    ]
    assert info.value.errors[-1].params == {"first": 2}


def test_missing_column(tmp_path):
    rows = [{k: v for k, v in row(1).items() if k != "tax_cny"}]
    with pytest.raises(RecordsFileError) as info:
        read_evaluation_records(write_csv(tmp_path / "r.csv", rows))
    (error,) = info.value.errors
    assert (error.row, error.field) == (1, "tax_cny")
    assert "no column for tax paid (CNY); headers taken for it: 实缴税金 / 实缴税收" in str(error)


def test_template_round_trip(tmp_path):
    path = write_records_template(tmp_path / "t.xlsx", [row(1), row(2, above_size="0")])
    book = load_workbook(path)
    assert book.sheetnames == ["Annual records", "说明"]  # the instructions sheet is passed over
    assert book.worksheets[0]["A1"].value == "*统一社会信用代码"
    assert book.worksheets[0]["E2"].value == 900  # 9 000 000 元 in 万元, as the header says
    records = read_evaluation_records(path)
    assert records.inputs["above_size"].tolist() == [True, False]
    assert records.inputs["tax_cny"][0] == 9_000_000


def test_excel_numbers_and_bad_cell_with_sheet(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "records"
    keys = list(row(1))
    ws.append(keys)
    ws.append([9_000_000 if k == "tax_cny" else v for k, v in row(1).items()])
    ws.append([("text" if k == "land_m2" else v) for k, v in row(2).items()])
    path = tmp_path / "r.xlsx"
    book.save(path)
    with pytest.raises(RecordsFileError) as info:
        read_evaluation_records(path)
    (error,) = info.value.errors
    assert (error.row, error.field, error.reason, error.value) == (
        3,
        "land_m2",
        "not a number",
        "text",
    )


def test_records_sheet_is_taken_before_others(tmp_path):
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["填表说明：金额单位为元"])
    book.create_sheet("other").append(["x", "y"])
    sheet = book.create_sheet("records")
    sheet.append(list(row(1)))
    sheet.append(list(row(1).values()))
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert read_evaluation_records(path).credit_codes == (code(1),)


def test_a_workbook_without_data_is_refused(tmp_path):
    book = Workbook()
    book.active.title = "Sheet1"
    path = tmp_path / "r.xlsx"
    book.save(path)
    with pytest.raises(RecordsFileError) as info:
        read_evaluation_records(path)
    assert info.value.errors == ()
    assert info.value.file_error is not None
    assert "the file is empty" in str(info.value)


def test_unreadable_and_empty(tmp_path):
    bad = tmp_path / "r.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(RecordsFileError, match="not a readable workbook"):
        read_evaluation_records(bad)
    empty = tmp_path / "e.csv"
    empty.write_text(",".join(c.key for c in COLUMNS if c.required) + "\n", encoding="utf-8")
    with pytest.raises(RecordsFileError, match="no records"):
        read_evaluation_records(empty)


def test_benchmarks_csv_and_yaml(tmp_path):
    csv_path = tmp_path / "b.csv"
    csv_path.write_text(
        "group,indicator,value\nbelow_size,tax_per_mu,11.5932\nbelow_size,tax_per_kwh,0.2352\n",
        encoding="utf-8",
    )
    assert read_benchmarks(csv_path) == {
        "below_size": {"tax_per_mu": 11.5932, "tax_per_kwh": 0.2352}
    }
    yaml_path = tmp_path / "b.yaml"
    yaml_path.write_text("all:\n  tax_per_mu: 6\n", encoding="utf-8")
    assert read_benchmarks(yaml_path) == {"all": {"tax_per_mu": 6.0}}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "group,indicator,value\nall,tax_per_acre,1\nall,tax_per_mu,-1\n", encoding="utf-8"
    )
    with pytest.raises(RecordsFileError) as info:
        read_benchmarks(bad)
    assert [(e.row, e.reason) for e in info.value.errors] == [
        (2, "unknown indicator"),
        (3, "must be greater than zero"),
    ]
    infinite = tmp_path / "inf.csv"
    infinite.write_text("group,indicator,value\nall,tax_per_mu,inf\n", encoding="utf-8")
    with pytest.raises(RecordsFileError, match="not a number"):
        read_benchmarks(infinite)


def test_write_results_csv_and_xlsx(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"credit_code": [code(1)], "total": [88.5], "class": ["A"]})
    out = write_evaluation_results(tmp_path / "o.csv", frame)
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].endswith("88.5,A")
    out = write_evaluation_results(tmp_path / "o.xlsx", frame)
    assert load_workbook(out)["results"]["C2"].value == "A"


def test_bureau_figures_from_excel_with_chinese_headers():
    import io

    from microparks.io.evaluation_files import read_bureau_figures

    book = Workbook()
    ws = book.active
    ws.append(["统一社会信用代码", "年度", "用电量"])
    ws.append([code(1), 2024, 1200.5])
    ws.append([code(2), 2024, None])
    buffer = io.BytesIO()
    book.save(buffer)
    figures = read_bureau_figures(buffer.getvalue(), "power.xlsx")
    assert figures.credit_codes == (code(1), code(2))
    assert list(figures.years) == [2024, 2024]
    assert figures.electricity_kwh[0] == 1200.5
    assert np.isnan(figures.electricity_kwh[1])
    assert np.isnan(figures.tax_cny).all()


def test_bureau_figures_bad_cells_listed():
    from microparks.io.evaluation_files import read_bureau_figures

    text = (
        f"credit_code,year,tax_cny\nBAD,2024,1\n{code(1)},20x4,abc\n"
        f"{code(2)},2024,1\n{code(2)},2024,2\n"
    )
    with pytest.raises(RecordsFileError) as exc:
        read_bureau_figures(text.encode(), "tax.csv")
    found = {(e.row, e.field, e.reason) for e in exc.value.errors}
    assert found == {
        (2, "credit_code", BAD_CREDIT_CODE),
        (3, "tax_cny", "not a number"),
        (3, "year", "not a number"),
        (5, "credit_code", SAME_FIRM),
    }
