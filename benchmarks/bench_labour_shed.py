"""Labour shed of every site of a province-sized road network: ours vs networkx, same input.

Input (generated, seed 2026): a perturbed grid of ``side × side`` junctions 565 m apart (a
province of about 400 km × 400 km), every grid row and column cut into road lines of ten
segments, each line a road class by its place in the hierarchy — every 40th row/column 国道
(60 km/h), every 10th 县道 (40 km/h), every 2nd 乡道 (30 km/h), the rest 村道 (20 km/h) — speeds
from the documented class defaults; junctions jittered by up to ±150 m. ``side = 708`` gives
1,001,112 edges. Sites (5,000) and villages (20,000, labour 50–2,000) are random points joined at
their nearest vertex (access at 15 km/h); thresholds 15, 30, 45 minutes.

Ours: ``build_road_graph`` (vertex snapping with a k-d tree, CSR matrix) and
``calc_labour_shed`` (scipy's Dijkstra per site node, cut off at 45 minutes, batched; sums by
threshold), timed separately, over ``--rounds`` rounds. Peer: networkx 3 — ``nx.Graph`` built
from the same edges (weights computed by us, not timed) and ``single_source_dijkstra_path_length``
with ``cutoff`` from each site's node, then the same sums — on a sample of ``--sample`` sites,
its time per site **extrapolated** to all sites. The sample's sheds must be equal in both.
Ours and the peer each run in a child process, so that each peak RSS is its own.

Run::

    .venv/bin/python benchmarks/bench_labour_shed.py --rounds 3

``--write-files DIR`` writes the same instance as the command's files instead (roads.gpkg with
道路等级, villages.gpkg with 在家可就业人数, sites.gpkg with 编号; CGCS2000 Gauss–Krüger CM 114E,
EPSG:4547), for timing ``microparks labour shed`` end to end.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from microparks.core.labour.graph import build_road_graph, calc_minutes
from microparks.core.labour.shed import calc_labour_shed
from microparks.core.labour.speeds import speed_of_class

SEED = 2026
SPACING_M, JITTER_M, SEGMENTS_PER_LINE = 565.0, 150.0, 10
MINUTES = (15.0, 30.0, 45.0)
ACCESS_KMH = 15.0


def road_class(index: int) -> str:
    if index % 40 == 0:
        return "国道"
    if index % 10 == 0:
        return "县道"
    return "乡道" if index % 2 == 0 else "村道"


def make_network(side: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All lines' vertices, CSR offsets and speeds of the perturbed grid (module note)."""
    rng = np.random.default_rng(SEED)
    grid = np.stack(np.meshgrid(np.arange(side), np.arange(side), indexing="ij"), -1) * SPACING_M
    grid = grid + rng.uniform(-JITTER_M, JITTER_M, grid.shape)
    chunks, speeds = [], []
    for axis in (0, 1):
        for k in range(side):
            row = grid[k, :] if axis == 0 else grid[:, k]
            speed = speed_of_class(road_class(k))
            for lo in range(0, side - 1, SEGMENTS_PER_LINE):
                chunks.append(row[lo : min(lo + SEGMENTS_PER_LINE, side - 1) + 1])
                speeds.append(speed)
    offsets = np.concatenate([[0], np.cumsum([len(c) for c in chunks])])
    return np.concatenate(chunks), offsets, np.asarray(speeds, dtype=np.float64)


def make_points(side: int, n_sites: int, n_villages: int):
    rng = np.random.default_rng(SEED + 1)
    extent = (side - 1) * SPACING_M
    sites = rng.uniform(0, extent, (n_sites, 2))
    villages = rng.uniform(0, extent, (n_villages, 2))
    labour = rng.integers(50, 2_001, n_villages).astype(np.float64)
    return sites, villages, labour


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(args: argparse.Namespace) -> dict[str, object]:
    xy, offsets, speeds = make_network(args.side)
    sites, villages, labour = make_points(args.side, args.sites, args.villages)
    before = peak_rss_mib()
    build_s, shed_s = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        graph = build_road_graph(xy, offsets, speeds)
        t1 = time.perf_counter()
        result = calc_labour_shed(
            graph, sites, villages, labour, MINUTES, access_speed_kmh=ACCESS_KMH
        )
        t2 = time.perf_counter()
        build_s.append(t1 - t0)
        shed_s.append(t2 - t1)
    sample = np.linspace(0, args.sites - 1, args.sample).astype(int)
    return {
        "edges": graph.n_edges,
        "nodes": graph.n_nodes,
        "vertices": len(xy),
        "lines": len(speeds),
        "build_s": build_s,
        "shed_s": shed_s,
        "rss_inputs_mib": before,
        "peak_rss_mib": peak_rss_mib(),
        "sample_labour": result.labour[sample].tolist(),
        "mean_labour_30": float(result.labour[:, 1].mean()),
    }


