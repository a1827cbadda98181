"""The labour shed in the shell: the county's pool as points, and its sites' and parks' shed.

:func:`pool_frame` turns the labour app's current pool version of a county
(:func:`current_pool`: latest year, latest version) into labour points: one per township,
its villages' 在家可就业人数 summed, placed at a point inside the township's outline (a
township without an outline cannot be placed and is counted in ``unplaced``). The suitability
criterion ``labour_shed`` reads it as the layer ``labour_pool`` (:func:`add_pool_layers`).

:func:`compute_shed` works out the labour within 15 / 30 / 45 minutes of every site and park
of a county once, as a job, and stores it (:class:`LabourShed`, :class:`ShedFigure`);
:func:`shed_panel` reads one figure for a page (a fixed handful of queries).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_noop
from shapely.geometry import shape

from microparks.apps.base import Role
from microparks.apps.jobs.models import Job
from microparks.apps.labour.models import PoolEntry, PoolVersion
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.sites.models import Site
from microparks.apps.suitability.models import ContextLayer, LabourShed, ShedFigure
from microparks.core.labour.speeds import DEFAULT_ACCESS_SPEED_KMH
from microparks.core.messages import MessageError
from microparks.core.suitability import LABOUR_SHED, Scheme, calc_labour_within

WGS84 = "EPSG:4326"
SHED_MINUTES = (15.0, 30.0, 45.0)
"""The thresholds of the site and park pages (issue 23)."""
ROADS = "roads"
"""The context layer the pages' shed travels on."""
UNATTRIBUTED_SPEED_KMH = 30.0
"""Speed of roads with neither ``speed_kmh`` nor a class (a 乡道's default; see the methods)."""
SHED_JOB = "suitability.labour_shed"

Progress = Callable[[int, str], None]


class ShedInputError(MessageError):
    """A county without the roads or the labour pool the shed needs."""


NO_POOL = gettext_noop(
    "the labour criteria need the labour pool of %(county)s: import its 人社 register first"
)
NO_ROADS = gettext_noop("%(county)s has no context layer named %(layer)s")
EMPTY_ROADS = gettext_noop("the layer %(layer)s of %(county)s has no roads")


def ancestry(region: Region) -> list[Region]:
    """``region`` and the regions above it, nearest first (outlines not read)."""
    chain = [region]
    while chain[-1].parent_id is not None:
        chain.append(Region.objects.defer("geometry").get(pk=chain[-1].parent_id))
    return chain


def county_of(region: Region) -> Region:
    """The county of ``region`` (itself, or the first county above it; else ``region``)."""
    return next((r for r in ancestry(region) if r.level == Region.Level.COUNTY), region)


def current_pool(region: Region) -> PoolVersion | None:
    """The pool version in effect for ``region``'s county: the latest year's latest version."""
    return (
        PoolVersion.objects.filter(region=county_of(region)).order_by("-year", "-version").first()
    )


def pool_label(pool: PoolVersion) -> str:
    """``2025 v2``: how pages and jobs name a pool version."""
    return f"{pool.year} v{pool.version}"


