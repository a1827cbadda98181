"""The labour shed against networkx on random road networks (an independent oracle).

The lines are drawn between 40 random junctions (so that lines share end points exactly) with
random speeds; networkx gets the same segments as an undirected graph (fastest of parallel
edges) and runs its own Dijkstra from each site's nearest junction with the same cut-off.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from microparks.core.labour.graph import build_road_graph
from microparks.core.labour.shed import calc_labour_shed, snap_to_network

nx = pytest.importorskip("networkx")

SPEEDS = np.array([20.0, 30.0, 40.0, 60.0, 90.0])


def random_roads(seed):
    rng = np.random.default_rng(seed)
    junctions = rng.uniform(0, 30_000, (40, 2))
    lines, speeds = [], []
    for _ in range(60):
        stops = rng.choice(40, size=rng.integers(2, 5), replace=False)
        lines.append(junctions[stops])
        speeds.append(rng.choice(SPEEDS))
    xy = np.concatenate(lines)
    offsets = np.cumsum([0] + [len(line) for line in lines])
    return rng, xy, offsets, np.array(speeds)


def networkx_shed(xy, offsets, speeds, site_xy, pool_xy, labour, minutes, access_kmh):
    graph = nx.Graph()
    for k in range(len(speeds)):
        line = xy[offsets[k] : offsets[k + 1]]
        for p, q in itertools.pairwise(line):
            u, v = tuple(p), tuple(q)
            w = float(np.hypot(*(q - p))) / (speeds[k] * 1000 / 60)
            if not graph.has_edge(u, v) or graph[u][v]["weight"] > w:
                graph.add_edge(u, v, weight=w)
    nodes = list(graph.nodes)
    coords = np.array(nodes)

    def nearest(point):
        d = np.hypot(*(coords - point).T)
        return nodes[int(d.argmin())], float(d.min()) / (access_kmh * 1000 / 60)

    out = np.zeros((len(site_xy), len(minutes)))
    pools = [nearest(p) for p in pool_xy]
    for i, s in enumerate(site_xy):
        node, start = nearest(s)
        reach = nx.single_source_dijkstra_path_length(graph, node, cutoff=max(minutes))
        for k, limit in enumerate(minutes):
            out[i, k] = sum(
                w
                for (pn, extra), w in zip(pools, labour, strict=True)
                if pn in reach and start + reach[pn] + extra <= limit
            )
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shed_equals_networkx(seed):
    rng, xy, offsets, speeds = random_roads(seed)
    sites = rng.uniform(0, 30_000, (25, 2))
    pool = rng.uniform(0, 30_000, (80, 2))
    labour = rng.integers(0, 500, 80).astype(float)
    minutes = (10.0, 20.0, 40.0)
    ours = calc_labour_shed(
        build_road_graph(xy, offsets, speeds), sites, pool, labour, minutes, access_speed_kmh=15.0
    )
    oracle = networkx_shed(xy, offsets, speeds, sites, pool, labour, minutes, 15.0)
    assert ours.labour.sum() > 0  # the instance reaches something
    np.testing.assert_array_equal(ours.labour, oracle)


def test_network_times_equal_networkx_dijkstra():
    _, xy, offsets, speeds = random_roads(7)
    graph = build_road_graph(xy, offsets, speeds)
    ours = dijkstra(graph.minutes, directed=False)
    nxg = nx.Graph()
    for k in range(len(speeds)):
        line = xy[offsets[k] : offsets[k + 1]]
        for p, q in itertools.pairwise(line):
            u, v = snap_to_network(graph, [p, q])[0].tolist()
            w = float(np.hypot(*(q - p))) / (speeds[k] * 1000 / 60)
            if not nxg.has_edge(u, v) or nxg[u][v]["weight"] > w:
                nxg.add_edge(u, v, weight=w)
    for source, lengths in nx.all_pairs_dijkstra_path_length(nxg):
        for target, value in lengths.items():
            assert ours[source, target] == pytest.approx(value, rel=1e-12)
