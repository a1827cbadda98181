"""Reading a wide region table (``replicate --regions``): microparks' reader vs plain pandas.

Input: 300 counties × 5,000 indicator columns as a statistics bureau keeps them (a title row,
地区代码 and 地区名称, then one column per indicator such as an industry's employment share;
values with three decimals, about 1 % of the cells blank or —), as xlsx and as a UTF-8 CSV;
seed 2026. Ours: :func:`microparks.io.region_tables.read_regions` (the header row found among
title rows, the region column recognised by the ``long`` vocabulary, every column judged text or
numbers, every cell of numbers checked: inf, NaN, text, Excel errors and formulas refused by
row and column). Peer: pandas told where the header is (``header=1``), the region column's
name and the missing marks (``read_csv`` / ``read_excel(engine="calamine")`` and a rename),
with none of the checks. Both are timed interleaved (ours, peer, peer, ours …) and every
round's outputs are checked equal.

Run::

    .venv/bin/python benchmarks/bench_replicate_reader.py --rounds 5 [--columns 5000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from microparks.io.region_tables import read_regions

REGIONS, SEED = 300, 2026
TITLE = "各县行业从业人员占比（2020年）"


def make_table(columns: int) -> pd.DataFrame:
    """The table as the bureau wrote it: codes and names, then text cells of the indicators."""
    rng = np.random.default_rng(SEED)
    values = np.round(rng.gamma(2.0, 2.0, (REGIONS, columns)), 3).astype(str).astype(object)
    holes = rng.random((REGIONS, columns))
    values[holes < 0.01] = ""
    values[holes > 0.995] = "—"
    frame = pd.DataFrame(values, columns=[f"行业{j:04d}占比（%）" for j in range(columns)])
    frame.insert(0, "地区名称", [f"县{i:03d}" for i in range(REGIONS)])
    frame.insert(0, "地区代码", [f"{450100 + i:06d}" for i in range(REGIONS)])
    return frame


def write_files(folder: Path, columns: int) -> tuple[Path, Path]:
    table = make_table(columns)
    csv = folder / "regions.csv"
    with csv.open("w", encoding="utf-8", newline="") as handle:
        handle.write(TITLE + "\n")
        table.to_csv(handle, index=False)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标")
    sheet.append([TITLE])
    sheet.append(list(table.columns))
    for row in table.itertuples(index=False):
        codes, numbers = list(row[:2]), row[2:]
        sheet.append(codes + [float(v) if v not in ("", "—") else v or None for v in numbers])
    xlsx = folder / "regions.xlsx"
    book.save(xlsx)
    return xlsx, csv


def ours(path: Path) -> pd.DataFrame:
    return read_regions(path)


def peer(path: Path) -> pd.DataFrame:
    options = {"header": 1, "dtype": {"地区代码": str}, "na_values": ["—"]}
    if path.suffix == ".xlsx":
        raw = pd.read_excel(path, engine="calamine", **options)  # type: ignore[call-overload]
    else:
        raw = pd.read_csv(path, encoding="utf-8", **options)
    return raw.rename(columns={"地区代码": "region"}).set_index("region")


def timed(function: Callable[[Path], pd.DataFrame], path: Path) -> tuple[float, pd.DataFrame]:
    start = time.perf_counter()
    result = function(path)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--columns", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for path in write_files(Path(tmp), args.columns):
            times: dict[str, list[float]] = {"ours": [], "peer": []}
            for i in range(args.rounds):
                order = (
                    (("ours", ours), ("peer", peer))
                    if i % 2 == 0
                    else (("peer", peer), ("ours", ours))
                )
                results = {}
                for name, function in order:
                    seconds, results[name] = timed(function, path)
                    times[name].append(seconds)
                pd.testing.assert_frame_equal(
                    results["ours"], results["peer"], check_dtype=False, check_index_type=False
                )
            mine, theirs = statistics.median(times["ours"]), statistics.median(times["peer"])
            print(
                f"{path.suffix[1:]:5} {REGIONS} regions × {args.columns:,} columns: ours "
                f"{mine:.2f} s, pandas {theirs:.2f} s, ratio peer/ours {theirs / mine:.3f} "
                f"(medians of {args.rounds})"
            )


if __name__ == "__main__":
    main()
