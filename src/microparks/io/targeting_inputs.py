"""Inputs of the targeting score: endowment table, county endowments, chain targets, concordance.

Endowment table (shipped, ``io/data/targeting/endowments_gbt4754.csv``)
    ``endowment, name_zh, name_en, industry, strength`` (``#`` comment lines carry the version
    and sources).

County endowments (``--endowments``)
    CSV ``endowment[,abundance][,region]`` — the endowment key (``tea``) or Chinese name
    (``茶叶``), its abundance in (0, 1] (default 1) and, for a file covering several counties,
    the county code; or YAML ``endowments: {茶叶: 1, 竹木: 0.5}`` (or a list of names).

Chain targets (``--targets``)
    CSV ``industry, kind[, name, where, region]``: ``kind`` is ``leading`` (a leading industry
    of the county) or ``anchor`` (the industry of an anchor firm of a nearby large park, named in
    ``where``).

Concordance (``--concordance``)
    CSV ``code, sector[, share]`` mapping GB/T 4754 codes to the table's sectors; the shipped one
    maps divisions to the US BEA 2017 summary industries.

Employment (``--employment``, ``--growth-start``; the web's ``TARGETING_EMPLOYMENT`` and census
pair)
    A long CSV ``region, industry, value[, year]`` or a county census workbook (``.xlsx``),
    read by :func:`read_employment_table` with its SHA-256 for the result's provenance.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from microparks.core.impact import Concordance, ConcordanceError, check_concordance
from microparks.core.targeting.chain import ChainTarget
from microparks.core.targeting.endowment import EndowmentLink
from microparks.core.targeting.pipeline import ChainTable, EmploymentTable, InputSource
from microparks.core.targeting.rank import Classification
from microparks.core.targeting.score import ScoreInputError
from microparks.io.census import (
    NO_SECTIONS,
    CensusFormatError,
    read_census_counties,
    read_section_mapping,
)
from microparks.io.county_tables import EMPTY_CELL, MISSING_COLUMNS, TableRefusal, read_plain_table
from microparks.io.errors import UNREADABLE_FILE_ERRORS, RowError, gettext_noop
from microparks.io.io_tables import read_io_csv, read_make_use
from microparks.io.table_cells import number_cell, starts_with_comment
from microparks.io.tables import LongTableError, read_classification, read_long_csv

__all__ = [
    "BEA_CONCORDANCE",
    "ENDOWMENT_TABLE",
    "TargetingFileError",
    "copy_input_file",
    "file_source",
    "read_chain_table",
    "read_chain_targets",
    "read_county_endowments",
    "read_employment_table",
    "read_endowment_links",
    "read_growth_mapping",
    "read_targeting_classification",
    "read_targeting_concordance",
    "write_employment_csv",
]

_DATA = Path(__file__).resolve().parent / "data" / "targeting"
ENDOWMENT_TABLE = _DATA / "endowments_gbt4754.csv"
"""The shipped endowment → industry table."""
BEA_CONCORDANCE = _DATA / "concordance_gbt4754_bea2017.csv"
"""GB/T 4754-2017 divisions → US BEA 2017 summary industries."""


class TargetingFileError(TableRefusal, ScoreInputError):
    """A targeting input file refused: the file's problem or each bad cell (row, column)."""


def _refused(exc: TableRefusal, path: str | Path) -> TargetingFileError:
    """``exc`` (a long-table, census or IO-table refusal) as a targeting input error."""
    source = exc.source or Path(path).name
    message = str(exc) if str(exc).startswith(source) else f"{source}: {exc}"
    return TargetingFileError(
        message, source=source, errors=exc.row_errors, file_error=exc.file_error
    )


NOT_IN_RANGE = gettext_noop("impossible value: must be %(bounds)s")
NOT_A_KIND = gettext_noop("must be 'leading' or 'anchor' (龙头/主导 or 链主/锚定)")
KINDS = {"leading": "leading", "anchor": "anchor", "龙头": "leading", "主导": "leading",
         "主导产业": "leading", "龙头企业": "leading", "链主": "anchor", "锚定": "anchor",
         "链主企业": "anchor", "锚定企业": "anchor"}  # fmt: skip
"""The kinds of chain target, as written in a county's file."""


def _csv(path: str | Path, required: tuple[str, ...]) -> pd.DataFrame:
    """A table of ours (``#`` comments allowed) or a county's (GBK, titles, 合计 rows).

    The shipped tables carry ``#`` comment lines and are read as written; a user's file goes
    through the county-table reader. The index is the row the user sees.
    """
    p = Path(path)
    if p.suffix.lower() == ".csv" and starts_with_comment(p):
        try:
            frame = pd.read_csv(
                p, dtype=str, keep_default_na=False, comment="#", encoding="utf-8-sig"
            )
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise ScoreInputError(f"{path}: cannot read the file ({exc})") from None
        frame.index = frame.index + 2
    else:
        frame = read_plain_table(p, refusal=TargetingFileError).frame
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise TargetingFileError(f"{path}: missing column(s): {', '.join(missing)}")
    out: pd.DataFrame = frame.apply(lambda s: s.astype(str).str.strip())
    return out


