"""A scoring job's map layer: each scored site coloured by its score, written from the rows.

The job page fetches it (``common/_map.html`` with ``map_url``) instead of carrying every
site's outline inline: at a province's size that was megabytes in the page. As for the site
maps (:mod:`microparks.apps.sites.geojson`), each outline's stored JSON text is pasted in
undecoded and a repeat request with the same ETag is answered 304. A finished job's scores
never change, so the ETag covers the job and what is shown of its sites (names, outlines).
"""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from microparks.apps.sites.geojson import (
    cached_response,
    etag_of,
    feature_collection,
    has_geometry,
    rows_with_geometry,
    url_parts,
)
from microparks.apps.suitability.models import ScoringJob, SiteScore
from microparks.core.geometry import location_of_type

SCORE_COLOURS = ("#c0392b", "#e67e22", "#f1c40f", "#7dbb42", "#1e8449")  # low → high
VETO_COLOUR = "#555555"


def colour_of(score: float | None) -> str:
    """The map colour of a score in [0, 1] (vetoed: grey)."""
    if score is None:
        return VETO_COLOUR
    return SCORE_COLOURS[min(int(score * len(SCORE_COLOURS)), len(SCORE_COLOURS) - 1)]


def score_collection(job: ScoringJob, scores: QuerySet[SiteScore] | None = None) -> str:
    """The job's scored sites (or ``scores`` of them): code, name, status, colour, link."""
    head, tail = url_parts("suitability:score_detail", job.pk)
    rows = rows_with_geometry(
        job.scores.all() if scores is None else scores,
        "site_id",
        "site__code",
        "site__name",
        "site__land_area_m2",
        "score",
        "rank",
        "vetoed",
        "vetoes",
        geometry="site__geometry",
    )
    features, geometries = [], []
    for site, code, name, area, score, rank, vetoed, vetoes, gtype, geometry in rows:
        if not has_geometry(geometry):
            continue
        if vetoed:
            status = _("Vetoed: %(vetoes)s") % {"vetoes": ", ".join(vetoes)}
        else:
            status = _("Score %(score).3f, rank %(rank)d") % {"score": score, "rank": rank}
        properties = {
            "code": code,
            "name": name,
            "status": status,
            "colour": colour_of(None if vetoed else score),
            "url": f"{head}{site}{tail}",
            "location": location_of_type(gtype),
            "land_area_m2": area,  # sizes a point's marker
        }
        features.append({"type": "Feature", "properties": properties, "geometry": None})
        geometries.append(geometry)
    return feature_collection(features, geometries)


def score_map_response(request: HttpRequest, job: ScoringJob) -> HttpResponse:
    """The job's map layer, or 304 while neither the job nor its sites' shown facts changed."""
    sites = job.scores.order_by().aggregate(n=Count("pk"), last=Max("site__updated_at"))
    tag = etag_of(request, job.pk, job.updated_at, sites["n"], sites["last"])
    return cached_response(request, tag, job.updated_at, lambda: score_collection(job))
