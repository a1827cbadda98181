"""Write the spatial files of the ledger corpus: coordinates as county bureaus send them.

Run from the repository root (``python tests/data/ledgers/make_spatial.py``); the outputs are
committed beside this script and their expected outcomes are under ``spatial:`` in
``expected.yaml``. Every place is a fixed offset (km east, km north) from the demo county's
seat (青岚县, 107.86°E 24.37°N: CGCS2000 3° Gauss–Krüger zone 36, central meridian 108°E), so
the files fall inside the demo county's polygon and nothing here depends on a random draw.

Files
-----
parcels_gk36.gpkg
    Six parcel outlines in EPSG:4524 (3° zone 36, zone number in the easting), as a natural
    resources bureau exports them: 宗地编号, 地块名称, 乡镇, 权属, 现状用途.
parcels_cm108.gpkg
    The same parcels in EPSG:4545 (3° zone, central meridian 108°E, no zone number).
factories_gbk_shp.zip
    Four vacant factories as a zipped Shapefile in EPSG:4545 whose .dbf is GBK, with a .cpg
    that says so (what ArcGIS on Chinese Windows writes).
factories_gbk_nocpg_shp.zip
    The same Shapefile without its .cpg (GDAL then assumes ISO-8859-1).
points_gk_no_crs.csv
    A ledger's X坐标 (northing) / Y坐标 (easting with zone number 36) and no CRS.
points_gk_unzoned_no_crs.csv
    The same points with eastings without the zone number, and no CRS.
points_lonlat_swapped.csv
    经度/纬度 ledger whose third row has latitude in 经度 and longitude in 纬度.
points_outside_county.csv
    经度/纬度 ledger whose second row lies some 55 km east of the county (in the next one).
"""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

HERE = Path(__file__).resolve().parent
SEAT = (107.86, 24.37)
KM_PER_DEG_LAT = 110.75  # at 24.4°N (WGS 84 meridian arc)
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(SEAT[1]))

# (宗地编号, 地块名称, 乡镇, 权属, 现状用途, km east, km north, width m, depth m)
PARCELS = [
    ("QL2023-001", "城东坡心村闲置建设用地", "青岚镇", "集体", "空闲地", 2.1, 0.8, 120, 90),
    ("QL2023-002", "原县水泥制品厂地块", "青岚镇", "国有", "闲置土地", -1.5, 1.9, 160, 110),
    ("QL2023-003", "城南批而未供工业用地", "青岚镇", "国有", "批而未供", 0.6, -2.4, 200, 150),
    ("QL2023-004", "长洲镇原糖厂地块", "长洲镇", "国有", "闲置土地", 12.4, 9.8, 140, 100),
    ("QL2023-005", "六圩镇旧砖厂地块", "六圩镇", "集体", "空闲地", -9.7, -6.2, 90, 80),
    ("QL2023-006", "工业集中区西侧净地", "青岚镇", "国有", "批而未供", -3.2, -0.9, 250, 180),
]
# (编号, 厂房名称, 乡镇, 权属, 房屋状况, km east, km north)
FACTORIES = [
    ("CF-01", "原县农机厂厂房", "青岚镇", "国有", "一般", 1.2, 1.1),
    ("CF-02", "原乡镇企业纺织车间", "长洲镇", "集体", "较差", 11.8, 10.4),
    ("CF-03", "城东闲置标准厂房", "青岚镇", "国有", "良好", 2.6, 0.3),
    ("CF-04", "六圩镇原粮站仓库", "六圩镇", "集体", "危房", -9.1, -5.5),
]
# (编号, 名称, km east, km north) for the point ledgers
POINTS = [
    ("XZ-001", "城东闲置厂房", 1.2, 1.1),
    ("XZ-002", "长洲原糖厂", 12.4, 9.8),
    ("XZ-003", "六圩旧砖厂", -9.7, -6.2),
]


def lonlat(east_km: float, north_km: float) -> tuple[float, float]:
    """The longitude and latitude ``east_km`` and ``north_km`` from the county seat."""
    return (
        round(SEAT[0] + east_km / KM_PER_DEG_LON, 6),
        round(SEAT[1] + north_km / KM_PER_DEG_LAT, 6),
    )


