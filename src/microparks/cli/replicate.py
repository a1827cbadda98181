"""``microparks replicate``: region indicators, readiness ranking, peers and scenarios.

Files in, files (or tables) out; no database. What the commands print, their refusals and the
core's messages (a scheme that does not fit, a pilot without peers, a scenario without a scale)
are in Chinese by default (``--lang en`` for English), from the platform's catalogue.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from microparks.cli.errors import EXIT_INPUT, fail
from microparks.cli.table_input import refuse_table
from microparks.cli.translation import Lang, LangOption, translator
from microparks.core.messages import MessageError
from microparks.core.replicability import (
    ReadinessResult,
    ReadinessScheme,
    SchemeError,
    calc_scenario,
    rank_peers,
    ranked_table,
    score_readiness,
)
from microparks.io.errors import ImportFileError, gettext_noop
from microparks.io.region_extras import (
    FISCAL_COLUMN,
    add_fiscal_capacity,
    add_region_values,
    read_hosted_industries,
    read_region_values,
)
from microparks.io.region_tables import read_outcomes
from microparks.io.regions_data import (
    RegionsError,
    add_distance_to_hubs,
    read_checked_scheme,
    read_china_county_indicators,
    read_market_hubs,
    read_region_geometry,
    read_regions,
    read_us_county_indicators,
    write_regions,
)

UNKNOWN_REFERENCES = gettext_noop(
    "reference region(s) not in the region table (--regions): %(regions)s"
)
ONE_SOURCE = gettext_noop("give exactly one of --china-census or --us-atlas")
ONE_IDLE_SOURCE = gettext_noop("give at most one of --idle-land or --idle-from-db")
NO_GROUP_COLUMN = gettext_noop("--province needs a 'province' or 'state' column")
NO_REGION_IN = gettext_noop("no region in %(province)s")
NOT_FITTING = gettext_noop("%(regions)s, scheme %(scheme)s: %(problem)s")
NO_SCALE = gettext_noop("scale column %(column)s is not in the region table")
WRITTEN = gettext_noop("%(regions)s regions, %(columns)s columns%(known)s -> %(out)s")
KNOWN_FOR = gettext_noop("%(column)s known for %(count)s")
RANKED = gettext_noop(
    "%(scored)s of %(regions)s regions scored with scheme %(scheme)s; %(missing)s with missing "
    "indicators (listed in 'missing'); %(partial)s scored without an optional indicator they "
    "lack (listed in 'not_known'); %(ineligible)s not eligible (see 'not_eligible')"
)
DROPPED = gettext_noop("optional indicators not in the data: %(names)s")
SPARSE = gettext_noop("known for too few regions to score: %(names)s")
MATCHED = gettext_noop("%(count)s matched to geometry")
PILOT = gettext_noop("pilot:")
NEAREST = gettext_noop("%(count)s nearest of %(comparable)s comparable regions:")

app = typer.Typer(
    help="Which regions are ready for micro-parks, their peers, and what they may expect.",
    no_args_is_help=True,
)

RegionsOpt = Annotated[
    Path,
    typer.Option("--regions", help="Region table (CSV/Excel/Parquet) with a 'region' column."),
]
SchemeOpt = Annotated[
    str,
    typer.Option(
        "--scheme",
        help="Readiness scheme YAML, or a shipped name: china_county, us_county.",
    ),
]

# the local indicators `indicators` adds to the census ones
GeometryOpt = Annotated[
    Path | None,
    typer.Option(
        "--geometry",
        help="Region polygons: adds distance_to_east_km (to the nearest market hub).",
    ),
]
HubsOpt = Annotated[
    Path | None,
    typer.Option("--hubs", help="Hubs YAML (default: the shipped eastern market hubs)."),
]
HostedOpt = Annotated[
    Path | None,
    typer.Option(
        "--hosted",
        help="Industries micro-parks host (YAML or CSV of GB/T 4754 codes; default: the "
        "shipped list) for relatedness_hosted.",
    ),
]
IdleLandOpt = Annotated[
    Path | None,
    typer.Option(
        "--idle-land",
        help="Table region, idle_land_m2[, vacant_floor_m2] where an inventory exists.",
    ),
]
IdleFromDbOpt = Annotated[
    bool,
    typer.Option(
        "--idle-from-db", help="Idle land and vacant floor area from the database's sites."
    ),
]
FiscalOpt = Annotated[
    Path | None,
    typer.Option(
        "--fiscal",
        help="Table region, general_budget_revenue_cny (or fiscal_revenue_per_capita_cny).",
    ),
]


def register(parent: typer.Typer) -> None:
    """Add the ``replicate`` command group to ``parent``."""
    parent.add_typer(app, name="replicate")


def _refuse(exc: Exception, lang: Lang) -> typer.Exit:
    """Exit 1 with the problem in the user's language (a table's bad cells one a line)."""
    return refuse_table(exc, lang, code=EXIT_INPUT)


def _outcomes(path: Path, frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The references' outcomes, each of their regions one of the region table's."""
    try:
        refs = read_outcomes(path)
        unknown = [str(code) for code in refs.index if code not in frame.index]
        if unknown:
            params = {"regions": ", ".join(code[:40] for code in unknown[:10])}
            raise RegionsError(
                source=path.name, file_error=ImportFileError(UNKNOWN_REFERENCES, params)
            )
    except (RegionsError, OSError, ValueError) as exc:
        raise _refuse(exc, lang) from exc
    return refs


