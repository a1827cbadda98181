"""``GET /api/labour/pool``: a version by township, for the county's staff only."""

from __future__ import annotations

from typing import Any

import pytest

from microparks.apps.labour.models import PoolVersion
from microparks.apps.labour.services import import_pool
from tests.apps.labour.helpers import register_bytes

pytestmark = pytest.mark.django_db
URL = "/api/labour/pool"


@pytest.fixture
def pool(home: Any, qinglan: Any) -> PoolVersion:
    return import_pool(register_bytes(), home.county, 2026, None, file_name="a.xlsx")


def test_anonymous_is_401(client: Any, pool: Any) -> None:
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize(
    "role", ["official", "investment", "park_manager", "labour_service", "admin"]
)
def test_the_pool_by_township(client: Any, home: Any, pool: Any, role: str) -> None:
    client.force_login(home.users[role])
    body = client.get(URL).json()
    assert (body["county"], body["year"], body["version"], body["version_id"]) == (
        "450101",
        2026,
        1,
        pool.pk,
    )
    assert body["sha256"] == pool.sha256
    by_code = {t["code"]: t for t in body["townships"]}
    assert (by_code["450101101"]["villages"], by_code["450101101"]["labour"]) == (2, 900)
    assert by_code["450101102"]["available"] == 100
    assert (body["total"]["labour"], body["total"]["age_over_60"]) == (1200, 150)


@pytest.mark.parametrize("role", ["enterprise", "handler"])
def test_other_roles_find_nothing(client: Any, home: Any, pool: Any, role: str) -> None:
    client.force_login(home.users[role])
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}?version={pool.pk}").status_code == 404


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "labour_service"])
def test_another_county_finds_nothing(client: Any, other: Any, pool: Any, role: str) -> None:
    client.force_login(other.users[role])
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}?version={pool.pk}").status_code == 404
    assert client.get(f"{URL}?county=450101").status_code == 404


def _vacancy(county: Any, **more: Any) -> Any:
    import datetime as dt

    from microparks.apps.labour.models import Vacancy

    values = {
        "enterprise": county.enterprise,
        "park": county.park,
        "post": "包装工",
        "number": 5,
        "wage_min_cny": 3000,
        "wage_max_cny": 3800,
        "shifts": "day",
        "start_date": dt.date(2026, 7, 1),
        "contact_phone": "0771-7654321",
    }
    return Vacancy.objects.create(**(values | more))


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "enterprise"])
def test_vacancies_of_ones_scope_only(client: Any, home: Any, other: Any, role: str) -> None:
    mine = _vacancy(home)
    _vacancy(home, post="已招满", status="filled")
    _vacancy(other, post="别县岗位")
    client.force_login(home.users[role])
    body = client.get("/api/labour/vacancies?status=open").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["id"], item["post"], item["park"], item["wage_max_cny"]) == (
        mine.pk,
        "包装工",
        "home-P1",
        3800,
    )
    assert client.get("/api/labour/vacancies").json()["count"] == 2


def test_vacancies_need_a_session_and_a_role(client: Any, home: Any) -> None:
    _vacancy(home)
    assert client.get("/api/labour/vacancies").status_code == 401
    client.force_login(home.users["handler"])
    assert client.get("/api/labour/vacancies").json()["count"] == 0
