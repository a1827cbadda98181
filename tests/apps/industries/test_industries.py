"""The shipped GB/T 4754-2017 classification, its loader, lookup, command and admin.

Published counts: 20 sections, 97 divisions, 473 groups, 1,381 classes (see the data README).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from microparks.apps.industries.models import Industry
from microparks.apps.industries.services import (
    DEFAULT_CSV,
    FIELDS,
    UnknownIndustryError,
    load_industries,
    read_industry_csv,
    resolve_industry,
)

COUNTS = {"section": 20, "division": 97, "group": 473, "class": 1381}
SIX_ENERGY_INTENSIVE = {"25", "26", "30", "31", "32", "44"}


@pytest.fixture
def loaded(db):
    """The classification loaded into the test database."""
    load_industries()
    return {i.code: i for i in Industry.objects.select_related("parent")}


def csv_lines() -> list[str]:
    return DEFAULT_CSV.read_text(encoding="utf-8").splitlines()


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "industries.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def replace_field(line: str, field: str, value: str) -> str:
    row = next(csv.reader([line]))
    row[FIELDS.index(field)] = value
    return ",".join(f'"{v}"' if "," in v else v for v in row)


# --- the data ---------------------------------------------------------------------------


def test_csv_has_the_published_counts_per_level():
    assert csv_lines()[0] == ",".join(FIELDS)
    assert Counter(r.level for r in read_industry_csv()) == COUNTS


def test_loaded_counts_per_level(loaded):
    assert Counter(Industry.objects.values_list("level", flat=True)) == COUNTS
    assert sorted(c for c in loaded if len(c) == 1) == list("ABCDEFGHIJKLMNOPQRST")
    assert sorted(c for c in loaded if len(c) == 2) == [f"{i:02d}" for i in range(1, 98)]


def test_every_parent_exists_one_level_up_and_prefixes_its_children(loaded):
    levels = ["section", "division", "group", "class"]
    for code, node in loaded.items():
        if node.level == "section":
            assert node.parent is None
            continue
        assert levels.index(node.parent.level) == levels.index(node.level) - 1, code
        if node.level in ("group", "class"):
            assert code.startswith(node.parent.code), code
    assert loaded["13"].parent.code == "C"
    assert loaded["131"].parent.code == "13"
    assert loaded["1311"].parent.code == "131"
    assert loaded["9700"].section.code == "T"
    assert {n.section.code for c, n in loaded.items() if c[:2] in {"13", "43"}} == {"C"}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("A", "农、林、牧、渔业"),
        ("C", "制造业"),
        ("13", "农副食品加工业"),
        ("131", "谷物磨制"),
        ("1311", "稻谷加工"),
        ("0515", "农作物病虫害防治活动"),
        ("1811", "运动机织服装制造"),
        ("1941", "羽毛（绒）加工"),
        ("022", "造林和更新"),  # a one-class group carries its class's name
        ("0220", "造林和更新"),
        ("306", "玻璃纤维和玻璃纤维增强塑料制品制造"),
        ("3011", "水泥制造"),
        ("3531", "食品、酒、饮料及茶生产专用设备制造"),
        ("37", "铁路、船舶、航空航天和其他运输设备制造业"),
        ("4411", "火力发电"),
        ("7517", "三维（3D）打印技术推广服务"),
        ("9700", "国际组织"),
    ],
)
def test_official_names(loaded, code, name):
    assert loaded[code].name == name


def test_english_names_for_every_section_and_division(loaded):
    for node in loaded.values():
        assert bool(node.name_en) == (node.level in ("section", "division")), node.code
    assert loaded["C"].name_en == "Manufacturing"
    assert loaded["13"].name_en == "Processing of Food from Agricultural Products"
    assert loaded["31"].name_en == "Smelting and Pressing of Ferrous Metals"


# --- attributes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "two_high"),
    [
        ("3011", True),  # cement
        ("3012", True),  # lime
        ("3041", True),  # flat glass
        ("3071", True),  # building ceramics
        ("2511", True),  # refining
        ("2521", True),  # coking
        ("2612", True),  # caustic soda, soda ash
        ("3120", True),  # steelmaking
        ("3216", True),  # aluminium smelting
        ("4411", True),  # thermal power
        ("25", True),
        ("32", True),
        ("1811", False),  # garments
        ("2541", False),  # biomass liquid fuels
        ("3251", False),  # copper rolling is not smelting
        ("4413", False),  # hydropower
        ("44", False),
        ("C", False),
    ],
)
def test_two_high_flags(loaded, code, two_high):
    assert loaded[code].is_two_high is two_high


def test_two_high_covers_whole_divisions_and_flags_ancestors(loaded):
    for node in loaded.values():
        if node.code[:2] in {"26", "30", "31"}:
            assert node.is_two_high, node.code
        if node.is_two_high and node.level in ("group", "class") and node.code[:2] != "44":
            assert node.parent.is_two_high, node.code
    assert not any(n.is_two_high for n in loaded.values() if n.level == "section")


def test_attributes_are_set_per_division_and_inherited(loaded):
    for node in loaded.values():
        if node.level == "section":
            assert node.labour_intensity == node.energy_class == "", node.code
        elif node.level == "division":
            assert node.labour_intensity in {"high", "medium", "low"}, node.code
            assert node.energy_class in {"high", "medium", "low"}, node.code
        else:
            division = loaded[node.code[:2]]
            assert node.labour_intensity == division.labour_intensity, node.code
            assert node.energy_class == division.energy_class, node.code


def test_energy_and_labour_classes(loaded):
    high = {c for c, n in loaded.items() if n.level == "division" and n.energy_class == "high"}
    assert high == SIX_ENERGY_INTENSIVE
    assert loaded["3011"].energy_class == "high"
    assert loaded["1811"].energy_class == "medium"  # other manufacturing
    assert loaded["7517"].energy_class == "low"  # services
    for code in ("1311", "1711", "1811", "1951", "2110", "2451", "2921", "3971"):
        assert loaded[code].labour_intensity == "high", code
    assert loaded["2511"].labour_intensity == "low"


# --- loading -----------------------------------------------------------------------------


def snapshot():
    return sorted(
        Industry.objects.values_list(
            "pk", "code", "name", "name_en", "level", "parent__code",
            "labour_intensity", "energy_class", "is_two_high",
        )
    )  # fmt: skip


def test_loading_twice_gives_the_same_rows(db):
    assert load_industries() == 1971
    first = snapshot()
    assert load_industries() == 1971
    assert snapshot() == first


def test_loading_updates_rows_made_elsewhere(industry):
    """The shared fixture's section C and division 13 keep their ids and get the CSV's values."""
    Industry.objects.filter(code="13").update(name="old name", labour_intensity="low")
    load_industries()
    division = Industry.objects.get(code="13")
    assert division.pk == industry.pk
    assert (division.name, division.labour_intensity) == ("农副食品加工业", "high")


def test_a_bad_row_57_is_named_and_nothing_is_written(db, tmp_path):
    lines = csv_lines()
    lines[56] = replace_field(lines[56], "parent", "ZZ")  # row 57 counting the header as row 1
    with pytest.raises(ValueError, match=r"row 57, field parent: unknown parent 'ZZ'"):
        load_industries(write(tmp_path, lines))
    assert not Industry.objects.exists()


def test_a_bad_file_leaves_a_loaded_table_unchanged(loaded, tmp_path):
    before = snapshot()
    lines = csv_lines()
    lines[1] = replace_field(lines[1], "name", "renamed")  # valid, but must not be written
    lines[57] = replace_field(lines[57], "level", "subclass")
    with pytest.raises(ValueError, match=r"row 58, field level"):
        load_industries(write(tmp_path, lines))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("level", "kind", "unknown level"),
        ("code", "01111", "is not a class code"),
        ("code", "0111", "duplicate code"),  # row 6 is 0112: make it repeat row 5's 0111
        ("parent", "012", "cannot be the parent"),
        ("name", "", "name of 1 to"),
        ("energy_class", "extreme", "is not high, medium, low"),
        ("is_two_high", "maybe", "is not true or false"),
    ],
)
def test_each_kind_of_bad_row_is_named(db, tmp_path, field, value, message):
    lines = csv_lines()
    assert lines[5].startswith("0112,")
    lines[5] = replace_field(lines[5], field, value)
    with pytest.raises(ValueError, match=rf"row 6, field {field}: .*{message}"):
        read_industry_csv(write(tmp_path, lines))


def test_a_missing_column_is_named(db, tmp_path):
    lines = [",".join(FIELDS[:-1]), "A,农、林、牧、渔业,,section,,,"]
    with pytest.raises(ValueError, match="row 1, field is_two_high: missing column"):
        read_industry_csv(write(tmp_path, lines))


def test_an_extension_file_may_hang_rows_on_loaded_parents(loaded, tmp_path):
    lines = [csv_lines()[0], "0112,小麦种植,Growing of wheat,class,011,high,low,false"]
    assert load_industries(write(tmp_path, lines)) == 1
    assert Industry.objects.get(code="0112").name_en == "Growing of wheat"


# --- lookup and command ------------------------------------------------------------------


def test_resolve_industry(loaded):
    assert resolve_industry("1311") == loaded["1311"]
    assert resolve_industry(" c1311 ") == loaded["1311"]
    assert resolve_industry("C") == loaded["C"]
    with pytest.raises(UnknownIndustryError, match="Unknown GB/T 4754-2017 industry code '1315'"):
        resolve_industry("1315")
    with pytest.raises(UnknownIndustryError):
        resolve_industry("A1311")  # 1311 lies in section C


def test_management_command(db, tmp_path, capsys):
    call_command("load_industries")
    assert "1971" in capsys.readouterr().out
    assert Industry.objects.count() == 1971
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_industries", path=tmp_path / "missing.csv")
    lines = csv_lines()
    lines[3] = replace_field(lines[3], "parent", "ZZ")
    with pytest.raises(CommandError, match="row 4, field parent"):
        call_command("load_industries", path=write(tmp_path, lines))


# --- admin -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "view_status", "edit_status"),
    [("admin", 200, 200), ("official", 200, 403), ("enterprise", 302, 302)],
)
def test_admin_is_read_only_for_non_admins(client, home, role, view_status, edit_status):
    """Staff read the classification, only the administrator may change it, others are out."""
    load_industries()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(home.users[role])
    cement = Industry.objects.get(code="3011")
    changelist = client.get("/admin/industries/industry/", {"q": "水泥", "level": "class"})
    assert changelist.status_code == view_status
    if view_status == 200:
        assert "3011" in changelist.content.decode()
        assert "1811" not in changelist.content.decode()
    assert client.get("/admin/industries/industry/add/").status_code == edit_status
    change_url = f"/admin/industries/industry/{cement.pk}/change/"
    if role == "admin":
        assert client.get(change_url).status_code == 200
    else:
        assert client.post(change_url, {"code": "3011", "name": "x"}).status_code == edit_status
        assert Industry.objects.get(code="3011").name == "水泥制造"
