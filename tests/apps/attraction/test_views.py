"""Pipeline pages: for every page and action anonymous, wrong role, other region, right role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from microparks.apps.admission.models import Decision
from microparks.apps.attraction.models import Activity, Prospect
from microparks.apps.common.revision_forms import SEEN
from tests.apps.attraction.helpers import declare, to_stage

pytestmark = pytest.mark.django_db
S = Prospect.Stage


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


PAGES = ["attraction:pipeline_list", "attraction:pipeline_board"]
ACTIONS = {
    "attraction:prospect_move": {"stage": "contacted", "reason": ""},
    "attraction:prospect_activity": {"kind": "call", "date": "2026-03-01", "summary": "called"},
    "attraction:prospect_declaration": {"output_cny": "1000000", "processes": "none"},
    "attraction:prospect_admission": {},
    "attraction:board_move": {"stage": "contacted"},
    "attraction:prospect_override": {"reason": "x" * 30},
    "attraction:prospect_condition": {"condition": "EIA-food-processing", "evidence": "ok"},
}


def detail(p):
    return reverse("attraction:prospect_detail", args=[p.pk])


def shown(p):
    """The revision the prospect's page and card show now, as the move forms post it."""
    return {SEEN: Prospect.objects.get(pk=p.pk).revision}


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_sign_in(client, home, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_detail_needs_a_sign_in(client, home):
    assert client.get(detail(home.prospect)).status_code == 302


@pytest.mark.parametrize("role", ["handler", "enterprise"])
@pytest.mark.parametrize("name", PAGES)
def test_wrong_roles_get_403(client, home, role, name):
    client.force_login(home.users[role])
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("role", ["handler", "enterprise"])
def test_wrong_roles_get_403_on_detail(client, home, role):
    client.force_login(home.users[role])
    assert client.get(detail(home.prospect)).status_code == 403


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "admin"])
@pytest.mark.parametrize("name", PAGES)
def test_staff_see_their_prospects_only(client, home, other, role, name):
    client.force_login(home.users[role])
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert "home project" in body
    assert ("other project" in body) == (role == "admin")


def test_other_region_gets_404_on_detail(client, home, other):
    client.force_login(other.users["official"])
    assert client.get(detail(home.prospect)).status_code == 404
    assert client.get(detail(other.prospect)).status_code == 200


def test_detail_shows_the_decision_and_forms_to_editors(client, home):
    declare(home.prospect)
    client.force_login(home.users["investment"])
    client.post(reverse("attraction:prospect_admission", args=[home.prospect.pk]))
    page = client.get(detail(home.prospect))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Admit with conditions" in body
    assert "EIA-food-processing" in body
    assert "Run the admission check" in body
    client.force_login(home.users["park_manager"])
    body = client.get(detail(home.prospect)).content.decode()
    assert "EIA-food-processing" in body
    assert "Run the admission check" not in body


