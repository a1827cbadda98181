"""A prospect's location (current plant or office) and chosen site: form, admin, validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microparks.apps.attraction.models import Prospect, point_of, validate_point

pytestmark = pytest.mark.django_db


def new_lead(home, **extra):
    data = {
        "industry_code": home.prospect.industry.code,
        "name": "Located lead",
        "company_name": "Located newco",
        "source": "relocation",
        "land_area_min_m2": 0,
        "floor_area_min_m2": 0,
        "power_kva": 0,
        "water_t_per_day": 0,
        "jobs_needed": 0,
        "investment_cny": 0,
    }
    return data | extra


def test_the_new_lead_form_stores_lon_lat_as_a_point(client, home):
    client.force_login(home.users["investment"])
    data = new_lead(home, lon="113.2644", lat="23.1291", target_site=home.site.code)
    data["target_park"] = home.park.pk
    response = client.post(reverse("attraction:prospect_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lead = Prospect.objects.get(name="Located lead")
    assert lead.location == {"type": "Point", "coordinates": [113.2644, 23.1291]}
    assert lead.lon_lat == (113.2644, 23.1291)
    assert lead.target_site == home.site


@pytest.mark.parametrize(
    ("lon", "lat", "field"),
    [("200", "23", "lon"), ("113", "-95", "lat"), ("113", "", "lat"), ("", "23", "lon")],
)
def test_the_form_refuses_bad_coordinates(client, home, lon, lat, field):
    client.force_login(home.users["investment"])
    data = new_lead(home, lon=lon, lat=lat)
    response = client.post(reverse("attraction:prospect_new"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Prospect.objects.filter(name="Located lead").exists()


def test_the_form_takes_only_sites_in_scope_by_code(client, home, other):
    """The site is typed as its asset code (a province has too many for a drop-down)."""
    client.force_login(home.users["investment"])
    page = client.get(reverse("attraction:prospect_new")).content.decode()
    assert 'name="target_site"' in page
    assert home.site.code not in page  # no list of sites
    assert other.site.code not in page
    for code in (other.site.code, "NO-SUCH-SITE", str(home.site.pk)):
        response = client.post(
            reverse("attraction:prospect_new"),
            new_lead(home, target_site=code),
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 422
        assert response.context["form"].errors["target_site"] == [
            "No site with this code in your scope."
        ]
    assert not Prospect.objects.filter(name="Located lead").exists()


def test_the_admin_edits_the_location_as_lon_lat(client, home):
    home.prospect.location = point_of(107.9, 24.4)
    home.prospect.save()
    client.force_login(home.users["official"])
    url = reverse("admin:attraction_prospect_change", args=[home.prospect.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert (form.initial["lon"], form.initial["lat"]) == (107.9, 24.4)
    assert "location" not in form.fields


def test_the_other_regions_admin_page_is_not_found(client, home, other):
    client.force_login(home.users["official"])
    url = reverse("admin:attraction_prospect_change", args=[other.prospect.pk])
    assert client.get(url).status_code in (302, 404)


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Point", "coordinates": [181, 0]},
        {"type": "Point", "coordinates": [0, 91]},
        {"type": "Point", "coordinates": [1]},
        {"type": "Polygon", "coordinates": [1, 2]},
        {"type": "Point", "coordinates": ["1", 2]},
        "113,23",
    ],
)
def test_validate_point_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        validate_point(value)


def test_validate_point_accepts_a_point_and_empty():
    validate_point({"type": "Point", "coordinates": [113.26, 23.13]})
    validate_point(None)


def test_the_api_shows_location_and_chosen_site(client, home, other):
    home.prospect.location = point_of(107.9, 24.4)
    home.prospect.target_site = home.site
    home.prospect.save()
    client.force_login(home.users["investment"])
    data = client.get(f"/api/prospects/{home.prospect.pk}").json()
    assert data["location"] == {"type": "Point", "coordinates": [107.9, 24.4]}
    assert data["target_site"] == home.site.code
    assert client.get(f"/api/prospects/{other.prospect.pk}").status_code == 404
    client.logout()
    assert client.get(f"/api/prospects/{home.prospect.pk}").status_code in (401, 403)
