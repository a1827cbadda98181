"""Reading a county's ledger: microparks' reader vs the pandas script a planner would write.

Input: an idle-asset ledger of 50,000 rows as a bureau keeps it (a title row, a unit line, 序号,
Chinese headers with 亩, 国有/集体 and 闲置土地/闲置厂房 words, points), as xlsx and as a GBK CSV;
seed 2026. Ours: ``read_sheet`` + ``read_ledger`` with the shipped ``sites`` vocabulary (the
header found, 序号 dropped, headers recognised, values coded, 亩 to m², every range checked).
Peer: pandas told where the header is (``header=2``) with the column names, units and words
written into the script (``read_excel(engine="calamine")`` / ``read_csv(encoding="gbk")``, a
rename, a ``map`` per coded column, a multiplication): what the county's file needs when no
reader knows it, with none of the checks. Both are timed interleaved (ours, peer, peer, ours …)
and every round's outputs are checked equal.

Run::

    .venv/bin/python benchmarks/bench_ledger.py --rounds 5
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

from microparks.core.units import M2_PER_MU
from microparks.io.ledger import read_ledger, read_sheet
from microparks.io.rules.shipped import load_shipped

ROWS, SEED = 50_000, 2026
HEADER = ["序号", "地块编号", "地块名称", "所在乡镇", "占地面积（亩）", "土地性质", "资产类型",
          "利用状态", "经度", "纬度"]  # fmt: skip
OWNERSHIP = {"国有": "state", "国有土地": "state", "集体": "collective", "集体土地": "collective"}
KIND = {"闲置土地": "idle_land", "批而未供": "idle_land", "闲置厂房": "vacant_factory"}
STATUS = {"闲置": "idle", "部分闲置": "idle", "空置": "idle"}
VOCABULARY = load_shipped("vocabulary", "sites")


def make_rows() -> list[list[object]]:
    rng = np.random.default_rng(SEED)
    words = [list(OWNERSHIP), list(KIND), list(STATUS)]
    picks = [rng.integers(0, len(w), ROWS) for w in words]
    area = np.round(rng.gamma(2.0, 8.0, ROWS) + 0.5, 2)
    lon = np.round(107.5 + rng.random(ROWS), 6)
    lat = np.round(24.0 + rng.random(ROWS), 6)
    return [
        [i + 1, f"QL-{i:06d}", f"地块{i}", "青岚镇", float(area[i]),
         words[0][picks[0][i]], words[1][picks[1][i]], words[2][picks[2][i]],
         float(lon[i]), float(lat[i])]
        for i in range(ROWS)
    ]  # fmt: skip


def write_files(folder: Path) -> tuple[Path, Path]:
    rows = make_rows()
    top = [["青岚县闲置土地台账"], ["填报单位：青岚县自然资源局"], HEADER]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    for line in [*top, *rows]:
        sheet.append(line)
    xlsx = folder / "ledger.xlsx"
    book.save(xlsx)
    csv = folder / "ledger.csv"
    pd.DataFrame(rows).to_csv(csv, index=False, header=False, encoding="gbk")
    text = "\n".join(
        ",".join(r) for r in (["青岚县闲置土地台账"], ["填报单位：青岚县自然资源局"], HEADER)
    )
    csv.write_bytes(text.encode("gbk") + b"\n" + csv.read_bytes())
    return xlsx, csv


def ours(path: Path) -> pd.DataFrame:
    sheet = read_sheet(path, vocabulary=VOCABULARY)
    ledger = read_ledger(sheet.frame, VOCABULARY, context={"next_year": 2027})
    assert not ledger.errors
    return _shaped(ledger.frame)


def peer(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        raw = pd.read_excel(path, header=2, engine="calamine", dtype={"地块编号": str})
    else:
        raw = pd.read_csv(path, header=2, encoding="gbk", dtype={"地块编号": str})
    frame = raw.rename(
        columns={"地块编号": "code", "地块名称": "name", "所在乡镇": "township",
                 "占地面积（亩）": "land_area_m2", "土地性质": "ownership", "资产类型": "kind",
                 "利用状态": "status", "经度": "longitude", "纬度": "latitude"}
    )  # fmt: skip
    frame["land_area_m2"] = frame["land_area_m2"] * M2_PER_MU
    frame["ownership"] = frame["ownership"].map(OWNERSHIP)
    frame["kind"] = frame["kind"].map(KIND)
    frame["status"] = frame["status"].map(STATUS)
    return _shaped(frame)


def _shaped(frame: pd.DataFrame) -> pd.DataFrame:
    keep = ["code", "land_area_m2", "ownership", "kind", "status"]
    out = frame[keep].reset_index(drop=True).copy()
    out["land_area_m2"] = out["land_area_m2"].astype(float).round(6)
    return out


def timed(function: Callable[[Path], pd.DataFrame], path: Path) -> tuple[float, pd.DataFrame]:
    start = time.perf_counter()
    result = function(path)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        for path in write_files(Path(tmp)):
            ours(path)  # warm-up (imports, caches)
            times: dict[str, list[float]] = {"ours": [], "peer": []}
            for i in range(rounds):
                order = (
                    (("ours", ours), ("peer", peer))
                    if i % 2 == 0
                    else (("peer", peer), ("ours", ours))
                )
                results = {}
                for name, function in order:
                    seconds, results[name] = timed(function, path)
                    times[name].append(seconds)
                pd.testing.assert_frame_equal(results["ours"], results["peer"], check_dtype=False)
            mine, theirs = statistics.median(times["ours"]), statistics.median(times["peer"])
            print(
                f"{path.suffix[1:]:5} {ROWS:,} rows: ours {mine:.2f} s, pandas script "
                f"{theirs:.2f} s, ratio peer/ours {theirs / mine:.2f} (medians of {rounds})"
            )


if __name__ == "__main__":
    main()
