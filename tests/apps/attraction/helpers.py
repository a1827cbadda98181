"""Shared helpers of the pipeline and admission tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from microparks.apps.admission import gate
from microparks.apps.admission.models import Decision, Declaration
from microparks.apps.admission.services import run_admission

# 华为技术有限公司, a real published code (not used by the fixtures).
NEW_CODE = "914403001922038216"


def declare(prospect: Any, **changes: Any) -> Declaration:
    """Give ``prospect`` complete, clean admission data (a small food processor)."""
    prospect.annual_energy_tce = 120.0
    prospect.save()
    values = {
        "annual_electricity_kwh": 600_000.0,
        "output_cny": 30_000_000.0,
        "water_m3": 8_000.0,
        "cod_t": 1.0,
        "nh3_n_t": 0.1,
        "so2_t": 0.1,
        "nox_t": 0.2,
        "vocs_t": 0.1,
        "processes": ["washing", "packing"],
        "materials": ["vegetables"],
        "hazardous_chemicals_t": 0.5,
    } | changes
    declaration, _ = Declaration.objects.update_or_create(prospect=prospect, defaults=values)
    return declaration


def to_stage(prospect: Any, stage: str) -> Any:
    """Put ``prospect`` in ``stage`` directly (test set-up, not a pipeline move)."""
    prospect.stage = stage
    prospect.save()
    return prospect


def commitment(**changes: Any) -> dict[str, Any]:
    return {
        "signed_on": dt.date(2026, 3, 1),
        "investment_cny": Decimal("30000000"),
        "investment_cny_per_mu": Decimal("3000000"),
        "jobs": 120,
        "local_jobs": 100,
        "tax_cny_per_year": Decimal("1500000"),
        "tax_cny_per_mu": Decimal("150000"),
        "start_date": dt.date(2026, 4, 1),
        "production_date": dt.date(2027, 1, 1),
    } | changes


def admitted(prospect: Any, user: Any) -> Decision:
    """Run the gate for ``prospect`` and mark each condition of its decision met."""
    decision = run_admission(prospect, user)
    for condition in gate.conditions(decision):
        gate.mark_condition_met(decision, condition.key, user, evidence="Approval no. 2026-017")
    return decision
