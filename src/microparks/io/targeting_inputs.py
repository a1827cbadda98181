"""Inputs of the targeting score: endowment table, county endowments, chain targets, concordance.

Endowment table (shipped, ``core/targeting/data/endowments_gbt4754.csv``)
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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from microparks.core.impact import Concordance, ConcordanceError, check_concordance
from microparks.core.targeting.chain import ChainTarget
from microparks.core.targeting.endowment import EndowmentLink
from microparks.core.targeting.score import ScoreInputError

__all__ = [
    "BEA_CONCORDANCE",
    "ENDOWMENT_TABLE",
    "read_chain_targets",
    "read_county_endowments",
    "read_endowment_links",
    "read_targeting_concordance",
]

_DATA = Path(__file__).resolve().parents[1] / "core" / "targeting" / "data"
ENDOWMENT_TABLE = _DATA / "endowments_gbt4754.csv"
"""The shipped endowment → industry table."""
BEA_CONCORDANCE = _DATA / "concordance_gbt4754_bea2017.csv"
"""GB/T 4754-2017 divisions → US BEA 2017 summary industries."""


def _csv(path: str | Path, required: tuple[str, ...]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, comment="#", encoding="utf-8-sig"
        )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ScoreInputError(f"{path}: cannot read the file ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ScoreInputError(f"{path}: missing column(s): {', '.join(missing)}")
    out: pd.DataFrame = frame.apply(lambda s: s.str.strip())
    return out


def _number(path: str | Path, row: int, field: str, text: str, default: float) -> float:
    if text == "":
        return default
    try:
        return float(text)
    except ValueError:
        raise ScoreInputError(f"{path}: row {row}: {field} {text!r} is not a number") from None


def read_endowment_links(path: str | Path = ENDOWMENT_TABLE) -> list[EndowmentLink]:
    """Read the endowment → GB/T 4754 table (rows numbered from 1 after the header)."""
    frame = _csv(path, ("endowment", "name_zh", "name_en", "industry", "strength"))
    out = []
    for k, r in enumerate(frame.to_dict("records"), start=1):
        row = {key: str(v) for key, v in r.items()}
        if not row["endowment"] or not row["industry"]:
            raise ScoreInputError(f"{path}: row {k}: empty endowment or industry")
        strength = _number(path, k, "strength", row["strength"], 1.0)
        if not 0.0 < strength <= 1.0:
            raise ScoreInputError(f"{path}: row {k}: strength must lie in (0, 1]")
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
                out[str(name)] = float(value)
            return out
        raise ScoreInputError(f"{path}: expected 'endowments' as a list or a mapping")
    frame = _csv(path, ("endowment",))
    if region is not None and "region" in frame.columns:
        frame = frame[frame["region"] == str(region)]
    out = {}
    for k, r in enumerate(frame.to_dict("records"), start=1):
        if not r["endowment"]:
            raise ScoreInputError(f"{path}: row {k}: empty endowment")
        out[r["endowment"]] = _number(path, k, "abundance", r.get("abundance", ""), 1.0)
    return out


def read_chain_targets(path: str | Path, region: str | None = None) -> list[ChainTarget]:
    """Read leading and anchor industries (CSV ``industry, kind[, name, where, region]``)."""
    frame = _csv(path, ("industry", "kind"))
    if region is not None and "region" in frame.columns:
        frame = frame[frame["region"] == str(region)]
    out = []
    for k, r in enumerate(frame.to_dict("records"), start=1):
        if r["kind"] not in ("leading", "anchor"):
            raise ScoreInputError(
                f"{path}: row {k}: kind {r['kind']!r} must be 'leading' or 'anchor'"
            )
        if not r["industry"]:
            raise ScoreInputError(f"{path}: row {k}: empty industry")
        out.append(ChainTarget(r["industry"], r["kind"], r.get("name", ""), r.get("where", "")))
    return out


def read_targeting_concordance(
    sectors: tuple[str, ...], path: str | Path = BEA_CONCORDANCE
) -> Concordance:
    """Read a GB/T 4754 → table-sector concordance and check it against the table's sectors."""
    frame = _csv(path, ("code", "sector"))
    rows = []
    for k, r in enumerate(frame.to_dict("records"), start=1):
        rows.append((r["code"], r["sector"], _number(path, k, "share", r.get("share", ""), 1.0)))
    try:
        return check_concordance(rows, sectors)
    except ConcordanceError as exc:
        raise ScoreInputError(f"{path}: {exc}") from None