def run_peer(args: argparse.Namespace) -> dict[str, object]:
    import networkx as nx

    xy, offsets, speeds = make_network(args.side)
    sites, villages, labour = make_points(args.side, args.sites, args.villages)
    # the same graph as ours (nodes, edges, weights), handed to networkx ready-made
    graph = build_road_graph(xy, offsets, speeds)
    from microparks.core.labour.shed import snap_to_network

    site_node, site_m = snap_to_network(graph, sites)
    pool_node, pool_m = snap_to_network(graph, villages)
    site_min, pool_min = calc_minutes(site_m, ACCESS_KMH), calc_minutes(pool_m, ACCESS_KMH)
    coo = graph.minutes.tocoo()
    edges = list(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True))
    del graph, coo
    before = peak_rss_mib()
    t0 = time.perf_counter()
    nxg = nx.Graph()
    nxg.add_weighted_edges_from(edges)
    build_s = time.perf_counter() - t0
    del edges
    at_node: dict[int, list[int]] = {}
    for p, node in enumerate(pool_node.tolist()):
        at_node.setdefault(node, []).append(p)
    sample = np.linspace(0, args.sites - 1, args.sample).astype(int)
    per_site, sheds = [], []
    for s in sample:
        t0 = time.perf_counter()
        reach = nx.single_source_dijkstra_path_length(
            nxg, int(site_node[s]), cutoff=MINUTES[-1], weight="weight"
        )
        found = [0.0] * len(MINUTES)
        for node, d in reach.items():
            for p in at_node.get(node, ()):
                t = site_min[s] + d + pool_min[p]
                for k, limit in enumerate(MINUTES):
                    if t <= limit + 1e-9:
                        found[k] += labour[p]
        per_site.append(time.perf_counter() - t0)
        sheds.append(found)
    return {
        "build_s": build_s,
        "per_site_s": per_site,
        "rss_before_graph_mib": before,
        "peak_rss_mib": peak_rss_mib(),
        "sample_labour": sheds,
    }


def write_files(args: argparse.Namespace, folder: Path) -> None:
    """The instance as GeoPackages in EPSG:4547 (offset to plausible Gauss–Krüger metres)."""
    import geopandas as gpd  # here only: the timed runs' peak RSS leaves them out
    import shapely

    xy, offsets, speeds = make_network(args.side)
    sites, villages, labour = make_points(args.side, args.sites, args.villages)
    origin = np.array([300_000.0, 2_600_000.0])
    names = {speed_of_class(c): c for c in ("国道", "县道", "乡道", "村道")}
    which = np.repeat(np.arange(len(speeds)), np.diff(offsets))
    folder.mkdir(parents=True, exist_ok=True)
    layers = {
        "roads": (
            {"道路等级": [names[s] for s in speeds]},
            shapely.linestrings(xy + origin, indices=which),
        ),
        "villages": ({"在家可就业人数": labour}, shapely.points(villages + origin)),
        "sites": (
            {"编号": [f"XZ-{i:05d}" for i in range(len(sites))]},
            shapely.points(sites + origin),
        ),
    }
    for name, (columns, geometry) in layers.items():
        frame = gpd.GeoDataFrame(columns, geometry=geometry, crs="EPSG:4547")
        frame.to_file(folder / f"{name}.gpkg", engine="pyogrio")
    print(f"wrote {folder}/roads.gpkg, villages.gpkg, sites.gpkg")


def child(part: str, args: argparse.Namespace) -> dict[str, object]:
    command = [sys.executable, __file__, "--part", part]
    for name in ("side", "sites", "villages", "sample", "rounds"):
        command += [f"--{name}", str(getattr(args, name))]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--side", type=int, default=708, help="junctions per side (708: 1.0 M edges)"
    )
    parser.add_argument("--sites", type=int, default=5_000)
    parser.add_argument("--villages", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=50, help="sites the peer runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write-files", type=Path, help="write the instance as files to DIR")
    parser.add_argument("--part", choices=("ours", "peer"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_files:
        write_files(args, args.write_files)
        return
    if args.part:
        print(json.dumps(run_ours(args) if args.part == "ours" else run_peer(args)))
        return
    ours = child("ours", args)
    peer = child("peer", args)
    if not np.array_equal(np.asarray(ours["sample_labour"]), np.asarray(peer["sample_labour"])):
        raise SystemExit("the sample's sheds differ between ours and networkx")
    build = statistics.median(ours["build_s"])
    shed = statistics.median(ours["shed_s"])
    nx_site = statistics.median(peer["per_site_s"])
    nx_all = nx_site * args.sites
    print(
        f"network: {ours['nodes']:,} nodes, {ours['edges']:,} edges, {ours['lines']:,} lines, "
        f"{ours['vertices']:,} vertices; {args.sites:,} sites, {args.villages:,} villages; "
        f"mean labour within 30 min {ours['mean_labour_30']:,.0f}"
    )
    print(
        f"ours: graph {build:.2f} s, shed of all sites {shed:.2f} s "
        f"({1e3 * shed / args.sites:.2f} ms/site), rounds {args.rounds}: "
        f"build {[round(x, 2) for x in ours['build_s']]}, "
        f"shed {[round(x, 2) for x in ours['shed_s']]}; "
        f"peak RSS {ours['peak_rss_mib']:.0f} MiB (inputs alone {ours['rss_inputs_mib']:.0f} MiB)"
    )
    print(
        f"networkx: graph {peer['build_s']:.2f} s, {1e3 * nx_site:.2f} ms/site (median of "
        f"{args.sample}), extrapolated to {args.sites:,} sites {nx_all:.1f} s; peak RSS "
        f"{peer['peak_rss_mib']:.0f} MiB (before its graph {peer['rss_before_graph_mib']:.0f} MiB)"
    )
    print(
        f"ratio networkx ÷ ours: shed {nx_all / shed:.1f}, graph {peer['build_s'] / build:.1f}, "
        f"total {(nx_all + peer['build_s']) / (shed + build):.1f}; sample sheds equal: yes"
    )


if __name__ == "__main__":
    main()
