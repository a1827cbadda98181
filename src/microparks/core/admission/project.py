"""What the gate knows about a project: its industries, energy, water, emissions, processes.

``None`` means *not declared*: the gate never treats an undeclared value as zero, it refers
the project and names the field (``emissions_t.cod``). An empty list of processes means the
firm declared that it runs none.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from microparks.core.admission.ruleset import POLLUTANTS

NUMBER_FIELDS = (
    "annual_energy_tce",
    "annual_electricity_kwh",
    "output_cny",
    "water_m3",
    "hazardous_chemicals_t",
)
FIELDS = (
    "name",
    "industry_codes",
    *NUMBER_FIELDS,
    "emissions_t",
    "processes",
    "materials",
    "site_sensitivity",
)


class ProjectInputError(ValueError):
    """Project data that cannot be read; ``problems`` lists each field with its problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid project data:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class Project:
    """A project put to the gate. Quantities are annual; ``None`` means not declared.

    Attributes
    ----------
    industry_codes
        GB/T 4754 codes of the project's activities (several for a composite project).
    annual_energy_tce
        Comprehensive energy use, tonnes of standard coal equivalent per year.
    annual_electricity_kwh
        Electricity use, kWh per year.
    output_cny
        Gross output value at full production, CNY per year.
    water_m3
        Fresh water use, m³ (= t) per year.
    emissions_t
        Annual emissions in tonnes by pollutant (``cod``, ``nh3_n``, ``so2``, ``nox``, ``vocs``).
    processes, materials
        Declared processes and materials (lower case, e.g. ``electroplating``, ``chromium``).
    hazardous_chemicals_t
        Largest quantity of hazardous chemicals stored on site, tonnes.
    site_sensitivity
        The site's environmental sensitivity class (as named in the rule set's EIA section).

    """

    name: str
    industry_codes: tuple[str, ...]
    annual_energy_tce: float | None = None
    annual_electricity_kwh: float | None = None
    output_cny: float | None = None
    water_m3: float | None = None
    emissions_t: Mapping[str, float | None] = field(default_factory=dict)
    processes: tuple[str, ...] | None = None
    materials: tuple[str, ...] | None = None
    hazardous_chemicals_t: float | None = None
    site_sensitivity: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The project as JSON-ready data (the form :func:`parse_project` reads)."""
        out = asdict(self)
        out["industry_codes"] = list(self.industry_codes)
        out["emissions_t"] = dict(self.emissions_t)
        for key in ("processes", "materials"):
            value = getattr(self, key)
            out[key] = None if value is None else list(value)
        return out

    def input_hash(self) -> str:
        """SHA-256 of the canonical JSON of the project (order of codes and names ignored)."""
        data = self.as_dict()
        data["industry_codes"] = sorted(self.industry_codes)
        for key in ("processes", "materials"):
            if data[key] is not None:
                data[key] = sorted(data[key])
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def parse_project(data: Mapping[str, Any]) -> Project:
    """Validate project data (e.g. a parsed JSON file) and return the :class:`Project`.

    Raises
    ------
    ProjectInputError
        Listing every bad field: unknown keys, missing name or industry codes, numbers that
        are negative or not numbers, unknown pollutants.

    """
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise ProjectInputError(["(document): expected a JSON object"])
    unknown = sorted(str(k) for k in data if k not in FIELDS)
    if unknown:
        problems.append(f"unknown fields {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("name: a project name is needed")
        name = ""
    raw_codes = data.get("industry_codes")
    codes: list[str] = []
    if not isinstance(raw_codes, list) or not raw_codes:
        problems.append("industry_codes: a list of at least one GB/T 4754 code is needed")
    else:
        for i, code in enumerate(raw_codes):
            if not isinstance(code, str) or not code.strip():
                problems.append(f"industry_codes[{i}]: expected a code as text, got {code!r}")
            else:
                codes.append(code.strip())
    numbers = {key: _number(data.get(key), key, problems) for key in NUMBER_FIELDS}
    emissions: dict[str, float | None] = {}
    raw_emissions = data.get("emissions_t")
    if raw_emissions is not None:
        if not isinstance(raw_emissions, Mapping):
            problems.append("emissions_t: expected an object {pollutant: tonnes}")
        else:
            for key, value in raw_emissions.items():
                if key not in POLLUTANTS:
                    problems.append(
                        f"emissions_t.{key}: unknown pollutant (known: {', '.join(POLLUTANTS)})"
                    )
                    continue
                emissions[key] = _number(value, f"emissions_t.{key}", problems)
    lists = {key: _names(data.get(key), key, problems) for key in ("processes", "materials")}
    site = data.get("site_sensitivity")
    if site is not None and (not isinstance(site, str) or not site.strip()):
        problems.append(f"site_sensitivity: expected a site class name, got {site!r}")
        site = None
    if problems:
        raise ProjectInputError(problems)
    return Project(
        name=name.strip(),
        industry_codes=tuple(dict.fromkeys(codes)),
        emissions_t=emissions,
        processes=lists["processes"],
        materials=lists["materials"],
        site_sensitivity=site.strip() if isinstance(site, str) else None,
        **numbers,
    )


def _number(value: Any, key: str, problems: list[str]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{key}: expected a number, got {value!r}")
        return None
    if math.isnan(value) or math.isinf(value) or value < 0:
        problems.append(f"{key}: must be a finite number ≥ 0, got {value!r}")
        return None
    return float(value)


def _names(value: Any, key: str, problems: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{key}: expected a list of names")
        return None
    return tuple(dict.fromkeys(v.strip().lower() for v in value))
