"""The admin: scoped lists, choices and permissions; model validation in its forms."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.sites.models import Site

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "regions",
    "sites",
    "parks",
    "enterprises",
    "attraction",
    "servicedesk",
    "accounts",
    "audit",
}
OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def as_user(client, user):
    client.force_login(user)
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_our_apps_is_registered_on_the_scoped_base():
    from microparks.apps.accounts.models import Department, User
    from microparks.apps.attraction.models import Activity, Commitment, Prospect
    from microparks.apps.enterprises.models import AnnualRecord
    from microparks.apps.parks.models import Lease, Park, ParkUnit
    from microparks.apps.regions.models import Region
    from microparks.apps.servicedesk.models import Article, RoutingRule, Ticket

    expected = {
        Region,
        Site,
        Park,
        ParkUnit,
        Lease,
        Enterprise,
        AnnualRecord,
        Prospect,
        Activity,
        Commitment,
        Ticket,
        RoutingRule,
        Article,
        Department,
        User,
        AuditEntry,
    }
    assert set(OUR_MODELS) == expected
    assert all(isinstance(admin.site._registry[m], ScopedAdmin) for m in expected)


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_admin_role_opens_changelist_and_add_form(client, home, other, model):
    as_user(client, home.users["admin"])
    assert client.get(url(model, "changelist")).status_code == 200
    add = client.get(url(model, "add"))
    assert add.status_code == (403 if model is AuditEntry else 200)


def test_official_sees_only_home_sites(client, home, other):
    response = as_user(client, home.users["official"]).get(url(Site, "changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [home.site]
    body = response.content.decode()
    assert "home-S1" in body
    assert "other-S1" not in body


def test_official_cannot_open_other_countys_site(client, home, other):
    as_user(client, home.users["official"])
    response = client.get(url(Site, "change", other.site.pk))
    assert response.status_code == 302  # "does not exist": redirected to the admin index
    assert client.get(url(Site, "change", home.site.pk)).status_code == 200


@pytest.mark.parametrize("role", ["enterprise", "handler", "park_manager", "investment"])
def test_non_staff_roles_cannot_reach_the_admin(client, home, role):
    as_user(client, home.users[role])
    for path in (reverse("admin:index"), url(Site, "changelist"), url(Enterprise, "add")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_official_index_lists_scoped_models_not_audit(client, home):
    response = as_user(client, home.users["official"]).get(reverse("admin:index"))
    labels = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Site", "Park", "Enterprise", "Ticket", "Region"} <= labels
    assert "AuditEntry" not in labels


def test_audit_log_is_read_only_and_admin_only(client, home):
    entry = AuditEntry.objects.first()
    as_user(client, home.users["official"])
    assert client.get(url(AuditEntry, "changelist")).status_code == 403
    as_user(client, home.users["admin"])
    assert client.get(url(AuditEntry, "changelist")).status_code == 200
    assert client.get(url(AuditEntry, "add")).status_code == 403
    assert client.get(url(AuditEntry, "delete", entry.pk)).status_code == 403
    change = client.get(url(AuditEntry, "change", entry.pk))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    before = AuditEntry.objects.count()
    client.post(url(AuditEntry, "change", entry.pk), {"model": "forged"})
    entry.refresh_from_db()
    assert entry.model != "forged"
    assert AuditEntry.objects.count() == before


def test_official_cannot_edit_regions_only_view(client, home):
    from microparks.apps.regions.models import Region

    as_user(client, home.users["official"])
    page = client.get(url(Region, "change", home.county.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url(Region, "change", home.county.pk), {"name": "x"}).status_code == 403
    assert client.get(url(Region, "add")).status_code == 403


# --- forms: restricted choices and the models' validators -----------------------------------


def site_form(home, **changes):
    data = {
        "code": "home-S9",
        "name": "new factory",
        "kind": "vacant_factory",
        "region": home.township.pk,
        "park": "",
        "status": "idle",
        "address": "",
        "geometry": json.dumps(home.site.geometry),
        "land_area_m2": "5000",
        "floor_area_m2": "0",
        "building_year": "",
        "condition": "good",
        "ownership": "state",
        "planning_designation": "industrial",
        "power_capacity_kva": "0",
        "water_supply_t_per_day": "0",
        "road_access": "county",
        "asking_rent_cny_per_m2_month": "",
        "asking_price_cny": "",
        "source_file": "",
        "source_date": "",
        "notes": "",
        # the revision the change form showed (the home site's, as stored now)
        "revision_seen": str(Site.objects.get(pk=home.site.pk).revision),
    }
    return data | changes


def enterprise_form(home, **changes):
    data = {
        "credit_code": "91330100799655058B",
        "name": "new firm",
        "industry": home.enterprise.industry_id,
        "region": home.township.pk,
        "size": "micro",
        "origin_region": "",
        "founded_date": "",
        "address": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
    }
    return data | changes


def test_official_adds_a_valid_site(client, home):
    response = as_user(client, home.users["official"]).post(url(Site, "add"), site_form(home))
    assert response.status_code == 302
    site = Site.objects.get(code="home-S9")
    assert site.region == home.township
    assert AuditEntry.objects.filter(model="sites.site", object_id=str(site.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("land_area_m2", "-1"),
        ("floor_area_m2", "-0.5"),
        ("geometry", json.dumps({"type": "LineString", "coordinates": [[110, 25], [110.1, 25]]})),
        ("geometry", json.dumps({"type": "Point", "coordinates": [500, 25]})),
        (
            "geometry",
            json.dumps(
                {"type": "Polygon", "coordinates": [[[500, 25], [501, 25], [501, 26], [500, 25]]]}
            ),
        ),
        ("geometry", "not json"),
        ("region", "OTHER"),  # another county's township is not a choice
        ("park", "OTHERPARK"),
    ],
)
def test_bad_site_input_is_rejected_naming_the_field(client, home, other, field, value):
    value = {"OTHER": other.township.pk, "OTHERPARK": other.park.pk}.get(value, value)
    before = Site.objects.count()
    response = as_user(client, home.users["official"]).post(
        url(Site, "add"), site_form(home, **{field: value})
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert Site.objects.count() == before


def test_official_adds_a_valid_enterprise(client, home):
    code = "91350100M000100Y43"  # GB 32100's worked example
    as_user(client, home.users["official"]).post(
        url(Enterprise, "add"), enterprise_form(home, credit_code=code)
    )
    assert Enterprise.objects.filter(credit_code=code, region=home.township).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credit_code", "91330100799655058X"),  # wrong check character
        ("credit_code", "9133010079965505"),  # too short
        ("industry", "999999"),  # no such industry
        ("region", "OTHER"),
    ],
)
def test_bad_enterprise_input_is_rejected_naming_the_field(client, home, other, field, value):
    value = {"OTHER": other.township.pk}.get(value, value)
    before = Enterprise.objects.count()
    response = as_user(client, home.users["official"]).post(
        url(Enterprise, "add"), enterprise_form(home, **{field: value, "name": "bad firm"})
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors
    assert Enterprise.objects.count() == before
    assert not Enterprise.objects.filter(name="bad firm").exists()


def test_invalid_credit_code_error_says_why(client, home):
    response = as_user(client, home.users["official"]).post(
        url(Enterprise, "add"), enterprise_form(home, credit_code="91330100799655058X")
    )
    [message] = response.context["adminform"].form.errors["credit_code"]
    assert "check character" in message


def test_autocomplete_offers_only_visible_parks(client, home, other):
    response = as_user(client, home.users["official"]).get(
        reverse("admin:autocomplete"),
        {"app_label": "sites", "model_name": "site", "field_name": "park", "term": ""},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["home park"]


def test_official_can_change_home_park_units_inline(client, home):
    from microparks.apps.parks.models import Park

    page = as_user(client, home.users["official"]).get(url(Park, "change", home.park.pk))
    assert page.status_code == 200
    formsets = page.context["inline_admin_formsets"]
    assert formsets
    assert formsets[0].has_add_permission


@pytest.mark.parametrize(
    ("role", "model", "can_add"),
    [
        ("park_manager", Site, True),
        ("park_manager", Enterprise, False),  # enterprises are edited by officials and investment
        ("investment", Enterprise, True),
        ("investment", Site, False),
    ],
)
def test_editing_follows_the_models_edit_roles(client, home, role, model, can_add):
    user = home.users[role]
    user.is_staff = True
    user.save()
    as_user(client, user)
    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "add")).status_code == (200 if can_add else 403)


def test_staff_park_manager_sees_and_changes_only_own_parks_sites(client, home, other):
    from microparks.apps.parks.models import Park

    extra = Park.objects.create(code="home-P2", name="home second park", region=home.township)
    Site.objects.create(
        code="home-S2",
        name="second",
        kind=Site.Kind.IDLE_LAND,
        region=home.township,
        park=extra,
        geometry=home.site.geometry,
        land_area_m2=100,
        condition=Site.Condition.VACANT_LAND,
    )
    user = home.users["park_manager"]
    user.is_staff = True
    user.save()
    as_user(client, user)
    listing = client.get(url(Site, "changelist"))
    assert [s.code for s in listing.context["cl"].result_list] == ["home-S1"]
    response = client.post(
        url(Site, "change", home.site.pk),
        site_form(home, code="home-S1", name="renamed", park=home.park.pk, status="in_park"),
    )
    assert response.status_code == 302
    home.site.refresh_from_db()
    assert home.site.name == "renamed"
    moved = client.post(
        url(Site, "change", home.site.pk),
        site_form(home, code="home-S1", name="moved", park=extra.pk, status="in_park"),
    )
    assert list(moved.context["adminform"].form.errors) == ["park"]
