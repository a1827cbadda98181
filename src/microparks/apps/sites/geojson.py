"""Site GeoJSON written straight from the database rows, answered with an ETag.

At a province's size (10,000+ sites) decoding each row's geometry, re-encoding it and
validating the whole FeatureCollection through pydantic took over a second per request.
Here only the needed columns are fetched, the geometry comes as its stored JSON text and is
pasted into the output undecoded (it was checked as strict JSON when saved: ``StrictJSONField``),
and only the few small properties go through ``json.dumps``. Labels, colours and the link are
worked out once per status / from one URL template, not per row.

A repeat request is answered **304** when nothing the user would see changed: the ETag hashes
the user's scope, the language, the filters and, of the sites shown, the count, newest
``updated_at``, highest id, the sum of revisions and their regions' newest ``updated_at`` (a
deletion lowers the count, an addition raises it, an edit moves ``updated_at`` and the
revisions, a queryset ``update()`` the revisions). ``Cache-Control: private, no-cache``: the
browser keeps its copy but asks each time, and no shared cache ever hands one user's map to
another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language

from microparks.apps.sites.models import Site
from microparks.core.geometry import location_of_type

FORMAT = "1"
"""Part of every ETag: change it when the output's shape changes, so no client keeps a map
drawn from the old shape."""

_URL_PLACEHOLDER = 987654321

Builder = Callable[[QuerySet[Site]], str]


def url_parts(name: str, *args: Any) -> tuple[str, str]:
    """The text before and after the last id of URL ``name``: one ``reverse`` for every row."""
    head, tail = reverse(name, args=[*args, _URL_PLACEHOLDER]).split(str(_URL_PLACEHOLDER))
    return head, tail


def rows_with_geometry(
    rows: QuerySet[Any], *fields: str, geometry: str = "geometry"
) -> Iterable[tuple[Any, ...]]:
    """``fields`` of each row, then its geometry's type and the geometry as stored JSON text.

    ``geometry`` may lie across a relation (``site__geometry``).
    """
    annotated: QuerySet[Any] = rows.annotate(
        geometry_type=KeyTextTransform("type", geometry),
        geometry_text=Cast(geometry, TextField()),
    )
    return annotated.values_list(*fields, "geometry_type", "geometry_text")


def has_geometry(text: str | None) -> bool:
    """Whether a stored geometry's JSON text holds one (not empty, ``{}`` or ``null``)."""
    return bool(text) and text not in ("{}", "null")


_GEOMETRY_SLOT = ',"geometry":null}'
"""How each feature's encoding ends: its geometry is the last key, ``None`` until pasted in.
The text cannot occur inside an encoded string (a quote there is always escaped ``\\"``)."""


def feature_collection(features: list[dict[str, Any]], geometries: list[str]) -> str:
    """The FeatureCollection of ``features`` with the JSON texts ``geometries`` pasted in.

    Each feature has ``"geometry": None`` as its last key: its slot. One ``json.dumps`` for
    all the small parts: the C encoder does in one call what a call per site spent mostly on
    the call itself.
    """
    parts = json.dumps(features, ensure_ascii=False, separators=(",", ":")).split(_GEOMETRY_SLOT)
    pasted = [
        f'{part},"geometry":{geometry}}}'
        for part, geometry in zip(parts[:-1], geometries, strict=True)
    ]
    return '{"type":"FeatureCollection","features":' + "".join(pasted) + parts[-1] + "}"


def map_collection(sites: QuerySet[Site]) -> str:
    """The web maps' GeoJSON: code, name, status label, colour, link, location, land area.

    The same features as :func:`microparks.apps.sites.maps.sites_geojson`; a site without a
    geometry is left out, as there.
    """
    from microparks.apps.sites.maps import STATUS_COLOURS

    head, tail = url_parts("web:site_detail")
    labels = {s.value: str(s.label) for s in Site.Status}  # translated once per status
    colours = {s.value: c for s, c in STATUS_COLOURS.items()}
    features, geometries = [], []
    for pk, code, name, status, area, gtype, geometry in rows_with_geometry(
        sites, "pk", "code", "name", "status", "land_area_m2"
    ):
        if not has_geometry(geometry):
            continue
        properties = {
            "code": code,
            "name": name,
            "status": labels.get(status, status),
            "colour": colours.get(status, "#555555"),
            "url": f"{head}{pk}{tail}",
            "location": location_of_type(gtype),
            "land_area_m2": area,
        }
        features.append({"type": "Feature", "properties": properties, "geometry": None})
        geometries.append(geometry)
    return feature_collection(features, geometries)


