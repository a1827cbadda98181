"""The demo county's rural labour register (农村劳动力资源登记表), imported as a county would.

A GBK CSV in the 人社 bureau's shape — a title row, 序号, Chinese headers with units, villages
under their townships, a 合计 row — is generated from the townships' rural population and
imported through :func:`~microparks.apps.labour.services.import_pool`, the very path of an
upload, as version 1 of the year of the demo's last annual records.

Deterministic (a seeded generator per township, no clock): the same seed gives the same bytes,
so a reload finds the file's SHA-256 already imported and writes nothing.
"""

from __future__ import annotations

import hashlib
import random

from microparks.apps.labour.models import PoolVersion
from microparks.apps.labour.services import import_pool
from microparks.apps.regions.models import Region
from microparks.demo.model import DemoCounty

VILLAGE_NAMES = (
    "东坪", "西岭", "南山", "北岸", "石桥", "龙井", "青竹", "白沙", "黄泥", "枫木",
    "上寨", "下寨", "新田", "长塘", "古榕", "清水", "大坡", "小河", "高岩", "松林",
)  # fmt: skip
"""Village names (…村) the demo draws from, per township."""
HEADER = (
    "序号,乡镇,村,劳动力人数（人）,外出务工人数（人）,在家可就业人数（人）,脱贫劳动力（人）,"
    "监测对象（人）,16-30岁,31-45岁,46-60岁,60岁以上,主要技能"
)
SKILLS = ("种植", "养殖", "缝纫", "电焊", "建筑", "电子装配", "竹编", "厨师", "驾驶", "家政")
LABOUR_SHARE = 0.62
"""Share of the rural population in the labour force (16 and over, able to work)."""


def demo_register(demo: DemoCounty) -> tuple[str, bytes]:
    """The demo county's register: its file name and GBK bytes."""
    year = demo.years[-1]
    lines = [f"{demo.county.name}{year}年农村劳动力资源登记汇总表", HEADER]
    totals = [0] * 9
    number = 0
    for township in demo.townships:
        rng = random.Random(f"{demo.seed}-{township.code}")
        names = rng.sample(VILLAGE_NAMES, rng.randint(4, 6))
        weights = [rng.uniform(0.6, 1.4) for _ in names]
        labour_all = township.rural_population * LABOUR_SHARE
        for name, weight in zip(names, weights, strict=True):
            labour = round(labour_all * weight / sum(weights))
            away = round(labour * rng.uniform(0.50, 0.60))
            home = round(labour * rng.uniform(0.14, 0.22))
            poor = round(labour * rng.uniform(0.08, 0.16))
            watched = round(labour * rng.uniform(0.004, 0.012))
            young = round(labour * rng.uniform(0.20, 0.26))
            middle = round(labour * rng.uniform(0.30, 0.35))
            older = round(labour * rng.uniform(0.30, 0.34))
            old = labour - young - middle - older
            figures = [labour, away, home, poor, watched, young, middle, older, old]
            totals = [t + f for t, f in zip(totals, figures, strict=True)]
            number += 1
            skills = "、".join(rng.sample(SKILLS, 2))
            cells = [str(number), township.name, f"{name}村", *map(str, figures), skills]
            lines.append(",".join(cells))
    lines.append(",".join(["合计", "", "", *map(str, totals), ""]))
    name = f"{demo.county.name}{year}年农村劳动力资源登记汇总表.csv"
    return name, ("\r\n".join(lines) + "\r\n").encode("gbk")


def load_demo_labour(demo: DemoCounty) -> int:
    """Import the demo register unless this very file is imported already; rows written."""
    name, data = demo_register(demo)
    county = Region.objects.get(code=demo.county.code)
    digest = hashlib.sha256(data).hexdigest()
    if PoolVersion.objects.filter(region=county, sha256=digest).exists():
        return 0
    return import_pool(data, county, demo.years[-1], None, file_name=name).created_count
