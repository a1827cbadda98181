"""What every page and every map carries for phones, keyboards and readers (zh-hans).

The browser tests (tests/browser/test_phone.py, test_map_legibility.py) check how it looks and
works; these check the markup quickly on each page kind.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def zh(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


@pytest.mark.parametrize("role", ["enterprise", "official", "handler"])
def test_every_page_has_a_skip_link_and_a_folding_menu(zh, home, role):
    zh.force_login(home.users[role])
    html = zh.get(reverse("web:dashboard")).content.decode()
    assert '<a class="skip-link" href="#content">跳到正文</a>' in html
    assert '<main id="content" tabindex="-1">' in html
    # The button starts hidden: without JavaScript the menu stays open.
    assert 'class="menu-toggle" aria-controls="mainnav" aria-expanded="false" hidden>菜单<' in html
    assert '<nav class="mainnav" id="mainnav" aria-label="主菜单">' in html


def test_the_sites_map_asks_for_the_base_and_speaks_chinese(zh, home):
    zh.force_login(home.users["official"])
    html = zh.get(reverse("web:site_list")).content.decode()
    assert f'data-base-url="{reverse("suitability:basemap")}"' in html
    assert 'data-zoom-in="放大" data-zoom-out="缩小"' in html
    assert "还没有位置" in html  # what the map says when it has nothing to draw
    assert "data-tiles" not in html  # offline by default


def test_tiles_and_their_source_when_set(zh, home, settings):
    settings.MAP_TILE_URL = "https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&tk=KEY"
    settings.MAP_TILE_ATTRIBUTION = "天地图"
    zh.force_login(home.users["official"])
    html = zh.get(reverse("web:site_detail", args=[home.site.pk])).content.decode()
    assert 'data-tiles="https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&amp;tk=KEY"' in html
    assert 'data-tile-attribution="天地图"' in html


def test_board_cards_can_be_moved_without_a_mouse(zh, home):
    zh.force_login(home.users["investment"])
    html = zh.get(reverse("attraction:pipeline_board")).content.decode()
    card = f'id="prospect-{home.prospect.pk}"'
    assert card in html
    assert 'tabindex="0" aria-describedby="board-keys"' in html
    move = reverse("attraction:board_move", args=[home.prospect.pk])
    assert f'hx-post="{move}" hx-target="#board"' in html
    # never offered: signing and leaving are done on the prospect's page
    form = html.split(f'hx-post="{move}"', 1)[1].split("</form>", 1)[0]
    for stage in ("signed", "lost", "abandoned", home.prospect.stage):
        assert f'value="{stage}"' not in form
    assert 'value="visited"' in form or home.prospect.stage == "visited"


def test_a_prospect_without_a_fitting_site_gets_a_reason_not_an_empty_map(zh, home):
    from microparks.apps.parks.models import ParkUnit

    ParkUnit.objects.create(
        park=home.park, site=home.site, code="U1", floor_area_m2=1000, power_capacity_kva=400
    )
    home.prospect.power_kva = 900  # more than any place has
    home.prospect.save()
    zh.force_login(home.users["investment"])
    html = zh.get(reverse("matching:prospect", args=[home.prospect.pk])).content.decode()
    assert "没有适合该项目的地块" in html
    assert "data-match=" not in html  # no map box at all
    home.prospect.power_kva = 100  # now the unit fits: the map is drawn
    home.prospect.save()
    html = zh.get(reverse("matching:prospect", args=[home.prospect.pk])).content.decode()
    assert "没有适合该项目的地块" not in html
    assert 'data-match="match-map"' in html