API_PROPERTIES = {
    "id": "pk",
    "code": "code",
    "name": "name",
    "kind": "kind",
    "status": "status",
    "condition": "condition",
    "region": "region__code",
    "park": "park_id",
    "land_area_m2": "land_area_m2",
    "floor_area_m2": "floor_area_m2",
}
"""The API's properties (``SiteProperties``, but ``location``) and the columns they come from."""


def api_collection(sites: QuerySet[Site]) -> str:
    """The API's GeoJSON (``SiteFeatureCollection``): the feature id and the site's facts."""
    features, geometries = [], []
    for *values, gtype, geometry in rows_with_geometry(sites, *API_PROPERTIES.values()):
        properties = dict(zip(API_PROPERTIES, values, strict=True))
        properties["location"] = location_of_type(gtype)
        features.append(
            {"type": "Feature", "id": values[0], "properties": properties, "geometry": None}
        )
        geometries.append(geometry or "null")
    return feature_collection(features, geometries)


def _scope(user: Any) -> tuple[Any, ...]:
    """What decides which sites ``user`` may see (``restrict``): a change of scope is a new tag."""
    parks = sorted(user.parks.values_list("pk", flat=True)) if user.is_authenticated else []
    return (
        user.pk,
        getattr(user, "role", None),
        user.is_superuser,
        getattr(user, "region_id", None),
        getattr(user, "department_id", None),
        getattr(user, "enterprise_id", None),
        parks,
    )


def fingerprint(request: HttpRequest, sites: QuerySet[Site]) -> tuple[str, Any]:
    """The ETag of ``sites`` as ``request.user`` sees them, and their newest ``updated_at``."""
    # order_by(): the model's ordering has no place in an aggregate over all the rows.
    # The region's updated_at: the API shows its code, which a site's own row does not hold.
    # The revisions' sum: a queryset update() counts them up but leaves updated_at alone.
    facts = sites.order_by().aggregate(
        n=Count("pk"),
        last=Max("updated_at"),
        top=Max("pk"),
        regions=Max("region__updated_at"),
        revisions=Sum("revision"),
    )
    visible = (facts["n"], facts["last"], facts["top"], facts["regions"], facts["revisions"])
    return etag_of(request, _scope(request.user), visible), facts["last"]


def etag_of(request: HttpRequest, *facts: Any) -> str:
    """An ETag over ``facts``, the output's format, the path, the query and the language."""
    query = sorted(request.GET.lists())
    key = (FORMAT, request.path, get_language(), query, facts)
    return '"' + hashlib.sha256(repr(key).encode()).hexdigest()[:32] + '"'


def geojson_response(
    request: HttpRequest,
    sites: QuerySet[Site],
    build: Builder,
    content_type: str = "application/geo+json",
) -> HttpResponse:
    """``build(sites)`` as the answer, or 304 if the client's ``If-None-Match`` still holds.

    ``Last-Modified`` is sent as information only: a deletion does not move it, so an
    ``If-Modified-Since`` alone is never answered 304 (browsers send the ETag as well).
    """
    tag, last = fingerprint(request, sites)
    return cached_response(request, tag, last, lambda: build(sites), content_type)


def cached_response(
    request: HttpRequest,
    tag: str,
    last: Any,
    build: Callable[[], str],
    content_type: str = "application/geo+json",
) -> HttpResponse:
    """``build()`` with the ETag ``tag``, or 304 if the client's ``If-None-Match`` holds it."""
    # If-None-Match compares weakly (RFC 9110 13.1.2): a proxy that compresses marks it W/
    tags = [t.removeprefix("W/") for t in parse_etags(request.headers.get("If-None-Match", ""))]
    if tag in tags or "*" in tags:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(build(), content_type=f"{content_type}; charset=utf-8")
    response["ETag"] = tag
    if last is not None:
        response["Last-Modified"] = http_date(last.timestamp())
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
