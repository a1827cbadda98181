"""The admission admin: decisions are read there, never written."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_decisions_are_read_only_in_the_admin(client, home):
    client.force_login(home.users["admin"])
    assert client.get(reverse("admin:admission_decision_add")).status_code == 403
    assert client.get(reverse("admin:admission_decision_changelist")).status_code == 200


def test_rules_are_no_longer_written_in_the_admin(client, home):
    client.force_login(home.users["admin"])
    assert client.get(reverse("admin:rules_rulesdocument_add")).status_code == 403
