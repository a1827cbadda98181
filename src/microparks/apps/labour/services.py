"""The labour pool's use cases: import a register as a new version, and read a version back.

:func:`import_pool` reads the county's 人社 register with
:func:`~microparks.io.labour_register.read_labour_register` against the county's townships and
writes all its rows as the next version of the year, or nothing; the register is read with the
county's ``labour_register`` vocabulary in effect (the version recorded with the pool), and its
title may not name another year. :func:`township_totals` sums a version's villages per township
for the page and the map (:func:`pool_geojson`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.utils.translation import gettext_noop

from microparks.apps.audit.middleware import current_user
from microparks.apps.labour.models import PoolEntry, PoolVersion
from microparks.apps.regions.models import Region
from microparks.apps.rules.models import RulesDocument
from microparks.apps.rules.vocabularies import vocabulary_with_document
from microparks.core.vocabulary import Vocabulary
from microparks.io.errors import ImportFileError
from microparks.io.labour_register import AGE_BANDS, COUNTS, LabourRegister, read_labour_register
from microparks.io.labour_register_words import REGISTER_VOCABULARY

Progress = Callable[[int, str], None]

NOT_A_COUNTY = gettext_noop("%(region)s is not a county: a labour pool is imported into a county")
READING = gettext_noop("Reading and checking the register")
SAVING = gettext_noop("Saving the labour pool")
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
"""Available labour from few to many (ColorBrewer Blues, 5 classes)."""


@dataclass(frozen=True)
class Choice:
    """The version a page or the API shows, and what else the user may choose from."""

    pool: PoolVersion | None
    versions: list[PoolVersion]
    """The chosen county's versions, newest year and version first."""
    counties: list[Region]
    """The counties of which the user sees a version."""
    missing: bool = False
    """Whether a version or county asked for is not visible (a 404, never another's pool)."""


def choose_version(
    user: Any, *, county: str | None = None, year: int | None = None, version: int | None = None
) -> Choice:
    """The version ``user`` asks for among those they may see.

    ``version`` (an id) wins; otherwise ``county`` (a code; default the user's own county, else
    the first visible), its ``year`` (default the latest) and that year's latest version.
    """
    visible = PoolVersion.objects.restrict(user)
    counties = list(
        Region.objects.defer("geometry").filter(pk__in=visible.values("region")).order_by("code")
    )
    chosen: PoolVersion | None = None
    if version is not None:
        chosen = visible.filter(pk=version).first()
        if chosen is None:
            return Choice(None, [], counties, missing=True)
        county_id = chosen.region_id
    else:
        own = getattr(user, "region_id", None)
        mine = next((c for c in counties if c.pk == own), counties[0] if counties else None)
        found = next((c for c in counties if c.code == county), None) if county else mine
        if found is None:
            return Choice(None, [], counties, missing=bool(county))
        county_id = found.pk
    versions = list(visible.filter(region_id=county_id).select_related("imported_by", "vocabulary"))
    if chosen is None:
        if year is None or not any(v.year == year for v in versions):
            year = versions[0].year
        chosen = next(v for v in versions if v.year == year)
    else:
        chosen = next(v for v in versions if v.pk == chosen.pk)
    return Choice(chosen, versions, counties)


def _no_progress(_percent: int, _message: str) -> None:
    return None


def townships_of(county: Region) -> dict[str, str]:
    """The county's townships, code → name."""
    rows = Region.objects.filter(parent=county, level=Region.Level.TOWNSHIP)
    return dict(rows.values_list("code", "name"))


