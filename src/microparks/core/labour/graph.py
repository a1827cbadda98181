"""The road graph: line vertices in, an undirected graph of travel minutes out.

Each segment between two consecutive vertices of a line is an edge whose travel time is
``length_m / (speed_kmh * 1000 / 60)`` minutes. Vertices closer together than a tolerance
(``snap_m``, one metre by default) are one node, so lines that share an end point (or any
vertex) connect; lines that merely cross without a shared vertex do not (an overpass). Two
edges between the same pair of nodes keep the faster. Roads are two-way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from microparks.core.messages import MessageError, gettext_noop

__all__ = [
    "DEFAULT_SNAP_M",
    "RoadGraph",
    "RoadGraphError",
    "build_road_graph",
    "calc_minutes",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEFAULT_SNAP_M = 1.0
"""Vertices of different lines closer than this (metres) are the same node."""

M_PER_KM = 1000.0
MIN_PER_H = 60.0


class RoadGraphError(MessageError):
    """Road lines that cannot make a graph (bad offsets, speeds, coordinates)."""


@dataclass(frozen=True)
class RoadGraph:
    """An undirected road graph.

    Attributes
    ----------
    node_xy : ndarray, shape (n_nodes, 2)
        Node coordinates in the metric CRS of the input (the first vertex of each snapped group).
    minutes : scipy.sparse.csr_matrix, shape (n_nodes, n_nodes)
        Travel minutes of each edge, stored once (``i < j``); read as undirected.
    snap_m : float
        The tolerance that merged coinciding vertices.
    n_segments : int
        Segments in the input, before zero-length and parallel ones were dropped.

    """

    node_xy: FloatArray
    minutes: csr_matrix
    snap_m: float
    n_segments: int

    @property
    def n_nodes(self) -> int:
        """Nodes of the graph."""
        return int(self.node_xy.shape[0])

    @property
    def n_edges(self) -> int:
        """Edges of the graph (each road segment between two distinct nodes, once)."""
        return int(self.minutes.nnz)


def calc_minutes(length_m: npt.ArrayLike, speed_kmh: npt.ArrayLike) -> FloatArray:
    """Travel minutes of ``length_m`` metres at ``speed_kmh``: ``length / (speed · 1000 / 60)``.

    >>> calc_minutes([1000.0, 30000.0], [60.0, 90.0]).tolist()
    [1.0, 20.0]
    """
    length = np.asarray(length_m, dtype=np.float64)
    speed = np.asarray(speed_kmh, dtype=np.float64)
    return np.asarray(length / (speed * M_PER_KM / MIN_PER_H), dtype=np.float64)


def _check(xy: FloatArray, offsets: IntArray, speeds: FloatArray) -> None:
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise RoadGraphError(gettext_noop("vertices must be an (n, 2) array of x, y metres"))
    if not np.isfinite(xy).all():
        raise RoadGraphError(gettext_noop("a vertex has a coordinate that is not a number"))
    ok = offsets.ndim == 1 and offsets.size >= 1 and offsets[0] == 0
    if not ok or offsets[-1] != len(xy) or (np.diff(offsets) < 0).any():
        raise RoadGraphError(gettext_noop("line offsets must rise from 0 to the vertex count"))
    if speeds.shape != (offsets.size - 1,):
        raise RoadGraphError(gettext_noop("one speed per line is needed"))
    if not (np.isfinite(speeds) & (speeds > 0)).all():
        raise RoadGraphError(gettext_noop("every speed must be a positive number of km/h"))


def _snap(xy: FloatArray, snap_m: float) -> tuple[IntArray, FloatArray]:
    """Each vertex's node, and the nodes' coordinates: vertices within ``snap_m`` are one.

    Groups are the connected components of the "closer than ``snap_m``" relation (a chain of
    near vertices is one node); a node sits at its first vertex.
    """
    n = len(xy)
    if n > 1:
        pairs = cKDTree(xy).query_pairs(snap_m, output_type="ndarray")
    else:
        pairs = np.empty((0, 2), dtype=np.int64)
    near = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, group = connected_components(near, directed=False)
    # number the nodes in order of their first vertex, so that the result is deterministic
    _, first, node = np.unique(group, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[node].astype(np.int64), xy[np.sort(first)]


def build_road_graph(
    xy: npt.ArrayLike,
    line_offsets: npt.ArrayLike,
    speed_kmh: npt.ArrayLike,
    *,
    snap_m: float = DEFAULT_SNAP_M,
) -> RoadGraph:
    """Build the undirected travel-time graph of road lines.

    Parameters
    ----------
    xy : array_like, shape (n_vertices, 2)
        All lines' vertices, one line after another, in a projected CRS in metres.
    line_offsets : array_like, shape (n_lines + 1,)
        Line ``k`` is ``xy[line_offsets[k]:line_offsets[k + 1]]`` (CSR-style offsets).
    speed_kmh : array_like, shape (n_lines,)
        Travel speed on each line, km/h, positive.
    snap_m : float
        Vertices closer than this are one node (default 1 m; 0 merges exact duplicates only).

    Returns
    -------
    RoadGraph
        Edge weight ``w = L / (v · 1000 / 60)`` minutes for a segment of ``L`` metres at
        ``v`` km/h; of parallel edges between two nodes the fastest is kept.

    Raises
    ------
    RoadGraphError
        On malformed offsets, non-finite coordinates or speeds that are not positive.

    """
    points = np.asarray(xy, dtype=np.float64)
    offsets = np.asarray(line_offsets, dtype=np.int64)
    speeds = np.asarray(speed_kmh, dtype=np.float64)
    _check(points, offsets, speeds)
    if not (np.isfinite(snap_m) and snap_m >= 0):
        raise RoadGraphError(gettext_noop("the snapping tolerance must be 0 m or more"))
    vertex_node, node_xy = _snap(points, float(snap_m))
    # segments: every vertex but each line's last starts one
    starts = np.ones(len(points), dtype=bool)
    starts[offsets[1:][np.diff(offsets) > 0] - 1] = False
    a = np.flatnonzero(starts)
    b = a + 1
    line = np.repeat(np.arange(speeds.size), np.diff(offsets))
    length = np.hypot(*(points[b] - points[a]).T)
    weight = calc_minutes(length, speeds[line[a]])
    u, v = vertex_node[a], vertex_node[b]
    keep = u != v  # a segment shorter than the tolerance collapses into its node
    lo, hi, weight = np.minimum(u, v)[keep], np.maximum(u, v)[keep], weight[keep]
    n = len(node_xy)
    # the fastest of parallel edges: sort by pair then weight, keep each pair's first
    order = np.lexsort((weight, hi, lo))
    lo, hi, weight = lo[order], hi[order], weight[order]
    first = np.ones(lo.size, dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    minutes = csr_matrix((weight[first], (lo[first], hi[first])), shape=(n, n))
    return RoadGraph(node_xy=node_xy, minutes=minutes, snap_m=float(snap_m), n_segments=a.size)
