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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
import yaml
from pyproj import CRS
from pyproj.exceptions import CRSError

from microparks.io.coordinates import Boundary
from microparks.io.errors import ImportFileError, ImportValidationError, RowError, gettext_noop
from microparks.io.gis_layers import no_crs_error, read_gis_frame
from microparks.io.spatial_checks import (
    check_codes,
    check_coordinates,
    check_geometry,
    check_numbers,
    text_of,
)

WGS84 = "EPSG:4326"
GIS_SUFFIXES = (".gpkg", ".zip", ".shp", ".geojson", ".json")
TABLE_SUFFIXES = (".csv", ".xlsx")
LON_NAMES = ("lon", "lng", "longitude", "x", "经度", "x坐标")
LAT_NAMES = ("lat", "latitude", "y", "纬度", "y坐标")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom")


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
    """A validated layer in EPSG:4326 and its provenance."""

    frame: gpd.GeoDataFrame
    provenance: Provenance


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


def _read_gis(path: Path, layer: str | None) -> tuple[gpd.GeoDataFrame, int]:
    try:
        # a Shapefile's text in its .cpg encoding, else GBK/UTF-8 as detected (gis_layers)
        frame = read_gis_frame(_gdal_path(path), layer)
    except Exception as exc:  # pyogrio's DataSourceError / DataLayerError and GDAL errors
        raise ImportFileError(f"{path.name}: cannot read the layer ({exc})") from None
    return frame, 1


def _merged_header(path: Path, sheet: str | int) -> str | None:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=False)
    ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= 1:
            return str(merged.coord)
    return None


def _read_table(path: Path, sheet: str | int) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        merged = _merged_header(path, sheet)
        if merged:
            raise ImportFileError(
                f"{path.name}: merged cells in the header row ({merged}); unmerge them and "
                "give every column its own name in row 1"
            )
        return pd.read_excel(
            path, sheet_name=sheet, dtype=str, keep_default_na=False, engine="openpyxl"
        )
    except ImportFileError:
        raise
    except pd.errors.EmptyDataError:
        raise ImportFileError(f"{path.name}: the file is empty") from None
    except Exception as exc:  # csv, zip and openpyxl errors
        raise ImportFileError(f"{path.name}: cannot read the table ({exc})") from None


def _pick(columns: Sequence[str], names: Sequence[str]) -> str | None:
    lower = {c.strip().lower(): c for c in columns}
    return next((lower[n] for n in names if n in lower), None)


def _table_geometry(table: pd.DataFrame, errors: list[RowError]) -> gpd.GeoSeries:
    """Each row's location: its WKT (an outline) if given, else its point (经度/纬度 or X/Y).

    A ledger may mix rows with an outline and rows with only a point; a row with neither is
    refused by name, and a point with one coordinate missing names the missing column.
    """
    columns = [str(c) for c in table.columns]
    wkt = _pick(columns, WKT_NAMES)
    lon, lat = _pick(columns, LON_NAMES), _pick(columns, LAT_NAMES)
    if wkt is None and (lon is None or lat is None):
        raise ImportFileError(
            gettext_noop(
                "no geometry: give a WKT column (wkt/geometry) or longitude and latitude "
                "columns (经度/纬度, X坐标/Y坐标, lon/lat, x/y)"
            )
        )
    geoms: list[Any] = [None] * len(table)
    texts = table[wkt].map(text_of).tolist() if wkt is not None else [""] * len(table)
    has_point = lon is not None and lat is not None
    where = "/".join(str(c) for c in (wkt, lon, lat) if c is not None)  # the columns to fill
    xs_text = table[lon].map(text_of).tolist() if has_point else [""] * len(table)
    ys_text = table[lat].map(text_of).tolist() if has_point else [""] * len(table)
    for i, (text, x_text, y_text) in enumerate(zip(texts, xs_text, ys_text, strict=True)):
        if text:
            try:
                geoms[i] = shapely.from_wkt(text)
            except shapely.errors.GEOSException:
                errors.append(RowError(i + 2, str(wkt), gettext_noop("not valid WKT"), text[:40]))
        elif x_text or y_text:
            geoms[i] = _point(i + 2, (str(lon), x_text), (str(lat), y_text), errors)
        else:
            reason = gettext_noop("no location: give 经度/纬度, X/Y or an outline")
            errors.append(RowError(i + 2, where, reason))
    return gpd.GeoSeries(geoms, index=table.index)


