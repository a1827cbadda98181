"""Stale stage moves: two officers open a prospect, the first moves it, the second is refused.

The move form, the signing form and the board's drag post the revision their page showed; a
prospect someone changed since is not moved (409) and the page names the change. The refused
form carries the new revision, so moving again goes through knowingly.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from microparks.apps.attraction import services
from microparks.apps.attraction.models import Prospect
from microparks.apps.common.revision_forms import SEEN
from tests.apps.attraction.helpers import declare, to_stage

pytestmark = pytest.mark.django_db
S = Prospect.Stage


FORM = f'name="{SEEN}" value'
CARD = "data-revision"


def opened(user, url: str, attr: str = FORM) -> tuple[Client, str]:
    """A signed-in client that opened ``url``, and the prospect's revision the page shows."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    return client, shown_on(page, attr)


def shown_on(page, attr: str = FORM) -> str:
    found = set(re.findall(rf'{attr}="(\d+)"', page.content.decode()))
    assert len(found) == 1, found
    return found.pop()


def detail(prospect) -> str:
    return reverse("attraction:prospect_detail", args=[prospect.pk])


def move_url(prospect) -> str:
    return reverse("attraction:prospect_move", args=[prospect.pk])


def test_second_move_on_the_page_is_refused_with_the_change(home):
    prospect = home.prospect
    first, seen_one = opened(home.users["official"], detail(prospect))
    second, seen_two = opened(home.users["investment"], detail(prospect))

    saved = first.post(move_url(prospect), {"stage": "visited", SEEN: seen_one})
    assert saved.status_code == 302

    refused = second.post(move_url(prospect), {"stage": "negotiating", SEEN: seen_two})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else changed" in body
    assert "stage: saved meanwhile “Visited”, yours “Negotiating”" in body
    prospect.refresh_from_db()
    assert prospect.stage == S.VISITED
    assert prospect.transitions.count() == 1

    # The refused form carries the new revision: moving again is a knowing choice.
    again = shown_on(refused)
    assert again == str(prospect.revision)
    moved = second.post(move_url(prospect), {"stage": "negotiating", SEEN: again})
    assert moved.status_code == 302
    prospect.refresh_from_db()
    assert prospect.stage == S.NEGOTIATING


def test_move_to_a_stage_gone_meanwhile_says_what_changed(home):
    """The page offered *contacted*; the prospect was lost meanwhile, which offers nothing."""
    prospect = home.prospect
    client, seen = opened(home.users["investment"], detail(prospect))
    services.move_prospect(prospect, S.LOST, home.users["official"], reason="Went elsewhere")
    refused = client.post(move_url(prospect), {"stage": "contacted", SEEN: seen})
    assert refused.status_code == 409
    assert "stage: saved meanwhile “Lost”, yours “Contacted”" in refused.content.decode()
    assert Prospect.objects.get(pk=prospect.pk).stage == S.LOST


def test_board_drag_of_a_card_moved_meanwhile_is_refused(home):
    prospect = home.prospect
    board = reverse("attraction:pipeline_board")
    first, seen_one = opened(home.users["official"], board, CARD)
    second, seen_two = opened(home.users["investment"], board, CARD)
    assert seen_one == seen_two == str(prospect.revision)
    url = reverse("attraction:board_move", args=[prospect.pk])

    moved = first.post(url, {"stage": "contacted", SEEN: seen_one}, HTTP_HX_REQUEST="true")
    assert moved.status_code == 200

    refused = second.post(url, {"stage": "visited", SEEN: seen_two}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else changed" in body
    assert "stage: saved meanwhile “Contacted”, yours “Visited”" in body
    prospect.refresh_from_db()
    assert prospect.stage == S.CONTACTED
    # The board sent back carries the card's new revision for the next drag.
    assert shown_on(refused, CARD) == str(prospect.revision)


def test_signing_a_prospect_sent_back_meanwhile_is_refused(home):
    prospect = declare(to_stage(home.prospect, S.ADMISSION)).prospect
    official = home.users["official"]
    client, seen = opened(official, detail(prospect))
    services.move_prospect(prospect, S.NEGOTIATING, home.users["investment"])
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
        "justification": "Approved by the county meeting 12.",
        SEEN: seen,
    }
    refused = client.post(reverse("attraction:prospect_sign", args=[prospect.pk]), data)
    assert refused.status_code == 409
    assert "stage: saved meanwhile “Negotiating”, yours “Signed”" in refused.content.decode()
    prospect.refresh_from_db()
    assert prospect.stage == S.NEGOTIATING
    assert not hasattr(prospect, "commitment")


def test_api_move_honours_if_match(home):
    prospect = home.prospect
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(home.users["investment"])
    url = f"/api/prospects/{prospect.pk}"
    read = client.get(url)["ETag"]
    services.move_prospect(prospect, S.VISITED, home.users["official"])

    def move(stage: str, **headers: str):
        body = json.dumps({"stage": stage, "reason": ""})
        return client.post(f"{url}/move", body, content_type="application/json", headers=headers)

    stale = move("contacted", if_match=read)
    assert stale.status_code == 412
    changes = [(c["field"], c["theirs"], c["yours"]) for c in stale.json()["changes"]]
    assert ("stage", "Visited", "Contacted") in changes
    assert Prospect.objects.get(pk=prospect.pk).stage == S.VISITED

    moved = move("contacted", if_match=client.get(url)["ETag"])
    assert moved.status_code == 200, moved.content
    prospect.refresh_from_db()
    assert prospect.stage == S.CONTACTED
    assert moved["ETag"] == f'"{prospect.revision}"'
    # Without If-Match the pipeline's rules alone apply, as for the clients before the tags.
    assert move("negotiating").status_code == 200
