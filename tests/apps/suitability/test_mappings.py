"""Field-mapping templates: map a source's columns in the preview, save, auto-apply, manage."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from microparks.apps.jobs.models import Job
from microparks.apps.sites.models import Site
from microparks.apps.suitability import mappings
from microparks.apps.suitability.models import MappingTemplate

pytestmark = pytest.mark.django_db

SOURCE = "自然资源局 闲置土地台账"
LEDGER = (
    "台账号,地块名称,用地面积,现状,wkt\n"
    'ZR-1,东门闲置地,40000,vacant_land,"POLYGON ((108 24.5, 108.002 24.5, 108.002 24.502, '
    '108 24.502, 108 24.5))"\n'
    'ZR-2,西山旧厂,,fair,"POLYGON ((108.01 24.5, 108.012 24.5, 108.012 24.502, '
    '108.01 24.502, 108.01 24.5))"\n'
)
MAPPING = {
    "map_code": "台账号",
    "map_name": "地块名称",
    "map_land_area_m2": "用地面积",
    "map_condition": "现状",
}


def _upload(client, region, text=LEDGER, name="ledger.csv", template=""):
    upload = io.BytesIO(text.encode())
    upload.name = name
    data = {"region": region.pk, "target": "sites", "file": upload, "template": template}
    return client.post(reverse("suitability:upload"), data)


def _map_and_save(client, name=SOURCE):
    return client.post(reverse("suitability:preview"), {**MAPPING, "save_as": name, "save": "1"})


def test_map_columns_save_template_and_import(client, home):
    client.force_login(home.users["official"])
    assert _upload(client, home.township).status_code == 302
    first = client.get(reverse("suitability:preview"), HTTP_ACCEPT_LANGUAGE="en")
    assert "no column with the code" in first.context["problem"]  # the ledger uses its own names
    assert "台账号" in first.content.decode()  # offered as a column to map
    assert _map_and_save(client).status_code == 302
    template = MappingTemplate.objects.get()
    # saved for the official's county, so that every township's import finds it
    assert (template.name, template.region) == (SOURCE, home.county)
    assert template.mapping == {
        "code": "台账号",
        "fields": {"name": "地块名称", "land_area_m2": "用地面积", "condition": "现状"},
    }
    assert template.columns == ["台账号", "地块名称", "用地面积", "现状"]
    preview = client.get(reverse("suitability:preview"))
    assert preview.context["count"] == 2
    assert client.post(reverse("suitability:confirm")).status_code == 302
    site = Site.objects.get(code="ZR-1")
    assert (site.name, site.land_area_m2, site.condition) == ("东门闲置地", 40000, "vacant_land")
    assert site.region == home.township
    assert Site.objects.get(code="ZR-2").condition == "fair"
    job = Job.objects.get(kind="suitability.import")
    assert job.status == Job.Status.DONE
    assert job.result["created"] == 2


def test_a_later_file_with_the_same_columns_gets_the_template(client, home):
    client.force_login(home.users["official"])
    _upload(client, home.township)
    _map_and_save(client)
    again = LEDGER.replace("ZR-", "ZR2-")
    _upload(client, home.county, again, name="ledger-2026.csv")
    preview = client.get(reverse("suitability:preview"))
    assert preview.context["pending"]["template"] == SOURCE
    assert preview.context["count"] == 2
    assert SOURCE in next(str(m) for m in preview.context["messages"])


def test_template_chosen_by_name_and_unrelated_files_get_none(client, home):
    client.force_login(home.users["official"])
    _upload(client, home.township)
    _map_and_save(client)
    template = MappingTemplate.objects.get()
    other_columns = (
        'code,name,wkt\nQ-1,Q,"POLYGON ((108 24.5, 108.001 24.5, 108.001 24.501, 108 24.5))"\n'
    )
    _upload(client, home.township, other_columns, name="plain.csv")
    preview = client.get(reverse("suitability:preview"))
    assert preview.context["pending"]["template"] == ""
    assert preview.context["count"] == 1
    # a ledger whose column order differs and that has one extra column, chosen by name
    shuffled = LEDGER.replace("台账号,地块名称", "地块名称,台账号")
    assert mappings.find_template(home.users["official"], home.township, ["x"], SOURCE) == template
    _upload(client, home.township, shuffled, name="x.csv", template=str(template.pk))
    assert client.get(reverse("suitability:preview")).context["pending"]["template"] == SOURCE


def test_matching_by_columns():
    columns = ["台账号", "地块名称", "用地面积", "现状"]
    template = MappingTemplate(
        name=SOURCE, columns=columns, mapping={"code": "台账号", "fields": {}}
    )
    choice = mappings.choice_of(template)
    assert choice == {"code": "台账号"}
    assert mappings._overlap(columns, [*columns, "备注"]) == pytest.approx(0.8)
    assert mappings._overlap(columns, ["台账号"]) == pytest.approx(0.25)


def test_other_regions_templates_are_not_applied(client, home, other):
    client.force_login(home.users["official"])
    _upload(client, home.township)
    _map_and_save(client)
    client.force_login(other.users["official"])
    _upload(client, other.township)
    preview = client.get(reverse("suitability:preview"))
    assert preview.context["pending"]["template"] == ""
    assert preview.context["problem"]


@pytest.fixture
def template(home):
    return MappingTemplate.objects.create(
        region=home.county, name=SOURCE, mapping={"code": "台账号", "fields": {"name": "地块名称"}}
    )


def test_template_pages_anonymous(client, template):
    for url in (
        reverse("suitability:templates"),
        reverse("suitability:template_edit", args=[template.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["investment", "park_manager", "handler", "enterprise"])
def test_template_pages_wrong_role(client, home, template, role):
    client.force_login(home.users[role])
    assert client.get(reverse("suitability:templates")).status_code == 403
    assert client.get(reverse("suitability:template_edit", args=[template.pk])).status_code == 403
    client.post(reverse("suitability:template_delete", args=[template.pk]))
    assert MappingTemplate.objects.filter(pk=template.pk).exists()


def test_template_pages_other_region(client, other, template):
    client.force_login(other.users["official"])
    assert template not in client.get(reverse("suitability:templates")).context["templates"]
    url = reverse("suitability:template_edit", args=[template.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "taken over"}).status_code == 404
    delete = client.post(reverse("suitability:template_delete", args=[template.pk]))
    assert delete.status_code == 404
    assert MappingTemplate.objects.get(pk=template.pk).name == SOURCE


def test_official_edits_and_deletes_a_template(client, home, template):
    client.force_login(home.users["official"])
    assert template in client.get(reverse("suitability:templates")).context["templates"]
    url = reverse("suitability:template_edit", args=[template.pk])
    assert client.get(url).context["form"].initial["map_code"] == "台账号"
    data = {
        "name": "住建局 闲置厂房清单",
        "map_code": "厂房台账号",
        "map_floor_area_m2": "建筑面积",
    }
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.name == "住建局 闲置厂房清单"
    assert template.mapping == {"code": "厂房台账号", "fields": {"floor_area_m2": "建筑面积"}}
    MappingTemplate.objects.create(region=home.county, name="another", mapping={})
    clash = client.post(url, {"name": "another"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "already" in str(clash.context["form"].errors)
    client.post(reverse("suitability:template_delete", args=[template.pk]))
    assert not MappingTemplate.objects.filter(pk=template.pk).exists()
