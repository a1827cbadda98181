"""Deployment files for the targeting tests, written into a fresh ``DATA_DIR/targeting``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from microparks.apps.targeting import inputs
from microparks.demo import targeting as demo_data

DIVISIONS = ("13", "14", "15", "17", "18", "19", "24", "26", "36", "38", "39")
SETTINGS = (
    "TARGETING_EMPLOYMENT",
    "TARGETING_IO_TABLE",
    "TARGETING_CONCORDANCE",
    "TARGETING_CENSUS_START",
    "TARGETING_CENSUS_END",
)


def no_deployment_files(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Unset every targeting setting and point DATA_DIR at ``tmp_path`` (caches cleared)."""
    settings.DATA_DIR = tmp_path
    for name in SETTINGS:
        setattr(settings, name, "")
    inputs.clear_caches()
    yield
    inputs.clear_caches()


def write_employment(
    settings: Any,
    counties: Sequence[str],
    *,
    path: Path | None = None,
    year: int | None = 2020,
    seed: int = 3,
) -> Path:
    """A long employment CSV of ``counties`` and 30 synthetic peers (default: employment.csv)."""
    rng = np.random.default_rng(seed)
    regions = [*counties, *(f"4599{k:02d}" for k in range(30))]
    lines = ["region,industry,value" + (",year" if year else "")]
    for r in regions:
        for d in DIVISIONS:
            row = f"{r},{d},{rng.gamma(0.8) * 100:.1f}"
            lines.append(row + (f",{year}" if year else ""))
    out = path or Path(settings.DATA_DIR) / "targeting" / inputs.EMPLOYMENT_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


def install_io_table(settings: Any) -> tuple[Path, Path]:
    """Put the demo's IO table and concordance where an unset deployment reads them."""
    folder = Path(settings.DATA_DIR) / "targeting"
    folder.mkdir(parents=True, exist_ok=True)
    table, conc = folder / inputs.IO_TABLE_FILE, folder / inputs.CONCORDANCE_FILE
    table.write_bytes(demo_data.IO_TABLE.read_bytes())
    conc.write_bytes(demo_data.CONCORDANCE.read_bytes())
    return table, conc