def test_list_filters_overdue(client, home):
    home.prospect.next_follow_up = dt.date(2020, 1, 1)
    home.prospect.save()
    client.force_login(home.users["official"])
    response = client.get(reverse("attraction:pipeline_list"), {"overdue": "1"})
    assert [p for p, late in response.context["rows"]] == [home.prospect]
    assert response.context["rows"][0][1] is True
    to_stage(home.prospect, S.LOST)
    response = client.get(reverse("attraction:pipeline_list"), {"overdue": "1"})
    assert response.context["rows"] == []


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_need_a_sign_in(client, home, name):
    response = client.post(reverse(name, args=[home.prospect.pk]), ACTIONS[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
@pytest.mark.parametrize("name", ACTIONS)
def test_actions_refuse_wrong_roles(client, home, role, name):
    client.force_login(home.users[role])
    response = client.post(reverse(name, args=[home.prospect.pk]), ACTIONS[name])
    assert response.status_code == 403


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_on_another_region_are_404(client, home, other, name):
    client.force_login(other.users["investment"])
    response = client.post(reverse(name, args=[home.prospect.pk]), ACTIONS[name])
    assert response.status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_need_post(client, home, name):
    client.force_login(home.users["investment"])
    assert client.get(reverse(name, args=[home.prospect.pk])).status_code == 405


def test_move_activity_declaration_and_admission(client, home):
    client.force_login(home.users["investment"])
    pk = home.prospect.pk
    move = {"stage": "visited", **shown(home.prospect)}
    response = client.post(reverse("attraction:prospect_move", args=[pk]), move)
    assert response.status_code == 302
    response = client.post(
        reverse("attraction:prospect_activity", args=[pk]),
        {
            "kind": "visit",
            "date": "2026-03-01",
            "summary": "toured",
            "next_follow_up": "2026-03-08",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().next_follow_up == dt.date(2026, 3, 8)
    response = client.post(
        reverse("attraction:prospect_declaration", args=[pk]),
        {"output_cny": "30000000", "processes": "washing, packing", "materials": "none"},
    )
    assert response.status_code == 302
    home.prospect.refresh_from_db()
    declaration = home.prospect.declaration
    assert (declaration.processes, declaration.materials, declaration.cod_t) == (
        ["washing", "packing"],
        [],
        None,
    )
    saved = Decision.objects.get()  # saving the declaration ran the gate
    client.post(reverse("attraction:prospect_admission", args=[pk]))
    decision = Decision.objects.first()
    assert decision.pk != saved.pk
    assert decision.outcome == "refer"  # emissions and energy not declared
    assert home.prospect.stage == S.VISITED


def test_refused_moves_show_the_reason(client, home):
    client.force_login(home.users["investment"])
    response = client.post(
        reverse("attraction:prospect_move", args=[home.prospect.pk]),
        {"stage": "lost", **shown(home.prospect)},
    )
    assert response.status_code == 422
    assert "reason" in response.context["move_form"].errors
    home.prospect.refresh_from_db()
    assert home.prospect.stage == S.LEAD


def test_sign_page_flow(client, home):
    declare(to_stage(home.prospect, S.ADMISSION))
    client.force_login(home.users["investment"])
    url = reverse("attraction:prospect_sign", args=[home.prospect.pk])
    data = {
        "signed_on": "2026-03-01",
        "investment_cny": "30000000",
        "investment_cny_per_mu": "3000000",
        "jobs": "120",
        "local_jobs": "100",
        "tax_cny_per_year": "1500000",
        "tax_cny_per_mu": "150000",
        "start_date": "2026-04-01",
        "production_date": "2027-01-01",
        "size": "small",
    }
    data |= shown(home.prospect)
    assert client.post(url, data).status_code == 403  # no decision yet; not an official
    client.post(reverse("attraction:prospect_admission", args=[home.prospect.pk]))
    assert client.post(url, data | shown(home.prospect)).status_code == 422  # a condition
    met = {"condition": "EIA-food-processing", "evidence": "环评批复 青环审〔2026〕7号"}
    condition = reverse("attraction:prospect_condition", args=[home.prospect.pk])
    assert client.post(condition, met).status_code == 302
    assert client.post(url, data | shown(home.prospect)).status_code == 302
    home.prospect.refresh_from_db()
    assert home.prospect.stage == S.SIGNED


def test_sign_refuses_wrong_roles_and_regions(client, home, other):
    url = reverse("attraction:prospect_sign", args=[home.prospect.pk])
    assert client.post(url, {}).status_code == 302
    client.force_login(home.users["park_manager"])
    assert client.post(url, {}).status_code == 403
    client.force_login(other.users["official"])
    assert client.post(url, {}).status_code == 404


def test_official_override_through_the_page(client, home):
    to_stage(home.prospect, S.ADMISSION)
    client.force_login(home.users["official"])
    page = client.get(detail(home.prospect))
    assert "sign anyway with a written justification" in page.content.decode()
    url = reverse("attraction:prospect_sign", args=[home.prospect.pk])
    data = {
        "signed_on": "2026-03-01",
        "investment_cny": "1",
        "investment_cny_per_mu": "1",
        "jobs": "1",
        "local_jobs": "1",
        "tax_cny_per_year": "1",
        "tax_cny_per_mu": "1",
        "start_date": "2026-04-01",
        "production_date": "2027-01-01",
        "size": "small",
        **shown(home.prospect),
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert "justification" in response.context["sign_form"].errors
    response = client.post(url, data | {"justification": "Approved by the county meeting 12."})
    assert response.status_code == 302
    assert home.prospect.transitions.get().override


def test_board_drag_moves_and_refuses(client, home):
    client.force_login(home.users["investment"])
    url = reverse("attraction:board_move", args=[home.prospect.pk])
    response = client.post(
        url, {"stage": "visited", **shown(home.prospect)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="prospect-{home.prospect.pk}"' in response.content.decode()
    home.prospect.refresh_from_db()
    assert home.prospect.stage == S.VISITED
    response = client.post(
        url, {"stage": "paying_tax", **shown(home.prospect)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "cannot move" in response.content.decode()
    response = client.post(url, {"stage": "lost", **shown(home.prospect)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    home.prospect.refresh_from_db()
    assert home.prospect.stage == S.VISITED


def test_board_has_no_drag_for_viewers(client, home):
    client.force_login(home.users["park_manager"])
    body = client.get(reverse("attraction:pipeline_board")).content.decode()
    assert "home project" in body
    assert "draggable" not in body


def test_declaration_form_shows_lists_as_text(client, home):
    client.force_login(home.users["investment"])
    form = client.get(detail(home.prospect)).context["declaration_form"]
    assert form.initial["extra_industry_codes"] == ""
    assert form.initial["processes"] == ""
    declare(home.prospect, processes=[], materials=["wood", "glue"])
    form = client.get(detail(home.prospect)).context["declaration_form"]
    assert (form.initial["processes"], form.initial["materials"]) == ("none", "wood, glue")


def test_admin_cannot_set_the_stage(client, home):
    from microparks.apps.attraction.admin import ProspectAdmin

    assert "stage" in ProspectAdmin.readonly_fields
    client.force_login(home.users["official"])
    url = reverse("admin:attraction_prospect_change", args=[home.prospect.pk])
    form = client.get(url).context["adminform"].form
    assert "stage" not in form.fields
