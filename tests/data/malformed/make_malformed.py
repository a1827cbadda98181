"""Write the malformed-file corpus and its manifest ``expected.yaml`` (run from anywhere).

Every file is a good input of one command (``seeds.py``) spoiled one way (``mutations.py``,
``special.py``): empty, another format under the name, corrupt or truncated archives, zip
bombs, GBK / UTF-16 / invalid UTF-8, title rows or headers only, duplicated headers, 1e308,
1e400, inf, NaN, negative areas, years out of range, codes that lost their leading zeros,
CSV injection, very long cells, very wide tables, deeply nested or wrong GeoJSON, Shapefile
parts missing, unknown CRS. The manifest gives per file the command line and the outcome:
``refused`` (exit 1, with ``reason`` in the message), ``accepted`` (exit 0) or ``either``
(both are right, e.g. a truncated CSV that is still a shorter table), never a traceback.

    .venv/bin/python tests/data/malformed/make_malformed.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from mutations import CSV_MUTATIONS, XLSX_MUTATIONS, Result  # noqa: E402
from seeds import GOOD_FILES, TARGETS  # noqa: E402
from special import (  # noqa: E402
    GEOJSON_MUTATIONS,
    JSON_MUTATIONS,
    MATCHING_YAML,
    RULES_YAML,
    SCHEME_YAML,
    YAML_COMMON,
    shapefile_mutations,
)

SITE_SCHEME = """name: attribute-only
version: "1"
method: wsm
criteria:
  - {name: area, source: attribute, field: area_mu, kind: benefit, lower: 0, upper: 100,
     weight: 1}
"""
SPECIAL: list[tuple[str, tuple[str, ...], str, dict[str, Any], bool]] = [
    (
        "admission_json",
        ("admission", "check", "--enterprise", "{file}"),
        "json",
        JSON_MUTATIONS,
        False,
    ),
    (
        "rules_matching",
        ("rules", "check", "matching", "{file}"),
        "yaml",
        {**YAML_COMMON, **MATCHING_YAML},
        False,
    ),
    (
        "admission_rules",
        ("admission", "validate", "{file}"),
        "yaml",
        {**YAML_COMMON, **RULES_YAML},
        False,
    ),
    (
        "replicate_scheme",
        (
            "replicate",
            "rank",
            "--regions",
            "{good:regions.csv}",
            "--scheme",
            "{file}",
            "--out",
            "{out}.csv",
        ),
        "yaml",
        {**YAML_COMMON, **SCHEME_YAML},
        False,
    ),
    (
        "sites_score_geojson",
        (
            "sites",
            "score",
            "--sites",
            "{file}",
            "--scheme",
            "{good:site_scheme.yaml}",
            "--out",
            "{out}.csv",
        ),
        "geojson",
        GEOJSON_MUTATIONS,
        False,
    ),
    (
        "sites_import_geojson",
        ("sites", "import", "{file}", "--region", "452999"),
        "geojson",
        GEOJSON_MUTATIONS,
        True,
    ),
]


KNOWN_GAPS_FILE = HERE / "known_gaps.yaml"
"""Files whose outcome is still wrong (``file: what is wrong``), kept by hand: the tests expect
them to fail (strict xfail), so a fix shows up as an unexpected pass to be removed from here."""


def _entry(
    folder: str, name: str, ext: str, result: Result, command: tuple[str, ...], database: bool
) -> dict[str, Any]:
    assert result is not None
    data, outcome, reason = result
    path = HERE / folder / f"{name}.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    entry: dict[str, Any] = {"command": list(command), "outcome": outcome}
    if reason and outcome != "accepted":
        entry["reason"] = reason
    if database:
        entry["database"] = True
    return entry


def build() -> dict[str, dict[str, Any]]:
    """Write every file; return the manifest (``folder/name.ext`` → entry)."""
    for old in HERE.iterdir():
        if old.is_dir() and old.name != "__pycache__":
            shutil.rmtree(old)
    (HERE / "good").mkdir()
    for name, text in {**GOOD_FILES, "site_scheme.yaml": SITE_SCHEME}.items():
        (HERE / "good" / name).write_text(text, encoding="utf-8")
    manifest: dict[str, dict[str, Any]] = {}
    for target in TARGETS:
        families = [("csv", CSV_MUTATIONS)] + ([("xlsx", XLSX_MUTATIONS)] if target.excel else [])
        for ext, mutations in families:
            for name, mutate in mutations.items():
                result = mutate(target)
                if result is not None:
                    entry = _entry(target.name, name, ext, result, target.command, target.database)
                    manifest[f"{target.name}/{name}.{ext}"] = entry
    shapefiles = shapefile_mutations()
    special = [
        *SPECIAL,
        ("sites_score_shapefile", SPECIAL[4][1], "zip", shapefiles, False),
        ("sites_import_shapefile", SPECIAL[5][1], "zip", shapefiles, True),
    ]
    for folder, command, ext, mutations, database in special:
        for name, mutate in mutations.items():
            manifest[f"{folder}/{name}.{ext}"] = _entry(
                folder, name, ext, mutate(), command, database
            )
    return manifest


def main() -> None:
    manifest = build()
    header = (
        "# Written by make_malformed.py: do not edit by hand. Per file: the command line\n"
        "# ({file} the file, {out} a path in a temporary folder, {good:NAME} good/NAME) and the\n"
        "# outcome: refused (exit 1, reason in the message), accepted (exit 0) or either.\n"
    )
    gaps = yaml.safe_load(KNOWN_GAPS_FILE.read_text("utf-8")) if KNOWN_GAPS_FILE.exists() else {}
    for name, why in (gaps or {}).items():
        if name in manifest:
            manifest[name]["known_gap"] = why
    text = yaml.safe_dump(manifest, allow_unicode=True, sort_keys=True, width=100)
    (HERE / "expected.yaml").write_text(header + text, encoding="utf-8")
    print(f"{len(manifest)} files")


if __name__ == "__main__":
    main()
