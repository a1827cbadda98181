"""``microparks admission check --site CODE`` reads the site's sensitivity from the database;
``--lang`` words the reasons (rule names, site classes, process words) in English or Chinese."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_admission_cli import FURNITURE, check, runner, write  # noqa: F401

PLATER = FURNITURE | {"processes": ["electroplating"], "materials": ["chromium"]}


@pytest.mark.django_db
def test_site_code_uses_the_sites_recorded_sensitivity(runner, tmp_path, home):  # noqa: F811
    home.site.eia_sensitivity = "drinking_water"
    home.site.save()
    project = write(tmp_path, "p.json", FURNITURE)
    result = check(runner, "--enterprise", project, "--site", home.site.code)
    assert result.exit_code == 0, result.output
    decision = json.loads(result.stdout)
    assert decision["site"] == home.site.code
    assert decision["site_sensitivity"] == "drinking_water"
    assert (decision["outcome"], decision["eia_category"]) == (
        "admit_with_conditions",
        "report_form",
    )
    home.site.eia_sensitivity = "general"
    home.site.save()
    general = json.loads(check(runner, "--enterprise", project, "--site", home.site.code).stdout)
    assert (general["outcome"], general["site_sensitivity"]) == ("admit", "general")


@pytest.mark.django_db
def test_unknown_or_unassessed_site_code_is_a_clear_error(runner, tmp_path, home):  # noqa: F811
    project = write(tmp_path, "p.json", FURNITURE)
    unknown = check(runner, "--enterprise", project, "--site", "NO-SUCH-SITE")
    assert unknown.exit_code == 1
    assert "site NO-SUCH-SITE: no site with this code in the database" in unknown.stderr
    assert home.site.eia_sensitivity == ""  # not assessed
    blank = check(runner, "--enterprise", project, "--site", home.site.code)
    assert blank.exit_code == 1
    assert "has not been assessed" in blank.stderr


def test_site_and_site_class_together_are_refused(runner, tmp_path):  # noqa: F811
    project = write(tmp_path, "p.json", FURNITURE)
    result = check(runner, "--enterprise", project, "--site", "X", "--site-sensitivity", "general")
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_an_unknown_site_class_is_refused(runner, tmp_path):  # noqa: F811
    project = write(tmp_path, "p.json", FURNITURE)
    result = check(runner, "--enterprise", project, "--site-sensitivity", "swamp")
    assert result.exit_code == 1
    assert "unknown site class 'swamp'" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "行业 2110 须编制环境影响报告表"
                "（选址位于饮用水水源保护区，由环境影响登记表提级）。",
                "禁止的工艺：电镀。",
                "禁止的原辅材料：铬。",
            ],
        ),
        (
            "en",
            [
                "Industry 2110 needs an EIA of category: EIA report form (raised from EIA "
                "registration form on a drinking-water source protection zone).",
                "Prohibited processes: electroplating.",
                "Prohibited materials: chromium.",
            ],
        ),
    ],
)
def test_lang_words_the_reasons(runner, tmp_path, lang, expected):  # noqa: F811
    project = write(tmp_path, "p.json", PLATER)
    result = check(
        runner, "--enterprise", project, "--site-sensitivity", "drinking_water", "--lang", lang
    )
    assert result.exit_code == 0, result.output
    decision = json.loads(result.stdout)
    assert decision["language"] == lang
    assert decision["outcome"] == "reject"
    assert [f["text"] for f in decision["fired"]] == expected
    notes = [f["note_text"] for f in decision["fired"]]
    if lang == "zh":
        assert "涉及五种重点重金属的工艺和原辅材料不得进入小微园区。" in notes
    else:
        assert notes[-1].startswith("Processes and materials with the five key heavy metals")