def _regions(path: Path, lang: Lang) -> pd.DataFrame:
    try:
        return read_regions(path)
    except (RegionsError, OSError, ValueError) as exc:  # bad cells named
        raise _refuse(exc, lang) from exc


@app.command("indicators")
def indicators(
    out: Annotated[Path, typer.Option("--out", help="Region table to write (CSV/Excel).")],
    china_census: Annotated[
        Path | None,
        typer.Option("--china-census", help="census_county_2020_v1.xlsx", dir_okay=False),
    ] = None,
    us_atlas: Annotated[
        Path | None, typer.Option("--us-atlas", help="USDA Rural Atlas folder", file_okay=False)
    ] = None,
    geometry: GeometryOpt = None,
    hubs: HubsOpt = None,
    hosted: HostedOpt = None,
    idle_land: IdleLandOpt = None,
    idle_from_db: IdleFromDbOpt = False,
    fiscal: FiscalOpt = None,
    lang: LangOption = "zh",
) -> None:
    """Build a region indicator table from the China 2020 census or the USDA Rural Atlas.

    Idle land, vacant floor area and fiscal capacity are known only for some regions: the
    others get no value (reported as not known by ``rank``), never zero.
    """
    say = translator(lang).gettext
    if (china_census is None) == (us_atlas is None):
        raise fail(say(ONE_SOURCE))
    if idle_land is not None and idle_from_db:
        raise fail(say(ONE_IDLE_SOURCE))
    try:
        frame = _census_indicators(china_census, us_atlas, hosted)
        frame = _add_local_indicators(frame, geometry, hubs, idle_land, fiscal)
    except (RegionsError, OSError, ValueError) as exc:  # a census table's bad cells named
        raise _refuse(exc, lang) from exc
    if idle_from_db:
        frame = _idle_from_db(frame)
    write_regions(frame, out)
    typer.echo(_written(frame, out, say))


def _census_indicators(
    china_census: Path | None, us_atlas: Path | None, hosted: Path | None
) -> pd.DataFrame:
    """The national source's indicators: China's 2020 census (with relatedness) or USDA's atlas."""
    if china_census is not None:
        codes = read_hosted_industries(hosted)[0] if hosted is not None else None
        return read_china_county_indicators(china_census, hosted=codes)
    assert us_atlas is not None  # the command checked that exactly one is given
    return read_us_county_indicators(us_atlas)


