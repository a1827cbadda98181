"""The industry picker: its look-up over the shipped classification, and its widget."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microparks.apps.industries.services import load_industries
from microparks.apps.industries.widgets import IndustryPicker

URL = "/industries/search/"


@pytest.fixture
def loaded(db):
    load_industries()


def _codes(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return [r["code"] for r in response.json()["results"]]


def test_the_url_is_named():
    assert reverse("industries:search") == URL


def test_anonymous_is_sent_to_login(client, loaded):
    response = client.get(URL, {"q": "13"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role", ["official", "investment", "park_manager", "handler", "enterprise"]
)
def test_every_signed_in_role_may_search_the_shared_classification(client, home, loaded, role):
    client.force_login(home.users[role])
    assert _codes(client, q="1713")[0] == "1713"


def test_by_code_the_exact_node_first_then_its_descendants_by_level(client, home, loaded):
    client.force_login(home.users["official"])
    codes = _codes(client, q="13")
    assert codes[0] == "13"  # 农副食品加工业
    assert codes[1:4] == ["131", "132", "133"]  # its groups before any class
    assert all(c.startswith("13") for c in codes)


def test_by_chinese_name_with_the_path_and_level_in_chinese(client, home, loaded):
    client.force_login(home.users["official"])
    response = client.get(URL, {"q": "刺绣"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    results = response.json()["results"]
    assert "2436" in [r["code"] for r in results]  # 抽纱刺绣工艺品制造
    item = next(r for r in results if r["code"] == "2436")
    assert item["level_label"] == "小类"
    assert item["path"].startswith("C 制造业 › 24 ")
    assert item["leaf"] is True


def test_the_tree_top_and_one_nodes_children(client, home, loaded):
    client.force_login(home.users["official"])
    top = _codes(client)
    assert len(top) == 20
    assert top[:3] == ["A", "B", "C"]
    assert _codes(client, parent="131") == ["1311", "1312", "1313", "1314", "1319"]


def test_a_long_or_odd_query_is_cut_and_answers_empty(client, home, loaded):
    client.force_login(home.users["official"])
    assert _codes(client, q="%' OR 1=1 --" * 10) == []


def test_the_widget_stays_a_text_input_with_the_search_address(db):
    html = IndustryPicker(multiple=True).render("codes", "C 13")
    assert 'type="text"' in html
    assert 'value="C 13"' in html
    assert "data-industry-picker" in html
    assert "data-multiple" in html
    assert f'data-search-url="{URL}"' in html
    assert "industries/picker.js" in html
