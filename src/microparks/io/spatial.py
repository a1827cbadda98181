"""Read idle assets and context layers from the files planners have, into EPSG:4326.

Formats: GeoPackage (``.gpkg``), zipped or plain Shapefile (``.zip``, ``.shp``), GeoJSON
(``.geojson``, ``.json``), CSV with a WKT column or longitude/latitude columns (``.csv``) and
Excel (``.xlsx``) with the same columns. The file's CRS (any EPSG CRS: CGCS2000 / EPSG:4490 and
its Gauss–Krüger zones such as EPSG:4526–4554 included) is reprojected to EPSG:4326; tables
without a CRS are taken as EPSG:4326 unless ``crs`` is given.

Every row is validated and *all* problems are reported at once (:class:`ImportValidationError`,
one :class:`~microparks.io.errors.RowError` per problem); nothing is returned unless every row
is valid. ``row`` numbers are what the user sees: the line of a CSV file or Excel sheet (the
header is row 1, so the first data row is 2), or the feature number (from 1) of a GIS layer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import yaml
from pyproj import CRS
from pyproj.exceptions import CRSError

from microparks.core.vocabulary import Vocabulary
from microparks.io.coordinates import Boundary
from microparks.io.errors import ImportFileError, ImportValidationError, RowError, gettext_noop
from microparks.io.gis_layers import check_declared_crs, no_crs_error, read_gis_frame
from microparks.io.ledger import Ledger, Sheet
from microparks.io.located_tables import (
    LAT_NAMES,
    LON_NAMES,
    TABLE_SUFFIXES,
    WKT_NAMES,
    geometry_columns,
    ledger_fields,
    read_table,
    table_geometry,
)
from microparks.io.spatial_checks import (
    check_codes,
    check_coordinates,
    check_geometry,
    check_numbers,
    text_of,
)

WGS84 = "EPSG:4326"
GIS_SUFFIXES = (".gpkg", ".zip", ".shp", ".geojson", ".json")
__all__ = [
    "GIS_SUFFIXES",
    "LAT_NAMES",
    "LON_NAMES",
    "TABLE_SUFFIXES",
    "WKT_NAMES",
    "FieldMapping",
    "LayerRead",
    "Provenance",
    "read_columns",
    "read_field_mapping",
    "read_layer",
    "write_layer",
]


@dataclass(frozen=True)
class FieldMapping:
    """How a source's columns map to ours: ``{our field: source column}``; a saved template.

    ``code`` names the source column with the asset code. Columns not mapped keep their names.
    ``numeric`` gives the allowed range of numeric fields (``None`` for an open end).
    """

    code: str = "code"
    fields: Mapping[str, str] = field(default_factory=dict)
    numeric: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)
    geometry_types: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldMapping:
        """Build from the JSON/YAML form ``{"code": …, "fields": {…}, "numeric": {…}}``."""
        numeric = {
            str(k): (None if v[0] is None else float(v[0]), None if v[1] is None else float(v[1]))
            for k, v in dict(data.get("numeric") or {}).items()
        }
        return cls(
            code=str(data.get("code", "code")),
            fields={str(k): str(v) for k, v in dict(data.get("fields") or {}).items()},
            numeric=numeric,
            geometry_types=tuple(data.get("geometry_types") or ()),
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready form, to save as a template for the next file from this source."""
        return {
            "code": self.code,
            "fields": dict(self.fields),
            "numeric": {k: list(v) for k, v in self.numeric.items()},
            "geometry_types": list(self.geometry_types),
        }


#: Idle assets: a point (a ledger's 经度/纬度 or X/Y) or an outline, a code, non-negative areas.
SITE_MAPPING = FieldMapping(
    numeric={"land_area_m2": (0, None), "floor_area_m2": (0, None)},
    geometry_types=("Point", "Polygon", "MultiPolygon"),
)


