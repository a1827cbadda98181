"""Write the enterprise and project files of the ledger corpus, as a county keeps them.

Run from the repository root (``python tests/data/ledgers/make_firms.py``); the outputs are
committed beside this script and their expected outcomes are under ``firms:`` in
``expected.yaml``. The files have what the county's own sheets have and the platform's
template has not: a title row, a 序号 column, Chinese headers with units (万元, 亩, 平方米,
万千瓦时, 吨标准煤), a 合计 row and a 注 row; columns the platform keeps no field for (注册资本,
从业人员, 所在乡镇, 年用电量) are there too and are left out; the CSV is GBK, as Excel on Chinese
Windows saves it.

Files
-----
projects_ledger.xlsx
    The investment office's 招商项目台账: four projects with 计划总投资 in 万元 (one written as
    1.2亿元), 用地需求 in 亩, stages 洽谈中/已考察/在谈/准入审查, an industry given by its name.
projects_ledger_bad.xlsx
    The same ledger with a wrong check character, an unknown stage, 1e400 万元, -5 workers and
    a project marked 已签约 (signing goes through the signing form).
enterprises_gbk.csv
    The county's 企业名录 of four firms in GBK: an industry code with its leading zero (0131) and
    one given by name (纺织业), 大型/中型/小型/微型, 是/否.
enterprises_bad_gbk.csv
    The directory with a wrong check character, an unknown size and an unknown industry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from microparks.core.codes import calc_credit_code_check

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 3, 10, 9, 0)


def credit_code(i: int) -> str:
    """A valid code of a firm of the file: 91452999 + number + check character."""
    first = f"91452999{i:09d}"
    return first + calc_credit_code_check(first)


def wrong_check(code: str) -> str:
    """``code`` with another check character (a typing slip in the last place)."""
    return code[:17] + ("1" if code[17] != "1" else "2")


PROJECTS_TITLE = "青岚县2025年招商引资项目台账"
PROJECTS_HEADER = [
    "序号", "项目名称", "投资方", "统一社会信用代码", "所属行业", "计划总投资（万元）",
    "用地需求（亩）", "厂房需求（平方米）", "年用电量（万千瓦时）", "年综合能耗（吨标准煤）",
    "用工人数", "项目进展", "项目来源", "备注",
]  # fmt: skip
PROJECTS = [
    [1, "年产5000吨米粉加工项目", "广西桂香食品有限公司", credit_code(1), "1431", 30000, 30,
     5000, 120, 450, 120, "洽谈中", "产业转移", "佛山客商，已两次来县考察"],
    [2, "纺织服装产业园配套项目", "佛山华纺织造有限公司", None, "纺织业", "1.2亿元", 50, 12000,
     300, 980, 300, "已考察", "以商招商", None],
    [3, "竹木工艺品加工项目", "青岚县竹韵工艺品有限公司", credit_code(2), "2439", 800, 8, 2000,
     15, 40, 45, "在谈", "返乡创业", "返乡能人创业"],
    [4, "电子元器件组装项目", "深圳市鹏远电子有限公司", credit_code(3), "3919", 5000, 20, 8000,
     200, 600, 200, "准入审查", "招商会", None],
]  # fmt: skip
BAD_PROJECTS = [
    [1, "年产5000吨米粉加工项目", "广西桂香食品有限公司", wrong_check(credit_code(1)), "1431",
     30000, 30, 5000, 120, 450, 120, "洽谈中", "产业转移", None],
    [2, "纺织服装产业园配套项目", "佛山华纺织造有限公司", None, "纺织业", 12000, 50, 12000, 300,
     980, 300, "谈判破裂了", "以商招商", None],
    [3, "竹木工艺品加工项目", "青岚县竹韵工艺品有限公司", credit_code(2), "2439", "1e400", 8, 2000,
     15, 40, 45, "在谈", "返乡创业", None],
    [4, "电子元器件组装项目", "深圳市鹏远电子有限公司", credit_code(3), "3919", 5000, 20, 8000,
     200, 600, -5, "准入审查", "招商会", None],
    [5, "食用菌深加工项目", "青岚县山珍食品有限公司", credit_code(4), "1431", 1500, 10, 3000, 20,
     60, 60, "已签约", "本地创业", None],
]  # fmt: skip

FIRMS_TITLE = "青岚县企业名录（2025年3月）"
FIRMS_HEADER = [
    "序号", "统一社会信用代码", "企业名称", "行业代码", "企业规模", "是否规上", "注册资本（万元）",
    "从业人员（人）", "所在乡镇", "联系人", "联系电话", "地址",
]  # fmt: skip
FIRMS = [
    [1, credit_code(11), "青岚县恒达机械有限公司", "3419", "中型", "是", 2000, 186, "青岚镇",
     "韦志强", "0771-5551201", "青岚镇工业大道8号"],
    [2, credit_code(12), "青岚县丰收棉业专业合作社", "0131", "小型", "否", 300, 25, "六圩镇",
     "黄秀英", "13907715566", "六圩镇新街12号"],
    [3, credit_code(13), "青岚县顺发纺织厂", "纺织业", "小型", "是", 800, 96, "青岚镇", "陆明",
     "0771-5553302", "城东工业集中区"],
    [4, credit_code(14), "青岚县绿竹家居工艺店", "2439", "微型", "否", 50, 8, "那桐镇", None,
     None, "那桐镇圩亭路3号"],
]  # fmt: skip
BAD_FIRMS = [
    [1, wrong_check(credit_code(11)), "青岚县恒达机械有限公司", "3419", "中型", "是", 2000, 186,
     "青岚镇", "韦志强", "0771-5551201", "青岚镇工业大道8号"],
    [2, credit_code(12), "青岚县丰收棉业专业合作社", "0131", "超大型", "否", 300, 25, "六圩镇",
     "黄秀英", "13907715566", "六圩镇新街12号"],
    [3, credit_code(13), "青岚县顺发纺织厂", "飞船制造", "小型", "是", 800, 96, "青岚镇", "陆明",
     "0771-5553302", "城东工业集中区"],
]  # fmt: skip


def total_row(width: int, label_at: int, sums: dict[int, float]) -> list[Any]:
    """A 合计 row: the label in column ``label_at`` and the given column sums."""
    out: list[Any] = [None] * width
    out[label_at] = "合计"
    for i, value in sums.items():
        out[i] = value
    return out


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Title row, header, the rows, a 合计 row and a note row, as the bureau's sheet has them."""
    width = len(header)
    numbers = [i for i, h in enumerate(header) if "（" in h and "万元" in h]
    sums = {
        i: sum(r[i] for r in rows if isinstance(r[i], int | float) and r[i] > 0) for i in numbers
    }
    return [
        [title] + [None] * (width - 1),
        list(header),
        *[list(r) for r in rows],
        total_row(width, 1, sums),
        ["注：本表由县投资促进中心填报，金额单位为万元。"] + [None] * (width - 1),
    ]


def write_xlsx(name: str, rows: Sequence[Sequence[Any]], sheet: str = "台账") -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    book.properties.creator = "青岚县"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    # the zip entries carry the time of writing: fix it too, for the same bytes on every run
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":  # openpyxl stamps the saving time
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-03-10T09:00:00Z", data
                )
            target.writestr(fixed, data)


def write_gbk_csv(name: str, rows: Sequence[Sequence[Any]]) -> None:
    """A CSV in GBK, as Excel on Chinese Windows saves it (CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([["" if v is None else v for v in r] for r in rows])
    (HERE / name).write_bytes(buffer.getvalue().encode("gbk"))


def main() -> None:
    write_xlsx("projects_ledger.xlsx", table(PROJECTS_TITLE, PROJECTS_HEADER, PROJECTS))
    write_xlsx("projects_ledger_bad.xlsx", table(PROJECTS_TITLE, PROJECTS_HEADER, BAD_PROJECTS))
    write_gbk_csv("enterprises_gbk.csv", table(FIRMS_TITLE, FIRMS_HEADER, FIRMS))
    write_gbk_csv("enterprises_bad_gbk.csv", table(FIRMS_TITLE, FIRMS_HEADER, BAD_FIRMS))


if __name__ == "__main__":
    main()