def _number(path: str | Path, row: int, field: str, text: str, default: float) -> float:
    """A finite number (``default`` when empty); anything else refuses the file, cell named."""
    errors: list[RowError] = []
    value = number_cell(row, field, text, errors, empty=default)
    if errors:
        raise TargetingFileError(source=Path(path).name, errors=errors)
    return value


def read_endowment_links(path: str | Path = ENDOWMENT_TABLE) -> list[EndowmentLink]:
    """Read the endowment → GB/T 4754 table (rows numbered from 1 after the header)."""
    frame = _csv(path, ("endowment", "name_zh", "name_en", "industry", "strength"))
    out = []
    for k, r in zip(frame.index, frame.to_dict("records"), strict=True):
        row = {key: str(v) for key, v in r.items()}
        if not row["endowment"] or not row["industry"]:
            raise ScoreInputError(f"{path}: row {k}: empty endowment or industry")
        strength = _number(path, int(k), "strength", row["strength"], 1.0)
        if not 0.0 < strength <= 1.0:
            error = RowError(
                int(k), "strength", NOT_IN_RANGE, row["strength"], {"bounds": "> 0, ≤ 1"}
            )
            raise TargetingFileError(source=Path(path).name, errors=[error])
        out.append(
            EndowmentLink(
                row["endowment"], row["name_zh"], row["name_en"], row["industry"], strength
            )
        )
    return out


