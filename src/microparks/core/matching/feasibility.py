"""Which prospects fit which sites: vectorised checks with a named reason for every failure.

Site selection is elimination: a pair is feasible when no condition fails. Each failed condition
sets one bit of a ``uint16`` matrix, so a 10,000 × 2,000 instance keeps every reason in 40 MB.

Conventions (docs/methods/matching.md): a missing requirement (NaN or 0) asks for nothing, and a
missing site value is not held against the site (it is unknown, not insufficient); the upper
bound on land area applies only to sites that take a single prospect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

BoolMatrix = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

CONDITIONS: tuple[str, ...] = (
    "land_area_too_small",
    "land_area_too_large",
    "floor_area",
    "power",
    "water",
    "ceiling_height",
    "floor_load",
    "rent",
    "industry",
    "labour",
)
"""Failed-condition names, in bit order (bit ``b`` of ``failed`` is ``CONDITIONS[b]``)."""

PROSPECT_COLUMNS: dict[str, str | float] = {
    "industry": "",
    "land_area_min_m2": 0.0,
    "land_area_max_m2": np.nan,
    "floor_area_min_m2": 0.0,
    "power_kva": 0.0,
    "water_t_per_day": 0.0,
    "ceiling_height_min_m": 0.0,
    "floor_load_min_kn_m2": 0.0,
    "max_rent_cny_per_m2_month": np.nan,
    "jobs_needed": 0.0,
    "supplier_x_m": np.nan,
    "supplier_y_m": np.nan,
    "leader_x_m": np.nan,
    "leader_y_m": np.nan,
}
"""Optional prospect columns and their defaults (``id`` is required)."""

SITE_COLUMNS: dict[str, str | float] = {
    "capacity": 1.0,
    "land_area_m2": 0.0,
    "floor_area_m2": 0.0,
    "power_capacity_kva": np.nan,
    "water_supply_t_per_day": np.nan,
    "ceiling_height_m": np.nan,
    "floor_load_kn_m2": np.nan,
    "rent_cny_per_m2_month": np.nan,
    "allowed_industries": "",
    "excluded_industries": "",
    "labour_pool": np.nan,
    "x_m": np.nan,
    "y_m": np.nan,
    "suitability": np.nan,
}
"""Optional site columns and their defaults (``id`` is required)."""

_TEXT = {"industry", "allowed_industries", "excluded_industries"}
_SPLIT = re.compile(r"[;,，、；\s]+")


class MatchingInputError(ValueError):
    """A prospects or sites table that cannot be used (missing ids, non-numeric values)."""


@dataclass(frozen=True, eq=False)
class FeasibilityResult:
    """Feasible pairs and, for every pair, the conditions that failed.

    Attributes
    ----------
    feasible : ndarray of bool, shape (n_prospects, n_sites)
    failed : ndarray of uint16, shape (n_prospects, n_sites)
        Bit ``b`` set when condition ``CONDITIONS[b]`` fails.
    prospect_ids, site_ids : tuple
        Row and column labels.

    """

    feasible: BoolMatrix
    failed: npt.NDArray[np.uint16]
    prospect_ids: tuple[object, ...]
    site_ids: tuple[object, ...]
    conditions: tuple[str, ...] = CONDITIONS

    def reasons(self, i: int, j: int) -> tuple[str, ...]:
        """Names of the conditions that prospect ``i`` fails on site ``j`` (empty if feasible)."""
        return decode_failures(int(self.failed[i, j]))

    def failure_counts(self) -> dict[str, int]:
        """How many pairs fail each condition."""
        return {
            name: int(np.count_nonzero(self.failed & np.uint16(1 << b)))
            for b, name in enumerate(self.conditions)
        }


def decode_failures(mask: int) -> tuple[str, ...]:
    """Condition names of a failure bitmask.

    >>> decode_failures(0b101)
    ('land_area_too_small', 'floor_area')
    """
    return tuple(name for b, name in enumerate(CONDITIONS) if mask >> b & 1)


def check_table(df: pd.DataFrame, defaults: dict[str, str | float], what: str) -> pd.DataFrame:
    """Return ``df`` with every optional column present, numbers as floats, text as strings.

    Raises
    ------
    MatchingInputError
        When ``id`` is missing or duplicated, or a numeric column holds text.

    """
    if "id" not in df.columns:
        raise MatchingInputError(f"the {what} table needs an 'id' column")
    if df["id"].duplicated().any():
        dup = df.loc[df["id"].duplicated(), "id"].iloc[0]
        raise MatchingInputError(f"{what} id {dup!r} occurs more than once")
    out = pd.DataFrame({"id": df["id"].to_numpy()})
    for col, default in defaults.items():
        if col not in df.columns:
            out[col] = [default] * len(out)
            continue
        values = df[col].to_numpy()
        if col in _TEXT:
            out[col] = ["" if pd.isna(v) else str(v) for v in values]
            continue
        num = pd.to_numeric(pd.Series(values), errors="coerce")
        bad = num.isna() & pd.Series(values).notna() & (pd.Series(values).astype(str) != "")
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise MatchingInputError(
                f"{what} column {col!r} must be numeric; row {row + 1} holds {values[row]!r}"
            )
        if col == "capacity":  # a blank capacity means one prospect, as when absent
            num = num.fillna(float(default))
        out[col] = num.to_numpy(dtype=np.float64)
    cap = out["capacity"].to_numpy() if "capacity" in out else None
    if cap is not None and ((cap < 0) | (cap != np.round(cap)) | np.isnan(cap)).any():
        raise MatchingInputError(f"{what} capacity must be a whole number >= 0")
    return out


def _col(df: pd.DataFrame, name: str) -> FloatArray:
    return np.asarray(df[name].to_numpy(), dtype=np.float64)


def evaluate_feasibility(prospects: pd.DataFrame, sites: pd.DataFrame) -> FeasibilityResult:
    """Check every prospect's requirements against every site.

    Parameters
    ----------
    prospects : DataFrame
        One row per prospect: ``id`` and the columns of :data:`PROSPECT_COLUMNS`.
    sites : DataFrame
        One row per site or unit: ``id`` and the columns of :data:`SITE_COLUMNS`.

    Returns
    -------
    FeasibilityResult

    """
    p = check_table(prospects, PROSPECT_COLUMNS, "prospects")
    s = check_table(sites, SITE_COLUMNS, "sites")
    failed = np.zeros((len(p), len(s)), dtype=np.uint16)

    def flag(bit: int, fails: BoolMatrix) -> None:
        failed[fails] |= np.uint16(1 << bit)

    def need_vs_offer(need: str, offer: str) -> BoolMatrix:
        # a requirement of 0/NaN asks nothing; a NaN offer is unknown and not held against it
        req = _col(p, need)[:, None]
        have = _col(s, offer)[None, :]
        return (req > 0) & ~np.isnan(have) & (have < req)

    land_min = np.nan_to_num(_col(p, "land_area_min_m2"))[:, None]
    land_max = _col(p, "land_area_max_m2")[:, None]
    land = _col(s, "land_area_m2")[None, :]
    single = (_col(s, "capacity") == 1)[None, :]
    flag(0, land < land_min)
    flag(1, single & ~np.isnan(land_max) & (land > land_max))
    flag(2, need_vs_offer("floor_area_min_m2", "floor_area_m2"))
    flag(3, need_vs_offer("power_kva", "power_capacity_kva"))
    flag(4, need_vs_offer("water_t_per_day", "water_supply_t_per_day"))
    flag(5, need_vs_offer("ceiling_height_min_m", "ceiling_height_m"))
    flag(6, need_vs_offer("floor_load_min_kn_m2", "floor_load_kn_m2"))
    budget = _col(p, "max_rent_cny_per_m2_month")[:, None]
    rent = _col(s, "rent_cny_per_m2_month")[None, :]
    flag(7, ~np.isnan(budget) & ~np.isnan(rent) & (rent > budget))
    flag(8, ~industry_allowed(p["industry"], s["allowed_industries"], s["excluded_industries"]))
    flag(9, need_vs_offer("jobs_needed", "labour_pool"))
    return FeasibilityResult(
        feasible=failed == 0,
        failed=failed,
        prospect_ids=tuple(p["id"].tolist()),
        site_ids=tuple(s["id"].tolist()),
    )


def split_codes(text: str) -> tuple[str, ...]:
    """Industry codes in a list such as ``"C13; C14、1711"`` (upper case, dots removed)."""
    return tuple(c.replace(".", "").upper() for c in _SPLIT.split(text.strip()) if c)


def code_matches(code: str, pattern: str) -> bool:
    """Whether a GB/T 4754 industry code falls under a pattern (section, division, group, class).

    The pattern matches by prefix, with or without the section letter: ``C13`` and ``13`` both
    cover ``C1311``; a bare section letter ``C`` covers every code of that section.

    >>> code_matches("C1311", "13"), code_matches("C1311", "C"), code_matches("C1311", "C14")
    (True, True, False)
    """
    code = code.replace(".", "").upper().strip()
    pattern = pattern.replace(".", "").upper().strip()
    if not code or not pattern:
        return False
    c_letter = code[0] if code[0].isalpha() else ""
    p_letter = pattern[0] if pattern[0].isalpha() else ""
    c_digits, p_digits = code[len(c_letter) :], pattern[len(p_letter) :]
    if p_letter and c_letter and p_letter != c_letter:
        return False
    if p_letter and not c_letter and not p_digits:
        return False  # a section letter cannot be checked against a code without one
    return c_digits.startswith(p_digits)


def industry_allowed(
    codes: Iterable[str], allowed: Iterable[str], excluded: Iterable[str]
) -> BoolMatrix:
    """Prospects × sites: the site's positioning allows the code and its exclusions do not bar it.

    An empty ``allowed`` list admits every industry; a prospect without a code is admitted only
    where nothing is restricted. Work is done once per distinct code and distinct list.
    """
    codes = list(codes)
    allowed_l, excluded_l = list(allowed), list(excluded)
    u_code, code_idx = np.unique(np.asarray(codes, dtype=str), return_inverse=True)
    rules = list(zip(allowed_l, excluded_l, strict=True))
    u_rule = sorted(set(rules))
    rule_idx = np.array([u_rule.index(r) for r in rules], dtype=np.int64) if rules else None
    table = np.ones((u_code.size, len(u_rule)), dtype=bool)
    for a, code in enumerate(u_code):
        for b, (allow, exclude) in enumerate(u_rule):
            allow_list, exclude_list = split_codes(allow), split_codes(exclude)
            ok = not allow_list or any(code_matches(code, pat) for pat in allow_list)
            table[a, b] = ok and not any(code_matches(code, pat) for pat in exclude_list)
    if rule_idx is None:
        return np.ones((len(codes), 0), dtype=bool)
    return table[np.ix_(code_idx.ravel(), rule_idx)]
