"""The demo county's targeting inputs: the shipped IO table rebuilt from BEA, the demo panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microparks.demo import targeting as demo
from microparks.io.io_tables import read_io_csv, read_make_use
from microparks.io.tables import read_classification
from microparks.io.targeting_inputs import read_endowment_links, read_targeting_concordance
from tests.conftest import SHARED_DATA

GROUPS = {
    "AGR": ["111CA", "113FF"], "MIN": ["211", "212", "213"], "UTL": ["22"], "CON": ["23"],
    "FOOD": ["311FT"], "TEX": ["313TT"], "APP": ["315AL"], "WOOD": ["321"], "FURN": ["337"],
    "PAPER": ["322", "323"], "CHEM": ["324", "325", "326"], "NMM": ["327"],
    "METAL": ["331", "332"], "MACH": ["333", "335"], "ELEC": ["334"], "AUTO": ["3361MV", "3364OT"],
    "MISC": ["339"], "TRADE": ["42", "441", "445", "452", "4A0"],
    "TRANS": ["481", "482", "483", "484", "485", "486", "487OS", "493"],
}  # fmt: skip


@pytest.mark.shared_data
def test_shipped_io_table_is_the_bea_2017_table_aggregated() -> None:
    bea = read_make_use(
        SHARED_DATA / "bea_summary_make_2017_beforeredef.csv",
        SHARED_DATA / "bea_summary_use_2017_pro_beforeredef.csv",
    )
    labels = [*GROUPS, "SERV"]
    group = {s: g for g, members in GROUPS.items() for s in members}
    p = np.zeros((len(labels), len(bea.sectors)))
    for j, s in enumerate(bea.sectors):
        p[labels.index(group.get(s, "SERV")), j] = 1.0
    z = p @ (bea.A * bea.x[None, :]) @ p.T
    shipped = read_io_csv(demo.IO_TABLE)
    assert shipped.sectors == tuple(labels)
    np.testing.assert_allclose(shipped.x, p @ bea.x, atol=0.5)
    np.testing.assert_allclose(shipped.A * shipped.x[None, :], z, atol=0.5 + 1e-9 * z.max())


def test_demo_concordance_covers_every_division() -> None:
    table = read_io_csv(demo.IO_TABLE)
    conc = read_targeting_concordance(table.sectors, demo.CONCORDANCE)
    gbt = read_classification()
    _, unmapped = conc.matrix(gbt.loc[gbt["level"] == "division", "code"].tolist())
    assert unmapped == []


def test_demo_panel_is_deterministic_and_holds_the_county() -> None:
    a, b = demo.peer_panel(), demo.peer_panel()
    pd.testing.assert_frame_equal(a, b)
    assert a["region"].nunique() == demo.PEERS
    assert set(a["industry"]) == set(demo.DIVISIONS)
    assert not a.equals(demo.peer_panel(seed=1))
    own = demo.county_employment("452999", {"15": 300.0, "24": 0.0}, 100_000, a).set_index(
        "industry"
    )["value"]
    assert own["15"] == 300.0
    assert "24" not in own.index  # no jobs, no row
    assert own[list(demo.FARM)].sum() == pytest.approx(50_000)
    services = own[list(demo.SERVICES)].sum()
    wide = a.pivot_table(index="region", columns="industry", values="value", aggfunc="sum")
    median = wide.div(wide.sum(axis=1), axis=0)[list(demo.SERVICES)].median().sum()
    assert services / own.sum() == pytest.approx(median, rel=1e-3)


def test_demo_endowments_are_known() -> None:
    names = {lk.name_zh for lk in read_endowment_links()}
    assert set(demo.ENDOWMENTS) <= names