def _point(
    row: int, x: tuple[str, str], y: tuple[str, str], errors: list[RowError]
) -> shapely.Point | None:
    """The point of ``(column, text)`` coordinates, or ``None`` with the bad one in ``errors``."""
    values = []
    for column, text in (x, y):
        value = pd.to_numeric(text, errors="coerce") if text else np.nan
        if not np.isfinite(value):
            errors.append(
                RowError(row, column, gettext_noop("missing or non-numeric coordinate"), text)
            )
            return None
        values.append(float(value))
    return shapely.Point(*values)


def read_layer(
    path: Path,
    *,
    layer: str | None = None,
    sheet: str | int = 0,
    mapping: FieldMapping | None = None,
    crs: str | int | CRS | None = None,
    require_code: bool = True,
    within: Boundary | None = None,
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
        raise ImportFileError(f"{path}: no such file")
    errors: list[RowError] = []
    table, geoms, first_row, source = _read_rows(
        path, layer, sheet, _parse_crs(crs), errors, within
    )
    if len(table) == 0:
        raise ImportFileError(f"{path.name}: the file has no rows")
    table = _rename_columns(path, table, mapping, require_code)
    if require_code:
        table["code"] = table["code"].map(text_of)
    rows = [i + first_row for i in range(len(table))]
    placed = _Placing(source, _point_columns(path, table), within)
    projected = _check_rows(path, table, geoms, rows, placed, mapping, require_code, errors)
    frame = gpd.GeoDataFrame(table, geometry=projected, crs=WGS84)
    provenance = Provenance(
        file=path.name,
        layer=layer,
        sha256=_sha256(path),
        source_crs=source.to_string() if source is not None else WGS84,
        read_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return LayerRead(frame, provenance)


def _read_rows(
    path: Path,
    layer: str | None,
    sheet: str | int,
    given: CRS | None,
    errors: list[RowError],
    within: Boundary | None = None,
) -> tuple[pd.DataFrame, gpd.GeoSeries, int, CRS | None]:
    """The attributes, geometries, the first row's number and the CRS of a GIS file or table.

    A GIS layer must declare its CRS or be given one (the refusal says which CRS its numbers
    look like); a table's CRS is the one given or ``None`` (longitude/latitude unless its
    numbers are metres). Table geometries that do not parse are added to ``errors``; an empty
    table has no geometries.
    """
    suffix = path.suffix.lower()
    if suffix in GIS_SUFFIXES:
        gdf, first_row = _read_gis(path, layer)
        source = CRS.from_user_input(gdf.crs) if gdf.crs is not None else given
        if source is None:
            raise no_crs_error(path.name, gdf.geometry.to_numpy(), within)
        table = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
        return table, gpd.GeoSeries(gdf.geometry.to_numpy(), index=table.index), first_row, source
    if suffix not in TABLE_SUFFIXES:
        raise ImportFileError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; use "
            f"{', '.join(GIS_SUFFIXES + TABLE_SUFFIXES)}"
        )
    table = _read_table(path, sheet)
    source = given
    geoms = gpd.GeoSeries([], dtype="geometry")
    if len(table):
        geoms = _table_geometry(table, errors)
        drop = [c for c in table.columns if str(c).strip().lower() in WKT_NAMES]
        table = table.drop(columns=drop)
    return table, geoms, 2, source


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


def _point_columns(path: Path, table: pd.DataFrame) -> tuple[str, str] | None:
    """A table's longitude (X) and latitude (Y) columns, named in coordinate problems."""
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return None
    columns = [str(c) for c in table.columns]
    lon, lat = _pick(columns, LON_NAMES), _pick(columns, LAT_NAMES)
    return (lon, lat) if lon is not None and lat is not None else None


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


def read_columns(path: Path, *, layer: str | None = None, sheet: str | int = 0) -> list[str]:
    """The attribute columns of a file (no geometry, no WKT/coordinate parsing), for mapping."""
    suffix = path.suffix.lower()
    if suffix in GIS_SUFFIXES:
        try:
            info = pyogrio.read_info(_gdal_path(path), layer=layer)
        except Exception as exc:  # pyogrio's DataSourceError / DataLayerError and GDAL errors
            raise ImportFileError(f"{path.name}: cannot read the layer ({exc})") from None
        return [str(c) for c in info["fields"]]
    if suffix in TABLE_SUFFIXES:
        columns = [str(c).strip() for c in _read_table(path, sheet).columns]
        return [c for c in columns if c.lower() not in WKT_NAMES]
    raise ImportFileError(f"{path.name}: unsupported file type {suffix or '(none)'}")


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
