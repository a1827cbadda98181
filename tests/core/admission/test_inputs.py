from __future__ import annotations

import pytest

from microparks.core.admission import ProjectInputError, parse_project
from microparks.io.admission import DEFAULT_RULE_SET, read_project, read_rule_set
from microparks.io.rules import DocumentError
from tests.io.rules.helpers import parse_rules, problem_texts


def test_parse_project_reads_a_full_document():
    p = parse_project(
        {
            "name": " 家具厂 ",
            "industry_codes": ["2110", "2110", "2120"],
            "annual_energy_tce": 120,
            "emissions_t": {"cod": 0.3},
            "processes": ["Spray Coating"],
        }
    )
    assert p.name == "家具厂"
    assert p.industry_codes == ("2110", "2120")
    assert p.annual_energy_tce == 120.0
    assert p.processes == ("spray coating",)
    assert p.materials is None
    assert p.emissions_t == {"cod": 0.3}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"industry_codes": ["2110"]}, "name: a project name is needed"),
        ({"name": "x"}, "industry_codes: a list of at least one"),
        ({"name": "x", "industry_codes": [2110]}, "industry_codes[0]: expected a code as text"),
        (
            {"name": "x", "industry_codes": ["2110"], "annual_energy_tce": -5},
            "annual_energy_tce: must be a finite number ≥ 0, got -5",
        ),
        (
            {"name": "x", "industry_codes": ["2110"], "output_cny": "lots"},
            "output_cny: expected a number",
        ),
        (
            {"name": "x", "industry_codes": ["2110"], "emissions_t": {"pm25": 1}},
            "emissions_t.pm25: unknown pollutant",
        ),
        ({"name": "x", "industry_codes": ["2110"], "energy": 1}, "unknown fields energy"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_bad_project_data_names_the_field(data, message):
    with pytest.raises(ProjectInputError) as err:
        parse_project(data)
    assert any(message in p for p in problem_texts(err.value)), problem_texts(err.value)


def test_read_project_refuses_bad_json(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProjectInputError, match="not valid JSON"):
        read_project(path)


def test_default_rule_set_is_valid_and_cites_its_sources():
    rules = read_rule_set(DEFAULT_RULE_SET)
    assert rules.version == "2026.2"
    assert {"hhp-2021-45", "eia-2021", "energy-2023"} <= set(rules.sources)
    assert "环环评〔2021〕45号" in rules.sources["hhp-2021-45"]
    assert [t.min_tce for t in rules.energy.tiers] == [10000.0, 1000.0]
    assert rules.energy.tiers[1].min_kwh == 5_000_000.0
    assert {r.source for r in rules.two_high} == {"hhp-2021-45"}
    assert rules.override_roles == ("official",)


def test_override_roles_default_to_the_official_and_may_be_none():
    from microparks.io.rules.admission import parse_admission

    assert parse_admission({"name": "x"}).override_roles == ("official",)
    assert parse_admission({"name": "x", "override_roles": []}).override_roles == ()
    both = parse_admission({"name": "x", "override_roles": ["investment", "official"]})
    assert both.override_roles == ("investment", "official")


def test_override_roles_name_the_platforms_roles():
    from microparks.apps.base import Role
    from microparks.core.admission import OVERRIDE_ROLE_NAMES

    staff = {Role.ADMIN, Role.OFFICIAL, Role.INVESTMENT, Role.PARK_MANAGER}
    assert set(OVERRIDE_ROLE_NAMES) == {r.value for r in staff}


MALFORMED = [
    ("name: x\noverride_roles: [boss]", "override_roles: unknown role 'boss'"),
    ("name: [unclosed", "not valid YAML"),
    ("- a list", "(document): expected a mapping"),
    ("name: x\nversion: '1'\nnegative_list:\n  - {codes: ['17']}", "negative_list[0].id: missing"),
    ("name: x\nversion: '1'\nsurprise: 1", "unknown keys surprise"),
    (
        "name: x\nversion: '1'\nnegative_list:\n  - {id: A, codes: [0111]}",
        "quote industry codes",
    ),
    (
        "name: x\nversion: '1'\nnegative_list:\n  - {id: A, codes: ['17'], outcome: ban}",
        "negative_list[0].outcome: 'ban' is not one of: admit,",
    ),
    (
        "name: x\nversion: '1'\nnegative_list:\n  - {id: A, codes: ['17']}\n"
        "  - {id: A, codes: ['18']}",
        "duplicate rule id 'A'",
    ),
    (
        "name: x\nversion: '1'\ncaps:\n  - {id: C, indicator: pm25_t, limit: 1}",
        "caps[0].indicator: 'pm25_t' is not one of:",
    ),
    (
        "name: x\nversion: '1'\ncaps:\n  - {id: C, indicator: cod_t, limit: -1}",
        "caps[0].limit: must be at least 0, got -1",
    ),
    (
        "name: x\nversion: '1'\nenergy_review:\n  tiers:\n    - {id: a, min_tce: 1000}\n"
        "    - {id: b, min_tce: 10000}",
        "from the highest threshold down",
    ),
    (
        "name: x\nversion: '1'\nprohibitions:\n  - {id: P}",
        "needs processes, materials or hazardous_storage_max_t",
    ),
    (
        "name: x\nversion: '1'\nnegative_list:\n  - {id: A, codes: ['17'], source: nowhere}",
        "'nowhere' is not listed under sources",
    ),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_rule_sets_are_refused_with_the_path(text, message):
    with pytest.raises(DocumentError) as err:
        parse_rules(text)
    assert any(message in p for p in problem_texts(err.value)), problem_texts(err.value)


def test_unknown_codes_in_rules_are_refused(tree):
    text = "name: x\nversion: '1'\nnegative_list:\n  - {id: A, codes: ['1799', '17']}"
    with pytest.raises(DocumentError, match="not in GB/T 4754-2017: 1799"):
        parse_rules(text, known_codes=tree.parents.keys())


def test_eia_category_must_be_declared():
    text = DEFAULT_RULE_SET.read_text(encoding="utf-8").replace(
        "category: report_form\n      note: Rubber", "category: big\n      note: Rubber"
    )
    with pytest.raises(DocumentError, match=r"eia.entries\[6\].category: 'big' is not a category"):
        parse_rules(text)