def read_county_endowments(path: str | Path, region: str | None = None) -> dict[str, float]:
    """Read a county's endowments (CSV or YAML, see the module docstring).

    Parameters
    ----------
    path : str or pathlib.Path
        The file (``.yaml``/``.yml`` read as YAML, anything else as CSV).
    region : str, optional
        Keep only this county's rows when the CSV has a ``region`` column.

    Returns
    -------
    dict
        Endowment name → abundance (names are checked against the table by the core).

    Raises
    ------
    ScoreInputError
        Unreadable file, missing columns, or abundance that is not a number.

    """
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml"):
        try:
            data: Any = yaml.safe_load(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ScoreInputError(f"{path}: cannot read the endowments ({exc})") from None
        items = data.get("endowments") if isinstance(data, dict) else None
        if isinstance(items, list):
            return {str(name): 1.0 for name in items}
        if isinstance(items, dict):
            out = {}
            for name, value in items.items():
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ScoreInputError(f"{path}: abundance of {name!r} is not a number")
                if not 0.0 <= float(value) < float("inf"):
                    raise ScoreInputError(f"{path}: abundance of {name!r} must be ≥ 0 and finite")
                out[str(name)] = float(value)
            return out
        raise ScoreInputError(f"{path}: expected 'endowments' as a list or a mapping")
    frame = _csv(path, ("endowment",))
    if region is not None and "region" in frame.columns:
        frame = frame[frame["region"] == str(region)]
    out = {}
    for k, r in zip(frame.index, frame.to_dict("records"), strict=True):
        if not r["endowment"]:
            error = RowError(int(k), "endowment", EMPTY_CELL)
            raise TargetingFileError(source=Path(path).name, errors=[error])
        abundance = _number(path, int(k), "abundance", r.get("abundance", ""), 1.0)
        if abundance < 0:
            text = r.get("abundance", "")
            error = RowError(int(k), "abundance", NOT_IN_RANGE, text, {"bounds": "≥ 0"})
            raise TargetingFileError(source=Path(path).name, errors=[error])
        out[r["endowment"]] = abundance
    return out


def read_chain_targets(path: str | Path, region: str | None = None) -> list[ChainTarget]:
    """Read leading and anchor industries (CSV ``industry, kind[, name, where, region]``)."""
    frame = _csv(path, ("industry", "kind"))
    if region is not None and "region" in frame.columns:
        frame = frame[frame["region"] == str(region)]
    out = []
    for k, r in zip(frame.index, frame.to_dict("records"), strict=True):
        kind = KINDS.get(r["kind"].strip().casefold())
        if kind is None:
            error = RowError(int(k), "kind", NOT_A_KIND, r["kind"])
            raise TargetingFileError(source=Path(path).name, errors=[error])
        if not r["industry"]:
            error = RowError(int(k), "industry", EMPTY_CELL)
            raise TargetingFileError(source=Path(path).name, errors=[error])
        out.append(ChainTarget(r["industry"], kind, r.get("name", ""), r.get("where", "")))
    return out


def read_targeting_concordance(
    sectors: tuple[str, ...], path: str | Path = BEA_CONCORDANCE
) -> Concordance:
    """Read a GB/T 4754 → table-sector concordance and check it against the table's sectors."""
    frame = _csv(path, ("code", "sector"))
    rows = []
    for k, r in zip(frame.index, frame.to_dict("records"), strict=True):
        rows.append(
            (r["code"], r["sector"], _number(path, int(k), "share", r.get("share", ""), 1.0))
        )
    try:
        return check_concordance(rows, sectors)
    except ConcordanceError as exc:
        raise ScoreInputError(f"{path}: {exc}") from None


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def _is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def file_source(path: str | Path, role: str) -> InputSource:
    """The file's name and SHA-256, for a result's provenance."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ScoreInputError(f"{path}: cannot read the file ({exc})") from None
    return InputSource(role=role, name=Path(path).name, sha256=digest.hexdigest())


def read_employment_table(path: str | Path, role: str = "employment") -> EmploymentTable:
    """Read employment of all regions: a long CSV or a county census workbook (``.xlsx``).

    Parameters
    ----------
    path : str or pathlib.Path
        Long CSV ``region, industry, value[, year]`` (codes kept as text), or a census workbook
        (sections A–T; its census year becomes the ``year`` column).
    role : str, default "employment"
        Role of the file in the provenance (``growth_start``, …).

    Returns
    -------
    EmploymentTable

    Raises
    ------
    ScoreInputError
        Unreadable file, unknown workbook layout, missing columns or bad values (file named).

    """
    source = file_source(path, role)
    if _is_workbook(path):  # a census table, else a long table in a workbook
        census = _census_employment(path)
        if census is not None:
            return EmploymentTable(data=census, source=source)
    try:
        return EmploymentTable(data=read_long_csv(path), source=source)
    except LongTableError as exc:
        wide = exc.file_error is not None and exc.file_error.message == MISSING_COLUMNS
        census = _census_employment(path) if wide and not _is_workbook(path) else None
        if census is None:
            raise _refused(exc, path) from None
        return EmploymentTable(data=census, source=source)


def _census_employment(path: str | Path) -> pd.DataFrame | None:
    """Employment of a census table (sections as columns); None if it has no such columns."""
    try:
        census = read_census_counties(path)
    except CensusFormatError as exc:
        if exc.file_error is None or exc.file_error.message != NO_SECTIONS:
            raise _refused(exc, path) from None
        return None
    data = census.employment.rename(columns={"employment": "value"})
    return data[["region", "industry", "value"]].assign(year=census.year)


def read_growth_mapping(
    start: str | Path, mapping: str | Path | None = None
) -> pd.DataFrame | None:
    """The start period's codes → the end's, for national growth.

    ``mapping`` (CSV ``source, target[, weight]``) when given, else for a 2010 census workbook
    the shipped 2002→2017 sections, else None (the periods share their codes).
    """
    if mapping is not None:
        try:
            return read_long_csv(
                mapping, required=("source", "target"), optional=("weight",), numeric=("weight",)
            )
        except LongTableError as exc:
            raise _refused(exc, mapping) from None
    return read_section_mapping() if _is_workbook(start) else None


def read_chain_table(
    io_table: str | Path | None = None,
    *,
    make: str | Path | None = None,
    use: str | Path | None = None,
    concordance: str | Path | None = None,
) -> ChainTable:
    """Read an input–output table (symmetric CSV, or BEA make and use) and its concordance.

    The concordance defaults to the shipped GB/T 4754 divisions → BEA 2017 summary one; it is
    checked against the table's sectors.

    Raises
    ------
    ScoreInputError
        Unreadable or malformed table, or a concordance that does not fit it (file named).

    """
    conc = Path(concordance) if concordance is not None else BEA_CONCORDANCE
    if io_table is not None:
        files = [file_source(io_table, "io_table")]
    elif make is not None and use is not None:
        files = [file_source(make, "make_table"), file_source(use, "use_table")]
    else:
        raise ScoreInputError("no input-output table: give a symmetric CSV, or make and use")
    try:
        table = read_io_csv(io_table) if io_table is not None else read_make_use(make, use)  # type: ignore[arg-type]
    except UNREADABLE_FILE_ERRORS as exc:
        shown = str(exc)
        name = ", ".join(f.name for f in files)
        raise ScoreInputError(shown if name in shown else f"{name}: {shown}") from None
    concordance_rows = read_targeting_concordance(table.sectors, conc)
    return ChainTable(
        A=table.A,
        concordance=concordance_rows,
        sources=(*files, file_source(conc, "concordance")),
    )


def read_targeting_classification() -> Classification:
    """GB/T 4754 parents, names and labour intensity from the shipped classification."""
    return Classification.from_frame(read_classification())


def _replace_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` atomically, leaving the file (and its mtime) alone when it is the same."""
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_employment_csv(path: str | Path, data: pd.DataFrame) -> None:
    """Write a long employment table (``region, industry, value[, year]``) as UTF-8 CSV."""
    text = data.to_csv(index=False, float_format="%.12g", lineterminator="\n")
    _replace_if_changed(Path(path), text.encode("utf-8"))


def copy_input_file(source: str | Path, dest: str | Path) -> None:
    """Copy an input file (an IO table, a concordance) to where a deployment reads it."""
    _replace_if_changed(Path(dest), Path(source).read_bytes())
