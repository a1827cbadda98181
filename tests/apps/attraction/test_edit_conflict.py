"""The prospect edit page refuses a save based on a stale copy (issue 18, task C item 2).

Two officers open the edit page; the first saves; the second's save is refused with a Chinese
message naming who saved and when, and nothing of theirs is saved.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from microparks.apps.common.revision_forms import SEEN

pytestmark = pytest.mark.django_db


def _opened(user, url: str) -> tuple[Client, dict[str, str]]:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: ("" if v is None else str(v)) for name, v in form.initial.items()}
    data = {k: v for k, v in data.items() if k in form.fields}
    data["target_park"] = str(form.initial.get("target_park") or "")
    [shown] = set(re.findall(rf'name="{SEEN}" value="(\d+)"', page.content.decode()))
    assert data[SEEN] == shown
    return client, data


def test_a_stale_save_is_refused_naming_who_and_when(home):
    prospect = home.prospect
    url = f"/pipeline/{prospect.pk}/edit/"
    official = home.users["official"]
    official.first_name, official.last_name = "明", "王"
    official.save()
    first, mine = _opened(official, url)
    second, theirs = _opened(home.users["investment"], url)

    saved = first.post(url, mine | {"notes": "第一次保存"})
    assert saved.status_code == 302, saved.context["form"].errors
    prospect.refresh_from_db()
    revision = prospect.revision

    refused = second.post(url, theirs | {"notes": "第二次保存", "name": "改名"})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "在您编辑期间，其他人已保存了" in body
    at = timezone.localtime(prospect.updated_at).strftime("%Y-%m-%d %H:")
    assert "王明" in body  # who saved meanwhile, by name
    assert at in body  # and when, in local time
    prospect.refresh_from_db()
    assert prospect.revision == revision  # nothing of the second save
    assert prospect.notes == "第一次保存"
    assert prospect.name != "改名"
    # the refused form carries the revision now stored: saving again is a knowing choice
    [again] = set(re.findall(rf'name="{SEEN}" value="(\d+)"', body))
    assert again == str(revision)
    resaved = second.post(url, theirs | {"notes": "第二次保存", SEEN: again})
    assert resaved.status_code == 302
    prospect.refresh_from_db()
    assert prospect.notes == "第二次保存"
