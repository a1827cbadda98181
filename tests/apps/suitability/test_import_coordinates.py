"""Imports stay in their region: the county's polygon, its CRS problems in the user's language.

The corpus files (tests/data/ledgers) go through the app's own check (``check_sites``, the
preview's and the job's) into a county with the demo county's polygon.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from microparks.apps.regions.boundaries import boundary_of
from microparks.apps.regions.models import Region
from microparks.apps.sites.models import Site
from microparks.apps.suitability import services, site_import
from microparks.io import gis_layers, spatial_checks
from microparks.io.errors import ImportValidationError
from microparks.io.spatial import SITE_MAPPING, FieldMapping

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "data" / "ledgers"
POINTS = FieldMapping(code="宗地编号", geometry_types=SITE_MAPPING.geometry_types)
PARCELS = FieldMapping(
    code="宗地编号", fields={"name": "地块名称"}, geometry_types=SITE_MAPPING.geometry_types
)
# a 2 km square around 108.001E 24.501N, the place of the shared fixtures' test squares
BOX = {
    "type": "Polygon",
    "coordinates": [
        [[107.99, 24.49], [108.01, 24.49], [108.01, 24.51], [107.99, 24.51], [107.99, 24.49]]
    ],
}


@pytest.fixture
def qinglan():
    """The demo county (its polygon) and a township without one, as a deployment has them."""
    from microparks.demo.generate import generate_demo

    demo = generate_demo().county
    county = Region.objects.create(
        code=demo.code, name=demo.name, level=Region.Level.COUNTY, geometry=demo.geometry
    )
    town = Region.objects.create(
        code=demo.code + "100", name="青岚镇", level=Region.Level.TOWNSHIP, parent=county
    )
    for suffix, name in (("101", "长洲镇"), ("102", "六圩镇")):  # the 乡镇 of the corpus files
        Region.objects.create(code=demo.code + suffix, name=name, level="township", parent=county)
    return county, town


def test_the_boundary_is_the_region_s_or_its_county_s(qinglan):
    county, town = qinglan
    assert boundary_of(county).name == "青岚县"
    assert boundary_of(town).name == "青岚县"  # no polygon of its own: the county's
    assert boundary_of(town).tolerance_m == 1000
    assert not boundary_of(county, context=True).whole
    assert boundary_of(Region.objects.create(code="1", name="x", level="county")) is None


def test_a_point_outside_the_county_is_refused_in_chinese(qinglan):
    county, _town = qinglan
    plan = site_import.check_sites(CORPUS / "points_outside_county.csv", county, mapping=POINTS)
    assert [(e.row, e.field, e.value) for e in plan.errors] == [
        (3, "geometry", "108.69825, 24.38806")
    ]
    with translation.override("zh-hans"):
        assert plan.errors[0].text(gettext) == "在青岚县范围之外（超出边界 1 公里以上）"
    with pytest.raises(ImportValidationError):
        site_import.save_sites(plan, None)
    assert not Site.objects.exists()


def test_a_gauss_kruger_geopackage_is_imported_into_the_county(qinglan):
    county, _town = qinglan
    plan = site_import.check_sites(CORPUS / "parcels_gk36.gpkg", county, mapping=PARCELS)
    assert plan.errors == []
    record = site_import.save_sites(plan, None)
    assert (record.created_count, record.source_crs) == (6, "EPSG:4524")
    site = Site.objects.get(code="QL2023-001")
    assert site.name == "城东坡心村闲置建设用地"
    lon, lat = site.geometry["coordinates"][0][0]
    assert 107.87 < lon < 107.89
    assert 24.37 < lat < 24.38


def test_context_features_may_cross_the_line_but_not_lie_far_away(qinglan, tmp_path):
    county, _town = qinglan
    road = tmp_path / "roads.csv"
    # one road crossing the east edge into the next county, one 300 km away (a wrong CRS)
    road.write_text(
        'name,wkt\nG357,"LINESTRING (108.0 24.4, 108.5 24.4)"\n'
        'far,"LINESTRING (111 24, 111.1 24)"\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportValidationError) as info:
        services.check_layer(road, region=county)
    assert [(e.row, e.field) for e in info.value.errors] == [(3, "geometry")]
    assert "outside 青岚县 (more than 100 km" in info.value.errors[0].text()


def test_every_coordinate_message_has_its_chinese_translation():
    templates = [
        value
        for module in (spatial_checks, gis_layers)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and " " in value  # the sentences
    ]
    assert len(templates) >= 15
    with translation.override("zh-hans"):
        missing = [t for t in templates if gettext(t) == t]
    assert missing == []


def test_the_preview_names_swapped_coordinates_in_chinese(client, home):
    home.county.geometry = BOX
    home.county.save()
    client.force_login(home.users["official"])
    text = "code,name,kind,condition,lon,lat\nN-1,x,idle_land,fair,108.001,24.501\n"
    text += "N-2,y,idle_land,fair,24.502,108.002\n"
    upload = io.BytesIO(text.encode())
    upload.name = "ledger.csv"
    data = {"region": home.township.pk, "target": "sites", "layer_name": "", "file": upload}
    assert client.post(reverse("suitability:upload"), data).status_code == 302
    page = client.get(reverse("suitability:preview"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    content = page.content.decode()
    assert "经度和纬度似乎填反了" in content, json.dumps(page.context.get("errors"), default=str)
    assert "请对调“lon”和“lat”两列" in content
