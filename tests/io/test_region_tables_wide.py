"""A wide region table (thousands of indicator columns) costs work in proportion to its cells.

Not timed: the work is counted. Reading once cost a DataFrame insert per column (each copying
the columns before it), the header matcher's unit split per field × column × scanned row, and
the full checks of every cell; see ``benchmarks/bench_replicate_reader.py`` for the times.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from microparks.core import vocabulary
from microparks.io import region_tables
from microparks.io.county_tables import shipped_vocabulary
from microparks.io.region_tables import RegionsError, read_regions

REGIONS = 4
ODD = {(1, 3): "1,234.5", (2, 7): "—", (3, 11): "", (0, 13): "１２"}
"""Cells that are not plain numbers: a thousands separator, a missing mark, blank, full width."""


def _write(folder: Path, columns: int, bad: dict[tuple[int, int], str] | None = None) -> Path:
    rng = np.random.default_rng(7)
    cells = np.round(rng.random((REGIONS, columns)) * 100, 3).astype(str).astype(object)
    for (i, j), text in {**ODD, **(bad or {})}.items():
        cells[i, j] = text
    frame = pd.DataFrame(cells, columns=[f"行业{j:04d}占比（%）" for j in range(columns)])
    frame.insert(0, "地区代码", [f"{450100 + i:06d}" for i in range(REGIONS)])
    path = folder / f"wide_{columns}.csv"
    path.write_text("各县指标\n" + frame.to_csv(index=False), encoding="utf-8")
    return path


def _counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls = [0]
    original: Callable[..., Any] = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_a_wide_table_is_read_with_work_in_proportion_to_its_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    columns = 2000
    path = _write(tmp_path, columns)
    splits = _counted(monkeypatch, vocabulary, "split_unit")
    checked = _counted(monkeypatch, region_tables, "_number")
    inserts = _counted(monkeypatch, pd.DataFrame, "__setitem__")

    frame = read_regions(path)

    assert frame.shape == (REGIONS, columns)
    assert frame.iloc[1, 3] == 1234.5
    assert frame.iloc[0, 13] == 12.0
    assert np.isnan(frame.iloc[2, 7])
    assert np.isnan(frame.iloc[3, 11])
    # the frame is built at once, not a column at a time
    assert inserts[0] == 0
    # only the cells that are not plain numbers take the full checks
    assert checked[0] == 2  # 1,234.5 and １２ (a missing mark and a blank cell need none)
    # each scanned row's cells are split once per quantity of the vocabulary, not once per field
    quantities = {w.quantity for w in shipped_vocabulary("long").fields.values()}
    scanned = REGIONS + 2  # title, header and data rows, each scored as a header candidate
    assert splits[0] <= (len(quantities) + 1) * scanned * (columns + 1)


def test_bad_cells_of_a_wide_table_are_still_named(tmp_path: Path) -> None:
    path = _write(tmp_path, 300, {(2, 5): "#REF!", (0, 250): "1e400"})

    with pytest.raises(RegionsError) as refused:
        read_regions(path)

    excel_error = "an Excel error value, not a number"
    assert refused.value.lines() == [
        "wide_300.csv: row 3, field '行业0250占比（%）': not a finite number [1e400]",
        f"wide_300.csv: row 5, field '行业0005占比（%）': {excel_error} [#REF!]",
    ]
