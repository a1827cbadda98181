"""The background job that ranks China's counties by readiness from an uploaded census.

What ``microparks replicate indicators --china-census … [--geometry …] --idle-from-db`` and
``replicate rank --scheme china_county`` do on the command line, for county officials on the
readiness page. The ranking is written under ``DATA_DIR/readiness`` (GeoParquet with the
boundaries, else CSV) through a temporary name and a rename, so the page never reads half a file.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from microparks.apps.impact.readiness import COMPUTED_NAMES, add_idle_stock, computed_dir
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import JobError, Progress, register
from microparks.apps.jobs.uploads import uploads_dir
from microparks.core.messages import text_of
from microparks.core.replicability import (
    SchemeError,
    check_scheme,
    ranked_table,
    score_readiness,
)
from microparks.io.county_tables import TableRefusal
from microparks.io.regions_data import (
    RegionsError,
    add_distance_to_hubs,
    read_china_county_indicators,
    read_market_hubs,
    read_readiness_scheme,
    read_region_geometry,
    write_regions,
)

READINESS = "impact.readiness"
SCHEME = "china_county"
SHOWN = 10
"""How many of a refused table's problems the job's failure names."""
BOUNDARY_SUFFIXES = (".parquet", ".gpkg", ".geojson", ".json", ".zip")
"""GeoParquet, GeoPackage, GeoJSON or a zipped Shapefile."""


def upload_folder() -> Path:
    """A new folder for one computation's uploads (``DATA_DIR/uploads/<uuid>``)."""
    folder = uploads_dir() / uuid.uuid4().hex
    folder.mkdir()
    return folder


def _problem(exc: Exception, names: dict[str, str]) -> str:
    """The error's text in the user's language, the server's upload paths named as the user did.

    A refused table gives its first problems, a core error its message; anything else its text.
    """
    if isinstance(exc, TableRefusal) and (exc.row_errors or exc.file_error):
        text = "; ".join(exc.lines(gettext)[:SHOWN])
    else:
        text = text_of(exc, gettext)
    for path, name in names.items():
        text = text.replace(path, name).replace(Path(path).name, name)
    return text


def _write(table: Any, geometry: Any | None) -> tuple[Path, int]:
    """Write the ranking atomically; remove the other format so only the newest counts."""
    folder = computed_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = COMPUTED_NAMES[0] if geometry is not None else COMPUTED_NAMES[1]
    final = folder / name
    temp = folder / f".{uuid.uuid4().hex}{final.suffix}"  # same suffix: it picks the format
    try:
        matched = write_regions(table, temp, geometry)
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    for other in COMPUTED_NAMES:
        if other != name:
            (folder / other).unlink(missing_ok=True)
    return final, matched


@register(READINESS, _("Readiness ranking of the counties"))
def readiness_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Rank the counties of an uploaded census (``params``: census, boundaries, their names).

    The uploads are removed afterwards, whatever the outcome.
    """
    params = job.params
    census = Path(params["census"])
    boundaries = Path(params["boundaries"]) if params.get("boundaries") else None
    names = {params["census"]: params.get("census_name") or census.name}
    if boundaries is not None:
        names[params["boundaries"]] = params.get("boundaries_name") or boundaries.name
    try:
        with translation.override(params.get("language") or None):
            return _run(census, boundaries, names, progress)
    finally:
        folder = census.parent
        if folder.parent == uploads_dir():  # only a folder of ours
            shutil.rmtree(folder, ignore_errors=True)


def _run(
    census: Path, boundaries: Path | None, names: dict[str, str], progress: Progress
) -> dict[str, Any]:
    def failed(problem: str) -> JobError:
        return JobError(gettext("The ranking was not computed: %(problem)s") % {"problem": problem})

    if not zipfile.is_zipfile(census):  # an .xlsx is a zip; calamine's own error says little
        raise failed(
            gettext("%(name)s is not an Excel workbook (.xlsx).") % {"name": names[str(census)]}
        )
    geometry = None
    try:
        progress(5, gettext_noop("Reading the census"))
        frame = read_china_county_indicators(census)
        progress(40, gettext_noop("Building the indicators"))
        if boundaries is not None:
            try:
                geometry = read_region_geometry(boundaries)
            except RuntimeError as exc:  # pyogrio's DataSourceError: not a file it can read
                raise failed(_problem(exc, names)) from None
            frame = add_distance_to_hubs(frame, geometry, read_market_hubs())
        frame = add_idle_stock(frame)
        progress(60, gettext_noop("Scoring the counties"))
        scheme = check_scheme(read_readiness_scheme(SCHEME))
        result = score_readiness(frame, scheme)
        table = ranked_table(frame, result)
        progress(80, gettext_noop("Writing the ranking"))
        path, matched = _write(table, geometry)
    except (SchemeError, RegionsError, OSError, ValueError) as exc:
        raise failed(_problem(exc, names)) from None
    return {
        "url": reverse("impact:readiness"),
        "file": path.name,
        "regions": len(table),
        "scored": int(result.table["score"].notna().sum()),
        "with_geometry": matched,
        "scheme": f"{scheme.name} {scheme.version}",
        "input_hash": result.input_hash,
        "census": names[str(census)],
        "boundaries": names[str(boundaries)] if boundaries is not None else "",
    }
