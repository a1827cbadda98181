"""The labour shed on a road network small enough to work out by hand.

The network (metres; speeds km/h; minutes = metres / (speed · 1000 / 60)):

* A (0, 0) — B (10 000, 0): a 村道 at 20 km/h, 10 km = **30 min**, the short slow road;
* A — C (0, 3 000) — D (10 000, 3 000) — B: one line at 60 km/h, 3 + 10 + 3 km = **16 min**,
  the fast detour (A→D 13 min);
* B' (10 000, 0.4) — E (10 000, −9 200) — F (10 000, −9 400): a 县道 at 40 km/h whose first
  vertex is 0.4 m from B (joined at the 1 m tolerance): B→E 9 200.4 m = 13.8006 min,
  E→F 200 m = 0.3 min;
* G (−5 000, −500) — H (−9 000, −500): a road of its own (another component), 4 km at 40 km/h.

Labour points: A 10, B 400, E 100 (township just under 30 min: A→E = 16 + 13.8006 = 29.8006),
F 200 (township just over: 30.1006), V (10 300, 3 400) 50 (off the network, 500 m from D),
G 1 000 (500 m from A in a straight line, but on the other component).
"""

from __future__ import annotations

import numpy as np
import pytest

from microparks.core.labour.graph import RoadGraphError, build_road_graph, calc_minutes
from microparks.core.labour.shed import ShedError, calc_labour_shed, snap_to_network
from microparks.core.labour.speeds import speed_of_class

A, B, C, D = (0.0, 0.0), (10_000.0, 0.0), (0.0, 3_000.0), (10_000.0, 3_000.0)
B_NEAR, E, F = (10_000.0, 0.4), (10_000.0, -9_200.0), (10_000.0, -9_400.0)
G, H = (-5_000.0, -500.0), (-9_000.0, -500.0)
V = (10_300.0, 3_400.0)
LINES = [([A, B], 20.0), ([A, C, D, B], 60.0), ([B_NEAR, E, F], 40.0), ([G, H], 40.0)]
POOL_XY = [A, B, E, F, V, G]
POOL_LABOUR = [10, 400, 100, 200, 50, 1_000]
MINUTES = (15, 20, 30, 45)


def network(lines=LINES, snap_m=1.0):
    xy = [p for line, _ in lines for p in line]
    offsets = np.cumsum([0] + [len(line) for line, _ in lines])
    return build_road_graph(xy, offsets, [s for _, s in lines], snap_m=snap_m)


def test_graph_joins_shared_end_points_and_counts_edges_by_hand():
    graph = network()
    # A, B, C, D, E, F, G, H: B' merged into B (0.4 m < 1 m)
    assert graph.n_nodes == 8
    # A-B, A-C, C-D, D-B, B-E, E-F, G-H
    assert graph.n_edges == 7
    assert graph.n_segments == 7
    apart = network(snap_m=0.1)
    assert apart.n_nodes == 9


def test_edge_minutes_by_hand():
    graph = network()
    weights = sorted(np.round(graph.minutes.data, 6).tolist())
    # C-D 10 km at 60 = 10; A-C and D-B 3 km at 60 = 3; A-B 10 km at 20 = 30;
    # B-E 9 200.4 m at 40 = 13.8006; E-F 200 m at 40 = 0.3; G-H 4 km at 40 = 6
    assert weights == [0.3, 3.0, 3.0, 6.0, 10.0, 13.8006, 30.0]


def test_parallel_edges_keep_the_fastest_and_short_segments_collapse():
    lines = [([A, B], 20.0), ([B, A], 60.0), ([B, (10_000.5, 0.0)], 5.0)]
    graph = network(lines)
    assert graph.n_nodes == 2
    assert graph.minutes.data.tolist() == [10.0]  # 10 km at 60 km/h, not 30 min at 20


def test_shed_by_hand_without_access_time():
    result = calc_labour_shed(
        network(), [A, F], POOL_XY, POOL_LABOUR, MINUTES, access_speed_kmh=None
    )
    assert result.minutes == (15.0, 20.0, 30.0, 45.0)
    # from A: A 0, V 13 (D), B 16 (the detour; the slow road takes 30), E 29.8006, F 30.1006
    # from F: F 0, E 0.3, B 14.1006, V 17.1006, A 30.1006; G never (other component)
    assert result.labour.tolist() == [
        [10 + 50, 10 + 50 + 400, 10 + 50 + 400 + 100, 10 + 50 + 400 + 100 + 200],
        [200 + 100 + 400, 200 + 100 + 400 + 50, 750, 750 + 10],
    ]


def test_fast_detour_beats_short_slow_road():
    lines_slow_only = [LINES[0], LINES[2]]
    fast = calc_labour_shed(network(), [A], [B], [1], [20], access_speed_kmh=None)
    slow = calc_labour_shed(
        network(lines_slow_only), [A], [B], [1], [20, 30], access_speed_kmh=None
    )
    assert fast.labour.tolist() == [[1]]  # 16 min over the 60 km/h road
    assert slow.labour.tolist() == [[0, 1]]  # 30 min over the 村道 alone


