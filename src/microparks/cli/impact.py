"""``microparks impact``: input–output multipliers, park impact and programme cost–benefit.

Files in, files (or JSON) out; no database. Messages are plain English: these commands run
without Django, like the core they wrap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import numpy as np
import numpy.typing as npt
import pandas as pd
import typer

from microparks.cli.errors import fail
from microparks.core.impact import (
    Concordance,
    ConcordanceError,
    MultiplierResult,
    UnproductiveTableError,
    calc_cost_benefit,
    calc_multipliers,
    calc_park_impact,
    calc_sector_totals,
    check_additionality,
    check_concordance,
)
from microparks.io.io_tables import (
    IOTable,
    IOTableError,
    read_additionality,
    read_concordance_rows,
    read_io_csv,
    read_make_use,
    write_multipliers,
)

app = typer.Typer(
    help="Input-output multipliers, net park impact and programme cost-benefit.",
    no_args_is_help=True,
)

_TENANT_COLUMNS = {"output": "output", "jobs": "jobs", "income": "wages", "tax": "tax"}

IoOpt = Annotated[
    Path | None,
    typer.Option(
        "--io", help="Symmetric IO table CSV (see docs/methods/impact.md).", dir_okay=False
    ),
]
MakeOpt = Annotated[
    Path | None, typer.Option("--make", help="Make table CSV (BEA layout).", dir_okay=False)
]
UseOpt = Annotated[
    Path | None, typer.Option("--use", help="Use table CSV (BEA layout).", dir_okay=False)
]
EmploymentOpt = Annotated[
    Path | None,
    typer.Option(
        "--employment", help="CSV 'sector,employment' for make/use tables.", dir_okay=False
    ),
]
PropensityOpt = Annotated[
    float | None,
    typer.Option(
        "--consumption-propensity",
        help="Household spending on the table's sectors per unit of labour income (Type II). "
        "Default: the textbook closure, consumption / total labour income.",
    ),
]


def register(parent: typer.Typer) -> None:
    """Add the ``impact`` command group to ``parent``."""
    parent.add_typer(app, name="impact")


def _table(io: Path | None, make: Path | None, use: Path | None, jobs: Path | None) -> IOTable:
    if io is not None and (make is not None or use is not None):
        raise fail("give either --io or --make and --use, not both")
    try:
        if io is not None:
            return read_io_csv(io)
        if make is not None and use is not None:
            return read_make_use(make, use, employment=jobs)
    except (IOTableError, OSError, KeyError) as exc:
        raise fail(str(exc)) from exc
    raise fail("give --io FILE, or --make FILE and --use FILE")


def _multipliers(table: IOTable, propensity: float | None) -> MultiplierResult:
    try:
        return calc_multipliers(
            table.A,
            table.x,
            labour_income=table.labour_income,
            household_consumption=table.household_consumption,
            employment=table.employment,
            taxes=table.taxes,
            sectors=table.sectors,
            consumption_propensity=propensity,
        )
    except UnproductiveTableError as exc:
        raise fail(str(exc), code=3) from exc
    except ValueError as exc:
        raise fail(str(exc)) from exc


@app.command("multipliers")
def multipliers(
    out: Annotated[Path, typer.Option("--out", help="Output CSV (or .xlsx).", dir_okay=False)],
    io: IoOpt = None,
    make: MakeOpt = None,
    use: UseOpt = None,
    employment: EmploymentOpt = None,
    consumption_propensity: PropensityOpt = None,
) -> None:
    """Write one row per sector: output, income, employment, tax multipliers and linkages."""
    table = _table(io, make, use, employment)
    result = _multipliers(table, consumption_propensity)
    frame = result.to_frame()
    write_multipliers(frame, out)
    o = frame["output_type1"]
    typer.echo(
        f"{len(frame)} sectors; Type I output multipliers {o.min():.3f} to {o.max():.3f} "
        f"(median {o.median():.3f}); Type II {'computed' if result.closed else 'not computed'}"
        f" -> {out}"
    )


@app.command("park")
def park(
    tenants: Annotated[
        Path,
        typer.Option(
            "--tenants",
            help="CSV, one row per tenant: industry_code, output, jobs, wages, tax (annual).",
            dir_okay=False,
        ),
    ],
    concordance: Annotated[
        Path,
        typer.Option(
            "--concordance", help="CSV code,sector[,share] to table sectors.", dir_okay=False
        ),
    ],
    io: IoOpt = None,
    make: MakeOpt = None,
    use: UseOpt = None,
    employment: EmploymentOpt = None,
    consumption_propensity: PropensityOpt = None,
    assumptions: Annotated[
        Path | None,
        typer.Option(
            "--assumptions", help="Additionality YAML (default: shipped).", dir_okay=False
        ),
    ] = None,
    draws: Annotated[int, typer.Option("--draws", min=0, help="Monte Carlo draws.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    out: Annotated[
        Path | None, typer.Option("--out", help="CSV of the impact table.", dir_okay=False)
    ] = None,
) -> None:
    """Gross and net impact of a park's tenants, with Monte Carlo bands (JSON to stdout)."""
    table = _table(io, make, use, employment)
    mult = _multipliers(table, consumption_propensity)
    try:
        data = pd.read_csv(tenants, dtype={"industry_code": str})
        conc = check_concordance(read_concordance_rows(concordance), table.sectors)
        ranges = check_additionality(read_additionality(assumptions))
        direct = _direct_effects(tenants, data, conc)
        result = calc_park_impact(direct, mult, ranges, draws=draws, seed=seed)
    except (ConcordanceError, IOTableError, ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    if out is not None:
        result.table.to_csv(out, float_format="%.6g")
    payload = {
        "impact": {m: row.to_dict() for m, row in result.table.iterrows()},
        "assumptions": {
            name: vars(getattr(ranges, name))
            for name in ("deadweight", "displacement", "leakage", "multiplier")
        },
        "assumptions_version": ranges.version,
        "seed": seed,
        "draws": draws,
        "notes": list(result.notes),
        "table": table.source,
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _direct_effects(
    tenants: Path, data: pd.DataFrame, conc: Concordance
) -> dict[str, npt.NDArray[np.float64]]:
    """The tenants' output, jobs, wages and tax summed by table sector (those the file has)."""
    if "industry_code" not in data.columns:
        raise ValueError(f"{tenants}: missing column 'industry_code'")
    codes = data["industry_code"].astype(str).tolist()
    direct = {
        measure: calc_sector_totals(
            pd.to_numeric(data[col], errors="raise").to_numpy(np.float64), codes, conc
        )
        for measure, col in _TENANT_COLUMNS.items()
        if col in data.columns
    }
    if not direct:
        raise ValueError(f"{tenants}: none of the columns {list(_TENANT_COLUMNS.values())}")
    return direct


@app.command("cost-benefit")
def cost_benefit(
    programme: Annotated[
        Path,
        typer.Option(
            "--programme",
            help="CSV, one row per year: year, tax, jobs, and one column per cost category "
            "prefixed 'cost_' (e.g. cost_land, cost_renovation, cost_subsidies).",
            dir_okay=False,
        ),
    ],
    discount_rate: Annotated[
        float, typer.Option("--discount-rate", help="Annual discount rate.")
    ] = 0.08,
) -> None:
    """Cost per job, fiscal payback year and NPV of a programme (JSON to stdout)."""
    try:
        data = pd.read_csv(programme)
        missing = {"year", "tax"} - set(data.columns)
        if missing:
            raise ValueError(f"{programme}: missing column(s) {sorted(missing)}")
        costs = {
            c.removeprefix("cost_"): data[c].tolist() for c in data.columns if c.startswith("cost_")
        }
        result = calc_cost_benefit(
            data["year"].astype(int).tolist(),
            costs,
            data["tax"].tolist(),
            data["jobs"].tolist() if "jobs" in data.columns else None,
            discount_rate=discount_rate,
        )
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    payload = {
        k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in vars(result).items()
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
