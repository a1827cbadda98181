"""Write the evaluation and impact files of the ledger corpus: tables as county bureaus keep them.

Run from the repository root (``python tests/data/ledgers/make_evaluation.py``); the outputs are
committed beside this script and their expected outcomes (values in base units, worked out by
hand) are under ``evaluation:`` in ``expected.yaml``. Every file has what a bureau's own sheet
has and the platform's template has not: a title row above the header, a 序号 column, Chinese
headers with their units (万元, 亩, 万千瓦时, 吨标准煤), a 合计 row and often a 注 row; the CSV
forms are GBK, as Excel on Chinese Windows saves them. The credit codes are those of the test
tenants (``tests/apps/evaluation/helpers.credit_code``: 91450100 + number + check character).

Files
-----
records_county.xlsx / records_county_gbk.csv
    The county's 亩均 data sheet of three firms (the industry bureau's 2024 evaluation sheet).
records_bad_gbk.csv
    The same sheet with a negative tax, 1e400 kWh, NaN revenue, 16 000 亩 of land (> 10 km²),
    inf employees and an unknown 是否规上 value.
tax_bureau.xlsx / power_company_gbk.csv / power_bad_gbk.csv
    The tax bureau's 实缴税金 (万元) and the power company's 用电量 (万千瓦时) per firm.
spending_county.xlsx / spending_county_gbk.csv / spending_bad_gbk.csv
    The programme's 资金支出台账 in 万元, with category synonyms (土地平整, 厂房修缮, 租金补贴).
tenants_county.xlsx / programme_county_gbk.csv
    A park's tenants (工业总产值, 从业人员平均人数, 工资总额, 实缴税金 in 万元) and a programme's
    cost–benefit table by year, for ``microparks impact``.
region_values_gbk.csv
    Idle land (亩) and vacant floor area (m²) of two counties, for ``replicate --idle-land``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from microparks.core.codes import calc_credit_code_check

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 3, 10, 9, 0)


def credit_code(i: int) -> str:
    """The credit code of test tenant ``i`` (as tests/apps/evaluation/helpers.py makes it)."""
    first = f"91450100{i:09d}"
    return first + calc_credit_code_check(first)


RECORDS_HEADER = [
    "序号", "统一社会信用代码", "企业名称", "是否规上", "用地面积（亩）", "实缴税金（万元）",
    "工业增加值（万元）", "营业收入（万元）", "年平均职工人数", "综合能耗（吨标准煤）",
    "用电量（万千瓦时）", "研发经费（万元）", "化学需氧量（吨）", "氨氮（吨）", "二氧化硫（吨）",
    "氮氧化物（吨）",
]  # fmt: skip
RECORDS = [
    [1, credit_code(1), "青岚县恒达机械有限公司", "是", 15, 120.5, 850, 3200, 86, 420.5, 95.2,
     96, 0.85, 0.12, 0.3, 0.45],
    [2, credit_code(2), "青岚县绿源食品有限公司", "否", 7.5, 18, 260, 900, 45, 65, 22.8,
     None, None, None, None, None],
    [3, credit_code(3), "青岚县顺发纺织厂", "规上", 30, 45.6, 1020, 4100.75, 210, 1350, 310,
     12.3, 2.1, 0.3, 1.2, 1.6],
]  # fmt: skip
RECORDS_TITLE = ["2024年度青岚县工业企业亩均效益评价数据表"]
RECORDS_FILED = ["填报单位：青岚县工业和信息化局", "", "", "", "填报日期：2025年3月10日"]
NOTE = ["注：金额单位为万元，用地面积单位为亩，用电量单位为万千瓦时。"]

BAD_RECORDS = [
    [1, credit_code(1), "恒达机械", "是", 15, -12, 850, 3200, 86, 420.5, 95.2],
    [2, credit_code(2), "绿源食品", "否", 7.5, 18, 260, 900, 32, 65, "1e400"],
    [3, credit_code(3), "顺发纺织", "是", 30, 45.6, 1020, "NaN", 210, 1350, 310],
    [4, credit_code(4), "宏图建材", "是", 16000, 30, 500, 1800, 60, 900, 150],
    [5, credit_code(5), "青山竹木", "否", 5, 3.2, 80, 260, "inf", 20, 8.5],
    [6, credit_code(6), "长洲米业", "不确定", 6, 2.5, 60, 300, 25, 30, 10],
]

TAX_HEADER = ["序号", "纳税人识别号", "纳税人名称", "所属年度", "实缴税金（万元）"]
TAX = [
    [1, credit_code(1), "青岚县恒达机械有限公司", 2024, 120.5],
    [2, credit_code(2), "青岚县绿源食品有限公司", 2024, 18],
    [3, credit_code(3), "青岚县顺发纺织厂", 2024, 45.6],
]
POWER_HEADER = ["序号", "户号", "用电单位", "统一社会信用代码", "年度", "用电量（万千瓦时）"]
POWER = [
    [1, "0601001234", "青岚县恒达机械有限公司", credit_code(1), 2024, 95.2],
    [2, "0601005678", "青岚县绿源食品有限公司", credit_code(2), 2024, 22.8],
    [3, "0601009012", "青岚县顺发纺织厂", credit_code(3), 2024, 310],
]
BAD_POWER = [
    [1, "0601001234", "恒达机械", credit_code(1), 2024, -95.2],
    [2, "0601005678", "绿源食品", credit_code(2), 2024, "1e400"],
    [3, "0601009012", "顺发纺织", credit_code(3), 2024, "NaN"],
    [4, "0601003456", "宏图建材", credit_code(4), 1899, 12],
    [5, "0601007890", "青山竹木", "91450100ABC", 2024, 8],
]

SPENDING_HEADER = ["序号", "年度", "项目类别", "金额（万元）", "园区编码", "依据文件", "备注"]
SPENDING = [
    [1, 2022, "土地平整", 120, None, "青政办〔2022〕15号", "城东地块"],
    [2, 2023, "厂房修缮", 85.5, None, "青财建〔2023〕8号", "原农机厂厂房"],
    [3, 2024, "租金补贴", 12.35, None, "青工信〔2024〕3号", "首年租金减半"],
]
BAD_SPENDING = [
    [1, 2023, "厂房修缮", "inf", None, "青财建〔2023〕8号", ""],
    [2, 2023, "租金补贴", "1e400", None, "青工信〔2023〕5号", ""],
    [3, 2023, "园区服务", "NaN", None, "青工信〔2023〕6号", ""],
    [4, 2024, "企业补贴", -5, None, "青工信〔2024〕1号", ""],
    [5, 2150, "其他", 3, None, "青财〔2150〕1号", ""],
    [6, 2024, "招待费", 1, None, "无", ""],
]

TENANTS_HEADER = [
    "序号", "企业名称", "行业代码", "工业总产值（万元）", "从业人员平均人数", "工资总额（万元）",
    "实缴税金（万元）",
]  # fmt: skip
TENANTS = [
    [1, "青岚县绿源食品有限公司", "1311", 100, 20, 30, 5],
    [2, "青岚县顺发纺织厂", "1711", 200, 40, 60, 8],
]
PROGRAMME_HEADER = ["年度", "土地整理（万元）", "租金补助（万元）", "税收（万元）", "就业人数"]
PROGRAMME = [
    [2020, 100, 0, 0, 0],
    [2021, 0, 20, 40, 50],
    [2022, 0, 20, 60, 100],
    [2023, 0, 0, 80, 120],
]
REGION_HEADER = ["序号", "地区代码", "地区名称", "闲置土地面积（亩）", "闲置厂房面积（平方米）"]
REGIONS = [
    [1, "451021", "青岚县", 150, 12000],
    [2, "451022", "长洲县", 120.5, 0],
]


def total_row(header: Sequence[str], rows: Sequence[Sequence[Any]], label_at: int) -> list[Any]:
    """A 合计 row: the label in column ``label_at``, the sum of every column of amounts."""
    out: list[Any] = [None] * len(header)
    out[label_at] = "合计"
    for i, name in enumerate(header):
        if "（" in name and all(isinstance(r[i], int | float) for r in rows if r[i] is not None):
            out[i] = round(sum(r[i] for r in rows if r[i] is not None), 4)
    return out


def write_xlsx(name: str, rows: Sequence[Sequence[Any]], sheet: str = "Sheet1") -> None:
    """A workbook with one sheet of ``rows`` (``None`` a blank cell)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    book.properties.creator = "青岚县"
    book.properties.created = book.properties.modified = FIXED_TIME  # same bytes on every run
    book.save(HERE / name)


