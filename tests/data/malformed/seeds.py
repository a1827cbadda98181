"""The good inputs that ``make_malformed.py`` spoils, one per command and file option.

Each :class:`Target` names a command line (``{file}`` is the spoiled file, ``{out}`` a path in
the test's temporary folder, ``{good:NAME}`` a companion file in ``good/``) and the seed's
columns that the mutations aim at: a non-negative number, a code with leading zeros, a free
text cell and a year.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """A command and one of its file options, with the seed it reads correctly."""

    name: str
    command: tuple[str, ...]
    seed: str
    number: str = ""
    code: str = ""
    text: str = ""
    year: str = ""
    area: bool = False
    """The number is an area (a negative, 1e308 or > 10 km² area is refused)."""
    excel: bool = True
    """The option also takes a workbook (the Excel mutations apply)."""
    database: bool = False
    kinds: tuple[str, ...] = field(default=())
    """Extra mutation families besides the CSV ones."""


PROSPECTS = """id,industry,land_area_min_m2,floor_area_min_m2,power_kva,jobs_needed
P1,C1311,1000,0,300,50
P2,C1711,500,800,100,20
P3,C3011,0,0,5000,10
"""
SITES = (
    "id,capacity,land_area_m2,floor_area_m2,power_capacity_kva,labour_pool,"
    "allowed_industries,suitability\n"
    """S1,1,2000,0,500,100,C13,0.8
S2,2,3000,2000,400,300,,0.6
"""
)
PAIRWISE = """criterion,land,power,labour
land,1,2,6
power,1/2,1,3
labour,1/6,1/3,1
"""
MATRIX = """aircraft,speed,range,payload,cost,reliability,manoeuvrability
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""
RECORDS_HEADER = (
    "credit_code,name,above_size,land_m2,tax_cny,value_added_cny,revenue_cny,jobs,"
    "energy_tce,electricity_kwh,rd_cny,cod_t"
)
RECORDS = (
    RECORDS_HEADER
    + "\n"
    + "".join(
        f"{code},firm {i},1,20000,{9_000_000 * i},30000000,40000000,150,1000,2000000,1200000,0.6\n"
        for i, code in enumerate(
            ("91330100000000001C", "91330100000000002F", "91330100000000003J"), start=1
        )
    )
)
IO_TABLE = """sector,agri,manuf,total_output,household_consumption
agri,150,500,1000,90
manuf,200,100,2000,50
labour_income,300,500,,
employment,10,30,,
taxes,20,40,,
"""
TENANTS = """name,industry_code,output,jobs,wages,tax
mill,1311,100,20,30,5
weaver,1711,200,40,60,8
"""
CONCORDANCE = """code,sector
13,agri
17,manuf
"""
PROGRAMME = """year,cost_land,cost_rent_support,tax,jobs
2020,100,0,0,0
2021,0,20,40,50
2022,0,20,60,100
2023,0,0,80,120
"""
REGIONS = """region,name,province,rural_share,ageing,lq_c,people
001,A,P1,0.8,0.10,1.0,100
002,B,P1,0.2,0.20,3.0,200
003,C,P2,0.5,0.15,2.0,50
004,D,P2,0.6,,1.0,80
"""
REGION_SCHEME = """name: t
version: "1"
indicators:
  rural_share: {weight: 2, direction: benefit}
  ageing: {weight: 1, direction: cost}
  lq_c: {weight: 1, direction: benefit}
peers:
  indicators: [rural_share, lq_c]
"""
OUTCOMES = """region,parks,jobs
001,5,3000
"""


def _long_table(year: int, scale: float) -> str:
    """A small region × industry panel (codes with leading zeros), deterministic."""
    lines = ["year,region,industry,value"]
    for r in range(12):
        for i in range(6):
            value = round(((r * 7 + i * 13) % 17 + 1) * (1 + (r % 3 == i % 3) * 4) * scale, 1)
            lines.append(f"{year},{r + 1:06d},{13 + i:02d},{value}")
    return "\n".join(lines) + "\n"


LONG_2019 = _long_table(2019, 10.0)
LONG_2023 = _long_table(2023, 12.5)
DECLARATION = """序号,项目名称,行业代码,综合能耗（吨标准煤）,年用电量（万千瓦时）,年产值（万元）
1,定制家具项目,2110,150,80,3000
"""
LEDGER = (
    "序号,地块编号,地块名称,所在乡镇,占地面积（亩）,建筑面积（平方米）,土地性质,资产类型,"
    "建成年份,经度,纬度\n"
    """1,QL-XZ-001,城东坡心村闲置建设用地,青岚镇,18.5,0,集体土地,闲置土地,,107.881,24.377
2,QL-XZ-002,原县农机厂厂房,青岚镇,12,4800,国有,闲置厂房,1996,107.872,24.38
"""
)
MATCHING_WEIGHTS = "weights: {rent: 0.3}\n"

