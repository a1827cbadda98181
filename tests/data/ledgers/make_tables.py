"""Write the statistical and command-line tables of the ledger corpus, as bureaus keep them.

Run from the repository root (``python tests/data/ledgers/make_tables.py``); the outputs are
committed beside this script and their expected outcomes are under ``tables:`` in
``expected.yaml`` (the numbers there are worked out by hand from the cells below). Workbooks
have a title row, a 序号 column, Chinese headers with units and a 合计 row; CSV files are GBK,
as Excel on Chinese Windows saves them. Codes are written as text cells (0111 keeps its zero);
the ``_bad`` files hold the cells a reader must refuse (inf, NaN, 1e400, negatives, an industry
code stored as a number).

Files
-----
census_prefecture.xlsx / census_prefecture_gbk.csv
    A prefecture statistics bureau's table of its counties' employment by industry section
    (从业人员（人）) with 常住人口（万人）, a 年份 column and a 合计 row.
census_prefecture_bad.xlsx
    The same with a negative count and ``inf``.
employment_long.xlsx
    地区代码, 行业代码 (0111, 13, C as text), 从业人员数（万人）, 年份; a 合计 row.
employment_long_gbk.csv
    地区, 行业名称 (制造业 …), 产值（万元）.
employment_long_bad.xlsx
    Bad cells: inf, NaN, 1e400, a negative count, an industry code stored as the number 111.
io_table_gbk.csv
    Miller & Blair's two-sector table (2nd ed., table 2.3) with Chinese labels: 部门, 总产出,
    居民消费, a 劳动者报酬 row and a 中间投入合计 row, below a title line.
regions_gbk.csv / regions_bad_gbk.csv
    行政区划代码, 地区名称, 常住人口, 工业增加值; the bad one has ``1e400`` and ``inf``.
projects.xlsx / matching_sites_gbk.csv
    A project ledger (项目编号, 用地需求（亩）, 用电负荷, 用工人数) and a site list
    (地块编号, 占地面积（亩）, 建筑面积（平方米）, 供电容量, 可入驻企业数) for ``microparks match``.
pairwise_gbk.csv
    An AHP judgement matrix with Chinese criteria below a title line.
declaration.xlsx / declaration_bad_gbk.csv
    An enterprise's 入园项目准入申报表 for ``microparks admission check``: 综合能耗（吨标准煤）,
    年产值（万元）, 年用电量（万千瓦时）, 化学需氧量, materials; the bad one has ``inf`` and a
    negative output.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

SECTIONS = ("农林牧渔业", "制造业", "批发和零售业", "住宿和餐饮业")
COUNTIES = (  # code, name, population (万人), jobs by section (persons)
    ("522301", "兴义市", 9.2345, (12000, 30500, 8000, 4100)),
    ("522322", "兴仁市", 4.5, (9000, 11000, 3000, 1500)),
    ("522323", "普安县", 2.8, (8000, 2500, 1200, 700)),
)


def _book(title: str, header: list[str], rows: list[list[object]], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "数据"
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _gbk(lines: list[list[object]], path: Path) -> None:
    text = "\r\n".join(",".join("" if c is None else str(c) for c in line) for line in lines)
    path.write_bytes((text + "\r\n").encode("gbk"))


def census() -> None:
    header = ["序号", "地区", "行政区划代码", "年份", "常住人口（万人）"]
    header += [f"{s}（人）" for s in SECTIONS]
    rows: list[list[object]] = [
        [k, name, code, 2020, pop, *jobs]
        for k, (code, name, pop, jobs) in enumerate(COUNTIES, start=1)
    ]
    totals = [sum(c[3][i] for c in COUNTIES) for i in range(len(SECTIONS))]
    rows.append(["", "合计", "", 2020, round(sum(c[2] for c in COUNTIES), 4), *totals])
    title = "黔西南州2020年分县分行业从业人员（人口普查长表）"
    _book(title, header, rows, HERE / "census_prefecture.xlsx")
    _gbk([[title], header, *rows], HERE / "census_prefecture_gbk.csv")
    bad = [list(r) for r in rows]
    bad[1][6] = -300  # 兴仁市 制造业
    bad[2][5] = "inf"  # 普安县 农林牧渔业
    _book(title, header, bad, HERE / "census_prefecture_bad.xlsx")


def long_tables() -> None:
    header = ["序号", "地区代码", "行业代码", "从业人员数（万人）", "年份"]
    rows: list[list[object]] = [
        [1, "522301", "0111", 0.25, 2023],
        [2, "522301", "13", 1.5, 2023],
        [3, "522322", "C", 0.8, 2023],
        ["合计", "", "", 2.55, ""],
    ]
    _book("分行业从业人员统计表", header, rows, HERE / "employment_long.xlsx")
    _gbk(
        [
            ["兴义市分行业产值"],
            ["地区", "行业名称", "产值（万元）"],
            ["522301", "制造业", "12.5"],
            ["522301", "农、林、牧、渔业", "3"],
            ["合计", "", "15.5"],
        ],
        HERE / "employment_long_gbk.csv",
    )
    bad: list[list[object]] = [
        [1, "522301", "0111", "inf", 2023],
        [2, "522301", "13", "NaN", 2023],
        [3, "522322", "C", "1e400", 2023],
        [4, "522322", "36", -2, 2023],
        [5, "522323", 111, 0.5, 2023],  # typed as a number: Excel dropped 0111's zero
    ]
    _book("分行业从业人员统计表", header, bad, HERE / "employment_long_bad.xlsx")


def io_table() -> None:
    _gbk(
        [
            ["两部门投入产出表（单位：亿元）"],
            ["部门", "农业", "工业", "总产出", "居民消费"],
            ["农业", 150, 500, 1000, 90],
            ["工业", 200, 100, 2000, 50],
            ["中间投入合计", 350, 600, "", ""],
            ["劳动者报酬", 300, 500, "", ""],
        ],
        HERE / "io_table_gbk.csv",
    )


def regions() -> None:
    header = ["行政区划代码", "地区名称", "常住人口", "工业增加值"]
    rows = [["522301", "兴义市", 92345, 350.5], ["522322", "兴仁市", 45000, "—"]]
    _gbk([["各县主要指标"], header, *rows, ["合计", "", 137345, 350.5]], HERE / "regions_gbk.csv")
    bad = [["522301", "兴义市", "1e400", 350.5], ["522322", "兴仁市", 45000, "inf"]]
    _gbk([header, *bad], HERE / "regions_bad_gbk.csv")


def matching() -> None:
    header = ["序号", "项目编号", "项目名称", "行业代码", "用地需求（亩）", "用电负荷", "用工人数"]
    rows: list[list[object]] = [
        [1, "XM001", "茶叶精制加工", "1530", 15, 300, 50],
        [2, "XM002", "竹木家具", "2110", 30, 500, 120],
        ["合计", "", "", "", 45, 800, 170],
    ]
    _book("2024年招商项目用地需求表", header, rows, HERE / "projects.xlsx")
    _gbk(
        [
            ["可供地块一览表"],
            [
                "地块编号",
                "地块名称",
                "占地面积（亩）",
                "建筑面积（平方米）",
                "供电容量",
                "可入驻企业数",
            ],
            ["DK01", "城东闲置厂房", 45, 6000, 800, 2],
            ["DK02", "原粮站仓库", 12, 0, 200, 1],
        ],
        HERE / "matching_sites_gbk.csv",
    )


def pairwise() -> None:
    _gbk(
        [
            ["判断矩阵（1-9标度）"],
            ["", "区位", "成本", "配套"],
            ["区位", 1, 3, 5],
            ["成本", "1/3", 1, 3],
            ["配套", "1/5", "1/3", 1],
        ],
        HERE / "pairwise_gbk.csv",
    )


def declarations() -> None:
    header = ["序号", "项目名称", "行业代码", "综合能耗（吨标准煤）", "年产值（万元）"]
    header += ["年用电量（万千瓦时）", "化学需氧量", "主要原辅材料"]
    row: list[object] = [1, "茶叶精制加工", "1530", 120, 5000, 30, 0.5, "茶青、包装纸"]
    _book("入园项目准入申报表", header, [row], HERE / "declaration.xlsx")
    bad = [*row[:3], "inf", -5, *row[5:]]
    _gbk([["入园项目准入申报表"], header, bad], HERE / "declaration_bad_gbk.csv")


if __name__ == "__main__":
    census()
    long_tables()
    io_table()
    regions()
    matching()
    pairwise()
    declarations()
