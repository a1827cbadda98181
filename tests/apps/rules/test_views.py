"""The rules pages: reading, writing a county's version, checking as one types, activating."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.rules import services
from microparks.apps.rules.models import RulesDocument, Status

pytestmark = pytest.mark.django_db

NEW_WEIGHTS = "weights: {rent: 0.3, suitability: 0.7}\n"


def _county_form(home, content=NEW_WEIGHTS, **more):
    return {
        "title": "本县匹配成本",
        "name": "county-2027",
        "place": f"r{home.county.pk}",
        "source": "县政府常务会议",
        "note": "提高适宜性权重",
        "content": content,
        **more,
    }


def test_pages_need_a_staff_role(client, home):
    index = reverse("rules:index")
    assert client.get(index).status_code == 302  # to the login page
    client.force_login(home.users["enterprise"])
    assert client.get(index).status_code == 403
    for role in ("official", "investment", "park_manager", "handler"):
        client.force_login(home.users[role])
        assert client.get(index).status_code == 200, role


def test_the_list_and_a_version_in_chinese(client, home):
    client.force_login(home.users["official"])
    page = client.get(reverse("rules:index")).content.decode()
    assert "亩均评价方案" in page
    assert "黄岩区（浙江台州）对标比值法" in page
    doc = services.in_effect("matching")
    detail = client.get(reverse("rules:detail", args=[doc.pk])).content.decode()
    assert "企业与场地匹配成本（默认） · 第 1 版" in detail
    assert doc.sha256 in detail
    assert "使其生效" not in detail  # the platform's documents are the administrator's
    assert "为本县修订" in detail  # but the county may start its own from them
    assert "平台自带" in detail


def test_an_official_adapts_the_platform_document_for_the_county(client, home):
    platform = services.in_effect("matching")
    client.force_login(home.users["official"])
    url = reverse("rules:new", args=["matching"]) + f"?from={platform.pk}"
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["content"] == platform.content
    assert form.context["form"].initial["name"] == "default"  # the county's stands in for it
    response = client.post(url, _county_form(home))
    saved = RulesDocument.objects.get(name="county-2027")
    assert response["Location"] == reverse("rules:detail", args=[saved.pk])
    assert (saved.region, saved.status, saved.parent, saved.version) == (
        home.county,
        Status.DRAFT,
        platform,
        1,
    )
    assert saved.created_by == home.users["official"]
    # Put into effect from its page; the county's matching now follows it.
    status = reverse("rules:status", args=[saved.pk])
    assert client.post(status, {"action": "activate"}).status_code == 302
    assert services.in_effect("matching", region=home.county) == saved
    assert services.in_effect("matching", region=home.township) == saved
    assert services.in_effect("matching") == platform


def test_an_invalid_document_is_refused_in_chinese_naming_the_field(client, home):
    client.force_login(home.users["official"])
    url = reverse("rules:new", args=["matching"])
    response = client.post(url, _county_form(home, "weights: {rent: 0.3, colour: 0.7}\n"))
    assert response.status_code == 200
    errors = response.context["form"].errors["content"]
    assert any(e.startswith("weights: 未知的键 colour") for e in errors), errors
    assert not RulesDocument.objects.filter(name="county-2027").exists()


def test_the_live_check_lists_problems_or_the_shares(client, home):
    client.force_login(home.users["official"])
    url = reverse("rules:check", args=["matching"])
    bad = client.post(url, {"content": "weights: {rent: 0.3}\n"}).content.decode()
    assert "权重之和为 0.3；权重之和须为 1" in bad
    good = client.post(url, {"content": NEW_WEIGHTS}).content.decode()
    assert "文件有效" in good
    assert "70.0 %" in good


def test_the_live_check_shows_the_consistency_ratio_of_ahp_judgements(client, home):
    client.force_login(home.users["official"])
    scheme = (
        "criteria:\n"
        "  - {name: a, label: Land area, field: x, kind: benefit, lower: 0, upper: 1}\n"
        "  - {name: b, label: Zoned for industry, field: y, kind: benefit, lower: 0, upper: 1}\n"
        "pairwise: [[1, 3], ['1/3', 1]]\n"
    )
    page = client.post(reverse("rules:check", args=["suitability"]), {"content": scheme})
    text = page.content.decode()
    assert "一致性比率（AHP）" in text
    assert "75.0 %" in text


@pytest.mark.parametrize("role", ["investment", "park_manager", "handler"])
def test_only_officials_put_county_rules_into_effect(client, home, role):
    draft = services.save_draft(
        home.users["official"],
        services.Draft("matching", "c", "c", NEW_WEIGHTS, region=home.county),
    )
    client.force_login(home.users[role])
    response = client.post(reverse("rules:status", args=[draft.pk]), {"action": "activate"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_official_may_not_edit_the_platforms_version(client, home):
    client.force_login(home.users["official"])
    doc = services.in_effect("evaluation", name="huangyan")
    assert client.get(reverse("rules:edit", args=[doc.pk])).status_code == 403


def test_export_imports_again_with_the_same_hash(client, home):
    client.force_login(home.users["official"])
    doc = services.in_effect("deadlines")
    exported = client.get(reverse("rules:export", args=[doc.pk]))
    assert exported["Content-Disposition"].endswith('deadlines-default-v1.yaml"')
    text = exported.content.decode()
    assert text.splitlines()[2].startswith("# source:")
    upload = SimpleUploadedFile("d.yaml", exported.content)
    page = client.post(reverse("rules:import"), {"kind": "deadlines", "file": upload})
    assert page.status_code == 200
    form = _county_form(home, text, name="county-deadlines", title="本县时限")
    client.post(reverse("rules:new", args=["deadlines"]), form)
    imported = RulesDocument.objects.get(name="county-deadlines")
    assert imported.sha256 == doc.sha256


def test_a_wrong_kind_on_import_is_named(client, home):
    client.force_login(home.users["official"])
    doc = services.in_effect("matching")
    text = services.export_text(doc)
    form = _county_form(home, text, name="x")
    response = client.post(reverse("rules:new", args=["targeting"]), form)
    errors = response.context["form"].errors["content"]
    assert any("而不是“招商目标评分权重”" in e for e in errors), errors


def test_the_diff_shows_what_changed(client, home):
    admin = home.users["admin"]
    current = services.in_effect("matching")
    newer = services.save_draft(
        admin,
        services.Draft("matching", "default", current.title, NEW_WEIGHTS),
        parent=current,
    )
    client.force_login(home.users["official"])
    page = client.get(reverse("rules:diff", args=[newer.pk, current.pk])).content.decode()
    assert '<span class="added">+weights: {rent: 0.3, suitability: 0.7}</span>' in page


def test_another_countys_documents_are_not_found(client, home, other):
    theirs = services.save_draft(
        other.users["official"],
        services.Draft("matching", "c", "c", NEW_WEIGHTS, region=other.county),
    )
    client.force_login(home.users["official"])
    for name in ("rules:detail", "rules:export", "rules:edit"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404, name


def test_the_api_lists_and_reads_what_the_user_may_see(client, home, other):
    theirs = services.save_draft(
        other.users["official"],
        services.Draft("matching", "c", "c", NEW_WEIGHTS, region=other.county),
    )
    client.force_login(home.users["investment"])
    listed = client.get("/api/rules", {"kind": "evaluation"}).json()
    assert sorted(d["name"] for d in listed) == ["huaian", "huangyan", "jingde"]
    assert all(d["region"] is None and d["status"] == "active" for d in listed)
    one = client.get(f"/api/rules/{listed[0]['id']}").json()
    assert one["content"].startswith("#")
    assert client.get(f"/api/rules/{theirs.pk}").status_code == 404
    client.force_login(home.users["enterprise"])
    assert client.get("/api/rules").json() == []


def test_a_gbk_file_imports_like_its_utf8_copy(client, home):
    client.force_login(home.users["official"])
    text = "# 本县匹配成本\nweights: {rent: 0.3, suitability: 0.7}\n"
    upload = SimpleUploadedFile("w.yaml", text.encode("gbk"))
    page = client.post(reverse("rules:import"), {"kind": "matching", "file": upload})
    assert page.status_code == 200
    assert page.context["form"].initial["content"] == text
