"""Site suitability actions: import idle assets and context layers, run a scoring job.

Each action is all-or-nothing: a file with any bad row changes nothing, and a scoring job's
scores are stored in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
from django.db import transaction
from django.utils.translation import gettext_noop
from shapely.geometry import shape

from microparks.apps.accounts.models import User
from microparks.apps.json_fields import finite_or_none
from microparks.apps.regions.boundaries import boundary_of
from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Kind, RulesDocument
from microparks.apps.sites.models import Site
from microparks.apps.suitability.labour import add_pool_layers
from microparks.apps.suitability.models import ContextLayer, ScoringJob, SiteScore
from microparks.apps.suitability.site_import import Progress, no_progress, region_ids
from microparks.core.suitability import (
    MissingLayerError,
    run_suitability,
)
from microparks.core.units import M2_PER_MU
from microparks.io.rules import DocumentError, body, load_yaml, parse_document
from microparks.io.spatial import LayerRead, read_layer

WGS84 = "EPSG:4326"
ZONED_FOR_INDUSTRY = (Site.Designation.INDUSTRIAL, Site.Designation.WAREHOUSING)


def save_layer(
    region: Region,
    name: str,
    frame: gpd.GeoDataFrame,
    user: User | None,
    *,
    source_file: str = "",
    sha256: str = "",
    source_crs: str = "",
) -> ContextLayer:
    """Create or replace the context layer ``name`` of ``region`` (EPSG:4326 features)."""
    features = json.loads(frame.to_crs(WGS84).to_json(drop_id=True))
    layer, _created = ContextLayer.objects.update_or_create(
        region=region,
        name=name,
        defaults={
            "features": features,
            "feature_count": len(frame),
            "source_file": source_file,
            "sha256": sha256,
            "source_crs": source_crs,
            "imported_by": user,
        },
    )
    return layer


def check_layer(
    path: Path,
    *,
    layer: str | None = None,
    crs: str | None = None,
    region: Region | None = None,
) -> LayerRead:
    """Read and check a context layer file, writing nothing (the preview and the job).

    Raises
    ------
    ImportFileError
        When the file cannot be read at all.
    ImportValidationError
        Listing every bad row.

    """
    within = boundary_of(region, context=True) if region is not None else None
    return read_layer(path, layer=layer, crs=crs, require_code=False, within=within)


def import_layer(
    path: Path,
    region: Region,
    name: str,
    user: User | None,
    *,
    layer: str | None = None,
    crs: str | None = None,
    file_name: str | None = None,
) -> ContextLayer:
    """Read a context layer file (validated, reprojected) and store it under ``name``."""
    read = check_layer(path, layer=layer, crs=crs, region=region)
    return save_layer(
        region,
        name,
        read.frame,
        user,
        source_file=file_name or path.name,
        sha256=read.provenance.sha256,
        source_crs=read.provenance.source_crs,
    )


def _ancestors(region: Region) -> list[int]:
    ids: list[int] = []
    node: Region | None = region
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def region_layers(region: Region) -> dict[str, gpd.GeoDataFrame]:
    """Context layers of ``region`` and the regions above it (the nearest one wins)."""
    ids = _ancestors(region)
    layers: dict[str, gpd.GeoDataFrame] = {}
    rows = sorted(ContextLayer.objects.filter(region__in=ids), key=lambda c: ids.index(c.region_id))
    for layer in reversed(rows):
        features = layer.features.get("features", [])
        frame = (
            gpd.GeoDataFrame.from_features(features, crs=WGS84)
            if features
            else (gpd.GeoDataFrame(geometry=[], crs=WGS84))
        )
        layers[layer.name] = frame
    return layers


def sites_frame(
    region: Region, scheme_data: Mapping[str, Any]
) -> tuple[list[Site], gpd.GeoDataFrame]:
    """The region's idle assets with the attributes the scheme reads (areas in mu, zoning …)."""
    costs = dict(
        (scheme_data.get("site_attributes") or {}).get("conversion_cost_by_condition") or {}
    )
    sites = list(Site.objects.filter(region__in=region_ids(region)).order_by("code"))
    frame = gpd.GeoDataFrame(
        {
            "code": [s.code for s in sites],
            "land_area_mu": [s.land_area_m2 / M2_PER_MU for s in sites],
            "zoning_compliant": [int(s.planning_designation in ZONED_FOR_INDUSTRY) for s in sites],
            "conversion_cost_cny_per_m2": [costs.get(s.condition) for s in sites],
            "floor_area_m2": [s.floor_area_m2 for s in sites],
            "power_capacity_kva": [s.power_capacity_kva for s in sites],
        },
        geometry=[shape(s.geometry) for s in sites],
        crs=WGS84,
    )
    return sites, frame


def _row(names: tuple[str, ...], values: Any) -> dict[str, float | None]:
    # NaN (no value) and inf (a distance with nothing to measure to) are both "no figure"
    return {n: finite_or_none(float(v)) for n, v in zip(names, values, strict=True)}


def scheme_mapping(doc: RulesDocument) -> dict[str, Any]:
    """A suitability document's content as the mapping a job keeps (without ``kind``)."""
    return body(load_yaml(doc.content))