@dataclass(frozen=True)
class Provenance:
    """Where a layer came from: file name, layer, SHA-256 of the file, source CRS, read time."""

    file: str
    layer: str | None
    sha256: str
    source_crs: str
    read_at: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class LayerRead:
    """A validated layer in EPSG:4326 and its provenance.

    ``sheet`` is the table as read (encoding, header row, skipped rows) for CSV and Excel;
    ``ledger`` says which column gave which field in which unit, when a vocabulary was used.
    """

    frame: gpd.GeoDataFrame
    provenance: Provenance
    sheet: Sheet | None = None
    ledger: Ledger | None = None


def list_layers(path: Path) -> list[str]:
    """Names of the layers of a GIS file (one for Shapefile and GeoJSON)."""
    try:
        return [str(row[0]) for row in pyogrio.list_layers(_gdal_path(path))]
    except Exception as exc:  # pyogrio raises several DataSourceError types
        raise ImportFileError(f"{path.name}: cannot list layers ({exc})") from None


def _gdal_path(path: Path) -> str:
    return f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _parse_crs(crs: str | int | CRS | None) -> CRS | None:
    if crs is None:
        return None
    try:
        return CRS.from_user_input(crs)
    except CRSError as exc:
        params = {"crs": repr(crs), "error": str(exc)}
        raise ImportFileError(gettext_noop("unknown CRS %(crs)s (%(error)s)"), params) from None


