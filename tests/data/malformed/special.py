"""Mutations of the non-table inputs: declarations (JSON), rules documents (YAML), sites (GIS)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

from mutations import PNG, Result, zip_bomb

Mutation = Callable[[], Result]

DECLARATION = {
    "name": "定制家具项目",
    "industry_codes": ["2110"],
    "annual_energy_tce": 150,
    "annual_electricity_kwh": 800000,
    "output_cny": 30000000,
    "water_m3": 5000,
    "emissions_t": {"cod": 0.5, "nh3_n": 0.05, "so2": 0.1, "nox": 0.2, "vocs": 1.0},
    "processes": ["cutting", "spray coating"],
    "materials": ["wood"],
    "hazardous_chemicals_t": 2,
}


def _declaration(**change: object) -> str:
    return json.dumps({**DECLARATION, **change}, ensure_ascii=False)


def whole(data: bytes, outcome: str = "refused") -> Mutation:
    return lambda: (data, outcome, "")


def _raw(text: str, outcome: str = "refused", reason: str = "") -> Mutation:
    return lambda: (text.encode(), outcome, reason)


JSON_MUTATIONS: dict[str, Mutation] = {
    "good": _raw(_declaration(), "accepted"),
    "empty": _raw(""),
    "not_json": _raw("name: 家具\n"),
    "truncated": _raw(_declaration()[:60]),
    "top_level_list": _raw("[1, 2, 3]"),
    "top_level_string": _raw('"定制家具项目"'),
    "deep_nesting": _raw("[" * 20_000 + "]" * 20_000),
    "overflow_1e400": _raw(
        _declaration().replace('"annual_energy_tce": 150', '"annual_energy_tce": 1e400'),
        reason="annual_energy_tce",
    ),
    "nan_literal": _raw(_declaration().replace("150", "NaN", 1), reason="annual_energy_tce"),
    "infinity_literal": _raw(
        _declaration().replace("800000", "Infinity", 1), reason="annual_electricity_kwh"
    ),
    "huge_1e308": _raw(_declaration(output_cny=1e308), reason="output_cny"),
    "negative_energy": _raw(_declaration(annual_energy_tce=-150), reason="annual_energy_tce"),
    "text_number": _raw(_declaration(annual_energy_tce="很多"), reason="annual_energy_tce"),
    "codes_not_list": _raw(_declaration(industry_codes=2110), reason="industry_codes"),
    "unknown_code": _raw(_declaration(industry_codes=["9999"]), reason="9999"),
    "lost_zero_code": _raw(_declaration(industry_codes=["131"]), reason="131"),
    "long_name": _raw(_declaration(name="长" * 10_000), "either"),
    "injection_name": _raw(_declaration(name="=cmd|' /C calc'!A0"), "accepted"),
    "emissions_not_map": _raw(_declaration(emissions_t=[1, 2]), reason="emissions_t"),
    "gbk": lambda: (_declaration().encode("gbk"), "either", ""),
    "utf16": lambda: (_declaration().encode("utf-16"), "either", ""),
    "png": whole(PNG),
}

GOOD_MATCHING = "weights: {rent: 0.5, supplier_distance: 0.5}\n"
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
    for p, c in zip("abcdefghi", "bcdefghij", strict=True)
)
YAML_COMMON: dict[str, Mutation] = {
    "empty": _raw(""),
    "binary": whole(bytes(range(256)) * 2),
    "png": whole(PNG),
    "top_level_list": _raw("- 1\n- 2\n"),
    "top_level_text": _raw("just words\n"),
    "syntax_error": _raw("weights: {rent: 0.3\n  distance: [\n"),
    "tabs": _raw("weights:\n\trent: 0.3\n"),
    "python_tag": _raw("weights: !!python/object/apply:os.system ['echo owned']\n"),
    "billion_laughs": _raw(BILLION_LAUGHS),
    "deep_nesting": _raw("[" * 5_000 + "]" * 5_000),
    "utf16": lambda: ("weights: {rent: 0.3}\n".encode("utf-16"), "either", ""),
    "invalid_utf8": whole(b"weights: {rent: 0.3}\nname: \xff\xfe\n", "either"),
}
MATCHING_YAML: dict[str, Mutation] = {
    "good": _raw(GOOD_MATCHING, "accepted"),
    "inf_weight": _raw("weights: {rent: .inf}\n", reason="rent"),
    "nan_weight": _raw("weights: {rent: .nan}\n", reason="rent"),
    "overflow_weight": _raw("weights: {rent: 1.0e400}\n", reason="rent"),
    "negative_weight": _raw("weights: {rent: -1}\n", reason="rent"),
    "text_weight": _raw("weights: {rent: 很多}\n", reason="rent"),
    "unknown_key": _raw("weights: {colour: 0.3}\n", reason="colour"),
    "duplicate_key": _raw("weights: {rent: 0.3}\nweights: {rent: 0.4}\n", "either"),
}
SCHEME_YAML: dict[str, Mutation] = {
    "inf_weight": _raw(
        "name: t\nversion: '1'\nindicators:\n  rural_share: {weight: .inf, direction: benefit}\n",
        reason="rural_share",
    ),
    "nan_weight": _raw(
        "name: t\nversion: '1'\nindicators:\n  rural_share: {weight: .nan, direction: benefit}\n",
        reason="rural_share",
    ),
    "unknown_direction": _raw(
        "name: t\nversion: '1'\nindicators:\n  rural_share: {weight: 1, direction: up}\n",
        reason="up",
    ),
    "unknown_indicator": _raw(
        "name: t\nversion: '1'\nindicators:\n  colour: {weight: 1, direction: benefit}\n",
        reason="colour",
    ),
}
RULES_YAML: dict[str, Mutation] = {
    "no_codes": _raw("name: x\nversion: '1'\nnegative_list:\n  - {id: A}\n", reason="codes"),
    "inf_cap": _raw(
        "name: x\nversion: '1'\nintensity_caps:\n  energy_tce_per_10k_cny: .inf\n", "either"
    ),
}

# --- sites: GeoJSON, zipped Shapefiles and GeoPackages --------------------------------------


def _polygon(x: float, y: float, d: float = 0.001) -> list[list[list[float]]]:
    return [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]


def feature(geometry: object, **properties: object) -> dict[str, object]:
    props = {"code": "QL-M-1", "name": "测试地块", "area_mu": 12.5, **properties}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features: object, **extra: object) -> bytes:
    data = {"type": "FeatureCollection", **extra, "features": list(features)}
    return json.dumps(data, ensure_ascii=False).encode()


GOOD_POLYGON = {"type": "Polygon", "coordinates": _polygon(107.87, 24.37)}


def _geo(data: bytes, outcome: str = "refused", reason: str = "") -> Mutation:
    return lambda: (data, outcome, reason)


def _deep_geometry() -> bytes:
    """Coordinates nested 5000 deep (written as text: json cannot encode it either)."""
    depth = 5_000
    good = collection(feature({"type": "Polygon", "coordinates": "X"}))
    return good.replace(b'"X"', b"[" * depth + b"107.87, 24.37" + b"]" * depth)


GEOJSON_MUTATIONS: dict[str, Mutation] = {
    "good": _geo(collection(feature(GOOD_POLYGON)), "accepted"),
    "empty": _geo(b""),
    "not_json": _geo(b"type: FeatureCollection\n"),
    "truncated": _geo(collection(feature(GOOD_POLYGON))[:80]),
    "no_features": _geo(collection()),
    "not_a_collection": _geo(b'{"type": "Topology", "objects": {}}'),
    "deep_nesting": _geo(_deep_geometry()),
    "null_geometry": _geo(collection(feature(None)), "either"),
    "line_string": _geo(
        collection(
            feature({"type": "LineString", "coordinates": [[107.87, 24.37], [107.88, 24.38]]})
        ),
        "either",
    ),
    "geometry_collection": _geo(
        collection(feature({"type": "GeometryCollection", "geometries": [GOOD_POLYGON]})),
        "either",
    ),
    "unknown_type": _geo(collection(feature({"type": "Circle", "coordinates": [107.87, 24.37]}))),
    "infinite_coordinates": _geo(
        collection(feature(GOOD_POLYGON)).replace(b"107.871", b"Infinity", 1)
    ),
    "nan_coordinates": _geo(
        collection(feature(GOOD_POLYGON)).replace(b"24.371000000000002]", b"NaN]", 1)
    ),
    "off_the_globe": _geo(
        collection(feature({"type": "Polygon", "coordinates": _polygon(500.0, 24.37)}))
    ),
    "projected_without_crs": _geo(
        collection(feature({"type": "Polygon", "coordinates": _polygon(36_500_000, 2_700_000, 50)}))
    ),
    "unknown_crs": _geo(
        collection(
            feature(GOOD_POLYGON),
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}},
        )
    ),
    "open_ring": _geo(
        collection(
            feature(
                {
                    "type": "Polygon",
                    "coordinates": [[[107.87, 24.37], [107.88, 24.37], [107.88, 24.38]]],
                }
            )
        )
    ),
    "self_intersecting": _geo(
        collection(
            feature(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [107.87, 24.37],
                            [107.88, 24.38],
                            [107.88, 24.37],
                            [107.87, 24.38],
                            [107.87, 24.37],
                        ]
                    ],
                }
            )
        ),
        "either",
    ),
    "negative_area": _geo(collection(feature(GOOD_POLYGON, area_mu=-3)), "either"),
    "inf_area": _geo(collection(feature(GOOD_POLYGON, area_mu=1e308)), "either"),
    "duplicate_codes": _geo(collection(feature(GOOD_POLYGON), feature(GOOD_POLYGON)), "refused"),
    "injection_name": _geo(
        collection(feature(GOOD_POLYGON, name="=cmd|' /C calc'!A0")), "accepted"
    ),
    "png": _geo(PNG),
    "zip_bomb": lambda: (zip_bomb("sites.geojson"), "refused", ""),
}


def shapefile_parts() -> dict[str, bytes]:
    """A one-polygon Shapefile (CGCS2000) written by geopandas, as its parts."""
    import tempfile
    from pathlib import Path

    import geopandas as gpd
    import shapely

    with tempfile.TemporaryDirectory() as folder:
        frame = gpd.GeoDataFrame(
            {"code": ["QL-M-1"], "name": ["测试地块"], "area_mu": [12.5]},
            geometry=[shapely.box(107.87, 24.37, 107.871, 24.371)],
            crs="EPSG:4490",
        )
        frame.to_file(Path(folder) / "sites.shp", encoding="utf-8")
        return {p.suffix: p.read_bytes() for p in Path(folder).iterdir()}


def _zipped(parts: dict[str, bytes], skip: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for suffix, data in sorted(parts.items()):
            if suffix != skip:
                info = zipfile.ZipInfo("sites" + suffix, date_time=(2024, 1, 1, 0, 0, 0))
                z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def shapefile_mutations() -> dict[str, Mutation]:
    parts = shapefile_parts()
    good = _zipped(parts)
    return {
        "good": _geo(good, "accepted"),
        "missing_shp": _geo(_zipped(parts, ".shp")),
        "missing_dbf": _geo(_zipped(parts, ".dbf"), "either"),
        "missing_shx": _geo(_zipped(parts, ".shx"), "either"),
        "missing_prj": _geo(_zipped(parts, ".prj")),
        "truncated_zip": _geo(good[: len(good) // 2]),
        "truncated_shp": _geo(_zipped({**parts, ".shp": parts[".shp"][:120]})),
        "empty_zip": _geo(_zipped({})),
        "text_named_zip": _geo("不是压缩包".encode()),
        "zip_bomb": lambda: (zip_bomb("sites.shp"), "refused", ""),
        "wrong_prj": _geo(_zipped({**parts, ".prj": b'PROJCS["nonsense"]'})),
    }