def check_pool(
    source: Path | bytes,
    county: Region,
    file_name: str | None = None,
    *,
    year: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> LabourRegister:
    """Read and check a register for ``county`` (of ``year``, if given), writing nothing.

    ``vocabulary`` is the register's words (default: the ``labour_register`` document in effect
    for the county); a title naming another year than ``year`` is a problem on its cell.

    Raises
    ------
    ImportFileError
        A file that cannot be read, or ``county`` not a county.
    ImportValidationError
        Every row problem (row and column named).

    """
    if county.level != Region.Level.COUNTY:
        raise ImportFileError(NOT_A_COUNTY, {"region": county.code})
    if vocabulary is None:
        vocabulary, _doc = vocabulary_with_document(REGISTER_VOCABULARY, county)
    townships = townships_of(county)
    return read_labour_register(
        source, townships, file_name=file_name, year=year, vocabulary=vocabulary
    )


def import_pool(
    source: Path | bytes,
    county: Region,
    year: int,
    user: Any | None,
    *,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> PoolVersion:
    """Import a register as the next version of ``county``'s pool for ``year``: all rows or none."""
    report = progress or _no_progress
    report(5, READING)
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = file_name or (source.name if isinstance(source, Path) else "upload")
    if county.level != Region.Level.COUNTY:
        raise ImportFileError(NOT_A_COUNTY, {"region": county.code})
    words, document = vocabulary_with_document(REGISTER_VOCABULARY, county)
    register = check_pool(data, county, name, year=year, vocabulary=words)
    report(70, SAVING)
    codes = {r.township_code for r in register.rows}
    townships = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
    token = current_user.set(user)  # the audit log's author
    try:
        for attempt in range(3):  # two imports of one year at once: the later takes the next
            try:
                with transaction.atomic():
                    return _save(register, county, year, user, data, townships, document)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
    finally:
        current_user.reset(token)


def _save(
    register: LabourRegister,
    county: Region,
    year: int,
    user: Any | None,
    data: bytes,
    townships: dict[str, int],
    vocabulary: RulesDocument | None,
) -> PoolVersion:
    latest = PoolVersion.objects.filter(region=county, year=year).aggregate(n=Max("version"))["n"]
    pool = PoolVersion.objects.create(
        region=county,
        year=year,
        version=(latest or 0) + 1,
        file_name=register.file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        created_count=len(register.rows),
        totals_checked=register.totals_checked,
        imported_by=user,
        vocabulary=vocabulary,
    )
    PoolEntry.objects.bulk_create(
        PoolEntry(
            pool=pool,
            township_id=townships[row.township_code],
            village=row.village,
            source_row=row.row,
            skills="、".join(row.skills)[:500],
            **{key: row.counts.get(key) for key in COUNTS},
        )
        for row in register.rows
    )
    return pool


@dataclass(frozen=True)
class TownshipPool:
    """A township's sums over its villages in one version (``None``: a figure not given)."""

    township: Region
    villages: int
    counts: dict[str, int | None]

    @property
    def ages(self) -> list[int | None]:
        return [self.counts.get(k) for k in AGE_BANDS]


def township_totals(pool: PoolVersion) -> list[TownshipPool]:
    """Each township of ``pool`` with its villages' sums (one query, whatever the rows).

    A figure some village left empty is summed over the others; where no village gave it,
    it stays ``None`` (unknown, not zero).
    """
    sums = {key: Sum(key) for key in COUNTS}
    rows = (
        PoolEntry.objects.filter(pool=pool)
        .values("township")
        .annotate(villages=Count("pk"), **sums)
        .order_by("township__code")
    )
    found = list(rows)
    regions = Region.objects.defer("geometry").in_bulk([r["township"] for r in found])
    return [
        TownshipPool(regions[r["township"]], r["villages"], {k: r[k] for k in COUNTS})
        for r in found
    ]


def county_totals(townships: Sequence[TownshipPool]) -> dict[str, int | None]:
    """The county's sums over its townships (``None`` where no township gave the figure)."""
    out: dict[str, int | None] = {}
    for key in COUNTS:
        values = [t.counts[key] for t in townships if t.counts[key] is not None]
        out[key] = sum(v for v in values if v is not None) if values else None
    return out


def colour_class(value: int | None, highest: int) -> int:
    """The palette class of ``value`` (equal intervals from 0 to ``highest``); -1 when unknown."""
    if value is None:
        return -1
    if highest <= 0:
        return 0
    return min(int(value * len(PALETTE) / highest), len(PALETTE) - 1)


def legend(highest: int) -> list[tuple[str, str]]:
    """(colour, ``low – high`` persons) of each class."""
    step = highest / len(PALETTE) if highest > 0 else 0
    return [
        (colour, f"{round(i * step):,} – {round((i + 1) * step):,}")
        for i, colour in enumerate(PALETTE)
    ]


def pool_geojson(
    townships: Sequence[TownshipPool], status: Callable[[TownshipPool], str]
) -> dict[str, Any]:
    """The townships' outlines shaded by available labour, for ``common/map.js``.

    Townships without an outline are left out of the map (the table lists them all).
    """
    highest = max((t.counts["available"] or 0 for t in townships), default=0)
    outlines = dict(
        Region.objects.filter(pk__in=[t.township.pk for t in townships]).values_list(
            "pk", "geometry"
        )
    )
    features = []
    for t in townships:
        geometry = outlines.get(t.township.pk)
        if not geometry:
            continue
        klass = colour_class(t.counts["available"], highest)
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": t.township.code,
                    "name": t.township.name,
                    "status": status(t),
                    "colour": PALETTE[klass] if klass >= 0 else "#999999",
                    "url": f"#township-{t.township.code}",
                    "available": t.counts["available"],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
