"""Export → edit → import gives the same records: the inventory download goes back in as is.

The Excel download has the headers and choice labels in the page's language (资产编号,
良好，可直接使用 …) and the GeoPackage plain field names and codes; both re-import as they are.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from microparks.apps.sites.exports import inventory_layer, inventory_table
from microparks.apps.sites.models import Site
from microparks.apps.suitability import site_import

pytestmark = pytest.mark.django_db
COMPARED = (
    "name",
    "kind",
    "status",
    "region_id",
    "address",
    "land_area_m2",
    "floor_area_m2",
    "ownership",
    "planning_designation",
    "condition",
    "building_year",
    "power_capacity_kva",
    "water_supply_t_per_day",
    "road_access",
    "eia_sensitivity",
    "notes",
    "geometry",
)


def _more_sites(home):
    Site.objects.create(
        code="RT-1",
        name="城东闲置地块",
        kind=Site.Kind.IDLE_LAND,
        region=home.township,
        geometry={"type": "Point", "coordinates": [108.001, 24.501]},
        land_area_m2=12_345.6,
        ownership=Site.Ownership.COLLECTIVE,
        planning_designation=Site.Designation.RURAL_CONSTRUCTION,
        condition=Site.Condition.VACANT_LAND,
        road_access=Site.RoadAccess.EXPRESSWAY,
        eia_sensitivity=Site.Sensitivity.GENERAL,
        notes="靠近高速出口",
    )
    Site.objects.create(
        code="RT-2",
        name="原县农机厂",
        kind=Site.Kind.VACANT_FACTORY,
        region=home.county,
        geometry=home.site.geometry,
        land_area_m2=8_000,
        floor_area_m2=4_800,
        ownership=Site.Ownership.STATE,
        condition=Site.Condition.GOOD,
        building_year=1996,
        power_capacity_kva=630,
        water_supply_t_per_day=120,
        status=Site.Status.ASSESSING,
    )


def _snapshot(codes):
    return {
        s.code: {f: getattr(s, f) for f in COMPARED}
        for s in Site.objects.filter(code__in=codes).order_by("code")
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_excel_download_re_imports_unchanged_then_with_an_edit(tmp_path, home, language):
    _more_sites(home)
    sites = Site.objects.filter(region__in=[home.county, home.township]).order_by("code")
    codes = [s.code for s in sites]
    before = _snapshot(codes)
    with translation.override(language):
        table = inventory_table(sites)
    path = tmp_path / "inventory.xlsx"
    table.to_excel(path, index=False)
    record = site_import.import_sites(path, home.county, home.users["official"])
    assert (record.created_count, record.updated_count) == (0, len(codes))
    after = _snapshot(codes)
    for code in codes:
        for field in COMPARED:
            old, new = before[code][field], after[code][field]
            if isinstance(old, float):
                assert new == pytest.approx(old, rel=1e-9), (code, field)
            else:
                assert new == old, (code, field)
    name = table.columns[1]
    table.loc[table.iloc[:, 0] == "RT-2", name] = "原县农机厂（二期）"
    table.to_excel(path, index=False)
    site_import.import_sites(path, home.county, home.users["official"])
    edited = _snapshot(codes)
    assert edited["RT-2"]["name"] == "原县农机厂（二期）"
    assert {c: v for c, v in edited.items() if c != "RT-2"} == {
        c: v for c, v in after.items() if c != "RT-2"
    }


def test_the_geopackage_download_re_imports_unchanged(tmp_path, home):
    _more_sites(home)
    sites = Site.objects.filter(region__in=[home.county, home.township]).order_by("code")
    codes = [s.code for s in sites]
    before = _snapshot(codes)
    path = tmp_path / "inventory.gpkg"
    inventory_layer(sites).to_file(path, driver="GPKG")
    record = site_import.import_sites(path, home.county, home.users["official"])
    assert (record.created_count, record.updated_count) == (0, len(codes))
    after = _snapshot(codes)
    for code in codes:
        for field in COMPARED:
            old, new = before[code][field], after[code][field]
            if field == "geometry":
                assert new["type"] == old["type"]
            elif isinstance(old, float):
                assert new == pytest.approx(old, rel=1e-9), (code, field)
            else:
                assert new == old, (code, field)
