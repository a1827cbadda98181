from __future__ import annotations

from typing import Any

import pytest

from microparks.core.admission import IndustryTree, Project, RuleSet
from microparks.io.admission import read_industry_tree, read_rule_set


@pytest.fixture(scope="session")
def tree() -> IndustryTree:
    return read_industry_tree()


@pytest.fixture(scope="session")
def rules(tree: IndustryTree) -> RuleSet:
    return read_rule_set(tree=tree)


CLEAN: dict[str, Any] = {
    "annual_energy_tce": 150.0,
    "annual_electricity_kwh": 800_000.0,
    "output_cny": 30_000_000.0,
    "water_m3": 5_000.0,
    "emissions_t": {"cod": 0.5, "nh3_n": 0.05, "so2": 0.1, "nox": 0.2, "vocs": 1.0},
    "processes": ("cutting", "assembly", "spray coating"),
    "materials": ("wood", "water-based paint"),
    "hazardous_chemicals_t": 2.0,
}


def project(*codes: str, **changes: Any) -> Project:
    """A small clean project in ``codes``, with ``changes`` to its declared data."""
    return Project("test project", tuple(codes), **(CLEAN | changes))
