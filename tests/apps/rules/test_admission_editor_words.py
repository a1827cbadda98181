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