def _written(frame: pd.DataFrame, out: Path, say: Callable[[str], str]) -> str:
    """What was written, with how many regions know each partly known indicator."""
    known = [
        say(KNOWN_FOR) % {"column": c, "count": int(frame[c].notna().sum())}
        for c in (*IDLE_COLUMNS, FISCAL_COLUMN)
        if c in frame.columns
    ]
    shown = f" ({'; '.join(known)})" if known else ""
    return say(WRITTEN) % {
        "regions": len(frame),
        "columns": frame.shape[1],
        "known": shown,
        "out": out,
    }


def _add_local_indicators(
    frame: pd.DataFrame,
    geometry: Path | None,
    hubs: Path | None,
    idle_land: Path | None,
    fiscal: Path | None,
) -> pd.DataFrame:
    """Add what the files given hold: distance to market hubs, idle land, fiscal capacity."""
    if geometry is not None:
        frame = add_distance_to_hubs(frame, read_region_geometry(geometry), read_market_hubs(hubs))
    if idle_land is not None:
        frame = add_region_values(
            frame, idle_land, [c for c in IDLE_COLUMNS if c in read_region_values(idle_land)]
        )
    if fiscal is not None:
        frame = add_fiscal_capacity(frame, fiscal)
    return frame


IDLE_COLUMNS = ("idle_land_m2", "vacant_floor_m2")


def _idle_from_db(frame: pd.DataFrame) -> pd.DataFrame:
    from microparks.cli.django_setup import setup_django

    setup_django()
    from microparks.apps.impact.readiness import add_idle_stock

    return add_idle_stock(frame)


