"""The labour pool pages: who sees and imports what, the version shown, the map, the queries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from microparks.apps.labour.models import PoolEntry, PoolVersion
from microparks.apps.labour.services import import_pool
from tests.apps.labour.helpers import ROWS, register_bytes

pytestmark = pytest.mark.django_db

POOL = reverse("labour:pool")
IMPORT = reverse("labour:pool_import")


@pytest.fixture
def pool(home: Any, qinglan: Any) -> PoolVersion:
    return import_pool(
        register_bytes(), home.county, 2026, home.users["official"], file_name="a.xlsx"
    )


def _upload(client: Any, year: int = 2026, rows: Any = None) -> Any:
    file = SimpleUploadedFile("登记表.xlsx", register_bytes(rows))
    return client.post(IMPORT, {"file": file, "year": year}, follow=True)  # the job runs at once


def test_anonymous_users_are_sent_to_sign_in(client: Any, pool: PoolVersion) -> None:
    for url in (POOL, IMPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["enterprise", "handler"])
def test_tenants_and_handlers_have_no_access(client: Any, home: Any, pool: Any, role: str) -> None:
    client.force_login(home.users[role])
    assert client.get(POOL).status_code == 403
    assert client.get(f"{POOL}?version={pool.pk}").status_code == 403
    assert client.get(IMPORT).status_code == 403


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "labour_service"])
def test_the_county_staff_and_park_managers_see_the_pool(
    client: Any, home: Any, pool: Any, role: str
) -> None:
    client.force_login(home.users[role])
    response = client.get(POOL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["pool"] == pool
    page = response.content.decode()
    assert "劳动力" in page
    totals = response.context["totals"]
    assert (totals["labour"], totals["available"], totals["migrant"]) == (1200, 370, 650)
    geojson = response.context["geojson"]
    shaded = {f["properties"]["code"]: f["properties"]["available"] for f in geojson["features"]}
    assert shaded == {"450101101": 270, "450101102": 100}
    assert 'id="labour-map"' in page
    assert "<th>1,200</th>" in page  # the county's labour force, thousands grouped
    assert response.context["can_import"] is (role in ("official", "investment"))


@pytest.mark.parametrize("role", ["park_manager", "labour_service"])
def test_park_managers_and_employment_service_read_but_do_not_import(
    client: Any, home: Any, pool: Any, role: str
) -> None:
    client.force_login(home.users[role])
    assert client.get(IMPORT).status_code == 403
    file = SimpleUploadedFile("x.xlsx", register_bytes())
    assert client.post(IMPORT, {"file": file, "year": 2026}).status_code == 403
    assert PoolVersion.objects.count() == 1


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "labour_service"])
def test_another_county_never_sees_the_pool(
    client: Any, home: Any, other: Any, pool: Any, role: str
) -> None:
    client.force_login(other.users[role])
    response = client.get(POOL)
    assert response.status_code == 200
    assert response.context["pool"] is None
    assert "东村" not in response.content.decode()
    assert client.get(f"{POOL}?version={pool.pk}").status_code == 404
    assert client.get(f"{POOL}?county={home.county.code}").context["pool"] is None


def test_an_official_imports_into_their_county_as_a_new_version(
    client: Any, home: Any, pool: Any
) -> None:
    client.force_login(home.users["investment"])
    rows = [r[:] for r in ROWS]
    rows[0][5], rows[-1][5] = 130, 380
    shown = _upload(client, rows=rows)  # the job is done: its page sends the user to the pool
    latest = PoolVersion.objects.get(region=home.county, year=2026, version=2)
    assert latest.imported_by == home.users["investment"]
    assert shown.redirect_chain[-1][0].endswith(f"?year=2026&version={latest.pk}")
    assert shown.context["pool"] == latest
    assert shown.context["totals"]["available"] == 380
    assert "当前显示：2026 年第 2 版" in shown.content.decode()  # the page says which version
    first = client.get(f"{POOL}?version={pool.pk}")  # the earlier version stays readable
    assert first.context["totals"]["available"] == 370


def test_a_bad_register_fails_the_job_with_its_rows_and_writes_nothing(
    client: Any, home: Any, qinglan: Any
) -> None:
    client.force_login(home.users["official"])
    rows = [r[:] for r in ROWS]
    rows[2][1] = "黑水镇"
    response = _upload(client, rows=rows)
    job = response.context["job"]
    assert job.status == "failed"
    assert [(p["row"], p["field"], p["value"]) for p in job.result["problems"]] == [
        (5, "乡镇", "黑水镇")
    ]
    assert PoolVersion.objects.count() == 0
    assert PoolEntry.objects.count() == 0


def test_the_administrator_imports_nowhere_but_sees_every_county(
    client: Any, home: Any, pool: Any
) -> None:
    client.force_login(home.users["admin"])
    assert client.get(IMPORT).status_code == 403  # a register goes into one's own county
    assert client.get(POOL).context["pool"] == pool


def test_the_village_list_costs_the_same_queries_whatever_its_length(
    client: Any, home: Any, qinglan: Any
) -> None:
    client.force_login(home.users["official"])
    client.get(POOL)  # the session's first request reads more (the user, the last login)

    def queries(villages: int) -> tuple[int, int]:
        rows = [
            [i, "home town", f"村{i}", 10, 5, 5, 1, 0, 2, 3, 4, 1, "种植"]
            for i in range(1, villages + 1)
        ]
        year = 2000 + villages
        data = register_bytes(rows, title=str(year))
        pool = import_pool(data, home.county, year, None, file_name="v.xlsx")
        url = f"{POOL}?version={pool.pk}&township=450101101"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["page"].object_list) == min(villages, 50)
        with CaptureQueriesContext(connection) as summed:  # the township table and map
            response = client.get(f"{POOL}?version={pool.pk}")
        assert response.context["totals"]["labour"] == 10 * villages
        return len(captured.captured_queries), len(summed.captured_queries)

    assert queries(3) == queries(60)


def test_the_map_is_drawn_by_the_shared_script_without_inline_code(
    client: Any, home: Any, pool: Any
) -> None:
    client.force_login(home.users["official"])
    page = client.get(POOL).content.decode()
    assert 'data-geojson="labour-map"' in page
    assert "style=" not in page.split("<body", 1)[1]
    payload = page.split('<script id="labour-map" type="application/json">', 1)[1].split(
        "</script>"
    )[0]
    assert len(json.loads(payload)["features"]) == 2


@pytest.mark.parametrize("role", ["official", "labour_service"])
def test_the_map_stands_on_the_countys_base(client: Any, home: Any, pool: Any, role: str) -> None:
    home.township.geometry = {
        "type": "Polygon",
        "coordinates": [[[110.0, 25.0], [110.1, 25.0], [110.1, 25.1], [110.0, 25.0]]],
    }
    home.township.save()
    client.force_login(home.users[role])
    page = client.get(POOL).content.decode()
    base = f"{reverse('suitability:basemap')}?county={home.county.code}"
    assert f'data-base-url="{base}"' in page
    layers = [f["properties"]["layer"] for f in client.get(base).json()["features"]]
    assert set(layers) == {"townships"}  # its townships' outlines, nothing of the other county