def to_gk(epsg: int, lon: float, lat: float) -> tuple[float, float]:
    """Easting and northing of ``lon``, ``lat`` in a CGCS2000 Gauss–Krüger CRS (to the cm)."""
    east, north = Transformer.from_crs(4490, epsg, always_xy=True).transform(lon, lat)
    return round(east, 2), round(north, 2)


def parcels(epsg: int) -> gpd.GeoDataFrame:
    """The parcels as rectangles of their width and depth, measured in the target CRS."""
    rows, shapes = [], []
    for code, name, town, owner, use, east_km, north_km, width, depth in PARCELS:
        x, y = to_gk(epsg, *lonlat(east_km, north_km))
        shapes.append(shapely.box(x - width / 2, y - depth / 2, x + width / 2, y + depth / 2))
        rows.append(
            {"宗地编号": code, "地块名称": name, "乡镇": town, "权属": owner, "现状用途": use}
        )
    return gpd.GeoDataFrame(rows, geometry=shapes, crs=f"EPSG:{epsg}")


def factories_zip(path: Path, *, cpg: bool) -> None:
    """The factories as a GBK Shapefile in EPSG:4545, zipped (with or without its .cpg)."""
    rows, shapes = [], []
    for code, name, town, owner, state, east_km, north_km in FACTORIES:
        x, y = to_gk(4545, *lonlat(east_km, north_km))
        shapes.append(shapely.box(x - 30, y - 20, x + 30, y + 20))
        rows.append(
            {"编号": code, "厂房名称": name, "乡镇": town, "权属": owner, "房屋状况": state}
        )
    frame = gpd.GeoDataFrame(rows, geometry=shapes, crs="EPSG:4545")
    work = HERE / "_shp"
    work.mkdir(exist_ok=True)
    frame.to_file(work / "闲置厂房.shp", encoding="GBK", engine="pyogrio")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(work.iterdir()):
            if part.suffix == ".cpg" and not cpg:
                continue
            info = zipfile.ZipInfo(part.name, date_time=(2024, 3, 1, 9, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # UTF-8 member names
            archive.writestr(info, part.read_bytes())
    path.write_bytes(buffer.getvalue())
    for part in work.iterdir():
        part.unlink()
    work.rmdir()


def write_gpkg(frame: gpd.GeoDataFrame, path: Path) -> None:
    """A GeoPackage with one layer named like the bureau's (闲置土地)."""
    path.unlink(missing_ok=True)
    frame.to_file(path, layer="闲置土地", driver="GPKG", engine="pyogrio")


def point_ledgers() -> dict[str, pd.DataFrame]:
    """The CSV ledgers: GK X/Y with and without zone number, swapped, one point outside."""
    gk, unzoned, good = [], [], []
    for code, name, east_km, north_km in POINTS:
        lon, lat = lonlat(east_km, north_km)
        east, north = to_gk(4524, lon, lat)
        gk.append({"宗地编号": code, "名称": name, "X坐标": north, "Y坐标": east})
        east, north = to_gk(4545, lon, lat)
        unzoned.append({"宗地编号": code, "名称": name, "X坐标": north, "Y坐标": east})
        good.append({"宗地编号": code, "名称": name, "经度": lon, "纬度": lat})
    swapped = [dict(row) for row in good]
    swapped[2]["经度"], swapped[2]["纬度"] = good[2]["纬度"], good[2]["经度"]
    away = [dict(row) for row in good]
    away[1]["经度"], away[1]["纬度"] = lonlat(85.0, 2.0)  # some 55 km beyond the east edge
    return {
        "points_gk_no_crs.csv": pd.DataFrame(gk),
        "points_gk_unzoned_no_crs.csv": pd.DataFrame(unzoned),
        "points_lonlat_swapped.csv": pd.DataFrame(swapped),
        "points_outside_county.csv": pd.DataFrame(away),
    }


def main() -> None:
    """Write every file (deterministic: running it again changes nothing but GPKG timestamps)."""
    write_gpkg(parcels(4524), HERE / "parcels_gk36.gpkg")
    write_gpkg(parcels(4545), HERE / "parcels_cm108.gpkg")
    factories_zip(HERE / "factories_gbk_shp.zip", cpg=True)
    factories_zip(HERE / "factories_gbk_nocpg_shp.zip", cpg=False)
    for name, table in point_ledgers().items():
        table.to_csv(HERE / name, index=False, encoding="utf-8", float_format="%.10g")


if __name__ == "__main__":
    main()