def _read_gis(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    try:
        # a Shapefile's text in its .cpg encoding, else GBK/UTF-8 as detected (gis_layers)
        frame = read_gis_frame(_gdal_path(path), layer)
    except Exception as exc:  # pyogrio's DataSourceError / DataLayerError and GDAL errors
        raise ImportFileError(
            gettext_noop("cannot read the layer (%(error)s)"), {"error": str(exc)[:200]}
        ) from None
    if not isinstance(frame, gpd.GeoDataFrame):  # e.g. a zipped Shapefile without its .shp
        raise ImportFileError(gettext_noop("the layer has no geometries (a missing .shp part?)"))
    return frame


def read_layer(
    path: Path,
    *,
    layer: str | None = None,
    sheet: str | int = 0,
    mapping: FieldMapping | None = None,
    crs: str | int | CRS | None = None,
    require_code: bool = True,
    within: Boundary | None = None,
    vocabulary: Vocabulary | None = None,
) -> LayerRead:
    """Read, validate and reproject one layer of ``path`` to EPSG:4326.

    Parameters
    ----------
    path : Path
        GeoPackage, (zipped) Shapefile, GeoJSON, CSV or Excel file.
    layer : str, optional
        Layer of a multi-layer file (GeoPackage); the first layer by default.
    sheet : str or int
        Excel sheet (name or 0-based position).
    mapping : FieldMapping, optional
        Column renaming, code column, numeric ranges and allowed geometry types.
    crs : str, int or pyproj.CRS, optional
        CRS of a file that declares none. CSV and Excel tables are longitude/latitude
        (EPSG:4326) without one, and refused when their numbers are metres (the message names
        the CGCS2000 Gauss–Krüger CRS they look like).
    require_code : bool
        Whether every row needs a unique code (assets yes; context layers usually not).
    within : Boundary, optional
        The county or township every geometry must lie in (with the boundary's tolerance);
        a row outside is refused with the region's name.
    vocabulary : Vocabulary, optional
        The words of the county's tables (``vocabulary`` rules document): headers are
        recognised without a mapping (``mapping`` still wins), coded values become codes,
        numbers base units, and every value's range is checked. The frame then holds our
        fields only.

    Returns
    -------
    LayerRead
        The frame (our field names, EPSG:4326) and its provenance.

    Raises
    ------
    ImportFileError
        When the file cannot be read at all.
    ImportValidationError
        Listing every bad row with its field and reason.

    """
    mapping = mapping or FieldMapping()
    if not path.is_file():
        raise ImportFileError(gettext_noop("no such file"))
    errors: list[RowError] = []
    rows_read = _read_rows(path, layer, sheet, _parse_crs(crs), errors, within, vocabulary)
    table, geoms, source = rows_read.table, rows_read.geoms, rows_read.source
    if len(table) == 0:
        raise ImportFileError(gettext_noop("the file has no rows"))
    ledger = None
    if vocabulary is not None:
        chosen = dict(mapping.fields)
        if mapping.code != "code" and "code" not in chosen:
            chosen["code"] = mapping.code
        table, ledger = ledger_fields(table, vocabulary, chosen, errors)
        if require_code and "code" not in table.columns:
            raise ImportFileError(
                gettext_noop("no column with the code; name one of %(headers)s"),
                {"headers": "、".join(vocabulary.fields["code"].headers[:4])},
            )
    else:
        table = _rename_columns(path, table, mapping, require_code)
    if require_code:
        table["code"] = table["code"].map(text_of)
    rows = [int(r) for r in table.index]
    placed = _Placing(source, rows_read.point_columns, within)
    projected = _check_rows(path, table, geoms, rows, placed, mapping, require_code, errors)
    frame = gpd.GeoDataFrame(table, geometry=projected, crs=WGS84)
    provenance = Provenance(
        file=path.name,
        layer=layer,
        sha256=_sha256(path),
        source_crs=source.to_string() if source is not None else WGS84,
        read_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return LayerRead(frame, provenance, rows_read.sheet, ledger)


@dataclass(frozen=True)
class _RowsRead:
    """A file's attributes and geometries (index: the rows as the user numbers them)."""

    table: pd.DataFrame
    geoms: gpd.GeoSeries
    source: CRS | None
    sheet: Sheet | None = None
    point_columns: tuple[str, str] | None = None


def _read_rows(
    path: Path,
    layer: str | None,
    sheet: str | int | None,
    given: CRS | None,
    errors: list[RowError],
    within: Boundary | None = None,
    vocabulary: Vocabulary | None = None,
) -> _RowsRead:
    """The attributes, geometries and CRS of a GIS file or table.

    A GIS layer must declare its CRS or be given one (the refusal says which CRS its numbers
    look like); its features are numbered from 1. A table (read below its title rows, totals
    skipped) is numbered by its rows; its CRS is the one given or ``None`` (longitude/latitude
    unless its numbers are metres). Table geometries that do not parse are added to ``errors``.
    """
    suffix = path.suffix.lower()
    if suffix in GIS_SUFFIXES:
        check_declared_crs(path)  # GDAL would read an unknown CRS as WGS 84
        gdf = _read_gis(path, layer)
        source = CRS.from_user_input(gdf.crs) if gdf.crs is not None else given
        if source is None:
            raise no_crs_error(path.name, gdf.geometry.to_numpy(), within)
        table = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
        table.index = pd.RangeIndex(1, len(table) + 1)
        return _RowsRead(table, gpd.GeoSeries(gdf.geometry.to_numpy(), index=table.index), source)
    if suffix not in TABLE_SUFFIXES:
        raise ImportFileError(
            gettext_noop("unsupported file type %(suffix)s; use %(allowed)s"),
            {"suffix": suffix or "-", "allowed": ", ".join(GIS_SUFFIXES + TABLE_SUFFIXES)},
        )
    read = read_table(path, sheet or None, vocabulary)
    table = read.frame
    geoms = gpd.GeoSeries([], dtype="geometry")
    where = geometry_columns([str(c) for c in table.columns], vocabulary)
    if len(table):
        geoms = table_geometry(table, where, errors)
        table = table.drop(columns=[c for c in table.columns if c == where.wkt])
    points = (where.lon, where.lat) if where.lon and where.lat else None
    return _RowsRead(table, geoms, given, read, points)


def _check_rows(
    path: Path,
    table: pd.DataFrame,
    geoms: gpd.GeoSeries,
    rows: list[int],
    placed: _Placing,
    mapping: FieldMapping,
    require_code: bool,
    errors: list[RowError],
) -> gpd.GeoSeries:
    """The geometries in EPSG:4326, once every row is valid; else every problem at once.

    Codes, geometries and numbers are checked on every row; the reprojected coordinates only
    when all else is valid (a broken geometry would not reproject). A row whose geometry did
    not parse (already in ``errors``) gets no second geometry error.
    """
    unreadable = {e.row for e in errors}  # WKT or coordinates that did not parse
    if require_code:
        errors += check_codes(table["code"].tolist(), rows, "code")
    errors += check_geometry(geoms, rows, mapping.geometry_types, unreadable)
    errors += check_numbers(table, rows, mapping.numeric)
    if not errors:
        raw = gpd.GeoSeries(geoms.to_numpy(), index=table.index)
        projected, found = check_coordinates(
            raw, rows, placed.source, columns=placed.columns, within=placed.within
        )
        errors += found
    if errors:
        errors.sort(key=lambda e: (e.row, e.field))
        raise ImportValidationError(path.name, errors)
    return projected


@dataclass(frozen=True)
class _Placing:
    """Where the coordinates are meant to be: their CRS, a table's point columns, the county."""

    source: CRS | None
    columns: tuple[str, str] | None
    within: Boundary | None


def _rename_columns(
    path: Path, table: pd.DataFrame, mapping: FieldMapping, require_code: bool
) -> pd.DataFrame:
    """The table under our field names; every mapped column (and the code) must be there."""
    table.columns = [str(c).strip() for c in table.columns]
    missing = [src for src in mapping.fields.values() if src not in table.columns]
    if require_code and mapping.code not in table.columns and "code" not in mapping.fields:
        missing.append(mapping.code)
    if missing:
        raise ImportFileError(
            f"{path.name}: no column {', '.join(map(repr, missing))}; the columns are "
            f"{', '.join(map(repr, table.columns))}"
        )
    renames = {src: dst for dst, src in mapping.fields.items()}
    if mapping.code != "code" and "code" not in mapping.fields:
        renames[mapping.code] = "code"
    return table.rename(columns=renames)


def read_field_mapping(path: Path) -> FieldMapping:
    """Read a saved field-mapping template (JSON, or YAML for ``.yaml``/``.yml``)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a template holds a mapping with code and fields")
        return FieldMapping.from_dict(data)
    except (OSError, ValueError, TypeError, IndexError, AttributeError, yaml.YAMLError) as exc:
        raise ImportFileError(f"{path.name}: not a field-mapping template ({exc})") from None


def read_columns(
    path: Path,
    *,
    layer: str | None = None,
    sheet: str | int | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[str]:
    """The attribute columns of a file (no geometry, no WKT/coordinate parsing), for mapping.

    A table's columns are those of its header row (found below any title rows).
    """
    suffix = path.suffix.lower()
    if suffix in GIS_SUFFIXES:
        try:
            info = pyogrio.read_info(_gdal_path(path), layer=layer)
        except Exception as exc:  # pyogrio's DataSourceError / DataLayerError and GDAL errors
            raise ImportFileError(
                gettext_noop("cannot read the layer (%(error)s)"), {"error": str(exc)[:200]}
            ) from None
        return [str(c) for c in info["fields"]]
    if suffix in TABLE_SUFFIXES:
        columns = [str(c) for c in read_table(path, sheet or None, vocabulary).frame.columns]
        return [c for c in columns if c.strip().lower() not in WKT_NAMES]
    raise ImportFileError(
        gettext_noop("unsupported file type %(suffix)s; use %(allowed)s"),
        {"suffix": suffix or "-", "allowed": ", ".join(GIS_SUFFIXES + TABLE_SUFFIXES)},
    )


def write_layer(frame: gpd.GeoDataFrame, path: Path, layer: str | None = None) -> None:
    """Write ``frame`` as GeoPackage, GeoJSON or CSV (geometry as a ``wkt`` second column)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        # geometry second (after the code), so that the last column stays the result's own
        table.insert(min(1, len(table.columns)), "wkt", frame.geometry.to_wkt())
        table.to_csv(path, index=False, encoding="utf-8")
    elif suffix in (".gpkg", ".geojson"):
        driver = "GPKG" if suffix == ".gpkg" else "GeoJSON"
        frame.to_file(path, layer=layer, driver=driver, engine="pyogrio")
    else:
        raise ImportFileError(f"{path.name}: write .gpkg, .geojson or .csv")
