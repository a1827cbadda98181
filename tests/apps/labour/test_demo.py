"""The demo county's labour register: a 人社-shaped GBK file, imported once, the same each time."""

from __future__ import annotations

from typing import Any

import pytest

from microparks.apps.labour.models import PoolEntry, PoolVersion
from microparks.apps.labour.services import township_totals
from microparks.demo.generate import generate_demo
from microparks.demo.labour import LABOUR_SHARE, demo_register, load_demo_labour
from microparks.io.labour_register import read_labour_register

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo() -> Any:
    return generate_demo()


def _regions(demo: Any) -> None:
    from microparks.apps.regions.models import Region

    county = Region.objects.create(
        code=demo.county.code, name=demo.county.name, level=Region.Level.COUNTY
    )
    for t in demo.townships:
        Region.objects.create(code=t.code, name=t.name, level=Region.Level.TOWNSHIP, parent=county)


def test_the_demo_register_is_read_as_a_county_keeps_it(demo: Any) -> None:
    name, data = demo_register(demo)
    assert name == "青岚县2025年农村劳动力资源登记汇总表.csv"
    assert data == demo_register(generate_demo())[1]  # the same bytes from the same seed
    townships = {t.code: t.name for t in demo.townships}
    register = read_labour_register(data, townships, file_name=name)
    assert register.encoding == "GB18030"
    assert register.totals_checked == 1  # the 合计 row, equal to its rows' sums
    assert {r.township_code for r in register.rows} == set(townships)
    for row in register.rows:  # the age bands split the labour force whole
        assert (
            sum(row.counts[k] or 0 for k in ("age_16_30", "age_31_45", "age_46_60", "age_over_60"))
            == row.counts["labour"]
        )


def test_loaded_once_and_a_reload_writes_nothing(demo: Any) -> None:
    _regions(demo)
    written = load_demo_labour(demo)
    assert written == PoolEntry.objects.count() > 8 * 4 - 1
    assert load_demo_labour(demo) == 0
    (pool,) = PoolVersion.objects.all()
    assert (pool.year, pool.version) == (2025, 1)
    for t in township_totals(pool):
        rural = next(d.rural_population for d in demo.townships if d.code == t.township.code)
        # each village rounds its share: the township's sum is within half a person a village
        assert abs(t.counts["labour"] - rural * LABOUR_SHARE) <= t.villages / 2
