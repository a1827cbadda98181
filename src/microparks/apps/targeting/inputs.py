"""The deployment's targeting files: where they are, read once per file version, or a notice.

Each file is a setting (``config/settings.py`` reads it from the environment); a file left unset
is looked for in ``$MICROPARKS_DATA_DIR/targeting/`` under its default name:

================================  =====================================  ======================
setting (environment variable)    what                                   default file
================================  =====================================  ======================
``TARGETING_EMPLOYMENT``          employment by industry of all          ``employment.csv``
(``MICROPARKS_TARGETING_…``)      counties: census workbook or long CSV
                                  ``region,industry,value[,year]``
``TARGETING_IO_TABLE``            symmetric input–output table CSV       ``io_table.csv``
``TARGETING_CONCORDANCE``         GB/T 4754 → table sectors              ``concordance.csv``,
                                                                         else the shipped
                                                                         divisions → BEA 2017
``TARGETING_CENSUS_START``,       two county census workbooks (or long   —
``TARGETING_CENSUS_END``          CSVs) for national growth
(``MICROPARKS_CENSUS_2010/2020``)
================================  =====================================  ======================

A county's own files, uploaded from the targeting page (:mod:`microparks.apps.targeting.uploads`),
are kept in ``$MICROPARKS_DATA_DIR/targeting/counties/<county code>/`` and come first for that
county: ``employment.*``, ``growth_start.*`` with ``growth_end.*``, and ``io_table.*`` (with
``concordance.*`` when given, else the shipped one).

The score's weights are not a file: they are the targeting rules document in effect for the
county (:mod:`microparks.apps.rules`), applied after the cached panel.

``microparks demo`` writes the demo county's employment table (with 80 synthetic peer counties),
its input–output table and concordance into that folder, so the demo county is read like any
other. A file that is missing or cannot be used is never replaced by another: the caller gets a
:class:`Notice` that says how to load it, and the component is left out (or, without employment,
there is no ranking).

The complexity of a national panel takes seconds to minutes: it is computed once per file version
(path, size, mtime) and kept in memory and in ``$MICROPARKS_DATA_DIR/cache`` (never per request).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from microparks.core.targeting.components import Component
from microparks.core.targeting.pipeline import (
    ChainTable,
    InputSource,
    PanelComplexity,
    calc_growth_between,
    calc_panel_complexity,
)
from microparks.core.targeting.score import ScoreInputError
from microparks.io.targeting_inputs import (
    read_chain_table,
    read_employment_table,
    read_growth_mapping,
)

CACHE_VERSION = "2"
EMPLOYMENT_FILE = "employment.csv"
IO_TABLE_FILE = "io_table.csv"
CONCORDANCE_FILE = "concordance.csv"


@dataclass(frozen=True)
class Notice:
    """An input that is missing or cannot be used: what is left out, and how to load it.

    ``text`` is for every reader (what is missing and what it changes); ``setup`` says how the
    server is set up to load it (settings, folders, commands): administrators' work, shown to
    them only.
    """

    component: str  # employment, weights, endowment_fit, chain_fit, national_growth, ranking
    text: str
    setup: str = ""


def targeting_dir() -> Path:
    """``$MICROPARKS_DATA_DIR/targeting``: where unset targeting files are looked for."""
    return Path(settings.DATA_DIR) / "targeting"


def county_dir(code: str) -> Path:
    """Where a county's uploaded targeting files are kept."""
    return targeting_dir() / "counties" / code


def county_file(code: str | None, stem: str) -> Path | None:
    """The county's uploaded file ``stem.*`` (its suffix as uploaded), or None."""
    if not code:
        return None
    folder = county_dir(code)
    found = sorted(folder.glob(f"{stem}.*")) if folder.is_dir() else []
    return next((p for p in found if not p.name.endswith(".tmp")), None)


def _configured(name: str, default: str | None) -> Path | None:
    value = getattr(settings, name, "") or ""
    if value:
        return Path(value).expanduser()
    return targeting_dir() / default if default else None


def _stamp(path: Path) -> str:
    st = path.stat()
    raw = f"{CACHE_VERSION}|{path.resolve()}|{st.st_mtime_ns}|{st.st_size}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _cache_path(key: str) -> Path:
    folder = Path(settings.DATA_DIR) / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"targeting-{key}.pkl"


@lru_cache(maxsize=2)
def _panel(path: str, stamp: str) -> PanelComplexity:
    cached = _cache_path(stamp)
    if cached.exists():
        try:
            with cached.open("rb") as fh:
                panel: PanelComplexity = pickle.load(fh)  # our own cache file, written below
            return panel
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            cached.unlink(missing_ok=True)
    panel = calc_panel_complexity(read_employment_table(path))
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")  # unique per process: no torn writes
    with tmp.open("wb") as fh:
        pickle.dump(panel, fh)
    tmp.replace(cached)
    return panel


