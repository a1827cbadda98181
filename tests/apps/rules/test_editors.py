"""The form tab of the rules pages: a form per kind, round trips, live preview, refusals.

Each page is read as a browser sends it (``forms_html.form_data``), so the templates are tested
with the editors: an unchanged form must store the very document it started from (same
SHA-256), a changed field exactly the change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.rules import services
from microparks.apps.rules.models import RulesDocument, Status
from microparks.io.rules import SHIPPED, content_sha256, load_yaml
from tests.apps.rules.forms_html import form_data

pytestmark = pytest.mark.django_db


def _platform(kind: str, name: str = "default") -> RulesDocument:
    return RulesDocument.objects.get(kind=kind, name=name, region=None, version=1)


def _open_new(client: Any, home: Any, doc: RulesDocument) -> tuple[str, dict[str, Any]]:
    """The official's "adapt for my county" page of ``doc``, and what its form would send."""
    client.force_login(home.users["official"])
    url = reverse("rules:new", args=[doc.kind]) + f"?from={doc.pk}"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "/rules/new/")
    assert data["mode"] == "form"  # the form is the tab open by default
    data.update(title="本县规则", name="county-2027", place=f"r{home.county.pk}")
    return url, data


def _saved(client: Any, url: str, data: dict[str, Any]) -> RulesDocument:
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return RulesDocument.objects.get(name="county-2027")


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name"), [(s.kind, s.name) for s in SHIPPED])
def test_an_unchanged_form_stores_the_same_document(client, home, kind, name):
    doc = _platform(kind, name)
    url, data = _open_new(client, home, doc)
    saved = _saved(client, url, data)
    assert saved.sha256 == doc.sha256
    assert (saved.region, saved.status, saved.parent) == (home.county, Status.DRAFT, doc)
    assert "#" not in saved.content  # the form's YAML replaced the text (comments are gone)


def _targeting(d: dict[str, Any]) -> None:
    d["ed-w-density"], d["ed-w-national_growth"] = "0.3", "0.05"


def _matching(d: dict[str, Any]) -> None:
    d["ed-w-rent"], d["ed-w-suitability"] = "0.05", "0.25"
    d["ed-scales-commute_radius_m"] = "20000"


def _suitability(d: dict[str, Any]) -> None:
    d["ed-crit-0-weight"], d["ed-crit-10-weight"] = "0.16", "0.01"
    d["ed-crit-0-upper"] = "400"
    d["ed-crit-3-points"] = "0, 5000, 20000, 30000"
    d["ed-veto-2-buffer_m"] = "500"


def _evaluation(d: dict[str, Any]) -> None:
    d["ed-g0-0-weight"], d["ed-g0-1-weight"] = "35", "15"
    d["ed-years-TOTAL_FORMS"] = "3"  # "add a year"
    d["ed-years-2-year"], d["ed-years-2-c0"] = "2023", "25"
    d["ed-pol-D-electricity_surcharge_cny_per_kwh"] = "0.4"
    d["ed-classes-quota_A"] = "0.15"


def _deadlines(d: dict[str, Any]) -> None:
    d["ed-rules-TOTAL_FORMS"] = "3"  # "add a row"
    d.update({"ed-rules-2-category": "electricity", "ed-rules-2-priority": ""})
    d.update({"ed-rules-2-ack": "0.5", "ed-rules-2-respond": "2", "ed-rules-2-close": "3"})
    d["ed-rules-1-DELETE"] = "on"


def _calendar(d: dict[str, Any]) -> None:
    d["ed-off-TOTAL_FORMS"] = "1"
    d["ed-off-0-date"], d["ed-off-0-name"] = "2026-05-06", "县庆"


def _admission(d: dict[str, Any]) -> None:
    d["ed-caps-0-limit"] = "0.25"
    d["ed-tiers-1-min_kwh"] = "4000000"
    d["ed-bans-1-hazardous_storage_max_t"] = "5"


def _vocabulary(d: dict[str, Any]) -> None:
    d["ed-v-ownership__code__state"] += "、公有"  # the county's own word for state land
    d["ed-v-code__headers"] = "地块编号, 宗地号"


def _workshop(d: dict[str, Any]) -> None:
    d["ed-criteria-workers"], d["ed-criteria-poverty_rule"] = "10", "both"
    d["ed-tiers-TOTAL_FORMS"] = "3"  # "add a row": a third tier from the 21st worker
    d["ed-tiers-2-from_worker"], d["ed-tiers-2-per_worker_cny"] = "21", "2000"
    d["ed-subsidy-cap_per_year_cny"] = ""  # no cap


