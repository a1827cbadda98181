"""The header's unread badge counts the service desk's news and the evaluation's notices."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from microparks.apps.evaluation.models import Notice
from microparks.apps.servicedesk.models import Notification
from tests.apps.evaluation.helpers import campaign

pytestmark = pytest.mark.django_db
BADGE = re.compile(r'<span class="badge unread-count" title="([^"]*)">(\d+)</span>')


def badge(client: Any, user: Any, url: str = "web:dashboard") -> tuple[int, str]:
    """The number on the header's badge (0 when there is none) and its title."""
    client.force_login(user)
    page = client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    found = BADGE.search(page)
    return (int(found.group(2)), found.group(1)) if found else (0, "")


def test_an_unread_evaluation_notice_counts_until_the_firm_opens_it(
    client: Any, home: Any, other: Any
) -> None:
    firm = home.users["enterprise"]
    notice = Notice.objects.create(user=firm, campaign=campaign(home), kind=Notice.Kind.REMINDER)
    assert badge(client, firm) == (1, "未读评价通知 1")
    assert badge(client, other.users["enterprise"]) == (0, "")  # another firm: nothing
    assert badge(client, home.users["official"]) == (0, "")  # notices go to firms only
    # The desk's pages point to where the notice is read.
    portal = client.get(reverse("servicedesk:portal")).content.decode()
    assert f'href="{reverse("evaluation:campaign_list")}"' in portal
    # A ticket's news adds to it.
    Notification.objects.create(user=firm, ticket=home.ticket, kind="responded")
    count, title = badge(client, firm)
    assert count == 2
    assert "未读评价通知 1" in title
    # Opening the firm's evaluation page reads the notice; the ticket's news remains.
    client.get(reverse("evaluation:campaign_list"))
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert badge(client, firm)[0] == 1
    assert badge(client, other.users["enterprise"])[0] == 0
