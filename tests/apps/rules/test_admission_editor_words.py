"""The admission rules editor names each cap by what it limits, in Chinese (issue 18, task C
item 5): no rule ids (CAP-cod, CAP-nox …) in the form tab's table; the YAML tab keeps them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_caps_are_named_by_their_pollutant_in_chinese(home):
    client = Client()  # zh-hans
    client.force_login(home.users["official"])
    page = client.get("/rules/new/admission/")
    assert page.status_code == 200
    body = page.content.decode()
    caps = body.split("<h3>", 2)[1]  # the caps' table, before the tiers
    rows = re.findall(r"<tr><td>([^<]+)</td>", caps)
    assert rows == [
        "单位产值能耗",
        "单位产值用水量",
        "化学需氧量排放量",
        "氨氮排放量",
        "二氧化硫排放量",
        "氮氧化物排放量",
        "挥发性有机物排放量",
    ]


def test_the_coded_rules_take_their_codes_from_the_industry_picker(client, home):
    from django.urls import reverse

    from microparks.apps.rules.models import RulesDocument
    from microparks.io.rules import load_yaml
    from tests.apps.rules.forms_html import form_data

    doc = RulesDocument.objects.get(kind="admission", name="default", region=None, version=1)
    client.force_login(home.users["official"])
    url = reverse("rules:new", args=["admission"]) + f"?from={doc.pk}"
    body = client.get(url).content.decode()
    # each coded rule's codes in a picker (one per rule): negative list, 两高, EIA list
    for name in ("ed-negative-0-codes", "ed-two_high-0-codes", "ed-eia-0-codes"):
        [tag] = re.findall(rf'<input[^>]*name="{name}"[^>]*>', body)
        assert "data-industry-picker" in tag
        assert "data-multiple" in tag
    assert 'value="191 1931"' in body  # NL-tanning's codes as the document lists them
    assert "皮革、毛皮鞣制" in body  # the rule by its Chinese name
    data = form_data(body, "/rules/new/")
    data.update(title="本县规则", name="county-2027", place=f"r{home.county.pk}")
    data["ed-negative-0-codes"] = "191、1931，1921"  # typed as an official writes them
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    stored = load_yaml(RulesDocument.objects.get(name="county-2027").content)
    before = load_yaml(doc.content)
    assert stored["negative_list"][0]["codes"] == ["191", "1931", "1921"]
    stored["negative_list"][0]["codes"] = before["negative_list"][0]["codes"]
    before.pop("kind", None)
    stored.pop("kind", None)
    assert stored == before  # nothing else changed