def pool_provenance(pool: PoolVersion, frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """What a job records of the pool it used."""
    return {
        "pool_version": pool.pk,
        "county": pool.region.code,
        "year": pool.year,
        "version": pool.version,
        "sha256": pool.sha256,
        "features": len(frame),
        "unplaced": int(frame.attrs.get("unplaced", 0)),
    }


def pool_frame(pool: PoolVersion) -> gpd.GeoDataFrame:
    """The pool's townships as points with ``labour`` (在家可就业人数 summed), EPSG:4326.

    Two queries whatever the villages; ``attrs["unplaced"]`` counts townships without an
    outline (their labour is left out).
    """
    sums = dict(
        PoolEntry.objects.filter(pool=pool)
        .values("township")
        .annotate(n=Sum("available"))
        .values_list("township", "n")
    )
    outlines = dict(Region.objects.filter(pk__in=sums).values_list("pk", "geometry"))
    placed = [pk for pk in sorted(sums) if outlines.get(pk)]
    points = [shapely.point_on_surface(shape(outlines[pk])) for pk in placed]
    frame = gpd.GeoDataFrame(
        {"township": placed, "labour": [float(sums[pk] or 0) for pk in placed]},
        geometry=points,
        crs=WGS84,
    )
    frame.attrs["unplaced"] = len(sums) - len(placed)
    return frame


def add_pool_layers(
    region: Region, scheme: Scheme, layers: dict[str, gpd.GeoDataFrame]
) -> dict[str, Any] | None:
    """Put the county's current pool under each pool layer name the scheme's criteria read.

    Returns the pool's provenance for the job (``None`` when no criterion needs it). A
    context layer of that name is used only where the county has no pool version.

    Raises
    ------
    ShedInputError
        When a criterion needs a pool and the county has neither a version nor such a layer.

    """
    names = {c.pool for c in scheme.criteria if c.source == LABOUR_SHED and c.pool}
    if not names:
        return None
    pool = current_pool(region)
    if pool is None:
        missing = sorted(n for n in names if n not in layers)
        if missing:
            raise ShedInputError(NO_POOL, {"county": str(county_of(region))})
        return {"pool_version": None, "layers": sorted(names)}
    frame = pool_frame(pool)
    for name in names:
        layers[name] = frame
    return pool_provenance(pool, frame)


def layer_sha256(layer: ContextLayer) -> str:
    """The layer's file SHA-256, or (for a layer from no file, as the demo's) its features'."""
    if layer.sha256:
        return layer.sha256
    text = json.dumps(layer.features, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def roads_layer(county: Region, *, fields: Sequence[str] | None = None) -> ContextLayer | None:
    """The county's road layer, or the nearest region above it that has one."""
    ids = [r.pk for r in ancestry(county)]
    rows = ContextLayer.objects.filter(region__in=ids, name=ROADS)
    if fields is not None:
        rows = rows.only(*fields)
    found = {layer.region_id: layer for layer in rows}
    return next((found[pk] for pk in ids if pk in found), None)


def _no_progress(_percent: int, _message: str) -> None:
    return None


def _frame(geometries: list[Any]) -> gpd.GeoSeries:
    return gpd.GeoSeries(geometries, crs=WGS84)


def compute_shed(
    county: Region, user: Any | None, *, progress: Progress | None = None
) -> LabourShed:
    """Work out and store the labour within 15 / 30 / 45 min of the county's sites and parks.

    A park is placed at the centroid of its sites' outlines (or points) together. The new
    shed replaces the county's earlier ones.

    Raises
    ------
    ShedInputError
        Without a road layer or a labour pool.

    """
    report = progress or _no_progress
    layer = roads_layer(county)
    pool = current_pool(county)
    if layer is None:
        raise ShedInputError(NO_ROADS, {"county": str(county), "layer": ROADS})
    if pool is None:
        raise ShedInputError(NO_POOL, {"county": str(county)})
    report(10, gettext_noop("Reading the roads, the labour pool and the sites"))
    features = layer.features.get("features", [])
    roads = gpd.GeoDataFrame.from_features(features, crs=WGS84) if features else None
    if roads is None or roads.empty:
        raise ShedInputError(EMPTY_ROADS, {"county": str(county), "layer": ROADS})
    labour = pool_frame(pool)
    sites = list(
        Site.objects.filter(region__in=county.descendant_ids()).values_list(
            "pk", "park_id", "geometry"
        )
    )
    site_geoms = [shape(g) if g else None for _pk, _park, g in sites]
    by_park: dict[int, list[Any]] = {}
    for (_pk, park, _g), geom in zip(sites, site_geoms, strict=True):
        if park is not None and geom is not None:
            by_park.setdefault(park, []).append(geom)
    parks = sorted(by_park)
    park_points = [shapely.centroid(shapely.union_all(by_park[pk])) for pk in parks]
    places = _frame([*site_geoms, *park_points])
    crs = roads.estimate_utm_crs()
    report(30, gettext_noop("Labour shed of the sites and parks"))
    result = calc_labour_within(
        places.to_crs(crs).to_numpy(),
        roads.to_crs(crs),
        labour.geometry.to_crs(crs).to_numpy(),
        labour["labour"].to_numpy(np.float64),
        SHED_MINUTES,
        default_speed_kmh=UNATTRIBUTED_SPEED_KMH,
        access_speed_kmh=DEFAULT_ACCESS_SPEED_KMH,
        layer=ROADS,
    )
    report(90, gettext_noop("Saving the labour shed"))
    values = [[float(v) for v in row] for row in result.labour]
    with transaction.atomic():
        # the pages read the newest only: earlier sheds of the county and their rows go
        LabourShed.objects.filter(region=county).delete()
        shed = LabourShed.objects.create(
            region=county,
            pool=pool,
            pool_label=pool_label(pool),
            roads_layer=ROADS,
            roads_sha256=layer_sha256(layer),
            minutes=list(result.minutes),
            speed_kmh=UNATTRIBUTED_SPEED_KMH,
            access_speed_kmh=DEFAULT_ACCESS_SPEED_KMH,
            nodes=result.n_nodes,
            edges=result.n_edges,
            inputs_sha256=result.inputs_sha256,
            created_by=user,
        )
        n = len(sites)
        ShedFigure.objects.bulk_create(
            [
                ShedFigure(shed=shed, site_id=pk, labour=values[i])
                for i, (pk, _p, _g) in enumerate(sites)
            ]
            + [
                ShedFigure(shed=shed, park_id=pk, labour=values[n + k])
                for k, pk in enumerate(parks)
            ],
            batch_size=2000,
        )
    return shed


@dataclass(frozen=True)
class ShedPanel:
    """What a site or park page shows of the labour shed."""

    county: Region
    figures: list[tuple[float, float]] | None
    """(minutes, persons) of the newest shed of the county, or ``None``: not worked out."""
    shed: LabourShed | None
    stale: bool
    """The county's roads or pool changed since the shed was worked out."""
    running: bool
    """A job working it out is queued or running."""
    may_compute: bool


def shed_panel(
    user: Any, region: Region, *, site: Site | None = None, park: Park | None = None
) -> ShedPanel:
    """The labour shed of ``site`` or ``park`` (in ``region``) for its page: four queries."""
    county = county_of(region)
    rows = ShedFigure.objects.filter(shed__region=county).select_related("shed")
    rows = rows.filter(site=site) if site is not None else rows.filter(park=park)
    figure = rows.order_by("-shed__created_at", "-shed__pk").first()
    shed = figure.shed if figure is not None else None
    stale = False
    if shed is not None:
        layer = roads_layer(county, fields=["region_id", "updated_at"])
        pool = current_pool(county)
        stale = (
            layer is None
            or layer.updated_at > shed.created_at
            or pool is None
            or pool.pk != shed.pool_id
        )
    running = Job.objects.filter(
        kind=SHED_JOB, region=county, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)
    ).exists()
    return ShedPanel(county, _pairs(figure), shed, stale, running, may_compute(user, county))


def may_compute(user: Any, county: Region) -> bool:
    """Whether ``user`` may have the county's shed worked out: an official of it or above."""
    if not user.has_role(Role.OFFICIAL):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return any(r.pk == user.region_id for r in ancestry(county))


def _pairs(figure: ShedFigure | None) -> list[tuple[float, float]] | None:
    if figure is None:
        return None
    return list(zip(figure.shed.minutes, figure.labour, strict=False))