def _park_rubric(d: dict[str, Any]) -> None:
    d["ed-concentration-step_points"] = "5"
    d["ed-service_items-2-points"] = "4"  # park brain at most 4
    d["ed-bands-4-DELETE"] = "on"  # no band from 3.5×
    d["ed-grading-a_max_pct"] = "15"


def _park_stars(d: dict[str, Any]) -> None:
    d["ed-levels-0-min_score"] = "35"
    d["ed-levels-1-jobs"] = "100"
    d["ed-levels-2-grades"] = ["A"]


CHANGES = {
    "park_rubric": (_park_rubric, "hangzhou"),
    "park_stars": (_park_stars, "sample"),
    "workshop": (_workshop, "sample"),
    "vocabulary": (_vocabulary, "sites"),
    "targeting": (_targeting, "default"),
    "matching": (_matching, "default"),
    "suitability": (_suitability, "default"),
    "evaluation": (_evaluation, "huangyan"),
    "deadlines": (_deadlines, "default"),
    "calendar": (_calendar, "default"),
    "admission": (_admission, "default"),
}


def _expected(kind: str, before: dict[str, Any]) -> dict[str, Any]:
    """``before`` with exactly the changes of :data:`CHANGES` made."""
    after = load_yaml(services.export_text(_platform(kind, CHANGES[kind][1])))
    after.pop("kind", None)
    if kind == "vocabulary":
        after["fields"]["ownership"]["codes"]["state"].append("公有")
        after["fields"]["code"]["headers"] = ["地块编号", "宗地号"]
    elif kind == "targeting":
        after["weights"].update(density=0.3, national_growth=0.05)
    elif kind == "matching":
        after["weights"].update(rent=0.05, suitability=0.25)
        after["commute_radius_m"] = 20000
    elif kind == "suitability":
        crit = after["criteria"]
        crit[0]["weight"], crit[10]["weight"], crit[0]["upper"] = 0.16, 0.01, 400
        crit[3]["points"] = [0, 5000, 20000, 30000]
        after["vetoes"][2]["buffer_m"] = 500
    elif kind == "evaluation":
        items = after["groups"]["above_size"]["items"]
        items[0]["weight"], items[1]["weight"] = 35, 15
        after["benchmarks"]["table"][2023] = {"above_size": {"tax_per_mu": 25}}
        after["policies"]["D"]["electricity_surcharge_cny_per_kwh"] = 0.4
        after["classes"]["quota"]["A"] = 0.15
    elif kind == "deadlines":
        after["rules"] = [
            after["rules"][0],
            {"category": "electricity", "ack": 0.5, "respond": 2, "close": 3},
        ]
    elif kind == "calendar":
        after["days_off"] = [{"date": dt.date(2026, 5, 6), "name": "县庆"}]
    elif kind == "workshop":
        after["criteria"].update(workers=10, poverty_rule="both")
        after["subsidy"]["tiers"].append({"from_worker": 21, "per_worker_cny": 2000})
        del after["subsidy"]["cap_per_year_cny"]
    elif kind == "park_rubric":
        after["concentration"]["step_points"] = 5
        after["service"]["items"][2]["max"] = 4
        del after["benefit"]["bands"][4]
        after["grading"]["a_max_pct"] = 15
    elif kind == "park_stars":
        after["levels"][0]["min_score"] = 35
        after["levels"][1]["minimums"]["jobs"] = 100
        after["levels"][2]["grades"] = ["A"]
    elif kind == "admission":
        after["caps"][0]["limit"] = 0.25
        after["energy_review"]["tiers"][1]["min_kwh"] = 4000000
        after["prohibitions"][1]["hazardous_storage_max_t"] = 5
    return after


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_changed_field_makes_exactly_that_new_version(client, home, kind):
    change, name = CHANGES[kind]
    doc = _platform(kind, name)
    url, data = _open_new(client, home, doc)
    change(data)
    saved = _saved(client, url, data)
    stored = load_yaml(saved.content)
    assert stored == _expected(kind, load_yaml(doc.content))
    assert saved.sha256 == content_sha256(stored) != doc.sha256
    services.parse(saved)  # a valid document of its kind


def test_the_administrator_writes_the_next_version_of_the_platforms_weights(client, home):
    doc = _platform("targeting")
    client.force_login(home.users["admin"])
    url = reverse("rules:edit", args=[doc.pk])
    data = form_data(client.get(url).content.decode(), url)
    _targeting(data)
    response = client.post(url, data)
    newer = RulesDocument.objects.get(kind="targeting", name="default", version=2)
    assert response["Location"] == reverse("rules:detail", args=[newer.pk])
    assert (newer.parent, newer.region, newer.status) == (doc, None, Status.DRAFT)
    assert services.parse(newer).weights["density"] == 0.3
    detail = client.get(response["Location"]).content.decode()
    assert "第 2 版" in detail
    assert "30.0 %" in detail


