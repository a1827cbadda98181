"""Every API input has limits: pages, ids, finite numbers; answers are strict JSON."""

from __future__ import annotations

import io
import json
import math
import zipfile
from typing import Any

import pytest

from microparks.apps.common.api import MAX_OFFSET, MAX_PAGE, StrictJSONRenderer, strict_json
from microparks.io.archives import ArchiveLimits, ArchiveRefused, check_archive
from tests.apps.test_api import login, post, site_payload

pytestmark = pytest.mark.django_db

LISTS = ["/api/tickets", "/api/enterprises", "/api/prospects", "/api/sites"]


@pytest.mark.parametrize("url", LISTS)
def test_huge_offset_is_a_422_naming_the_limit(client: Any, home: Any, url: str) -> None:
    login(client, home.users["admin"])
    response = client.get(url, {"offset": 10**30}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json() == {
        "errors": {"offset": [f"Ensure this value is less than or equal to {MAX_OFFSET}."]}
    }


@pytest.mark.parametrize("url", LISTS)
def test_limit_above_the_page_is_a_422_naming_it(client: Any, home: Any, url: str) -> None:
    login(client, home.users["admin"])
    response = client.get(url, {"limit": MAX_PAGE + 1}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    assert str(MAX_PAGE) in response.json()["errors"]["limit"][0]
    assert client.get(url, {"limit": MAX_PAGE, "offset": MAX_OFFSET}).json()["items"] == []


def test_out_of_range_id_is_a_422_not_a_server_error(client: Any, home: Any) -> None:
    login(client, home.users["admin"])
    assert client.get(f"/api/sites/{2**64}").status_code == 422
    assert client.get(f"/api/sites?park={2**64}").status_code == 422


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e308"])
def test_non_finite_or_huge_area_refused(client: Any, home: Any, value: str) -> None:
    login(client, home.users["official"])
    body = json.dumps(site_payload(home.township.code)).replace(
        '"land_area_m2": 12000', f'"land_area_m2": {value}'
    )
    assert value in body
    response = client.post("/api/sites", data=body, content_type="application/json")
    assert response.status_code == 422
    assert "land_area_m2" in response.json()["errors"]
    assert client.get("/api/sites", {"min_land_area_m2": "inf"}).status_code == 422


def test_a_finite_site_still_saves(client: Any, home: Any) -> None:
    login(client, home.users["official"])
    response = post(client, "/api/sites", site_payload(home.township.code))
    assert response.status_code == 201, response.json()


def test_strict_json_maps_non_finite_to_null() -> None:
    data = {"a": math.nan, "b": [1.5, math.inf, {"c": -math.inf}], "d": "x"}
    assert strict_json(data) == {"a": None, "b": [1.5, None, {"c": None}], "d": "x"}
    rendered = StrictJSONRenderer().render(None, data, response_status=200)  # type: ignore[arg-type]
    assert json.loads(rendered) == {"a": None, "b": [1.5, None, {"c": None}], "d": "x"}
    assert "NaN" not in rendered
    assert "Infinity" not in rendered


def _zip(entries: dict[str, bytes]) -> io.BytesIO:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    packed.seek(0)
    return packed


def test_archive_checks_ratio_total_and_entries() -> None:
    limits = ArchiveLimits(max_entries=3, max_total_bytes=50 * 2**20, max_ratio=100)
    check_archive(_zip({"a.shp": b"shape" * 1000, "a.dbf": b"rows"}), limits)  # passes
    check_archive(io.BytesIO(b"year,amount\n2023,1\n"), limits)  # not a zip: not its business
    with pytest.raises(ArchiveRefused, match="inflates"):
        check_archive(_zip({"sheet.xml": b"0" * (20 * 2**20)}), limits)
    with pytest.raises(ArchiveRefused, match="extract to"):
        check_archive(_zip({"a": b"0" * (30 * 2**20), "b": b"1" * (30 * 2**20)}), limits)
    with pytest.raises(ArchiveRefused, match="holds 4 files"):
        check_archive(_zip({f"f{i}": b"x" for i in range(4)}), limits)
    with pytest.raises(ArchiveRefused, match="damaged"):
        check_archive(io.BytesIO(b"PK\x03\x04broken"), limits)
    handle = _zip({"a": b"x"})
    handle.seek(0)
    check_archive(handle, limits)
    assert handle.tell() == 0  # left where it was, for the reader
