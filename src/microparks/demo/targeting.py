"""The demo county's targeting inputs: endowments, nearby anchors, an employment panel, an IO table.

青岚县 (452999) is fictional, so no census row exists for it. Its employment by GB/T 4754
division is derived from the demo data (:func:`county_employment`): manufacturing from its firms'
jobs, farming from its rural working-age population, services at the peers' median share. The
peers are a deterministic synthetic table of 80 counties (seeded), so that relatedness and
complexity have a network to work on. None of it is real data: a deployment points
``MICROPARKS_TARGETING_EMPLOYMENT`` at the census workbook or its own long CSV instead.

:func:`write_targeting_files` puts the demo's employment table (peers and county), its
input–output table and concordance where the targeting page reads a deployment's files, so the
demo county is ranked like any other county (``microparks demo`` calls it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from microparks.io.targeting_inputs import copy_input_file, write_employment_csv

if TYPE_CHECKING:
    from microparks.demo.model import DemoCounty

DATA = Path(__file__).resolve().parent / "data"
IO_TABLE = DATA / "io_demo.csv"
"""20-sector input–output table derived from the BEA 2017 summary tables (see data/README.md)."""
CONCORDANCE = DATA / "concordance_demo.csv"
"""GB/T 4754-2017 divisions → the 20 sectors of :data:`IO_TABLE`."""

ENDOWMENTS = {
    "茶叶": 1.0,
    "竹木": 1.0,
    "水果": 0.8,
    "蔬菜": 0.8,
    "棉麻蚕桑": 0.6,
    "民族手工艺": 1.0,
    "劳务": 1.0,
}
"""青岚县's farm products, crafts and labour (the demo parks' descriptions name them)."""
ANCHORS = (
    ("36", "柳江汽车产业园"),
    ("38", "柳江汽车产业园"),
    ("39", "南岭电子信息产业园"),
)
"""Industries of the anchor firms of the large parks near the demo county (fictional)."""

FARM = {"01": 0.55, "02": 0.1, "03": 0.3, "04": 0.05}
MANUFACTURING = (
    "13", "14", "15", "17", "18", "19", "20", "21", "22", "24", "26", "27", "29", "30", "31",
    "33", "34", "35", "36", "38", "39", "41",
)  # fmt: skip
SERVICES = ("44", "47", "51", "52", "54", "59", "61", "62", "65", "72", "83", "84", "94")
DIVISIONS = (*FARM, *MANUFACTURING, *SERVICES)
PEERS = 80
SEED = 20190518


def peer_panel(seed: int = SEED, peers: int = PEERS) -> pd.DataFrame:
    """Synthetic peer counties (codes ``459901`` …): long ``region, industry, value``.

    Each peer has a size, a farm/manufacturing/services split and, in manufacturing, a random
    specialisation (about half its divisions absent), all drawn from ``seed``.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(peers):
        total = float(rng.lognormal(11.0, 0.5))
        farm, manu = rng.uniform(0.2, 0.6), rng.uniform(0.05, 0.35)
        serv = 1.0 - farm - manu
        parts: dict[str, float] = {d: farm * w for d, w in FARM.items()}
        m = rng.gamma(0.7, 1.0, len(MANUFACTURING)) * (rng.random(len(MANUFACTURING)) < 0.55)
        m = m / m.sum() if m.sum() > 0 else np.full(len(MANUFACTURING), 1 / len(MANUFACTURING))
        parts |= {d: manu * float(v) for d, v in zip(MANUFACTURING, m, strict=True)}
        s = rng.dirichlet(np.full(len(SERVICES), 4.0))
        parts |= {d: serv * float(v) for d, v in zip(SERVICES, s, strict=True)}
        rows += [
            {"region": f"4599{k + 1:02d}", "industry": d, "value": round(total * v, 1)}
            for d, v in parts.items()
        ]
    return pd.DataFrame(rows)


def county_employment(
    county: str, firm_jobs: Mapping[str, float], rural_working_age: int, peers: pd.DataFrame
) -> pd.DataFrame:
    """The demo county's row: firms' jobs by division, farming, services at the peers' median.

    Parameters
    ----------
    county : str
        The county code.
    firm_jobs : mapping
        GB/T 4754 division → jobs of the county's firms (latest year).
    rural_working_age : int
        Working-age rural population; half of it is taken to work in farming.
    peers : pandas.DataFrame
        From :func:`peer_panel` (its median services share is used).

    Returns
    -------
    pandas.DataFrame
        Long ``region, industry, value`` for ``county``.

    """
    farm_total = 0.5 * rural_working_age
    values = {d: farm_total * w for d, w in FARM.items()}
    values |= {d: float(v) for d, v in firm_jobs.items() if v > 0}
    wide = peers.pivot_table(index="region", columns="industry", values="value", aggfunc="sum")
    share = (wide.div(wide.sum(axis=1), axis=0))[list(SERVICES)].median()
    non_services = sum(values.values())
    serv_share = float(share.sum())
    for d in SERVICES:
        values[d] = non_services * float(share[d]) / max(1e-9, 1.0 - serv_share)
    return pd.DataFrame(
        [{"region": county, "industry": d, "value": round(v, 1)} for d, v in values.items()]
    )


def firm_jobs(demo: DemoCounty) -> dict[str, float]:
    """Jobs of the demo's firms in their latest reported year, by GB/T 4754 division."""
    latest: dict[str, int] = {}
    for r in demo.records:
        latest[r.credit_code] = max(r.year, latest.get(r.credit_code, r.year))
    division = {e.credit_code: e.industry_code[:2] for e in demo.enterprises}
    out: dict[str, float] = defaultdict(float)
    for r in demo.records:
        code = division.get(r.credit_code, "")
        if r.year == latest[r.credit_code] and code.isdigit():
            out[code] += float(r.jobs)
    return dict(out)


def employment_table(demo: DemoCounty, peers: pd.DataFrame | None = None) -> pd.DataFrame:
    """The demo's employment of all regions: the peers and the county, in the latest year.

    Returns
    -------
    pandas.DataFrame
        Long ``region, industry, value, year`` (:func:`peer_panel` and
        :func:`county_employment`; the county's working-age rural population is its working-age
        population times its rural share).

    """
    county = demo.county
    rural = county.working_age_population or county.rural_population or 0
    if county.rural_population and county.population and county.working_age_population:
        rural = int(county.working_age_population * county.rural_population / county.population)
    others = peer_panel() if peers is None else peers
    own = county_employment(county.code, firm_jobs(demo), int(rural), others)
    table = pd.concat([others, own], ignore_index=True)
    return table.assign(year=max(demo.years))


def write_targeting_files(
    demo: DemoCounty, employment: Path, io_table: Path, concordance: Path
) -> None:
    """Write the demo's employment table and copy its IO table and concordance to these paths.

    Files are replaced only when their content changes, so a repeated load keeps the page's
    cached complexity.
    """
    write_employment_csv(employment, employment_table(demo))
    copy_input_file(IO_TABLE, io_table)
    copy_input_file(CONCORDANCE, concordance)