def test_township_just_under_is_in_and_just_over_is_out():
    result = calc_labour_shed(network(), [A], [E, F], [100, 200], [30], access_speed_kmh=None)
    assert result.labour.tolist() == [[100]]  # E 29.8006 in, F 30.1006 out
    later = calc_labour_shed(network(), [A], [E, F], [100, 200], [30.11], access_speed_kmh=None)
    assert later.labour.tolist() == [[300]]


def test_point_off_the_network_walks_its_access_distance():
    # V is 500 m from D: at 15 km/h that is 500 / 250 = 2 min, so A→V = 13 + 2 = 15 min
    node, dist = snap_to_network(network(), [V])
    assert node.tolist() == [3]
    assert dist.tolist() == [500.0]
    with_access = calc_labour_shed(network(), [A], [V], [50], [14.9, 15])
    without = calc_labour_shed(network(), [A], [V], [50], [13, 14.9], access_speed_kmh=None)
    assert with_access.labour.tolist() == [[0, 50]]
    assert without.labour.tolist() == [[50, 50]]
    assert with_access.pool_access_m.tolist() == [500.0]
    # the site's own access counts too: a site 1 km west of A at 15 km/h starts 4 min late
    late = calc_labour_shed(network(), [(-1_000.0, 0.0)], [V], [50], [18.9, 19])
    assert late.labour.tolist() == [[0, 50]]


def test_other_component_is_never_reached():
    result = calc_labour_shed(network(), [A, H], [G, A], [1_000, 10], [45, 600])
    # A cannot reach G (500 m away in a straight line); H reaches G in 6 min, never A
    assert result.labour.tolist() == [[10, 10], [1_000, 1_000]]


def test_unjoined_end_point_cuts_the_road():
    result = calc_labour_shed(
        network(snap_m=0.1), [A], POOL_XY, POOL_LABOUR, [45], access_speed_kmh=None
    )
    assert result.labour.tolist() == [[10 + 400 + 50]]  # E and F hang off B' (0.4 m away)


def test_result_records_its_parameters_and_inputs():
    one = calc_labour_shed(network(), [A], POOL_XY, POOL_LABOUR, [30, 15, 30])
    two = calc_labour_shed(network(), [A], POOL_XY, [*POOL_LABOUR[:-1], 999], [15, 30])
    assert one.minutes == (15.0, 30.0)
    assert (one.access_speed_kmh, one.snap_m, one.n_nodes, one.n_edges) == (15.0, 1.0, 8, 7)
    assert len(one.inputs_sha256) == 64
    assert one.inputs_sha256 != two.inputs_sha256


def test_small_batches_give_the_same_shed():
    sites = [A, B, C, D, E, F, G, H, V]
    whole = calc_labour_shed(network(), sites, POOL_XY, POOL_LABOUR, MINUTES)
    seen = []
    batched = calc_labour_shed(
        network(),
        sites,
        POOL_XY,
        POOL_LABOUR,
        MINUTES,
        batch_bytes=1,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert np.array_equal(whole.labour, batched.labour)
    assert seen[-1] == (9, 9)
    assert len(seen) == 8


def test_no_sites_or_no_pool():
    assert calc_labour_shed(network(), [], POOL_XY, POOL_LABOUR, [30]).labour.shape == (0, 1)
    assert calc_labour_shed(network(), [A], [], [], [30]).labour.tolist() == [[0]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minutes": []}, "thresholds"),
        ({"minutes": [0, 30]}, "thresholds"),
        ({"pool_labour": [1, 2]}, "one labour figure"),
        ({"pool_labour": [-1]}, "0 or more"),
        ({"access_speed_kmh": 0.0}, "access speed"),
    ],
)
def test_bad_inputs_are_refused(kwargs, message):
    args = {"minutes": [30], "pool_labour": [1], "access_speed_kmh": 15.0, **kwargs}
    with pytest.raises(ShedError, match=message):
        calc_labour_shed(
            network(),
            [A],
            [B],
            args["pool_labour"],
            args["minutes"],
            access_speed_kmh=args["access_speed_kmh"],
        )


def test_bad_lines_are_refused():
    with pytest.raises(RoadGraphError, match="positive"):
        build_road_graph([A, B], [0, 2], [0.0])
    with pytest.raises(RoadGraphError, match="offsets"):
        build_road_graph([A, B], [0, 3], [10.0])
    with pytest.raises(RoadGraphError, match="not a number"):
        build_road_graph([A, (np.nan, 0.0)], [0, 2], [10.0])
    with pytest.raises(ShedError, match="no vertices"):
        snap_to_network(build_road_graph(np.empty((0, 2)), [0], []), [A])


def test_minutes_and_class_speeds():
    assert calc_minutes([1_000.0, 500.0], [60.0, 15.0]).tolist() == [1.0, 2.0]
    assert [speed_of_class(c) for c in ("高速公路", "国道", "省道", "县道", "乡道", "村道")] == [
        90.0,
        60.0,
        50.0,
        40.0,
        30.0,
        20.0,
    ]
    assert speed_of_class("城市道路") == 30.0
    assert speed_of_class("  Provincial Road ") == 50.0
    assert speed_of_class("unknown") is None
