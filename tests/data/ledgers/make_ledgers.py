"""Write the idle-asset ledgers of the corpus: the tables a county bureau keeps, as it keeps them.

Run from the repository root (``python tests/data/ledgers/make_ledgers.py``); the outputs are
committed beside this script and their expected outcomes are under ``ledgers:`` in
``expected.yaml``. Places are fixed offsets from the demo county's seat (青岚县, 107.86°E
24.37°N), so every point lies in the demo county; nothing depends on a random draw.

Files
-----
idle_ledger.xlsx
    闲置土地和闲置厂房台账 of a natural-resources bureau: a merged title row, a line naming the
    unit, 序号, Chinese headers with 亩 and 平方米, 国有/集体, 闲置厂房/闲置土地, 闲置/部分闲置,
    经度/纬度 points (no outlines), a blank line, a 合计 row and a note.
idle_ledger_gbk.csv
    The same table as Excel on Chinese Windows saves it as CSV: GBK, title line included.
idle_ledger_bad.xlsx
    The same ledger with the mistakes a real one has: 公有 for ownership, an area of 1e15 亩,
    a year 1800, a township that does not exist, a row without location.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
TITLE = "青岚县闲置土地和闲置厂房台账（2026年）"
INFO = ["填报单位：青岚县自然资源局", "", "", "", "", "", "", "", "", "", "面积单位：亩、平方米"]
HEADER = [
    "序号", "地块编号", "地块名称", "所在乡镇", "占地面积（亩）", "建筑面积（平方米）",
    "土地性质", "资产类型", "房屋状况", "利用状态", "建成年份", "经度", "纬度", "备注",
]  # fmt: skip
ROWS = [
    [1, "QL-XZ-001", "城东坡心村闲置建设用地", "青岚镇", 18.5, 0, "集体土地", "闲置土地",
     "空地", "闲置", "", 107.881, 24.377, ""],
    [2, "QL-XZ-002", "原县农机厂厂房", "青岚镇", 12, 4800, "国有", "闲置厂房", "一般",
     "部分闲置", 1996, 107.872, 24.380, "屋面需翻修"],
    [3, "QL-XZ-003", "长洲镇原糖厂地块", "长洲镇", 36.2, 0, "国有建设用地", "批而未供",
     "净地", "闲置", "", 107.98, 24.46, ""],
    [4, "QL-XZ-004", "六圩镇原粮站仓库", "六圩", 6.8, 2100, "国有", "空置厂房", "较差",
     "低效", 1988, 107.765, 24.314, "产权清晰"],
    [5, "QL-XZ-005", "原乡镇企业纺织车间", "长洲镇", 9, 3600, "集体", "旧厂房", "良好", "空置",
     2003, 107.975, 24.465, ""],
]  # fmt: skip
TOTAL = ["合计", "", "", "", 82.5, 10500]
NOTE = ["注：面积以不动产登记为准；坐标为CGCS2000经纬度。"]


def ledger_rows(rows: list[list[object]]) -> list[list[object]]:
    """The sheet's lines from the top: title, unit line, header, rows, blank, total, note."""
    return [[TITLE], INFO, HEADER, *rows, [], TOTAL, NOTE]


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "闲置资产台账"
    for line in ledger_rows(rows):
        sheet.append(line)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    book.save(path)


def write_gbk_csv(path: Path, rows: list[list[object]]) -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(ledger_rows(rows))
    path.write_bytes(text.getvalue().encode("gbk"))


def bad_rows() -> list[list[object]]:
    rows = [list(r) for r in ROWS]
    rows[0][6] = "公有"  # row 4: not an ownership word
    rows[1][4] = "1e15"  # row 5: an area no site has
    rows[2][10] = 1800  # row 6: before 1949
    rows[3][3] = "龙潭镇"  # row 7: no such township in the county
    rows[4][11] = rows[4][12] = ""  # row 8: no location at all
    return rows


def main() -> None:
    write_xlsx(HERE / "idle_ledger.xlsx", ROWS)
    write_gbk_csv(HERE / "idle_ledger_gbk.csv", ROWS)
    write_xlsx(HERE / "idle_ledger_bad.xlsx", bad_rows())


if __name__ == "__main__":
    main()
