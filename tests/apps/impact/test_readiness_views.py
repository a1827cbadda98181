"""Readiness page: reads the file of ``microparks replicate rank``; roles; peers; map."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from django.urls import reverse
from shapely.geometry import box

from microparks.apps.impact import readiness

pytestmark = pytest.mark.django_db

ROWS = pd.DataFrame(
    {
        "region": ["450101", "450102", "450103", "330101"],
        "name": ["甲县", "乙县", "丙县", "丁县"],
        "province": ["广西", "广西", "广西", "浙江"],
        "rural_share": [0.8, 0.7, 0.2, 0.5],
        "working_age_share": [0.6, 0.62, 0.7, 0.68],
        "ageing_share": [0.15, 0.14, 0.1, 0.12],
        "schooling_years": [8.0, 8.2, 10.0, 9.0],
        "lq_manufacturing": [0.5, 0.6, 2.0, 1.5],
        "lq_agriculture": [2.0, 1.8, 0.3, 0.8],
        "score": [0.7, 0.65, None, 0.4],
        "rank": [1, 2, None, 3],
        "missing": ["", "", "lq_agriculture", ""],
        "top_strength": ["rural_share", "rural_share", None, "lq_manufacturing"],
    }
)


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def geo_file(settings, tmp_path: Path) -> Path:
    geo = gpd.GeoDataFrame(
        ROWS, geometry=[box(i, 20, i + 1, 21) for i in range(len(ROWS))], crs=4326
    )
    path = tmp_path / "readiness.geojson"
    geo.to_file(path, driver="GeoJSON")
    settings.READINESS_FILE = str(path)
    readiness._load.cache_clear()
    return path


def test_roles(client, home, geo_file):
    url = reverse("impact:readiness")
    assert client.get(url).status_code == 302
    client.force_login(home.users["enterprise"])
    assert client.get(url).status_code == 403
    client.force_login(home.users["investment"])
    assert client.get(url).status_code == 200


def test_without_file_explains_how(client, home, settings, tmp_path):
    settings.READINESS_FILE = ""
    settings.DATA_DIR = tmp_path  # no ranking computed on the page either
    client.force_login(home.users["official"])
    text = client.get(reverse("impact:readiness")).content.decode()
    assert "No ranking yet: compute one above" in text
    assert "MICROPARKS_" not in text  # officials are not told to set the server up
    assert "microparks replicate" not in text  # nor to run commands
    client.force_login(home.users["investment"])
    text = client.get(reverse("impact:readiness")).content.decode()
    assert "a county official computes it on this page" in text


def test_table_map_filter_and_peers(client, home, geo_file):
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:readiness"))
    assert response.status_code == 200
    assert [r["code"] for r in response.context["rows"]] == ["450101", "450102", "330101", "450103"]
    assert response.context["counts"] == {
        "regions": 4,
        "scored": 3,
        "missing": 1,
        "not_known": 0,
    }
    features = response.context["geojson"]["features"]
    assert len(features) == 4
    colours = {f["properties"]["code"]: f["properties"]["colour"] for f in features}
    assert colours["450103"] == "#bbbbbb"  # unscored: grey, not the colour of zero
    assert colours["450101"] == readiness.PALETTE[3]
    filtered = client.get(reverse("impact:readiness"), {"group": "浙江"})
    assert [r["code"] for r in filtered.context["rows"]] == ["330101"]
    peers = client.get(reverse("impact:readiness"), {"peer": "450101"})
    codes = [p["code"] for p in peers.context["peers"]]
    assert codes[0] == "450102"  # the most similar county
    assert "Peers of 甲县 (450101)" in peers.content.decode()
    missing = client.get(reverse("impact:readiness"), {"peer": "999999"})
    assert missing.status_code == 200
    assert "No peers for 999999" in missing.content.decode()


def test_csv_file_without_geometry(client, home, settings, tmp_path):
    path = tmp_path / "r.csv"
    ROWS.to_csv(path, index=False)
    settings.READINESS_FILE = str(path)
    readiness._load.cache_clear()
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:readiness"))
    assert response.status_code == 200
    assert response.context["geojson"]["features"] == []


def test_explanation_lists_not_known_and_missing_items(client, home, settings, tmp_path):
    scheme = tmp_path / "s.yaml"
    scheme.write_text(
        "name: t\nindicators:\n  rural_share: {weight: 2}\n  lq_agriculture: {weight: 1}\n"
        "  idle_land_m2: {weight: 1, optional: true}\n  fiscal: {weight: 1, optional: true}\n"
    )
    rows = ROWS.assign(
        idle_land_m2=[1000.0, None, 50.0, 20.0],
        not_known=["", "idle_land_m2", "", ""],
        weight_known=[1.0, 0.75, None, 1.0],
        contrib_rural_share=[0.4, 0.5, None, 0.1],
        contrib_lq_agriculture=[0.2, 0.15, None, 0.0],
        contrib_idle_land_m2=[0.1, None, None, 0.3],
    )
    path = tmp_path / "r.csv"
    rows.to_csv(path, index=False)
    settings.READINESS_FILE = str(path)
    settings.READINESS_SCHEME = str(scheme)
    readiness._load.cache_clear()
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:readiness"), {"peer": "450102"})
    assert response.status_code == 200
    items = {i["name"]: i for i in response.context["explanation"]["items"]}
    assert items["rural_share"]["status"] == "scored"
    assert items["rural_share"]["contribution"] == pytest.approx(0.5)
    assert items["idle_land_m2"]["status"] == "not_known"
    assert items["idle_land_m2"]["value"] is None
    assert items["fiscal"]["status"] == "absent"
    text = response.content.decode()
    assert "Why 乙县 (450102) scores as it does" in text
    assert "not known here: scored on the other indicators" in text
    missing = client.get(reverse("impact:readiness"), {"peer": "450103"}).context["explanation"]
    statuses = {i["name"]: i["status"] for i in missing["items"]}
    assert statuses["lq_agriculture"] == "missing"
    assert missing["score"] is None
