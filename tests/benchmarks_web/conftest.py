"""The web benchmark's smoke test runs once, on SQLite: the PostgreSQL run of the suite
(``DATABASE_URL`` set) leaves it out, as the benchmark brings its own SQLite database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if not os.environ.get("DATABASE_URL"):
        return
    mine = [item for item in items if HERE in Path(item.path).resolve().parents]
    if mine:
        config.hook.pytest_deselected(items=mine)
        items[:] = [item for item in items if item not in mine]
