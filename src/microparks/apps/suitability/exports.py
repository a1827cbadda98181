"""A scoring job's results as tables for download: one row per site, and its provenance.

Excel gets translated headers and labels; GIS software gets field names and codes.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.common.exports import verbose_name
from microparks.apps.sites.models import Site
from microparks.apps.suitability.models import ScoringJob, SiteScore
from microparks.apps.suitability.services import job_weights

LAYER = "suitability_scores"  # the GeoPackage layer of a job's scores
PARTS = ("value", "utility", "contribution")


def veto_labels(job: ScoringJob) -> dict[str, str]:
    """Each veto's name → its label in the user's language (scheme labels are data)."""
    return {
        v.get("name", v["layer"]): _(v.get("label", v["layer"]))
        for v in job.scheme.get("vetoes", [])
    }


def _part_header(label: str, part: str, unit: str) -> str:
    if part == "value" and unit:
        unit = _(unit)  # units are scheme data too ("mu", "m"); translated where known
        return _("%(criterion)s: value (%(unit)s)") % {"criterion": label, "unit": unit}
    texts = {
        "value": _("%(criterion)s: value"),
        "utility": _("%(criterion)s: utility"),
        "contribution": _("%(criterion)s: contribution"),
    }
    return texts[part] % {"criterion": label}


def scores_frame(job: ScoringJob, rows: list[SiteScore], *, for_gis: bool) -> pd.DataFrame:
    """One row per scored site; Excel gets translated headers and labels, GIS names and codes."""
    criteria = job.scheme.get("criteria", [])
    vetoes = veto_labels(job)
    records = []
    for row in rows:
        record: dict[str, Any] = {
            "rank": None if row.vetoed else row.rank,
            "code": row.site.code,
            "name": row.site.name,
            "score": row.score,
            "vetoed": row.vetoed if for_gis else (_("Yes") if row.vetoed else _("No")),
            "vetoes": (";" if for_gis else "; ").join(
                row.vetoes if for_gis else [vetoes.get(v, v) for v in row.vetoes]
            ),
        }
        parts = (row.values, row.utilities, row.contributions)  # noqa: PD011 (JSON fields)
        for c in criteria:
            for part, values in zip(PARTS, parts, strict=True):
                record[f"{c['name']}_{part}"] = values.get(c["name"])
        records.append(record)
    columns = ["rank", "code", "name", "score", "vetoed", "vetoes"]
    columns += [f"{c['name']}_{part}" for c in criteria for part in PARTS]
    frame = pd.DataFrame(records, columns=columns)
    numbers = [c for c in columns if c.endswith(PARTS)] + ["score"]
    frame = frame.astype(dict.fromkeys(numbers, "float64") | {"rank": "Int64"})
    if for_gis:
        return frame.assign(
            scheme=job.scheme_name, scheme_version=job.scheme_version, input_hash=job.input_hash
        )
    headers = {
        "rank": verbose_name(SiteScore, "rank"),
        "code": verbose_name(Site, "code"),
        "name": verbose_name(Site, "name"),
        "score": verbose_name(SiteScore, "score"),
        "vetoed": verbose_name(SiteScore, "vetoed"),
        "vetoes": verbose_name(SiteScore, "vetoes"),
    }
    for c in criteria:
        label = _(c.get("label", c["name"]))
        for part in PARTS:
            headers[f"{c['name']}_{part}"] = _part_header(label, part, c.get("unit", ""))
    return frame.rename(columns=headers)


def _document_items(job: ScoringJob) -> list[tuple[str, Any]]:
    """The rules document the job ran with (none for jobs from before rules documents)."""
    if job.rules is None:
        return []
    return [
        (verbose_name(ScoringJob, "rules"), job.rules.label),
        (_("Applies to"), job.rules.where),
        (_("SHA-256 of the scheme"), job.rules.sha256),
    ]


def about_frame(job: ScoringJob, rows: list[SiteScore]) -> pd.DataFrame:
    """The job's provenance: scheme, version, input hash, region, date, weights."""
    created = timezone.localtime(job.created_at)
    items: list[tuple[str, Any]] = [
        (verbose_name(ScoringJob, "scheme_name"), job.scheme_name),
        (verbose_name(ScoringJob, "scheme_version"), job.scheme_version),
        (verbose_name(ScoringJob, "input_hash"), job.input_hash),
        *_document_items(job),
        (verbose_name(ScoringJob, "region"), f"{job.region.code} {job.region.name}"),
        (verbose_name(ScoringJob, "created_at"), f"{created:%Y-%m-%d %H:%M}"),
        (_("Sites ranked"), sum(1 for r in rows if not r.vetoed)),
        (_("Sites vetoed"), sum(1 for r in rows if r.vetoed)),
    ]
    pool = (job.layers or {}).get("labour_pool_version")
    if pool and pool.get("pool_version") is not None:
        shown = f"{pool['county']} {pool['year']} v{pool['version']} (SHA-256 {pool['sha256']})"
        items.append((_("Labour pool used"), shown))
    weights = job_weights(job)
    for c in job.scheme.get("criteria", []):
        label = _(c.get("label", c["name"]))
        items.append((_("Weight: %(criterion)s") % {"criterion": label}, weights.get(c["name"])))
    return pd.DataFrame(items, columns=[_("Item"), _("Value")])
