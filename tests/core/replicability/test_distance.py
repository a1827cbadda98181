from __future__ import annotations

import numpy as np
import pytest

from microparks.core.replicability import calc_nearest_distance_km


def test_shanghai_beijing_and_nearest_hub() -> None:
    # City centres; the great-circle distance is about 1,067 km (haversine, mean radius).
    d, i = calc_nearest_distance_km(
        [121.47, 116.40, np.nan], [31.23, 39.90, 30.0], [116.40, 121.47], [39.90, 31.23]
    )
    assert d[0] == pytest.approx(0.0, abs=1e-9)
    assert i[0] == 1
    assert d[1] == pytest.approx(0.0, abs=1e-9)
    assert i[1] == 0
    assert np.isnan(d[2])
    one, _ = calc_nearest_distance_km([121.47], [31.23], [116.40], [39.90])
    assert one[0] == pytest.approx(1067.0, abs=1.0)
    # a quarter of a meridian: pi/2 * R
    q, _ = calc_nearest_distance_km([0.0], [0.0], [0.0], [90.0])
    assert q[0] == pytest.approx(np.pi / 2 * 6371.0088)
    with pytest.raises(ValueError, match="hub"):
        calc_nearest_distance_km([0.0], [0.0], [], [])
