"""``microparks impact``: input–output multipliers, park impact and programme cost–benefit.

Files in, files (or JSON) out; no database. The tenants and programme tables may be a county's
own (Chinese headers, 万元, title rows, GBK: :mod:`microparks.io.impact_inputs`); their problems
are printed in Chinese by default (``--lang en`` for English), one a line naming the file, row,
column, value and reason, and the command exits with 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import numpy as np
import numpy.typing as npt
import typer

from microparks.cli.errors import EXIT_INPUT, fail
from microparks.cli.table_input import refuse_table
from microparks.cli.translation import LangOption, translator
from microparks.core.impact import (
    Concordance,
    ConcordanceError,
    MultiplierResult,
    calc_cost_benefit,
    calc_multipliers,
    calc_park_impact,
    calc_sector_totals,
    check_additionality,
    check_concordance,
)
from microparks.core.messages import text_of
from microparks.io.errors import ImportFileError, ImportValidationError, gettext_noop
from microparks.io.impact_inputs import (
    TenantFigures,
    read_programme,
    read_tenants,
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

T = TypeVar("T")

app = typer.Typer(
    help="Input-output multipliers, net park impact and programme cost-benefit.",
    no_args_is_help=True,
)

NOTHING_USED = gettext_noop("the input was not used (problems: %(count)s)")
EITHER_TABLE = gettext_noop("give either --io or --make and --use, not both")
NO_TABLE = gettext_noop("give --io FILE, or --make FILE and --use FILE")
MULTIPLIERS = gettext_noop(
    "%(sectors)s sectors; Type I output multipliers %(low)s to %(high)s (median %(median)s); "
    "Type II %(closed)s -> %(out)s"
)
COMPUTED = gettext_noop("computed")
NOT_COMPUTED = gettext_noop("not computed")
IN_FILE = gettext_noop("%(file)s: %(problem)s")

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


def _say(lang: str) -> Callable[[str], str]:
    return translator("en" if lang == "en" else "zh").gettext


def _table(
    io: Path | None, make: Path | None, use: Path | None, jobs: Path | None, lang: str
) -> IOTable:
    say = _say(lang)
    if io is not None and (make is not None or use is not None):
        raise fail(say(EITHER_TABLE))
    try:
        if io is not None:
            return read_io_csv(io)
        if make is not None and use is not None:
            return read_make_use(make, use, employment=jobs)
    except (IOTableError, OSError, KeyError) as exc:
        raise refuse_table(exc, "en" if lang == "en" else "zh", EXIT_INPUT) from exc
    raise fail(say(NO_TABLE))


def _multipliers(table: IOTable, propensity: float | None, lang: str) -> MultiplierResult:
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
    except ValueError as exc:  # an unproductive table, a propensity out of range …
        raise fail(text_of(exc, _say(lang)), EXIT_INPUT) from exc


@app.command("multipliers")
def multipliers(
    out: Annotated[Path, typer.Option("--out", help="Output CSV (or .xlsx).", dir_okay=False)],
    io: IoOpt = None,
    make: MakeOpt = None,
    use: UseOpt = None,
    employment: EmploymentOpt = None,
    consumption_propensity: PropensityOpt = None,
    lang: LangOption = "zh",
) -> None:
    """Write one row per sector: output, income, employment, tax multipliers and linkages."""
    say = _say(lang)
    table = _table(io, make, use, employment, lang)
    result = _multipliers(table, consumption_propensity, lang)
    frame = result.to_frame()
    write_multipliers(frame, out)
    o = frame["output_type1"]
    typer.echo(
        say(MULTIPLIERS)
        % {
            "sectors": len(frame),
            "low": f"{o.min():.3f}",
            "high": f"{o.max():.3f}",
            "median": f"{o.median():.3f}",
            "closed": say(COMPUTED if result.closed else NOT_COMPUTED),
            "out": out,
        }
    )


@app.command("park")
def park(
    tenants: Annotated[
        Path,
        typer.Option(
            "--tenants",
            help="CSV or Excel, one row per tenant: industry_code (行业代码), output (产值), jobs "
            "(从业人员), wages (工资总额), tax (实缴税金); money in 元 unless the header "
            "says 万元.",
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
    lang: LangOption = "zh",
) -> None:
    """Gross and net impact of a park's tenants, with Monte Carlo bands (JSON to stdout)."""
    say = _say(lang)
    table = _table(io, make, use, employment, lang)
    mult = _multipliers(table, consumption_propensity, lang)
    figures = _read_input(read_tenants, tenants, lang)
    try:
        conc = check_concordance(read_concordance_rows(concordance), table.sectors)
        ranges = check_additionality(read_additionality(assumptions))
        direct = _direct_effects(figures, conc)
        result = calc_park_impact(direct, mult, ranges, draws=draws, seed=seed)
    except ConcordanceError as exc:  # its sectors or codes do not fit: name the concordance
        problem = {"file": concordance.name, "problem": exc.text(say)}
        raise fail(say(IN_FILE) % problem, EXIT_INPUT) from exc
    except (IOTableError, ValueError, OSError) as exc:
        raise refuse_table(exc, "en" if lang == "en" else "zh", EXIT_INPUT) from exc
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
        "notes": [note.text(say) for note in result.notes],
        "table": table.source,
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _read_input(reader: Callable[[Path], T], path: Path, lang: str) -> T:
    """``reader(path)``, or exit 1 with each problem on a line in the user's language."""
    say = _say(lang)
    try:
        return reader(path)
    except ImportValidationError as exc:
        for error in exc.errors:
            typer.echo(f"error: {exc.source}: {error.line(say)}", err=True)
        raise fail(say(NOTHING_USED) % {"count": len(exc.errors)}, 1) from None
    except ImportFileError as exc:
        raise fail(f"{path.name}: {exc.text(say)}", 1) from None


def _direct_effects(
    figures: TenantFigures, conc: Concordance
) -> dict[str, npt.NDArray[np.float64]]:
    """The tenants' output, jobs, wages and tax summed by table sector (those the file has)."""
    return {
        measure: calc_sector_totals(values, figures.industry_codes, conc)
        for measure, values in figures.measures.items()
    }


@app.command("cost-benefit")
def cost_benefit(
    programme: Annotated[
        Path,
        typer.Option(
            "--programme",
            help="CSV or Excel, one row per year: year (年度), tax (税收), jobs (就业人数), and "
            "one column per cost category prefixed 'cost_' (e.g. cost_land, cost_renovation) or "
            "named in Chinese (土地整理, 厂房改造 …); money in 元 unless the header says 万元.",
            dir_okay=False,
        ),
    ],
    discount_rate: Annotated[
        float, typer.Option("--discount-rate", help="Annual discount rate.")
    ] = 0.08,
    lang: LangOption = "zh",
) -> None:
    """Cost per job, fiscal payback year and NPV of a programme (JSON to stdout)."""
    data = _read_input(read_programme, programme, lang)
    try:
        result = calc_cost_benefit(
            data.years, data.costs, data.tax, data.jobs, discount_rate=discount_rate
        )
    except ValueError as exc:  # years not consecutive, a discount rate out of range …
        raise fail(text_of(exc, _say(lang)), EXIT_INPUT) from exc
    payload = {
        k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in vars(result).items()
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
