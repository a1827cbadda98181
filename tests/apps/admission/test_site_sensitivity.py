"""A site's environmental sensitivity (2021 EIA list, art. 3): model, import, API, admin, and
the gate using the prospect's chosen site."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microparks.apps.admission import services as admission
from microparks.apps.sites.models import Site
from microparks.apps.suitability import site_import as suitability
from microparks.core.admission import GENERAL_SITE, SENSITIVE_AREAS
from microparks.io.errors import ImportValidationError
from tests.apps.attraction.helpers import declare

pytestmark = pytest.mark.django_db
CSV = (
    "code,name,eia_sensitivity,wkt\n"
    'E-1,Reservoir shed,饮用水水源保护区,"POLYGON ((107.86 24.37, 107.862 24.37, 107.862 24.372, '
    '107.86 24.372, 107.86 24.37))"\n'
    'E-2,Town plot,residential,"POLYGON ((107.9 24.3, 107.903 24.3, 107.903 24.303, 107.9 24.303, '
    '107.9 24.3))"\n'
    'E-3,Unassessed,,"POLYGON ((107.95 24.3, 107.953 24.3, 107.953 24.303, 107.95 24.303, '
    '107.95 24.3))"\n'
)


def test_the_site_choices_are_the_rule_sets_classes(home):
    assert set(Site.Sensitivity.values) == {GENERAL_SITE, *SENSITIVE_AREAS}
    classes = admission.rules_for(home.prospect)[1].eia.site_classes
    assert set(Site.Sensitivity.values) <= set(classes)


def test_import_reads_codes_and_chinese_names(tmp_path, home):
    path = tmp_path / "sites.csv"
    path.write_text(CSV, encoding="utf-8")
    suitability.import_sites(path, home.township, home.users["official"])
    got = dict(Site.objects.filter(code__startswith="E-").values_list("code", "eia_sensitivity"))
    assert got == {"E-1": "drinking_water", "E-2": "residential", "E-3": ""}


def test_import_refuses_an_unknown_sensitivity_naming_row_and_field(tmp_path, home):
    path = tmp_path / "sites.csv"
    path.write_text(CSV.replace("residential", "near a river"), encoding="utf-8")
    with pytest.raises(ImportValidationError) as err:
        suitability.import_sites(path, home.township, home.users["official"])
    assert [(e.row, e.field) for e in err.value.errors] == [(3, "eia_sensitivity")]
    assert not Site.objects.filter(code__startswith="E-").exists()  # all or nothing


def test_api_shows_and_changes_the_sensitivity(client, home, other):
    client.force_login(home.users["park_manager"])
    url = f"/api/sites/{home.site.pk}"
    assert client.get(url).json()["eia_sensitivity"] == ""
    etag = client.get(url)["ETag"]
    changed = client.patch(
        url,
        json.dumps({"eia_sensitivity": "ecological_red_line"}),
        "application/json",
        headers={"If-Match": etag},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["eia_sensitivity"] == "ecological_red_line"
    bad = client.patch(
        url,
        json.dumps({"eia_sensitivity": "swamp"}),
        "application/json",
        headers={"If-Match": changed["ETag"]},
    )
    assert bad.status_code == 422
    assert "eia_sensitivity" in bad.json()["errors"]
    foreign = f"/api/sites/{other.site.pk}"
    assert (
        client.patch(
            foreign, json.dumps({"eia_sensitivity": "general"}), "application/json"
        ).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["investment", "enterprise", "handler"])
def test_api_refuses_the_change_to_other_roles(client, home, role):
    client.force_login(home.users[role])
    url = f"/api/sites/{home.site.pk}"
    response = client.patch(url, json.dumps({"eia_sensitivity": "general"}), "application/json")
    assert response.status_code in (403, 404)
    home.site.refresh_from_db()
    assert home.site.eia_sensitivity == ""


def test_admin_and_site_page_show_the_sensitivity(client, home):
    home.site.eia_sensitivity = "drinking_water"
    home.site.save()
    client.force_login(home.users["official"])
    admin = client.get(reverse("admin:sites_site_change", args=[home.site.pk]))
    assert admin.status_code == 200
    assert 'name="eia_sensitivity"' in admin.content.decode()
    page = client.get(reverse("web:site_detail", args=[home.site.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Drinking-water source protection zone" in page.content.decode()


def test_the_gate_uses_the_chosen_sites_sensitivity(home):
    declare(home.prospect, site_sensitivity="general")
    home.site.eia_sensitivity = "drinking_water"
    home.site.save()
    home.prospect.target_site = home.site
    home.prospect.save()
    project = admission.project_for(home.prospect)
    assert project.site_sensitivity == "drinking_water"  # the site's fact beats the declaration
    decision = admission.decide(home.prospect)
    assert decision.result["site_sensitivity"] == "drinking_water"
    home.site.eia_sensitivity = ""  # not assessed: the declaration's class applies
    home.site.save()
    home.prospect.refresh_from_db()
    assert admission.project_for(home.prospect).site_sensitivity == "general"
    assert not admission.is_current(decision, home.prospect)


def test_the_chosen_site_must_lie_in_the_target_park(home, other):
    home.prospect.target_site = other.site
    with pytest.raises(ValidationError) as err:
        home.prospect.full_clean()
    assert "target_site" in err.value.message_dict


def test_a_chosen_site_not_assessed_is_missing_data(home):
    declare(home.prospect)  # complete, clean data; no site class declared
    decision = admission.decide(home.prospect)
    assert decision.passed  # a food processor: EIA report form, admitted with conditions
    home.prospect.target_site = home.site  # chosen, but nobody assessed its sensitivity
    home.prospect.save()
    assert not admission.is_current(decision, home.prospect)
    referred = admission.decide(home.prospect)
    assert referred.outcome == "refer"
    assert referred.result["missing"] == ["site_sensitivity"]
    home.site.eia_sensitivity = "general"
    home.site.save()
    home.prospect.refresh_from_db()
    assessed = admission.decide(home.prospect)
    assert (assessed.outcome, assessed.result["missing"]) == (decision.outcome, [])
    assert admission.is_current(assessed, home.prospect)


def test_the_prospect_page_shows_the_chosen_site_and_location(client, home):
    from microparks.apps.attraction.models import point_of

    home.site.eia_sensitivity = "residential"
    home.site.save()
    home.prospect.target_site = home.site
    home.prospect.location = point_of(113.26441, 23.12911)
    home.prospect.save()
    client.force_login(home.users["investment"])
    url = reverse("attraction:prospect_detail", args=[home.prospect.pk])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Area mainly for housing" in text
    assert "113.2644, 23.1291" in text