def test_the_yaml_tab_still_saves_the_text_as_typed(client, home):
    doc = _platform("targeting")
    url, data = _open_new(client, home, doc)
    _targeting(data)  # ignored: the YAML tab is open
    data["mode"] = "yaml"
    saved = _saved(client, url, data)
    assert saved.content.strip() == doc.content.strip()  # comments and all
    assert saved.sha256 == doc.sha256


# --- refusals ---------------------------------------------------------------------------------


def test_invalid_entries_are_refused_naming_the_field_in_chinese(client, home):
    url, data = _open_new(client, home, _platform("targeting"))
    data["ed-w-density"] = "很多"
    data["ed-w-cog"] = "-1"
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any(e.startswith("关联密度: ") for e in errors), errors
    assert any(e.startswith("复杂度前景增益: ") or "大于或等于 0" in e for e in errors), errors
    assert "关联密度: " in response.content.decode()
    assert not RulesDocument.objects.filter(name="county-2027").exists()


def test_deadlines_out_of_order_are_refused(client, home):
    url, data = _open_new(client, home, _platform("deadlines"))
    data["ed-default-close"] = "2"  # acknowledge 1, respond 3, close 2
    preview = _preview(client, "deadlines", data).content.decode()
    assert "默认: 须满足 受理 ≤ 反馈 ≤ 办结" in preview  # refused as it is typed
    response = client.post(url, data)
    errors = response.context["form"].non_field_errors()
    assert any(e.startswith("默认: 须满足 受理 ≤ 反馈 ≤ 办结") for e in errors), errors
    assert not RulesDocument.objects.filter(name="county-2027").exists()


def test_a_deadline_row_may_count_working_hours(client, home):
    url, data = _open_new(client, home, _platform("deadlines"))
    assert data["ed-rules-0-unit"] == "days"
    data.update({"ed-rules-0-unit": "hours", "ed-rules-0-ack": "4", "ed-rules-0-respond": "8"})
    data["ed-rules-0-close"] = "16"
    saved = _saved(client, url, data)
    rules = load_yaml(saved.content)["rules"]
    assert rules[0] == {"priority": "urgent", "ack": 4, "respond": 8, "close": 16, "unit": "hours"}
    assert "unit" not in rules[1]  # days: the parser's default, not written


def test_a_document_the_form_makes_is_still_checked(client, home):
    url, data = _open_new(client, home, _platform("targeting"))
    data["ed-w-density"] = "0.5"  # the weights now sum to 1.25
    response = client.post(url, data)
    errors = response.context["form"].errors["content"]
    assert any(e.startswith("weights: 权重之和为 1.25；权重之和须为 1") for e in errors), errors
    assert not RulesDocument.objects.filter(name="county-2027").exists()


def test_an_ahp_judgement_off_saatys_scale_is_refused(client, home):
    doc = _county_scheme(home, THREE)
    url, data = _open_edit(client, home, doc)
    data.update(_judgements(THREE_CONSISTENT), **{"ed-mode-weighting": "pairwise"})
    data["ed-ahp-a_0_1"] = "12"
    response = client.post(url, data)
    errors = response.context["form"].non_field_errors()
    assert any(e.startswith("用地面积 : 规划为工业用地: 须在 1/9 与 9 之间") for e in errors), (
        errors
    )
    assert RulesDocument.objects.filter(name="three").count() == 1


# --- the live preview -------------------------------------------------------------------------


def _preview(client: Any, kind: str, data: dict[str, Any], **more: str) -> Any:
    return client.post(reverse("rules:editor", args=[kind]), {**data, **more})


def test_the_preview_shows_each_weights_share_and_the_sum(client, home):
    _url, data = _open_new(client, home, _platform("targeting"))
    data["ed-w-density"] = "0.5"
    page = _preview(client, "targeting", data).content.decode()
    assert (
        '<output id="share-ed-w-density" class="share" hx-swap-oob="true">40.0 %</output>' in page
    )
    assert "权重合计" in page
    assert "1.25（应为 1）" in page
    assert "权重之和为 1.25；权重之和须为 1" in page  # the document check, in Chinese


def test_normalise_rescales_the_weights_to_one(client, home):
    _url, data = _open_new(client, home, _platform("targeting"))
    data["ed-w-density"] = "0.5"
    panel = _preview(client, "targeting", data, **{"ed-action": "normalise"}).content.decode()
    again = form_data(f'<form action="x">{panel}</form>', "x")
    weights = {k: float(v) for k, v in again.items() if k.startswith("ed-w-")}
    assert weights["ed-w-density"] == 0.4
    assert weights["ed-w-cog"] == 0.12
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-9)


