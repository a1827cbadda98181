"""Importing a file of idle assets: a dry run that finds every problem, then one transaction.

:func:`check_sites` reads the file (with the county's vocabulary: Chinese headers, 亩, coded
values), checks every row against the database and the model, and writes nothing: the preview
shows its problems and the job saves its plan with :func:`save_sites`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop
from shapely.geometry import mapping as geojson_of

from microparks.apps.accounts.models import User
from microparks.apps.regions.boundaries import boundary_of
from microparks.apps.regions.models import Region
from microparks.apps.rules.models import RulesDocument
from microparks.apps.sites.locations import place_site
from microparks.apps.sites.models import Site
from microparks.apps.suitability.ledgers import (
    TownshipFinder,
    vocabulary_for_reading,
    vocabulary_in_effect,
)
from microparks.apps.suitability.models import AssetImport
from microparks.io.errors import ImportValidationError, RowError
from microparks.io.spatial import SITE_MAPPING, FieldMapping, LayerRead, read_layer

SITE_FIELDS = (
    "name",
    "kind",
    "address",
    "land_area_m2",
    "floor_area_m2",
    "ownership",
    "planning_designation",
    "condition",
    "building_year",
    "power_capacity_kva",
    "water_supply_t_per_day",
    "road_access",
    "eia_sensitivity",
    "status",
    "notes",
)
DEFAULTS = {"kind": Site.Kind.IDLE_LAND, "condition": Site.Condition.VACANT_LAND}


Progress = Callable[[int, str], None]


def no_progress(_percent: int, _message: str) -> None:
    return None


def region_ids(region: Region) -> list[int]:
    return region.descendant_ids()


def _clean(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value.strip() or None
    return value.item() if hasattr(value, "item") else value


@dataclass
class PlannedImport:
    """What importing a file of idle assets would change, found without writing anything.

    ``sites`` are the unsaved sites to create (no primary key) or update; ``errors`` every
    problem of the reader, or when the reader accepts the file, of the database and model
    checks. The preview shows it; the job saves it with :func:`save_sites` when it has none.
    """

    region: Region
    read: LayerRead | None
    sites: list[Site]
    errors: list[RowError]
    file_name: str
    layer: str = ""
    vocabulary: RulesDocument | None = None

    @property
    def created(self) -> int:
        """How many sites the import would create."""
        return sum(1 for s in self.sites if not s.pk)

    @property
    def updated(self) -> int:
        """How many existing sites (matched by code) the import would change."""
        return len(self.sites) - self.created


def check_sites(
    path: Path,
    region: Region,
    *,
    mapping: FieldMapping | None = None,
    layer: str | None = None,
    crs: str | None = None,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> PlannedImport:
    """Dry run of an import: read ``path`` and check every row, writing nothing.

    Rows are checked by the reader (geometry, codes, numbers) and then against the database
    and the model (choices, a code already used in another region). The reader refuses a file
    as a whole, so its problems come alone; when it accepts the file, every database and model
    problem is listed. The preview and the import job both call this, so the preview shows
    every problem the job would meet.

    Raises
    ------
    ImportFileError
        When the file cannot be read at all.

    """
    report = progress or no_progress
    name = file_name or path.name
    report(5, gettext_noop("Reading and checking the file"))
    words = vocabulary_in_effect(region)
    try:
        read = read_layer(
            path,
            layer=layer,
            mapping=mapping or SITE_MAPPING,
            crs=crs,
            within=boundary_of(region),  # every asset inside the region (1 km tolerance)
            vocabulary=vocabulary_for_reading(words) if words else None,
        )
    except ImportValidationError as exc:
        return PlannedImport(region, None, [], list(exc.errors), name, layer or "", words)
    report(30, gettext_noop("Checking the rows against the database"))
    frame = read.frame
    allowed = set(region_ids(region))
    codes = frame["code"].tolist()
    existing = {s.code: s for s in Site.objects.filter(code__in=codes)}
    townships = TownshipFinder(region, read)
    errors: list[RowError] = []
    sites: list[Site] = []
    step = max(1, len(codes) // 20)
    rows = zip(frame.index.tolist(), codes, frame.itertuples(index=False), strict=True)
    for i, (row_no, code, row) in enumerate(rows):
        if i % step == 0:
            report(
                30 + 50 * i // len(codes), gettext_noop("Checking the rows against the database")
            )
        home, problem = townships.find(row_no, getattr(row, "township", None))
        if problem is not None:
            errors.append(problem)
        site = existing.get(code) or Site(code=code, region=home)
        if site.pk and site.region_id not in allowed:
            reason = gettext_noop("the code belongs to another region (%(region)s)")
            params = {"region": str(site.region)}
            errors.append(RowError(row_no, "code", reason, code, params))
            continue
        if site.pk and home != region:
            site.region = home  # the ledger's township places the asset
        values = row._asdict()
        geometry = geojson_of(values.pop("geometry"))
        for field_name in SITE_FIELDS:
            value = _clean(values.get(field_name))
            if field_name == "eia_sensitivity" and value is not None:
                value = Site.sensitivity_code(str(value))  # Chinese names are read too
            if value is not None:
                setattr(site, field_name, value)
            elif not site.pk and field_name in DEFAULTS:
                setattr(site, field_name, DEFAULTS[field_name])
        if not site.name:
            site.name = code
        # a point keeps the ledger's area; an outline adds to a site (apps.sites.locations)
        area_given = _clean(values.get("land_area_m2")) is not None
        errors += place_site(site, dict(geometry), area_given, row_no)
        site.source_file = name
        site.source_date = date.today()
        try:
            site.full_clean(exclude=["region", "park"], validate_unique=False)
        except ValidationError as exc:
            # Django has translated these already (the active language); kept as text
            for field_name, messages in exc.message_dict.items():
                shown = _clean(getattr(site, field_name, None))
                value = "" if shown is None or isinstance(shown, dict | list) else str(shown)
                errors += [RowError(row_no, field_name, str(m), value) for m in messages]
        sites.append(site)
    errors.sort(key=lambda e: e.row)
    return PlannedImport(region, read, sites, errors, name, layer or "", words)


def save_sites(
    plan: PlannedImport, user: User | None, *, progress: Progress | None = None
) -> AssetImport:
    """Write a checked import in one transaction, or refuse it when it has any problem.

    Raises
    ------
    ImportValidationError
        Listing every problem of ``plan``; nothing is written.

    """
    if plan.errors or plan.read is None:
        raise ImportValidationError(plan.file_name, plan.errors)
    # progress is written outside the import's transaction, where pollers can see it
    (progress or no_progress)(80, gettext_noop("Saving the idle assets"))
    created, updated = plan.created, plan.updated
    with transaction.atomic():
        for site in plan.sites:
            site.save()
        return AssetImport.objects.create(
            region=plan.region,
            file_name=plan.file_name,
            layer=plan.layer,
            sha256=plan.read.provenance.sha256,
            source_crs=plan.read.provenance.source_crs,
            created_count=created,
            updated_count=updated,
            imported_by=user,
            vocabulary=plan.vocabulary,
        )


def import_sites(
    path: Path,
    region: Region,
    user: User | None,
    *,
    mapping: FieldMapping | None = None,
    layer: str | None = None,
    crs: str | None = None,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> AssetImport:
    """Upsert the idle assets of ``path`` into ``region`` by code, all or nothing.

    :func:`check_sites` then :func:`save_sites`: any problem raises
    :class:`ImportValidationError` listing every bad row, and nothing is written.
    ``progress(percent, message)`` hears of the steps (a background job's progress bar).
    """
    plan = check_sites(
        path, region, mapping=mapping, layer=layer, crs=crs, file_name=file_name, progress=progress
    )
    return save_sites(plan, user, progress=progress)
