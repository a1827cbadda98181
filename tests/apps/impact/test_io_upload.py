"""Input–output tables added from the impact page; the headline on the last complete year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.impact import services
from microparks.apps.impact.models import InputOutputTable
from microparks.apps.parks.models import Park
from tests.apps.impact.test_views import TABLE

pytestmark = pytest.mark.django_db

CONCORDANCE = "code,sector\n13,food\nC,other\n"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def no_server_table(settings):
    settings.IMPACT_TABLE = ""
    settings.IMPACT_CONCORDANCE = ""


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _post(client, table: str = TABLE, concordance: str = CONCORDANCE, **extra):
    data = {
        "title": "Miller & Blair two-sector table",
        "source": "Miller & Blair (2009), table 2.3",
        "table": SimpleUploadedFile("io.csv", table.encode()),
        "concordance": SimpleUploadedFile("conc.csv", concordance.encode()),
        **extra,
    }
    return client.post(reverse("impact:table_upload"), data)


def test_an_official_adds_a_table_and_the_page_uses_it(client, home, other):
    client.force_login(home.users["official"])
    response = _post(client)
    assert response.status_code == 302
    assert response["Location"].endswith("?table=added#io-table")
    row = InputOutputTable.objects.get()
    assert (row.region, row.sectors, row.uploaded_by) == (home.county, 2, home.users["official"])
    assert len(row.sha256) == 64
    page = client.get(reverse("impact:park", args=[home.park.pk]), {"seed": "3"})
    out = page.context["page"].result.table.loc["output"]
    # the tenant in division 13 -> "food": Miller & Blair's output multiplier 1.518152
    assert out["direct"] + out["indirect"] == pytest.approx(10_000_000 * 1.518152, rel=1e-6)
    assert page.context["page"].table == "Miller & Blair two-sector table"
    assert "Indirect and induced effects are not computed" not in page.content.decode()
    # the other county has no table: its official still sees direct effects only
    client.force_login(other.users["official"])
    theirs = client.get(reverse("impact:county"))
    assert theirs.context["page"].table is None
    assert theirs.context["rows"][0]["indirect"] is None  # shown as —, not 0


def test_a_bad_table_is_refused_whole_with_its_cells_named(client, home):
    client.force_login(home.users["official"])
    bad = TABLE.replace("food,150,500", "food,abc,500")
    response = _post(client, table=bad)
    assert response.status_code == 200
    errors = " ".join(response.context["table_form"].non_field_errors())
    assert "io.csv" in errors
    assert "abc" in errors
    assert "food" in errors
    assert not InputOutputTable.objects.exists()


def test_a_concordance_to_sectors_the_table_lacks_is_refused(client, home):
    client.force_login(home.users["official"])
    response = _post(client, concordance="code,sector\n13,fishing\n")
    assert response.status_code == 200
    errors = " ".join(response.context["table_form"].non_field_errors())
    assert "concordance does not fit" in errors
    assert "fishing" in errors
    assert not InputOutputTable.objects.exists()


@pytest.mark.parametrize("role", ["investment", "park_manager", "handler", "enterprise"])
def test_only_officials_add_tables(client, home, role):
    client.force_login(home.users[role])
    assert _post(client).status_code == 403
    assert not InputOutputTable.objects.exists()


def test_anonymous_cannot_add_a_table(client, home):
    response = _post(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not InputOutputTable.objects.exists()


def test_a_table_is_used_only_where_it_was_added(home, other):
    row = InputOutputTable.objects.create(
        region=home.county, title="t", source="s", table_name="t.csv",
        table_file=TABLE.encode(), concordance_name="c.csv",
        concordance_file=CONCORDANCE.encode(), sectors=2, sha256="0" * 64,
    )  # fmt: skip
    assert services.uploaded_table_for(Park.objects.filter(pk=home.park.pk)) == row
    assert services.uploaded_table_for(Park.objects.filter(pk=other.park.pk)) is None
    both = Park.objects.filter(pk__in=[home.park.pk, other.park.pk])
    assert services.uploaded_table_for(both) is None  # two counties: no one table


def test_the_headline_is_the_last_complete_year(client, home):
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2024)
    record.pk = None
    record.year = 2025  # filed early in the year: a part of the year
    record.save()
    client.force_login(home.users["official"])
    with override_settings(CLOCK=dt.datetime(2025, 4, 10, 9, tzinfo=SHANGHAI)):
        response = client.get(reverse("impact:county"))
        page = response.context["page"]
        assert (page.year, page.partial_years) == (2024, [2025])
        assert "2025 (not over yet)" in response.content.decode()
        chosen = client.get(reverse("impact:county"), {"year": "2025"})
        assert chosen.context["page"].year == 2025
        assert "2025 is not over yet" in chosen.content.decode()
    with override_settings(CLOCK=dt.datetime(2026, 1, 5, 9, tzinfo=SHANGHAI)):
        assert client.get(reverse("impact:county")).context["page"].year == 2025