def run_scoring(
    region: Region,
    user: User | None,
    document: RulesDocument | None = None,
    *,
    progress: Progress | None = None,
) -> ScoringJob:
    """Score the region's idle assets under a suitability document, as a job.

    ``document`` is the rules document to use (an active one, or a draft being tried: the job
    then freezes it); by default, the one in effect for ``region``. The job records it and its
    mapping, from which its pages re-render. ``progress(percent, message)`` hears of each
    criterion measured.

    Raises
    ------
    NoDocumentError
        If no document is given and none is in effect for ``region``.

    """
    report = progress or no_progress
    doc = document or rules.in_effect(Kind.SUITABILITY, region=region)
    data = scheme_mapping(doc)
    scheme = rules.parse(doc)
    job = ScoringJob.objects.create(
        region=region,
        scheme_name=doc.name,
        scheme_version=f"v{doc.version}",
        scheme=data,
        rules=doc,
        created_by=user,
    )
    sites, frame = sites_frame(region, data)
    layers = region_layers(region)
    pool: dict[str, Any] | None = None

    def measured(_name: str, done: int, total: int) -> None:
        ScoringJob.objects.filter(pk=job.pk).update(progress=int(90 * done / total))
        report(int(90 * done / total), gettext_noop("Measuring the criteria"))

    try:
        if not sites:
            raise ValueError("the region has no idle assets")
        # labour_shed criteria read the county's current labour pool (recorded below)
        pool = add_pool_layers(region, scheme, layers)
        result = run_suitability(frame, layers, scheme, progress=measured)
    except (MissingLayerError, DocumentError, ValueError) as exc:
        job.status, job.message = ScoringJob.Status.FAILED, str(exc)
        job.save(update_fields=["status", "message", "updated_at"])
        return job
    names = result.criteria
    rows = []
    for i, site in enumerate(sites):
        rows.append(
            SiteScore(
                job=job,
                site=site,
                score=None if result.vetoed[i] else finite_or_none(float(result.scores[i])),
                rank=int(result.ranks[i]),
                vetoed=bool(result.vetoed[i]),
                vetoes=list(result.veto_reasons[i]),
                values=_row(names, result.values[i]),
                utilities=_row(names, result.utilities[i]),
                contributions=_row(names, result.contributions[i]),
            )
        )
    report(90, gettext_noop("Saving the scores"))
    with transaction.atomic():
        SiteScore.objects.bulk_create(rows)
        job.status, job.progress = ScoringJob.Status.DONE, 100
        job.input_hash = result.input_hash
        job.layers = {name: len(frame) for name, frame in layers.items()}
        if pool is not None:
            job.layers["labour_pool_version"] = pool
        job.save()
    # computed once with the job: its page shows it for every visit (1.5 s at 100x the demo)
    job.sensitivity = sensitivity_facts(job)
    job.save(update_fields=["sensitivity"])
    return job


def job_weights(job: ScoringJob) -> dict[str, float]:
    """Each criterion's weight in the job's recorded scheme (AHP judgements resolved)."""
    scheme = parse_document("suitability", job.scheme)
    return {n: float(w) for n, w in zip(scheme.criterion_names, scheme.weights, strict=True)}


SENSITIVITY_SAMPLES = 1000
"""Weight vectors drawn for the stability of the best site (seed 0), stored with each job."""


def sensitivity_facts(
    job: ScoringJob, n_samples: int = SENSITIVITY_SAMPLES, seed: int = 0
) -> dict[str, Any] | None:
    """How stable the job's best site is under weight changes (None for fewer than two sites).

    ``stability``: share of ``n_samples`` weight vectors, each weight scaled by U(0.8, 1.2),
    under which the best site stays best; ``flip``: the smallest change of one criterion's
    weight (others rescaled) that makes another site the best, if any. Sites by id (the
    mapping is stored with the job: :func:`run_scoring`); the scores are read as plain rows.
    """
    from microparks.core.mcda import calc_rank_stability, calc_top_flip

    rows = list(
        job.scores.filter(vetoed=False).order_by("rank").values_list("site_id", "utilities")
    )
    if len(rows) < 2 or job.status != ScoringJob.Status.DONE:
        return None
    scheme = parse_document("suitability", job.scheme)
    names = scheme.criterion_names
    utilities = [[values.get(n) or 0.0 for n in names] for _site, values in rows]
    args = (scheme.method, utilities, scheme.weights)
    stability = calc_rank_stability(
        *args, normalization="none", criteria=names, n_samples=n_samples, spread=0.2, seed=seed
    )
    flips = calc_top_flip(*args, normalization="none", criteria=names)
    out: dict[str, Any] = {
        "top": rows[stability.baseline_top][0],
        "stability": float(stability.top_stability),
        "n_samples": n_samples,
        "seed": seed,
        "flip": None,
    }
    if flips.smallest is not None:
        name, delta, new_top = flips.smallest
        label = next(c.label for c in scheme.criteria if c.name == name)
        out["flip"] = {"criterion": label, "delta": float(delta), "new_top": rows[new_top][0]}
    return out


def job_sensitivity(
    job: ScoringJob, n_samples: int = SENSITIVITY_SAMPLES, seed: int = 0
) -> dict[str, Any] | None:
    """:func:`sensitivity_facts` with the sites as objects, for the job's page.

    The facts stored with the job when it ran are read back; a job from before they were
    stored (or asked with other samples) has them worked out now.
    """
    stored = job.sensitivity if (n_samples, seed) == (SENSITIVITY_SAMPLES, 0) else None
    facts = stored or sensitivity_facts(job, n_samples, seed)
    if facts is None:
        return None
    flip = facts["flip"]
    sites = Site.objects.in_bulk([facts["top"], *([flip["new_top"]] if flip else [])])
    out = facts | {
        "top": sites[facts["top"]],
        "stability_percent": round(100 * facts["stability"], 1),
    }
    if flip:
        out["flip"] = flip | {"new_top": sites[flip["new_top"]]}
    return out
