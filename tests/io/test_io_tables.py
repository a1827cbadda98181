from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from microparks.core.impact import calc_multipliers, check_concordance
from microparks.io.io_tables import (
    IOTableError,
    read_additionality,
    read_concordance_rows,
    read_io_csv,
    read_make_use,
)
from tests.conftest import SHARED_DATA

MB_CSV = """sector,agri,manuf,total_output,household_consumption
agri,150,500,1000,90
manuf,200,100,2000,50
labour_income,300,500,,
employment,10,30,,
"""


def test_read_io_csv_miller_blair(tmp_path: Path) -> None:
    path = tmp_path / "mb.csv"
    path.write_text(MB_CSV)
    t = read_io_csv(path)
    assert t.sectors == ("agri", "manuf")
    np.testing.assert_allclose(t.A, [[0.15, 0.25], [0.2, 0.05]])
    np.testing.assert_allclose(t.employment, [10, 30])
    assert t.taxes is None
    np.testing.assert_allclose(t.household_consumption, [90, 50])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,a\na,1\n", "first column"),
        ("sector,a,b\na,1,2\nb,1,2\n", "total_output"),
        ("sector,a,b,total_output\nb,1,2,3\na,1,2,3\n", "must equal"),
        ("sector,a,total_output\na,x,3\n", r"bad\.csv: row 2, field 'a': not a number \[x\]"),
        ("sector,a,total_output\na,1e400,3\n", r"row 2, field 'a': not a finite number \[1e400\]"),
        ("sector,a,total_output\na,1,inf\n", r"row 2, field 'total_output': not a number \[inf\]"),
    ],
)
def test_read_io_csv_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(IOTableError, match=message):
        read_io_csv(path)


def test_read_make_use_small(tmp_path: Path) -> None:
    (tmp_path / "make.csv").write_text("x,c1,c2,Total\ni1,90,10,100\ni2,0,100,100\n")
    (tmp_path / "use.csv").write_text(
        "x,i1,i2,F010\nc1,10,40,30\nc2,20,25,50\nV001,50,20,\nV002,5,5,\n"
    )
    (tmp_path / "jobs.csv").write_text("sector,employment\ni1,7\ni2,3\n")
    t = read_make_use(tmp_path / "make.csv", tmp_path / "use.csv", employment=tmp_path / "jobs.csv")
    assert t.sectors == ("i1", "i2")
    np.testing.assert_allclose(t.x, [100, 100])
    np.testing.assert_allclose(t.labour_income, [50, 20])
    np.testing.assert_allclose(t.taxes, [5, 5])
    np.testing.assert_allclose(t.employment, [7, 3])
    # household consumption of commodities (30, 50) mapped to industries by market shares
    # D = V diag(q)^-1 with q = (90, 110): c1 all from i1; c2 10/110 from i1, 100/110 from i2
    np.testing.assert_allclose(t.household_consumption, [30 + 50 * 10 / 110, 50 * 100 / 110])
    (tmp_path / "use2.csv").write_text("x,i1\nc1,10\nc2,20\n")
    with pytest.raises(IOTableError, match="disagree"):
        read_make_use(tmp_path / "make.csv", tmp_path / "use2.csv")


def test_concordance_and_additionality_files(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("code,sector,share\n13,food,1\n17,textiles,0.5\n17,other,0.5\n")
    c = check_concordance(read_concordance_rows(tmp_path / "c.csv"), ["food", "textiles", "other"])
    assert c.lookup("1711") == ((1, 0.5), (2, 0.5))
    data = read_additionality()
    assert {"deadweight", "displacement", "leakage"} <= set(data["shares"])


@pytest.mark.shared_data
def test_bea_2017_summary_industry_multipliers() -> None:
    t = read_make_use(
        SHARED_DATA / "bea_summary_make_2017_beforeredef.csv",
        SHARED_DATA / "bea_summary_use_2017_pro_beforeredef.csv",
    )
    assert len(t.sectors) == 71
    r = calc_multipliers(
        t.A,
        t.x,
        labour_income=t.labour_income,
        household_consumption=t.household_consumption,
        taxes=t.taxes,
        consumption_propensity=0.6,
        sectors=t.sectors,
    )
    out = r.multipliers["output_type1"]
    # Known check (shared data README): about 1.21 to 2.78, median about 1.83.
    assert out.min() == pytest.approx(1.21, abs=0.01)
    assert out.max() == pytest.approx(2.78, abs=0.01)
    assert float(np.median(out)) == pytest.approx(1.83, abs=0.01)
    assert np.all(r.multipliers["output_type2"] > out)
    frame = r.to_frame().set_index("sector")
    # Farms (111CA) buy much from other industries; real estate (ORE) little.
    assert frame.loc["111CA", "output_type1"] > frame.loc["ORE", "output_type1"]
