"""The targeting document's form: the non-tradable industries as one line of codes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microparks.apps.rules import services
from microparks.apps.rules.editors.targeting import TargetingEditor
from microparks.apps.rules.models import RulesDocument
from microparks.io.rules import load_yaml
from microparks.io.rules.weights import default_non_tradable
from tests.apps.rules.test_editors import _open_new, _platform, _saved

pytestmark = pytest.mark.django_db
FIELD = "ed-trade-non_tradable"


def test_the_form_shows_the_list_and_saves_a_changed_one(client, home):
    doc = _platform("targeting")
    url, data = _open_new(client, home, doc)
    assert data[FIELD] == " ".join(default_non_tradable())
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "非贸易行业（不列入招商目标）" in page
    data[FIELD] = "K、P，Q  S"  # as an official types it
    saved = _saved(client, url, data)
    assert load_yaml(saved.content)["non_tradable"] == ["K", "P", "Q", "S"]
    assert services.parse(saved).non_tradable == ("K", "P", "Q", "S")


def test_a_blank_field_excludes_none(client, home):
    url, data = _open_new(client, home, _platform("targeting"))
    data[FIELD] = ""
    saved = _saved(client, url, data)
    assert load_yaml(saved.content)["non_tradable"] == []
    assert services.parse(saved).non_tradable == ()


def test_a_wrong_code_is_refused_naming_the_entry(client, home):
    url, data = _open_new(client, home, _platform("targeting"))
    data[FIELD] = "K 房地产 99"
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "non_tradable[1]" in html
    assert not RulesDocument.objects.filter(name="county-2027").exists()


def test_an_older_document_without_the_list_keeps_it_out_when_unchanged():
    base = {"version": "1", "weights": {"density": 1.0}}
    codes = " ".join(default_non_tradable())
    editor = TargetingEditor(base, {"ed-w-density": "1", FIELD: codes})
    assert editor.is_valid(), editor.errors()
    assert "non_tradable" not in editor.to_mapping()  # the same document (same SHA-256)
    editor = TargetingEditor(base, {"ed-w-density": "1", FIELD: "K"})
    assert editor.is_valid(), editor.errors()
    assert editor.to_mapping()["non_tradable"] == ["K"]


def test_the_documents_page_lists_them(client, home):
    client.force_login(home.users["official"])
    page = client.get(reverse("rules:detail", args=[_platform("targeting").pk]))
    assert "非贸易行业（不列入招商目标）" in page.content.decode()