def write_gbk_csv(name: str, rows: Sequence[Sequence[Any]]) -> None:
    """A CSV in GBK, as Excel on Chinese Windows saves it (CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    (HERE / name).write_bytes(buffer.getvalue().encode("gbk"))


def main() -> None:
    """Write every file of the evaluation part of the corpus."""
    records = [
        RECORDS_TITLE,
        RECORDS_FILED,
        RECORDS_HEADER,
        *RECORDS,
        total_row(RECORDS_HEADER, RECORDS, 1),
        NOTE,
    ]
    write_xlsx("records_county.xlsx", records, "亩均效益评价")
    write_gbk_csv("records_county_gbk.csv", records)
    write_gbk_csv("records_bad_gbk.csv", [RECORDS_TITLE, RECORDS_HEADER[:11], *BAD_RECORDS])
    tax_title = ["国家税务总局青岚县税务局 2024年度重点企业实缴税金明细表"]
    write_xlsx("tax_bureau.xlsx", [tax_title, TAX_HEADER, *TAX, total_row(TAX_HEADER, TAX, 1)])
    power_title = ["广西电网有限责任公司青岚供电局 2024年度工业企业用电量统计"]
    power = [power_title, POWER_HEADER, *POWER, total_row(POWER_HEADER, POWER, 1)]
    write_gbk_csv("power_company_gbk.csv", power)
    write_gbk_csv("power_bad_gbk.csv", [power_title, POWER_HEADER, *BAD_POWER])
    spending_title = ["青岚县微园区建设项目资金支出台账（2022—2024年）"]
    spending = [
        spending_title,
        SPENDING_HEADER,
        *SPENDING,
        total_row(SPENDING_HEADER, SPENDING, 1),
    ]
    write_xlsx("spending_county.xlsx", spending, "资金台账")
    write_gbk_csv("spending_county_gbk.csv", spending)
    write_gbk_csv("spending_bad_gbk.csv", [spending_title, SPENDING_HEADER, *BAD_SPENDING])
    tenants_title = ["青岚县微园区入园企业2024年经营情况表"]
    write_xlsx(
        "tenants_county.xlsx",
        [tenants_title, TENANTS_HEADER, *TENANTS, total_row(TENANTS_HEADER, TENANTS, 1)],
    )
    write_gbk_csv(
        "programme_county_gbk.csv",
        [
            ["青岚县微园区项目成本收益测算表"],
            PROGRAMME_HEADER,
            *PROGRAMME,
            total_row(PROGRAMME_HEADER, PROGRAMME, 0),
        ],
    )
    write_gbk_csv(
        "region_values_gbk.csv",
        [["2024年各县闲置土地和闲置厂房情况"], REGION_HEADER, *REGIONS,
         total_row(REGION_HEADER, REGIONS, 1)],
    )  # fmt: skip


if __name__ == "__main__":
    main()
