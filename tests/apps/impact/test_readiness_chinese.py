"""The readiness page and its job speak Chinese: the core's messages are translated, not English.

Each kind of message the core gives the page is triggered: a region not eligible (the file's
English reason found again through the scheme), a pilot not in the data, a pilot missing an
indicator, how peers differ (in standard deviations), and a scheme or table the job refuses.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from microparks.apps.impact import readiness
from microparks.apps.impact.readiness_jobs import _problem
from microparks.core.replicability import SchemeError, check_scheme, score_readiness
from microparks.io.regions_data import RegionsError, read_regions

pytestmark = pytest.mark.django_db

SCHEME = """name: t
indicators:
  rural_share: {weight: 2}
  lq_agriculture: {weight: 1}
eligibility:
  population: {min: 5000}
"""
ROWS = pd.DataFrame(
    {
        "region": ["450101", "450102", "450103", "450104", "330101"],
        "name": ["甲县", "乙县", "丙县", "丁县", "戊县"],
        "province": ["广西", "广西", "广西", "广西", "浙江"],
        "population": [90000, 80000, 70000, 3000, 60000],
        "rural_share": [0.8, 0.7, 0.2, 0.5, 0.5],
        "lq_agriculture": [2.0, 1.8, None, 1.0, 0.8],
        "score": [0.7, 0.65, None, None, 0.4],
        "rank": [1, 2, None, None, 3],
        "missing": ["", "", "lq_agriculture", "", ""],
        "not_eligible": ["", "", "", "population outside [5000, inf]", ""],
    }
)


@pytest.fixture
def page(client, home, settings, tmp_path: Path):
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(SCHEME)
    path = tmp_path / "readiness.csv"
    ROWS.to_csv(path, index=False)
    settings.READINESS_FILE = str(path)
    settings.READINESS_SCHEME = str(scheme)
    readiness._load.cache_clear()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(home.users["official"])

    def get(**query: str) -> str:
        response = client.get(reverse("impact:readiness"), query)
        assert response.status_code == 200
        return str(response.content.decode())

    return get


def test_the_file_holds_the_reason_rank_writes() -> None:
    regions = ROWS.set_index("region")[["population", "rural_share", "lq_agriculture"]]
    result = score_readiness(regions, check_scheme(yaml.safe_load(SCHEME)))
    assert result.table.loc["450104", "not_eligible"] == ROWS.loc[3, "not_eligible"]


def test_a_region_not_eligible_is_told_why_in_chinese(page) -> None:
    text = page()
    assert "population 不在 [5000, inf] 范围内" in text
    assert "outside" not in text
    explained = page(peer="450104")
    assert "population 不在 [5000, inf] 范围内（或无数值）" in explained
    assert "outside" not in explained


def test_peers_differ_in_standard_deviations_in_chinese(page) -> None:
    text = page(peer="450101")
    assert "个标准差" in text
    assert " sd<" not in text
    assert " sd;" not in text


def test_no_peers_is_told_in_chinese(page) -> None:
    unknown = page(peer="999999")
    assert "数据中没有地区 &#x27;999999&#x27;" in unknown
    assert "is not in the data" not in unknown
    lacking = page(peer="450103")
    assert "地区 &#x27;450103&#x27; 缺少指标 lq_agriculture" in lacking
    assert "misses indicator" not in lacking


def test_the_job_tells_a_refused_scheme_or_table_in_chinese(tmp_path: Path) -> None:
    table = tmp_path / "census.csv"
    table.write_text("region,rural_share\n450101,0.5\n450101,0.6\n", encoding="utf-8")
    with pytest.raises(RegionsError) as refused:
        read_regions(table)
    scheme = SchemeError(
        "indicator column(s) absent from the regions' data: %(names)s", {"names": "lq_x"}
    )
    with translation.override("zh-hans"):
        assert _problem(scheme, {}) == "地区数据中缺少指标列：lq_x"
        told = _problem(refused.value, {str(table): "普查.csv"})
    assert "census.csv" not in told
    assert "appears more than once" not in told
    assert "450101" in told
