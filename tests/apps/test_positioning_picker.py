"""A park's positioning is chosen with the industry picker in the admin (issue 18, task C 4b)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from microparks.apps.industries.models import Industry
from tests.apps.test_revisions import _form_data

pytestmark = pytest.mark.django_db


def test_the_park_admin_takes_the_positioning_as_codes_in_the_picker(home, industry):
    park = home.park
    park.positioning.set([industry])  # 13
    client = Client()  # zh-hans
    client.force_login(home.users["admin"])
    url = reverse("admin:parks_park_change", args=[park.pk])
    page = client.get(url)
    [tag] = re.findall(r'<input[^>]*name="positioning"[^>]*>', page.content.decode())
    assert "data-industry-picker" in tag
    assert "data-multiple" in tag
    assert 'value="13"' in tag

    data = _form_data(page) | {"positioning": "13、C"}
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert set(park.positioning.values_list("code", flat=True)) == {"13", "C"}

    refused = client.post(url, _form_data(client.get(url)) | {"positioning": "13 9999"})
    assert refused.status_code == 200
    assert "没有代码为 9999 的行业。" in refused.content.decode()
    assert set(park.positioning.values_list("code", flat=True)) == {"13", "C"}  # unchanged
    assert Industry.objects.filter(code="9999").count() == 0
