"""GIS layers as counties have them: Shapefiles in GBK, layers that declare no CRS.

A Shapefile's ``.cpg`` names the encoding of its attribute text and GDAL (hence pyogrio) honours
it. Without one (and without a code page in the ``.dbf`` header) GDAL takes the text as
ISO-8859-1, which turns the GBK text of a Chinese Shapefile into mojibake such as
``¹úÓÐ`` for 国有. Every ISO-8859-1 string maps back to its bytes one to one, so the bytes are
recovered and tried as UTF-8, then as GB 18030 (a superset of GBK); the layer is read again in
the encoding that decodes them all to text with Chinese characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError

from microparks.io.coordinates import Boundary, first_xy, guess_projected, is_lonlat
from microparks.io.errors import ImportFileError, gettext_noop

#: GDAL's reading of text with no declared encoding: the one we second-guess.
ASSUMED_LATIN1 = "ISO-8859-1"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

NO_CRS = gettext_noop("%(file)s: the layer declares no CRS; give its CRS")
NO_CRS_ZONED = gettext_noop(
    "%(file)s: the layer declares no CRS; its coordinates look like EPSG:%(epsg)s (%(crs)s), "
    "whose eastings carry the zone number: give that CRS"
)
NO_CRS_UNZONED_NEAR = gettext_noop(
    "%(file)s: the layer declares no CRS; its coordinates look like CGCS2000 Gauss–Krüger "
    "without the zone number in the easting (3° zones EPSG:4534–4554, 6° zones "
    "EPSG:4502–4512), and the numbers cannot tell the zone; the 3° zone of %(region)s is "
    "EPSG:%(epsg)s (%(crs)s): give it if the file uses it"
)
NO_CRS_UNZONED = gettext_noop(
    "%(file)s: the layer declares no CRS; its coordinates look like CGCS2000 Gauss–Krüger "
    "without the zone number in the easting (3° zones EPSG:4534–4554, 6° zones "
    "EPSG:4502–4512), and the numbers cannot tell the zone: give the CRS of the file's "
    "central meridian"
)
NO_CRS_LONLAT = gettext_noop(
    "%(file)s: the layer declares no CRS; its coordinates look like longitude/latitude: give "
    "EPSG:4490 (CGCS2000) or EPSG:4326 (WGS 84)"
)

UNKNOWN_CRS = gettext_noop(
    "%(file)s: the layer names a CRS that is not known: %(crs)s; give its CRS"
)

GEOJSON_SUFFIXES = (".geojson", ".json")
#: The 2008 GeoJSON ``crs`` member, ``{"type": "name", "properties": {"name": "…"}}``.
_NAMED_CRS = re.compile(
    rb'"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"name"\s*:\s*"([^"]{1,200})"'
)


def check_declared_crs(path: Path) -> None:
    """Refuse a GeoJSON whose ``crs`` member names a CRS that PROJ does not know.

    GDAL warns about such a CRS and reads the layer as WGS 84, which would silently place
    projected coordinates wrongly (or accept numbers in an unknown system as degrees).

    Raises
    ------
    ImportFileError
        Naming the file and the CRS, e.g. ``urn:ogc:def:crs:EPSG::999999``.

    """
    if path.suffix.lower() not in GEOJSON_SUFFIXES:
        return
    try:
        found = _NAMED_CRS.search(path.read_bytes())
    except OSError:
        return  # the reader says why the file cannot be read
    if found is None:
        return
    name = found.group(1).decode("utf-8", "replace")
    try:
        CRS.from_user_input(name)
    except CRSError:
        raise ImportFileError(UNKNOWN_CRS, {"file": path.name, "crs": name}) from None


def read_gis_frame(source: str, layer: str | None) -> gpd.GeoDataFrame:
    """Read a layer with pyogrio, its text in the right encoding (see the module's note).

    Parameters
    ----------
    source : str
        A path GDAL opens (``/vsizip/…`` for a zipped Shapefile).
    layer : str, optional
        The layer; the first by default.

    """
    frame = pyogrio.read_dataframe(source, layer=layer)
    if pyogrio.read_info(source, layer=layer).get("encoding") != ASSUMED_LATIN1:
        return frame  # a .cpg, a code page in the .dbf, or a format that is always UTF-8
    texts = [str(c) for c in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object:
            texts += [v for v in frame[column].tolist() if isinstance(v, str)]
    encoding = detect_encoding(texts)
    if encoding is None:
        return frame
    return pyogrio.read_dataframe(source, layer=layer, encoding=encoding)


def detect_encoding(latin1_texts: Iterable[str]) -> str | None:
    """The encoding of text that GDAL decoded as ISO-8859-1, if it is not that.

    Returns ``"UTF-8"`` or ``"GB18030"`` when the recovered bytes decode in it to text with
    Chinese characters; ``None`` for plain ASCII or text that is Latin-1 after all.
    """
    try:
        raw = b"\n".join(t.encode("latin-1") for t in latin1_texts)
    except UnicodeEncodeError:  # not ISO-8859-1 text at all: leave it be
        return None
    if raw.isascii():
        return None
    for encoding in ("UTF-8", "GB18030"):
        try:
            decoded = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CJK.search(decoded):
            return encoding
    return None


def no_crs_error(
    file_name: str, geoms: np.ndarray, within: Boundary | None = None
) -> ImportFileError:
    """The refusal of a layer without a CRS, naming the CRS its first coordinates look like."""
    params: dict[str, object] = {"file": file_name}
    points = [first_xy(g) for g in geoms[:1]]
    if not points or not np.isfinite(points[0]).all():
        return ImportFileError(NO_CRS, params)
    x, y = points[0]
    if is_lonlat(x, y):
        return ImportFileError(NO_CRS_LONLAT, params)
    guess = guess_projected(x, y, within)
    if guess is None or guess.kind == "unknown":
        return ImportFileError(NO_CRS, params)
    if guess.kind == "zoned":
        return ImportFileError(NO_CRS_ZONED, {**params, "epsg": guess.epsg, "crs": guess.crs_name})
    if within is not None:
        near = {"region": within.name, "epsg": guess.epsg, "crs": guess.crs_name}
        return ImportFileError(NO_CRS_UNZONED_NEAR, {**params, **near})
    return ImportFileError(NO_CRS_UNZONED, params)
