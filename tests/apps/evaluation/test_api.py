"""The evaluation API: anonymous, wrong role, other region, right role; a firm sees only itself."""

from __future__ import annotations

import datetime as dt

import pytest

from microparks.apps.evaluation import submissions
from microparks.apps.evaluation.services import publish_campaign, run_evaluation
from tests.apps.evaluation.helpers import FIGURES, add_tenant, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(home, other):
    for i in range(1, 4):
        add_tenant(home, i, 100_000 * i)
    out = {}
    for county in (home, other):
        c = campaign(county)
        run_evaluation(c, county.users["official"])
        out[county.county.code] = c
    publish_campaign(out[home.county.code], home.users["official"], dt.date.today())
    return out[home.county.code], out[other.county.code]


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get("/api" + url)


def items(response):
    """The rows of a paged list answer (``{"items": [...], "count": n}``)."""
    body = response.json()
    assert body["count"] >= len(body["items"])
    return body["items"]


def test_anonymous_is_401(client, setup):
    home_c, _ = setup
    for url in (
        "/evaluation/campaigns",
        f"/evaluation/campaigns/{home_c.pk}/results",
        "/evaluation/my-results",
        "/evaluation/records",
    ):
        assert get(client, None, url).status_code == 401


def test_campaigns_and_results_by_region(client, home, other, setup):
    home_c, other_c = setup
    body = items(get(client, home.users["official"], "/evaluation/campaigns"))
    assert [c["id"] for c in body] == [home_c.pk]
    assert (
        get(
            client, home.users["official"], f"/evaluation/campaigns/{other_c.pk}/results"
        ).status_code
        == 404
    )
    rows = items(get(client, home.users["official"], f"/evaluation/campaigns/{home_c.pk}/results"))
    assert len(rows) == 4
    row = rows[0]
    assert {"evaluation_class", "total", "item_scores", "policies", "indicators"} <= set(row)
    assert items(get(client, home.users["handler"], "/evaluation/campaigns")) == []


def test_firm_sees_only_itself(client, home, other, setup):
    home_c, other_c = setup
    firm = home.users["enterprise"]
    rows = items(get(client, firm, f"/evaluation/campaigns/{home_c.pk}/results"))
    assert [r["enterprise_id"] for r in rows] == [home.enterprise.pk]
    mine = get(client, firm, "/evaluation/my-results").json()
    assert [r["credit_code"] for r in mine] == [home.enterprise.credit_code]
    assert "electricity_surcharge_cny_per_kwh" in mine[0]["policies"]
    # the other county's campaign is still a draft: its firm sees nothing of it
    other_firm = other.users["enterprise"]
    assert get(client, other_firm, "/evaluation/my-results").json() == []
    assert get(client, other_firm, f"/evaluation/campaigns/{other_c.pk}/results").status_code == 404
    assert get(client, other_firm, f"/evaluation/campaigns/{home_c.pk}/results").status_code == 404
    assert get(client, home.users["official"], "/evaluation/my-results").status_code == 403


def test_records_with_provenance(client, home, other, setup):
    campaign(home, year=2025)
    submissions.submit(home.enterprise, 2025, FIGURES, home.users["enterprise"])
    firm = home.users["enterprise"]
    records = items(get(client, firm, "/evaluation/records?year=2025"))
    assert len(records) == 1
    record = records[0]
    assert record["filing_status"] == "submitted"
    assert record["provenance"]["tax_cny"]["source"] == "submitted"
    assert record["provenance"]["tax_cny"]["user"] == firm.username
    assert [s["kind"] for s in record["steps"]] == ["submitted"]
    assert (
        get(client, other.users["enterprise"], f"/evaluation/records/{record['id']}").status_code
        == 404
    )
    assert (
        get(client, other.users["official"], f"/evaluation/records/{record['id']}").status_code
        == 404
    )
    assert (
        get(client, home.users["official"], f"/evaluation/records/{record['id']}").status_code
        == 200
    )
    all_firm = items(get(client, firm, "/evaluation/records"))
    assert {r["enterprise_id"] for r in all_firm} == {home.enterprise.pk}
    assert items(get(client, home.users["handler"], "/evaluation/records")) == []


def test_record_list_reads_provenance_in_a_fixed_number_of_queries(
    client, home, setup, django_assert_max_num_queries
):
    """Events of all records come in one prefetch, not two queries per record."""
    campaign(home, year=2025)
    submissions.submit(home.enterprise, 2025, FIGURES, home.users["enterprise"])
    client.force_login(home.users["official"])
    client.get("/api/evaluation/records")  # the session is written on the first request
    # session, user, second-factor device, region tree (3), count, records, events, submissions
    with django_assert_max_num_queries(10):
        records = items(client.get("/api/evaluation/records"))
    assert len(records) >= 5  # the home firm's 2024 and 2025 records and three more tenants
    submitted = next(r for r in records if r["year"] == 2025)
    assert submitted["provenance"]["tax_cny"]["source"] == "submitted"
    assert [s["kind"] for s in submitted["steps"]] == ["submitted"]


def test_record_list_pages_build_only_the_page(client, home, setup):
    """The records page apart like every list; each page carries its own provenance."""
    campaign(home, year=2025)
    submissions.submit(home.enterprise, 2025, FIGURES, home.users["enterprise"])
    client.force_login(home.users["official"])
    whole = client.get("/api/evaluation/records").json()
    assert whole["count"] == len(whole["items"]) >= 5
    pages = [
        client.get("/api/evaluation/records", {"limit": 2, "offset": offset}).json()
        for offset in range(0, whole["count"], 2)
    ]
    assert all(page["count"] == whole["count"] for page in pages)
    assert [r for page in pages for r in page["items"]] == whole["items"]
    assert client.get("/api/evaluation/records", {"limit": 1001}).status_code == 422


def test_degenerate_groups_answer_finite_numbers_with_their_notes(client, home):
    # Jingde (min–max) over a lone firm with no emissions figure: ranges of one value and of
    # none, which once were NaN; the answer is strict JSON with each rule named
    c = campaign(home, scheme="jingde")
    run_evaluation(c, home.users["official"])
    response = get(client, home.users["official"], f"/evaluation/campaigns/{c.pk}/results")
    assert response.status_code == 200
    text = response.content.decode()
    assert "NaN" not in text
    assert "Infinity" not in text
    (row,) = items(response)
    assert row["grade_basis"] == "small_group"
    assert row["evaluation_class"] != "D"
    codes = {n["code"] for n in row["notes"]}
    assert {"small_group", "one_firm"} <= codes
