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


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "admin"])
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


@pytest.mark.parametrize("role", ["official", "investment", "park_manager"])
def test_another_county_finds_nothing(client: Any, other: Any, pool: Any, role: str) -> None:
    client.force_login(other.users[role])
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}?version={pool.pk}").status_code == 404
    assert client.get(f"{URL}?county=450101").status_code == 404