def employment_panel(county: str | None = None) -> tuple[PanelComplexity | None, Notice | None]:
    """The complexity of the county's (else the deployment's) employment table, or a notice."""
    path = county_file(county, "employment") or _configured("TARGETING_EMPLOYMENT", EMPLOYMENT_FILE)
    if path is None or not path.exists():
        text = _(
            "No ranking: the server has no table of employment by industry of all counties "
            "(the county census), which every score is computed from."
        )
        setup = _(
            "Set MICROPARKS_TARGETING_EMPLOYMENT to a county census workbook or a long CSV "
            "region,industry,value[,year] covering all counties, or put the file at %(path)s; "
            "`microparks demo` writes the demo county's there."
        ) % {"path": path}
        return None, Notice("employment", text, setup)
    try:
        return _panel(str(path), _stamp(path)), None
    except ScoreInputError as exc:
        text = _("No ranking: the employment table cannot be used: %(error)s") % {"error": exc}
        return None, Notice("employment", text)


def missing_county(county_name: str, code: str, panel: PanelComplexity) -> Notice:
    """The notice for a county that has no row in the employment table."""
    text = _("No ranking: %(county)s (%(code)s) is not in the employment table %(file)s.") % {
        "county": county_name,
        "code": code,
        "file": panel.source.name,
    }
    setup = _(
        "Add the county's rows (region,industry,value) to that file, or set "
        "MICROPARKS_TARGETING_EMPLOYMENT to a table that holds it."
    )
    return Notice("employment", text, setup)


@lru_cache(maxsize=2)
def _chain_table(path: str, concordance: str | None, stamp: str) -> ChainTable:
    return read_chain_table(path, concordance=concordance)


def chain_table(county: str | None = None) -> tuple[ChainTable | None, Notice | None]:
    """The input–output table and its concordance, or the notice why the chain fit is left out.

    The county's uploaded table (with its concordance, else the shipped one) comes first.
    """
    own = county_file(county, "io_table")
    if own is not None:
        given = county_file(county, "concordance")
        stamp = _stamp(own) + (_stamp(given) if given else "")
        try:
            return _chain_table(str(own), str(given) if given else None, stamp), None
        except ScoreInputError as exc:
            text = _("Chain fit left out: the input-output table cannot be used: %(error)s")
            return None, Notice("chain_fit", text % {"error": exc})
    path = _configured("TARGETING_IO_TABLE", IO_TABLE_FILE)
    set_conc = _configured("TARGETING_CONCORDANCE", None)
    conc = set_conc or targeting_dir() / CONCORDANCE_FILE
    given = conc if set_conc or conc.exists() else None  # None: the shipped BEA concordance
    if path is None or not path.exists():
        text = _(
            "Chain fit left out: the server has no input–output table, which says what each "
            "industry buys from the others."
        )
        setup = _(
            "Set MICROPARKS_TARGETING_IO_TABLE to a symmetric table CSV and "
            "MICROPARKS_TARGETING_CONCORDANCE to its GB/T 4754 concordance, or put io_table.csv "
            "and concordance.csv in %(folder)s."
        ) % {"folder": targeting_dir()}
        return None, Notice("chain_fit", text, setup)
    stamp = _stamp(path) + (_stamp(conc) if conc.exists() else "")
    try:
        return _chain_table(str(path), str(given) if given else None, stamp), None
    except ScoreInputError as exc:
        text = _("Chain fit left out: the input-output table cannot be used: %(error)s")
        return None, Notice("chain_fit", text % {"error": exc})


@lru_cache(maxsize=2)
def _growth(start: str, end: str, stamp: str) -> tuple[Component, tuple[InputSource, ...]]:
    first = read_employment_table(start, role="growth_start")
    last = read_employment_table(end, role="growth_end")
    growth = calc_growth_between(first, last, read_growth_mapping(start))
    return growth, (first.source, last.source)


def national_growth(
    county: str | None = None,
) -> tuple[Component | None, tuple[InputSource, ...], Notice | None]:
    """National growth between the census pair, or the notice why it is left out.

    The county's uploaded pair comes first.
    """
    start = county_file(county, "growth_start")
    end = county_file(county, "growth_end")
    if start is None or end is None:
        start = _configured("TARGETING_CENSUS_START", None)
        end = _configured("TARGETING_CENSUS_END", None)
    if start is None or end is None or not start.exists() or not end.exists():
        text = _(
            "National growth left out: the server has no pair of county censuses (2010 and "
            "2020) to tell which industries grew in the country."
        )
        setup = _(
            "Set MICROPARKS_CENSUS_2010 and MICROPARKS_CENSUS_2020 to the two county census "
            "workbooks (or long CSVs of two years)."
        )
        return None, (), Notice("national_growth", text, setup)
    try:
        growth, sources = _growth(str(start), str(end), _stamp(start) + _stamp(end))
    except ScoreInputError as exc:
        text = _("National growth left out: the census pair cannot be used: %(error)s")
        return None, (), Notice("national_growth", text % {"error": exc})
    return growth, sources, None


def clear_caches() -> None:
    """Forget the files read in this process (tests; a deployment restarts instead)."""
    for cached in (_panel, _chain_table, _growth):
        cached.cache_clear()