THREE = (
    "criteria:\n"
    "  - {name: area, label: Land area, field: a, kind: benefit, lower: 0, upper: 10,"
    " weight: 0.5}\n"
    "  - {name: zoning, label: Zoned for industry, field: z, kind: benefit, lower: 0, upper: 1,"
    " weight: 0.3}\n"
    "  - {name: road, label: Distance to the nearest road, field: r, kind: cost, lower: 0,"
    " upper: 2000, weight: 0.2}\n"
)
THREE_CONSISTENT = [[1, 2, 4], [0, 1, 2], [0, 0, 1]]  # w = 4/7, 2/7, 1/7 exactly; CR = 0
THREE_INCONSISTENT = [[1, 9, "1/9"], [0, 1, 9], [0, 0, 1]]  # a > b > c, yet c ≫ a


def _county_scheme(home: Any, text: str, name: str = "three") -> RulesDocument:
    return services.save_draft(
        home.users["official"],
        services.Draft("suitability", name, "三项指标", text, region=home.county),
    )


def _open_edit(client: Any, home: Any, doc: RulesDocument) -> tuple[str, dict[str, Any]]:
    client.force_login(home.users["official"])
    url = reverse("rules:edit", args=[doc.pk])
    return url, form_data(client.get(url).content.decode(), url)


def _judgements(matrix: list[list[Any]]) -> dict[str, str]:
    n = len(matrix)
    return {f"ed-ahp-a_{i}_{j}": str(matrix[i][j]) for i in range(n) for j in range(i + 1, n)}


def test_consistent_judgements_give_their_weights_and_a_zero_ratio(client, home):
    doc = _county_scheme(home, THREE)
    url, data = _open_edit(client, home, doc)
    data.update(_judgements(THREE_CONSISTENT), **{"ed-mode-weighting": "pairwise"})
    page = _preview(client, "suitability", data).content.decode()
    assert "一致性比率 CR = 0.000" in page
    assert 'class="ok" id="ahp-cr"' in page
    for name, share in (("0", "57.1 %"), ("1", "28.6 %"), ("2", "14.3 %")):
        assert f'id="share-ed-crit-{name}-weight" class="share" hx-swap-oob="true">{share}' in page
    assert '<span id="recip-2-0" class="recip" hx-swap-oob="true">1/4</span>' in page
    # Saved, the scheme carries the matrix and no weights; its page shows the ratio.
    client.post(url, data)
    doc.refresh_from_db()
    stored = load_yaml(doc.content)
    assert stored["pairwise"] == [[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]]
    assert all("weight" not in c for c in stored["criteria"])
    detail = client.get(reverse("rules:detail", args=[doc.pk])).content.decode()
    assert "一致性比率（AHP）" in detail


def test_inconsistent_judgements_are_shown_in_red_naming_the_worst(client, home):
    doc = _county_scheme(home, THREE)
    url, data = _open_edit(client, home, doc)
    data.update(_judgements(THREE_INCONSISTENT), **{"ed-mode-weighting": "pairwise"})
    page = _preview(client, "suitability", data).content.decode()
    assert 'class="bad" id="ahp-cr"' in page
    assert "超过 0.1：请修改判断" in page
    assert "与其他判断最不一致的判断" in page
    assert "用地面积 与 规划为工业用地：填写为 9，其他判断对应约 1" in page
    assert "pairwise: 判断不一致：一致性比率 6.130 高于 0.1" in page  # as saving would refuse
    response = client.post(url, data)
    assert response.status_code == 200
    doc.refresh_from_db()
    assert "pairwise" not in doc.content  # nothing stored


# Saaty (1990), "How to make a decision: the Analytic Hierarchy Process", EJOR 48, 9–26,
# section 4 (choosing a house; tests/core/mcda/test_ahp.py): C.R. = 0.169.
HOUSE_UPPER = {
    (0, 1): "5", (0, 2): "3", (0, 3): "7", (0, 4): "6", (0, 5): "6", (0, 6): "1/3", (0, 7): "1/4",
    (1, 2): "1/3", (1, 3): "5", (1, 4): "3", (1, 5): "3", (1, 6): "1/5", (1, 7): "1/7",
    (2, 3): "6", (2, 4): "3", (2, 5): "4", (2, 6): "6", (2, 7): "1/5",
    (3, 4): "1/3", (3, 5): "1/4", (3, 6): "1/7", (3, 7): "1/8",
    (4, 5): "1/2", (4, 6): "1/5", (4, 7): "1/6",
    (5, 6): "1/5", (5, 7): "1/6",
    (6, 7): "1/2",
}  # fmt: skip


