"""An official edits the county's suitability scheme in the form tab: types a weight and sees
its share, switches to AHP judgements and sees the consistency ratio as they type, saves, and
the new draft's page shows the new version — in real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEME = (
    "# three criteria for the county's parks (a comment the form will not keep)\n"
    "criteria:\n"
    "  - {name: area, label: Land area, field: a, kind: benefit, lower: 0, upper: 10,"
    " weight: 0.5}\n"
    "  - {name: zoning, label: Zoned for industry, field: z, kind: benefit, lower: 0, upper: 1,"
    " weight: 0.3}\n"
    "  - {name: road, label: Distance to the nearest road, field: r, kind: cost, lower: 0,"
    " upper: 2000, weight: 0.2}\n"
)


def test_form_tab_shares_ahp_ratio_and_save(live_server: Any, page: Any, shot: Any, home: Any):
    from playwright.sync_api import expect

    from microparks.apps.rules import services
    from microparks.apps.rules.models import RulesDocument, Status

    official = home.users["official"]
    v1 = services.save_draft(
        official,
        services.Draft("suitability", "county", "本县选址方案", SCHEME, region=home.county),
    )
    services.activate(official, v1)
    base = live_server.url
    login(page, base, official.username)
    page.goto(f"{base}/rules/{v1.pk}/")
    page.click(f"a[href='/rules/{v1.pk}/edit/']")
    page.wait_for_url(f"{base}/rules/{v1.pk}/edit/")

    # The form is the tab open; the shares of the weights appear once the page has loaded.
    expect(page.locator("#mode-form")).to_be_checked()
    expect(page.locator("#share-ed-crit-0-weight")).to_have_text("50.0 %")
    expect(page.locator(".panel-form")).to_contain_text("注释不会保留")

    # A weight typed: the shares and the sum follow, and the check says the sum is wrong.
    page.fill("input[name=ed-crit-0-weight]", "0.7")
    expect(page.locator("#share-ed-crit-0-weight")).to_have_text("58.3 %")
    expect(page.locator("#editor-feedback")).to_contain_text("1.2（应为 1）")
    expect(page.locator("#editor-feedback")).to_contain_text("权重之和为 1.2")
    page.get_by_role("button", name="归一化为 100 %").click()
    expect(page.locator("input[name=ed-crit-0-weight]")).to_have_value("0.5833")
    expect(page.locator("#editor-feedback")).to_contain_text("文件有效")

    # Pairwise judgements: the ratio as they are typed, red when inconsistent.
    page.get_by_label("两两比较判断（层次分析法）").check()
    page.fill("input[name=ed-ahp-a_0_1]", "9")
    page.fill("input[name=ed-ahp-a_1_2]", "9")
    page.fill("input[name=ed-ahp-a_0_2]", "1/9")
    expect(page.locator("#ahp-cr")).to_contain_text("超过 0.1")
    expect(page.locator("#ahp-cr")).to_have_class("bad")
    expect(page.locator("#editor-feedback .worst")).to_contain_text("用地面积 与")
    shot(page, "rules-editor-ahp-inconsistent")
    page.fill("input[name=ed-ahp-a_0_1]", "2")
    page.fill("input[name=ed-ahp-a_1_2]", "2")
    page.fill("input[name=ed-ahp-a_0_2]", "4")
    expect(page.locator("#ahp-cr")).to_contain_text("一致性比率 CR = 0.000")
    expect(page.locator("#ahp-cr")).to_have_class("ok")
    expect(page.locator("#recip-2-0")).to_have_text("1/4")
    expect(page.locator("#share-ed-crit-0-weight")).to_have_text("57.1 %")
    shot(page, "rules-editor-ahp")

    # The YAML tab shows what the form will save.
    page.click("label[for=mode-yaml]")
    expect(page.locator("#id_content")).to_have_value(
        "criteria:\n"
        "- name: area\n  label: Land area\n  field: a\n  kind: benefit\n  lower: 0\n"
        "  upper: 10\n"
        "- name: zoning\n  label: Zoned for industry\n  field: z\n  kind: benefit\n  lower: 0\n"
        "  upper: 1\n"
        "- name: road\n  label: Distance to the nearest road\n  field: r\n  kind: cost\n"
        "  lower: 0\n  upper: 2000\n"
        "pairwise:\n- - 1\n  - 2\n  - 4\n- - 1/2\n  - 1\n  - 2\n- - 1/4\n  - 1/2\n  - 1\n"
    )
    page.click("label[for=mode-form]")
    page.fill("textarea[name=note]", "改用层次分析法")
    page.click('main form [type=submit]:has-text("草稿")')
    page.wait_for_url(f"{base}/rules/*/")

    v2 = RulesDocument.objects.get(kind="suitability", name="county", version=2)
    assert page.url == f"{base}/rules/{v2.pk}/"
    assert (v2.parent, v2.status, v2.created_by) == (v1, Status.DRAFT, official)
    assert services.parse(v2).ahp.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    expect(page.locator("h1")).to_contain_text("第 2 版")
    expect(page.locator("main")).to_contain_text("一致性比率（AHP）")
    expect(page.locator("main")).to_contain_text("改用层次分析法")
    shot(page, "rules-editor-saved")
