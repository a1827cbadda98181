r"""The labour shed: available labour reachable from each site within 15 / 30 / 45 … minutes.

A site and each labour point (a village, or a township's representative point) join the road
network at their nearest node. The straight line from the point to that node is travelled at
``access_speed_kmh`` (15 km/h by default: an electric bike or motorcycle on a village lane; see
``docs/methods/labour.md``), or ignored when it is ``None``. The travel time from site ``s`` to
labour point ``p`` is

.. math:: t_{sp} = \frac{a_s}{v_a} + d(n_s, n_p) + \frac{a_p}{v_a}

with :math:`a` the access distances, :math:`v_a` the access speed and :math:`d` the shortest
network time between the nodes (scipy's Dijkstra, one search per site node, cut off at the
largest threshold). The shed of ``s`` at threshold ``T`` is :math:`\sum_p w_p [t_{sp} \le T]`,
``w`` the available labour. Points in another component of the network are never reached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from microparks.core.labour.graph import RoadGraph, calc_minutes
from microparks.core.labour.speeds import DEFAULT_ACCESS_SPEED_KMH
from microparks.core.messages import MessageError, gettext_noop

__all__ = [
    "DEFAULT_ACCESS_SPEED_KMH",
    "ShedError",
    "ShedResult",
    "calc_labour_shed",
    "snap_to_network",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[int, int], None]


#: Rounding slack in minutes: a point at exactly ``T`` minutes (by hand) counts as within.
WITHIN_SLACK_MIN = 1e-9
#: Memory for one batch of Dijkstra rows (each row holds a time for every node): larger
#: batches call scipy less often but touch fresh memory; 32 MB was fastest at 0.5 M nodes.
DEFAULT_BATCH_BYTES = 32 * 1024 * 1024


class ShedError(MessageError):
    """Inputs the labour shed cannot use (empty network, bad thresholds or labour)."""


@dataclass(frozen=True)
class ShedResult:
    """Labour reachable from each site within each threshold, and how it was computed.

    Attributes
    ----------
    minutes : tuple of float
        The thresholds, ascending.
    labour : ndarray, shape (n_sites, n_thresholds)
        Available labour within each threshold (inclusive).
    site_access_m, pool_access_m : ndarray
        Straight-line distance from each site and labour point to its network node.
    access_speed_kmh : float or None
        Speed on those distances (``None``: not counted).
    snap_m, n_nodes, n_edges : float, int, int
        The graph's vertex tolerance and size.
    inputs_sha256 : str
        SHA-256 of the graph, the points, the labour and the parameters.

    """

    minutes: tuple[float, ...]
    labour: FloatArray
    site_access_m: FloatArray
    pool_access_m: FloatArray
    access_speed_kmh: float | None
    snap_m: float
    n_nodes: int
    n_edges: int
    inputs_sha256: str


def snap_to_network(graph: RoadGraph, xy: npt.ArrayLike) -> tuple[IntArray, FloatArray]:
    """The nearest node of each point (a k-d tree query) and the straight distance to it.

    >>> from microparks.core.labour.graph import build_road_graph
    >>> g = build_road_graph([[0, 0], [1000, 0]], [0, 2], [60])
    >>> node, dist = snap_to_network(g, [[900, 30], [-40, 0]])
    >>> node.tolist(), dist.round(1).tolist()
    ([1, 0], [104.4, 40.0])
    """
    points = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    if graph.n_nodes == 0:
        raise ShedError(gettext_noop("the road network has no vertices"))
    if not np.isfinite(points).all():
        raise ShedError(gettext_noop("a point has a coordinate that is not a number"))
    if not len(points):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    distance, node = cKDTree(graph.node_xy).query(points)
    return np.asarray(node, dtype=np.int64), np.asarray(distance, dtype=np.float64)


def _thresholds(minutes: Sequence[float]) -> tuple[float, ...]:
    values = sorted({float(m) for m in minutes})
    if not values or not all(np.isfinite(m) and m > 0 for m in values):
        raise ShedError(gettext_noop("give one or more thresholds of minutes, each above 0"))
    return tuple(values)


def _digest(graph: RoadGraph, arrays: Sequence[npt.NDArray[np.generic]], params: str) -> str:
    sha = hashlib.sha256()
    for array in (graph.node_xy, graph.minutes.indptr, graph.minutes.indices, graph.minutes.data):
        sha.update(np.ascontiguousarray(array).tobytes())
    for array in arrays:
        sha.update(np.ascontiguousarray(array).tobytes())
    sha.update(params.encode())
    return sha.hexdigest()


def calc_labour_shed(
    graph: RoadGraph,
    site_xy: npt.ArrayLike,
    pool_xy: npt.ArrayLike,
    pool_labour: npt.ArrayLike,
    minutes: Sequence[float],
    *,
    access_speed_kmh: float | None = DEFAULT_ACCESS_SPEED_KMH,
    progress: Progress | None = None,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
) -> ShedResult:
    r"""Sum the available labour within each threshold of travel time from each site.

    Parameters
    ----------
    graph : RoadGraph
        The road network (:func:`~microparks.core.labour.graph.build_road_graph`).
    site_xy : array_like, shape (n_sites, 2)
        Sites, in the graph's metric CRS.
    pool_xy : array_like, shape (n_points, 2)
        Labour points (villages, townships' representative points), same CRS.
    pool_labour : array_like, shape (n_points,)
        Available labour at each point (persons, ≥ 0).
    minutes : sequence of float
        Thresholds, e.g. ``(15, 30, 45)``; each above 0 (duplicates merged, sorted).
    access_speed_kmh : float or None
        Speed on the straight line between a point and its node; ``None`` ignores it.
    progress : callable, optional
        Called with ``(sites done, sites)`` after each batch of searches.
    batch_bytes : int
        Memory for a batch of Dijkstra rows (``8 · n_nodes`` bytes each).

    Returns
    -------
    ShedResult
        ``labour[s, k]`` = labour of the points with :math:`t_{sp} \le T_k` (module formula).

    Raises
    ------
    ShedError
        On an empty network, bad thresholds, labour that is negative or not a number, or an
        access speed that is not positive.

    """
    thresholds = _thresholds(minutes)
    labour = np.asarray(pool_labour, dtype=np.float64).reshape(-1)
    pool_node, pool_m = snap_to_network(graph, pool_xy)
    site_node, site_m = snap_to_network(graph, site_xy)
    if labour.shape != pool_node.shape:
        raise ShedError(gettext_noop("one labour figure per labour point is needed"))
    if not (np.isfinite(labour) & (labour >= 0)).all():
        raise ShedError(gettext_noop("labour must be a number of persons, 0 or more"))
    if access_speed_kmh is not None and not (
        np.isfinite(access_speed_kmh) and access_speed_kmh > 0
    ):
        raise ShedError(gettext_noop("the access speed must be above 0 km/h"))
    speed = access_speed_kmh
    site_min = calc_minutes(site_m, speed) if speed else np.zeros_like(site_m)
    pool_min = calc_minutes(pool_m, speed) if speed else np.zeros_like(pool_m)
    found = np.zeros((site_node.size, len(thresholds)), dtype=np.float64)
    if site_node.size and pool_node.size:
        _search(
            graph,
            (site_node, site_min),
            (pool_node, pool_min, labour),
            thresholds,
            found,
            progress,
            batch_bytes,
        )
    elif progress is not None:
        progress(site_node.size, site_node.size)
    params = f"{thresholds}|{access_speed_kmh}|{graph.snap_m}"
    return ShedResult(
        minutes=thresholds,
        labour=found,
        site_access_m=site_m,
        pool_access_m=pool_m,
        access_speed_kmh=access_speed_kmh,
        snap_m=graph.snap_m,
        n_nodes=graph.n_nodes,
        n_edges=graph.n_edges,
        inputs_sha256=_digest(
            graph, [np.asarray(site_xy, np.float64), pool_node, pool_m, labour], params
        ),
    )


def _search(
    graph: RoadGraph,
    sites: tuple[IntArray, FloatArray],
    pool: tuple[IntArray, FloatArray, FloatArray],
    thresholds: tuple[float, ...],
    found: FloatArray,
    progress: Progress | None,
    batch_bytes: int,
) -> None:
    """Fill ``found`` (sites × thresholds): one cut-off Dijkstra per distinct site node."""
    site_node, site_min = sites
    pool_node, pool_min, labour = pool
    # symmetric once: scipy would otherwise transpose the matrix on every undirected call
    both: csr_matrix = (graph.minutes + graph.minutes.T).tocsr()
    nodes, which = np.unique(site_node, return_inverse=True)
    by_node = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[by_node], np.arange(nodes.size + 1))
    limits = np.asarray(thresholds) + WITHIN_SLACK_MIN
    batch = max(1, int(batch_bytes // (8 * max(graph.n_nodes, 1))))
    done = 0
    for lo in range(0, nodes.size, batch):
        hi = min(lo + batch, nodes.size)
        members = by_node[bounds[lo] : bounds[hi]]
        cutoff = limits[-1] - float(site_min[members].min()) - float(pool_min.min())
        if cutoff >= 0:
            rows = dijkstra(both, directed=True, indices=nodes[lo:hi], limit=cutoff)
            to_pool = rows[:, pool_node]  # (batch, n_points)
        else:
            to_pool = np.full((hi - lo, pool_node.size), np.inf)
        times = site_min[members, None] + to_pool[which[members] - lo] + pool_min[None, :]
        for k, limit in enumerate(limits):
            found[members, k] = (times <= limit).astype(np.float64) @ labour
        done += members.size
        if progress is not None:
            progress(done, site_node.size)