@app.command("rank")
def rank(
    regions: RegionsOpt,
    scheme: SchemeOpt,
    out: Annotated[
        Path,
        typer.Option("--out", help="CSV/Excel, or .geojson/.gpkg/.parquet with --geometry."),
    ],
    geometry: Annotated[
        Path | None, typer.Option("--geometry", help="Region polygons (GeoParquet, GPKG …).")
    ] = None,
    province: Annotated[
        str | None,
        typer.Option("--province", help="Keep only regions whose 'province' (or 'state') is this."),
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """Score and rank regions by readiness; each score explained by indicator contributions."""
    say = translator(lang).gettext
    frame = _regions(regions, lang)
    if province is not None:
        col = "province" if "province" in frame.columns else "state"
        if col not in frame.columns:
            raise fail(say(NO_GROUP_COLUMN))
        frame = frame[frame[col] == province]
        if frame.empty:
            raise fail(say(NO_REGION_IN) % {"province": repr(province)})
    try:
        parsed = read_checked_scheme(scheme)
        result = score_readiness(frame, parsed)
        geo = read_region_geometry(geometry) if geometry is not None else None
    except SchemeError as exc:  # the table does not fit the scheme: both files named
        files = {"regions": regions.name, "scheme": Path(scheme).name}
        raise fail(say(NOT_FITTING) % {**files, "problem": exc.text(say)}, EXIT_INPUT) from exc
    except (RegionsError, OSError, ValueError) as exc:
        raise _refuse(exc, lang) from exc
    table = ranked_table(frame, result)
    try:
        with_geometry = write_regions(table, out, geo)
    except (RegionsError, OSError, ValueError) as exc:
        raise _refuse(exc, lang) from exc
    typer.echo(
        _ranked(result, parsed, len(frame), with_geometry if geo is not None else None, say)
        + f" -> {out}"
    )


def _ranked(
    result: ReadinessResult,
    scheme: ReadinessScheme,
    regions: int,
    with_geometry: int | None,
    say: Callable[[str], str],
) -> str:
    """How many regions were scored, and why the others were not."""
    table = result.table
    parts = [
        say(RANKED)
        % {
            "scored": int(table["score"].notna().sum()),
            "regions": regions,
            "scheme": f"{scheme.name} {scheme.version}",
            "missing": int((table["missing"] != "").sum()),
            "partial": int(((table["not_known"] != "") & table["score"].notna()).sum()),
            "ineligible": int((table["not_eligible"] != "").sum()),
        }
    ]
    if result.dropped:
        parts.append(say(DROPPED) % {"names": ", ".join(result.dropped)})
    if result.sparse:
        parts.append(say(SPARSE) % {"names": ", ".join(result.sparse)})
    if with_geometry is not None:
        parts.append(say(MATCHED) % {"count": with_geometry})
    return "; ".join(parts)


@app.command("peers")
def peers(
    regions: RegionsOpt,
    region: Annotated[str, typer.Option("--region", help="Code of the pilot region.")],
    scheme: SchemeOpt = "china_county",
    indicators: Annotated[
        str | None,
        typer.Option("--indicators", help="Comma-separated columns (default: the scheme's peers)."),
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Number of peers.")] = 10,
    out: Annotated[Path | None, typer.Option("--out", help="CSV of the peers.")] = None,
    lang: LangOption = "zh",
) -> None:
    """The regions most similar to a pilot, with the indicators that differ most."""
    say = translator(lang).gettext
    frame = _regions(regions, lang)
    try:
        names = (
            [s.strip() for s in indicators.split(",") if s.strip()]
            if indicators
            else list(read_checked_scheme(scheme).peer_indicators)
        )
        result = rank_peers(frame, region, names, k=k)
    except (SchemeError, RegionsError, OSError, KeyError, ValueError) as exc:  # unknown pilot
        raise _refuse(exc, lang) from exc
    label = [c for c in ("name", "province", "prefecture", "state") if c in frame.columns]
    table = frame.loc[result.table.index, label + names].join(result.table[["distance", "differs"]])
    table["differs"] = [d.text(say) for d in result.differs]
    if out is not None:
        write_regions(table, out)
    pilot = frame.loc[[region], label + names]
    typer.echo(f"{say(PILOT)}\n{pilot.to_string(float_format=lambda v: f'{v:.3g}')}\n")
    comparable = len(frame) - result.excluded - 1
    typer.echo(say(NEAREST) % {"count": len(table), "comparable": comparable})
    typer.echo(table.to_string(float_format=lambda v: f"{v:.3g}"))


@app.command("scenario")
def scenario(
    regions: RegionsOpt,
    region: Annotated[str, typer.Option("--region", help="Code of the candidate region.")],
    outcomes: Annotated[
        Path,
        typer.Option(
            "--outcomes",
            help="CSV: region, then one column per outcome (parks, firms, jobs, tax_cny) of the "
            "pilot and any peers with known results.",
        ),
    ],
    scale: Annotated[
        str, typer.Option("--scale", help="Scale column in the region table.")
    ] = "rural_working_age",
    scheme: SchemeOpt = "china_county",
    elasticity: Annotated[
        float, typer.Option("--elasticity", help="Readiness elasticity (0 ignores readiness).")
    ] = 1.0,
    relative_band: Annotated[
        float, typer.Option("--relative-band", help="Band half-width with < 3 references.")
    ] = 0.5,
    lang: LangOption = "zh",
) -> None:
    """Expected parks, firms, jobs and tax for a candidate region, with a band (JSON)."""
    frame = _regions(regions, lang)
    refs = _outcomes(outcomes, frame, lang)
    try:
        readiness = None
        if elasticity != 0:
            parsed = read_checked_scheme(scheme)
            readiness = score_readiness(frame, parsed).table["score"].dropna()
        if scale not in frame.columns:
            raise MessageError(NO_SCALE, {"column": repr(scale)})
        result = calc_scenario(
            refs.select_dtypes("number"),
            frame[scale].dropna(),
            region,
            readiness=readiness,
            elasticity=elasticity,
            relative_band=relative_band,
        )
    except (SchemeError, RegionsError, OSError, ValueError) as exc:
        raise _refuse(exc, lang) from exc
    payload = {
        "candidate": region,
        "references": list(refs.index),
        "scale": scale,
        "elasticity": elasticity,
        "expected": result.table.to_dict(orient="index"),
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