TARGETS: tuple[Target, ...] = (
    Target(
        "match_prospects",
        ("match", "--prospects", "{file}", "--sites", "{good:sites.csv}", "--out", "{out}.csv"),
        PROSPECTS,
        number="power_kva",
        text="id",
    ),
    Target(
        "match_sites",
        ("match", "--prospects", "{good:prospects.csv}", "--sites", "{file}", "--out", "{out}.csv"),
        SITES,
        number="land_area_m2",
        text="id",
        area=True,
    ),
    Target(
        "mcda_weights",
        ("mcda", "weights", "--pairwise", "{file}"),
        PAIRWISE,
        number="land",
        excel=False,
    ),
    Target(
        "mcda_rank",
        (
            "mcda",
            "rank",
            "--matrix",
            "{file}",
            "--weights",
            "0.2,0.1,0.1,0.1,0.2,0.3",
            "--types",
            "benefit,benefit,benefit,cost,benefit,benefit",
        ),
        MATRIX,
        number="range",
        text="aircraft",
        excel=False,
    ),
    Target(
        "evaluate_records",
        (
            "evaluate",
            "--records",
            "{file}",
            "--scheme",
            "huangyan",
            "--year",
            "2022",
            "--out",
            "{out}.csv",
        ),
        RECORDS,
        number="land_m2",
        text="name",
        area=True,
    ),
    Target(
        "impact_io",
        ("impact", "multipliers", "--io", "{file}", "--out", "{out}.csv"),
        IO_TABLE,
        number="agri",
    ),
    Target(
        "impact_tenants",
        (
            "impact",
            "park",
            "--io",
            "{good:io.csv}",
            "--tenants",
            "{file}",
            "--concordance",
            "{good:concordance.csv}",
            "--draws",
            "50",
        ),
        TENANTS,
        number="output",
        code="industry_code",
        text="name",
    ),
    Target(
        "impact_concordance",
        (
            "impact",
            "park",
            "--io",
            "{good:io.csv}",
            "--tenants",
            "{good:tenants.csv}",
            "--concordance",
            "{file}",
            "--draws",
            "50",
        ),
        CONCORDANCE,
        code="code",
    ),
    Target(
        "impact_programme",
        ("impact", "cost-benefit", "--programme", "{file}"),
        PROGRAMME,
        number="cost_land",
        year="year",
    ),
    Target(
        "replicate_regions",
        (
            "replicate",
            "rank",
            "--regions",
            "{file}",
            "--scheme",
            "{good:scheme.yaml}",
            "--out",
            "{out}.csv",
        ),
        REGIONS,
        number="rural_share",
        code="region",
        text="name",
    ),
    Target(
        "replicate_outcomes",
        (
            "replicate",
            "scenario",
            "--regions",
            "{good:regions.csv}",
            "--region",
            "002",
            "--outcomes",
            "{file}",
            "--scale",
            "people",
            "--scheme",
            "{good:scheme.yaml}",
        ),
        OUTCOMES,
        number="jobs",
        code="region",
        excel=False,
    ),
    Target(
        "targeting_complexity",
        ("targeting", "complexity", "--input", "{file}", "--out", "{out}.csv"),
        LONG_2019,
        number="value",
        code="region",
        year="year",
    ),
    Target(
        "targeting_shift_share",
        (
            "targeting",
            "shift-share",
            "--start",
            "{file}",
            "--end",
            "{good:long_2023.csv}",
            "--region",
            "000001",
        ),
        LONG_2019,
        number="value",
        code="industry",
        year="year",
    ),
    Target(
        "admission_declaration",
        ("admission", "check", "--enterprise", "{file}"),
        DECLARATION,
        number="综合能耗（吨标准煤）",
        code="行业代码",
        text="项目名称",
    ),
    Target(
        "sites_import",
        ("sites", "import", "{file}", "--region", "452999"),
        LEDGER,
        number="占地面积（亩）",
        text="地块名称",
        year="建成年份",
        area=True,
        database=True,
    ),
)

GOOD_FILES = {
    "sites.csv": SITES,
    "prospects.csv": PROSPECTS,
    "io.csv": IO_TABLE,
    "tenants.csv": TENANTS,
    "concordance.csv": CONCORDANCE,
    "scheme.yaml": REGION_SCHEME,
    "regions.csv": REGIONS,
    "long_2023.csv": LONG_2023,
}