def test_the_ratio_of_saatys_house_example_is_his_published_0_169(client, home):
    criteria = "".join(
        f"  - {{name: k{i}, field: f{i}, kind: benefit, lower: 0, upper: 1, weight: 0.125}}\n"
        for i in range(8)
    )
    doc = _county_scheme(home, "criteria:\n" + criteria, name="house")
    _url, data = _open_edit(client, home, doc)
    data["ed-mode-weighting"] = "pairwise"
    data.update({f"ed-ahp-a_{i}_{j}": v for (i, j), v in HOUSE_UPPER.items()})
    page = _preview(client, "suitability", data).content.decode()
    assert "一致性比率 CR = 0.169" in page
    assert 'class="bad" id="ahp-cr"' in page
    # Saaty's priorities: financing 0.333 first, then neighbourhood 0.188
    assert 'id="share-ed-crit-7-weight" class="share" hx-swap-oob="true">33.3 %' in page


def test_the_evaluation_preview_sums_each_groups_points(client, home):
    _url, data = _open_new(client, home, _platform("evaluation", "huangyan"))
    data["ed-g1-0-weight"] = "60"
    page = _preview(client, "evaluation", data).content.decode()
    assert "规下企业：分值合计" in page
    assert "110（应为 100）" in page
    assert "C 类比例（其余）" in page
    assert "35.0 %" in page


def test_adding_a_row_or_a_year_shows_an_empty_one(client, home):
    _url, data = _open_new(client, home, _platform("deadlines"))
    panel = _preview(client, "deadlines", data, **{"ed-action": "add", "ed-target": "rules"})
    assert 'name="ed-rules-TOTAL_FORMS" value="3"' in panel.content.decode()
    assert 'name="ed-rules-2-close"' in panel.content.decode()
    _url, data = _open_new(client, home, _platform("calendar"))
    data["ed-newyear"] = "2027"
    panel = _preview(client, "calendar", data, **{"ed-action": "add", "ed-target": "years"})
    assert 'name="ed-y2027-title"' in panel.content.decode()


# --- the two tabs -----------------------------------------------------------------------------


def test_switching_tabs_carries_the_changes_across(client, home):
    _url, data = _open_new(client, home, _platform("targeting"))
    # Nothing changed in the form: the YAML tab keeps its text and comments.
    assert _preview(client, "targeting", data, **{"ed-action": "yaml"}).status_code == 204
    data["ed-w-density"], data["ed-w-chain_fit"] = "0.3", "0.1"
    to_yaml = _preview(client, "targeting", data, **{"ed-action": "yaml"}).content.decode()
    assert "density: 0.3\n" in to_yaml
    assert 'id="yaml-text"' in to_yaml
    # Typed in the YAML tab, the form shows it when the official comes back.
    data["content"] = "weights: {density: 0.6, cog: 0.4}\n"
    panel = _preview(client, "targeting", data, **{"ed-action": "from_yaml"}).content.decode()
    shown = form_data(f'<form action="x">{panel}</form>', "x")
    assert (shown["ed-w-density"], shown["ed-w-cog"], shown["ed-w-labour_fit"]) == (
        "0.6",
        "0.4",
        "",
    )
    assert shown["ed-base"] == data["content"]


def test_the_editor_requests_need_a_writer(client, home):
    url = reverse("rules:editor", args=["targeting"])
    assert client.post(url, {}).status_code == 302
    client.force_login(home.users["enterprise"])
    assert client.post(url, {}).status_code == 403
    client.force_login(home.users["official"])
    assert client.get(url).status_code == 405
    assert client.post(reverse("rules:editor", args=["nonsense"]), {}).status_code == 404


def test_a_document_the_form_cannot_read_opens_in_the_yaml_tab(client, home):
    client.force_login(home.users["official"])
    broken = SimpleUploadedFile("w.yaml", b"weights: [density\n")
    page = client.post(reverse("rules:import"), {"kind": "targeting", "file": broken})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="mode-form"' not in html
    assert '<input type="hidden" name="mode" value="yaml">' in html
    # A mapping of the wrong shape still opens in the form, which shows what it can.
    odd = SimpleUploadedFile("e.yaml", b"groups: [1, 2]\nbenchmarks: 3\npolicies: {A: 1}\n")
    page = client.post(reverse("rules:import"), {"kind": "evaluation", "file": odd})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="mode-form"' in html
    assert 'id="mode-yaml" checked' in html  # an imported file opens as it was written
