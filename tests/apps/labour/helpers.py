"""A 人社-shaped register for the labour tests, built with openpyxl."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

HEADER = [
    "序号",
    "乡镇",
    "村",
    "劳动力人数（人）",
    "外出务工人数（人）",
    "在家可就业人数（人）",
    "脱贫劳动力（人）",
    "监测对象（人）",
    "16-30岁",
    "31-45岁",
    "46-60岁",
    "60岁以上",
    "主要技能",
]
ROWS: list[list[Any]] = [
    [1, "home town", "东村", 500, 300, 120, 80, 5, 100, 150, 200, 50, "缝纫、电焊"],
    [2, None, "西村", 400, 200, 150, 60, 4, 80, 120, 150, 50, "种植"],
    [3, "青岚", "南村", 300, 150, 100, 40, 3, 60, 90, 100, 50, None],
    ["合计", None, None, 1200, 650, 370, 180, 12, 240, 360, 450, 150, None],
]
"""Two villages of ``home town`` (its cell merged), one of 青岚镇 (written without 镇), 合计."""


def register_bytes(
    rows: list[list[Any]] | None = None, title: str = "2026", header: list[str] | None = None
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"home county{title}年农村劳动力资源登记汇总表"])
    sheet.merge_cells("A1:M1")
    sheet.append(HEADER if header is None else header)
    for row in ROWS if rows is None else rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
