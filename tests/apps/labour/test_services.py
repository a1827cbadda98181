"""Importing a register into yearly versions of a county's pool: every row or none."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from microparks.apps.labour.models import PoolEntry, PoolVersion
from microparks.apps.labour.services import county_totals, import_pool, township_totals
from microparks.io.errors import ImportFileError, ImportValidationError
from tests.apps.labour.helpers import ROWS, register_bytes

pytestmark = pytest.mark.django_db


def test_a_register_becomes_version_1_with_its_villages(home: Any, qinglan: Any) -> None:
    data = register_bytes()
    pool = import_pool(data, home.county, 2026, home.users["official"], file_name="登记表.xlsx")
    assert (pool.year, pool.version, pool.created_count, pool.totals_checked) == (2026, 1, 3, 1)
    assert pool.sha256 == hashlib.sha256(data).hexdigest()
    assert pool.imported_by == home.users["official"]
    assert pool.file_name == "登记表.xlsx"
    entries = list(PoolEntry.objects.filter(pool=pool).values_list("township__code", "village"))
    assert entries == [("450101101", "东村"), ("450101101", "西村"), ("450101102", "南村")]
    east = PoolEntry.objects.get(pool=pool, village="东村")
    assert (east.labour, east.migrant, east.available, east.skills) == (500, 300, 120, "缝纫、电焊")
    assert (east.age_16_30, east.age_31_45, east.age_46_60, east.age_over_60) == (100, 150, 200, 50)
    # By township, summed by hand: home town = 东村 + 西村, 青岚镇 = 南村.
    totals = {t.township.code: (t.villages, t.counts) for t in township_totals(pool)}
    assert totals["450101101"][0] == 2
    assert totals["450101101"][1]["labour"] == 900
    assert totals["450101101"][1]["available"] == 270
    assert totals["450101101"][1]["age_over_60"] == 100
    assert totals["450101102"][1]["migrant"] == 150
    county = county_totals(township_totals(pool))
    assert (county["labour"], county["available"], county["monitored"]) == (1200, 370, 12)


def test_a_second_import_of_the_year_is_version_2_and_version_1_stays(
    home: Any, qinglan: Any
) -> None:
    first = import_pool(register_bytes(), home.county, 2026, None, file_name="a.xlsx")
    rows = [r[:] for r in ROWS]
    rows[0][5], rows[-1][5] = 130, 380  # 东村 在家可就业 120 → 130, the 合计 with it
    second = import_pool(register_bytes(rows), home.county, 2026, None, file_name="b.xlsx")
    other_year = import_pool(
        register_bytes(title="2025"), home.county, 2025, None, file_name="c.xlsx"
    )
    assert (second.version, other_year.version) == (2, 1)
    assert first.sha256 != second.sha256
    old = {t.township.code: t.counts["available"] for t in township_totals(first)}
    new = {t.township.code: t.counts["available"] for t in township_totals(second)}
    assert (old["450101101"], new["450101101"]) == (270, 280)
    assert PoolVersion.objects.filter(region=home.county).count() == 3


@pytest.mark.parametrize(
    ("row", "column", "value", "field"),
    [
        (0, 3, -5, "劳动力人数（人）"),  # negative count
        (1, 3, "四百", "劳动力人数（人）"),  # text in a number cell
        (2, 1, "黑水镇", "乡镇"),  # unknown township
        (2, 5, 301, "在家可就业人数（人）"),  # 在家可就业 > 劳动力
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    home: Any, qinglan: Any, row: int, column: int, value: Any, field: str
) -> None:
    rows = [r[:] for r in ROWS]
    rows[row][column] = value
    with pytest.raises(ImportValidationError) as refused:
        import_pool(register_bytes(rows), home.county, 2026, None, file_name="bad.xlsx")
    errors = [e for e in refused.value.errors if e.field == field]
    assert errors
    assert errors[0].row == row + 3  # title on row 1, header on row 2
    assert PoolVersion.objects.count() == 0
    assert PoolEntry.objects.count() == 0


def test_a_township_of_another_county_is_unknown(home: Any, other: Any, qinglan: Any) -> None:
    rows = [r[:] for r in ROWS]
    rows[2][1] = "other town"
    with pytest.raises(ImportValidationError) as refused:
        import_pool(register_bytes(rows), home.county, 2026, None, file_name="x.xlsx")
    assert [(e.row, e.field, e.value) for e in refused.value.errors][:1] == [
        (5, "乡镇", "other town")
    ]


def test_only_a_county_takes_a_pool(home: Any) -> None:
    with pytest.raises(ImportFileError):
        import_pool(register_bytes(), home.township, 2026, None, file_name="x.xlsx")
