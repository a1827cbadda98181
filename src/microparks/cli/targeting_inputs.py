"""Reading the input files of ``microparks targeting`` (the commands keep their options)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from microparks.cli.errors import fail
from microparks.core.targeting.components import Component
from microparks.core.targeting.growth import calc_national_growth
from microparks.core.targeting.rank import ChainInputs
from microparks.io.census import CensusFormatError, read_census_counties, read_section_mapping
from microparks.io.io_tables import IOTableError, read_io_csv, read_make_use
from microparks.io.tables import LongTableError, read_long_csv
from microparks.io.targeting_inputs import (
    BEA_CONCORDANCE,
    read_chain_targets,
    read_targeting_concordance,
)


def read_long(path: Path) -> pd.DataFrame:
    """A long CSV ``region, industry, value[, year]``; a bad file ends the command."""
    try:
        return read_long_csv(path)
    except LongTableError as exc:
        raise fail(f"{path}: {exc}") from None


def read_employment(path: Path) -> pd.DataFrame:
    """A long CSV, or a county census workbook (``.xlsx``) as ``region, industry, value``."""
    if path.suffix.lower() in (".xlsx", ".xls"):
        try:
            census = read_census_counties(path)
        except (CensusFormatError, OSError, ValueError) as exc:
            raise fail(f"{path}: {exc}") from None
        return census.employment.rename(columns={"employment": "value"}).assign(year=census.year)
    return read_long(path)


def chain_inputs(
    io_table: Path | None,
    make: Path | None,
    use: Path | None,
    concordance: Path | None,
    targets: Path | None,
    region: str,
) -> ChainInputs | None:
    if targets is None:
        if io_table or make or use:
            raise fail("--io-table/--make/--use need --targets (leading and anchor industries)")
        return None
    if io_table is None and (make is None or use is None):
        raise fail("--targets needs --io-table FILE, or --make FILE and --use FILE")
    try:
        table = read_io_csv(io_table) if io_table else read_make_use(make, use)  # type: ignore[arg-type]
    except (IOTableError, OSError) as exc:
        raise fail(str(exc)) from None
    conc = read_targeting_concordance(table.sectors, concordance or BEA_CONCORDANCE)
    return ChainInputs(
        A=table.A,
        concordance=conc,
        targets=tuple(read_chain_targets(targets, region)),
        source=table.source,
    )


def national_growth(
    growth_start: Path | None, growth_mapping: Path | None, later: pd.DataFrame
) -> Component | None:
    """National growth of each industry from ``growth_start`` to ``later`` (None without it).

    The earlier period's codes map to the later's by ``growth_mapping``, or for a 2010 census
    workbook by the shipped 2002→2017 section mapping.
    """
    if growth_start is None:
        return None
    earlier = read_employment(growth_start)
    mapping = None
    if growth_mapping is not None:
        mapping = read_long_csv(
            growth_mapping,
            required=("source", "target"),
            optional=("weight",),
            numeric=("weight",),
        )
    elif growth_start.suffix.lower() in (".xlsx", ".xls"):
        mapping = read_section_mapping()
    return calc_national_growth(
        latest_year(earlier),
        latest_year(later),
        mapping=mapping,
        years=(period_label(earlier), period_label(later)),
    )


def latest_year(data: pd.DataFrame) -> pd.DataFrame:
    if "year" in data.columns:
        latest: pd.DataFrame = data[data["year"] == max(data["year"])]
        return latest
    return data


def period_label(data: pd.DataFrame) -> int | str:
    return int(max(data["year"])) if "year" in data.columns else "start"


__all__ = ["chain_inputs", "latest_year", "national_growth", "read_employment", "read_long"]
