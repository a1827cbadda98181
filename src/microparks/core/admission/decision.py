"""What the gate answers: the decision, the rules that fired, and their message ids."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from microparks.core.admission.ruleset import Outcome

MISSING_RULE_ID = "missing-data"

MESSAGE_IDS: dict[str, tuple[str, ...]] = {
    "negative_list": ("code", "rule", "hit"),
    "two_high": ("code", "rule", "hit"),
    "eia": ("code", "category", "category_code"),
    "eia_raised": ("code", "category", "category_code", "base", "base_code", "site"),
    "energy_review": ("value", "unit", "tier", "limit"),
    "cap": ("indicator", "value", "limit"),
    "prohibited_processes": ("items",),
    "prohibited_materials": ("items",),
    "hazardous_storage": ("stored", "limit"),
    "positioning": ("codes",),
    "missing_data": ("fields",),
}
"""Every ``message_id`` a fired rule can carry, with the names of its ``params``.

The English ``message`` is built from the same params; a shell words the id in the reader's
language with these named params (all strings, numbers already formatted).
"""


@dataclass(frozen=True)
class FiredRule:
    """A rule that applied to the project, with what triggered it."""

    rule_id: str
    kind: str
    outcome: Outcome
    rule_set_version: str
    value: Any
    limit: Any
    message: str
    note: str = ""
    source: str = ""
    note_zh: str = ""
    message_id: str = ""
    params: dict[str, str] = field(default_factory=dict)
    params_zh: dict[str, str] = field(default_factory=dict)
    """Chinese for the params the rule set names (rule, category, base, tier, site, items)."""


@dataclass(frozen=True)
class Decision:
    """The gate's answer, with its provenance (rule set, version, input hash)."""

    outcome: Outcome
    rule_set: str
    rule_set_version: str
    fired: tuple[FiredRule, ...]
    conditions: tuple[str, ...]
    referrals: tuple[str, ...]
    missing: tuple[str, ...]
    eia_category: str | None
    energy_tier: str | None
    site_sensitivity: str | None
    input_hash: str

    @property
    def passed(self) -> bool:
        """Whether the project may be signed (``admit`` or ``admit_with_conditions``)."""
        return self.outcome in ("admit", "admit_with_conditions")

    def as_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready data."""
        out = asdict(self)
        for key in ("fired", "conditions", "referrals", "missing"):
            out[key] = list(out[key])
        return out
