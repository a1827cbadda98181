"""How ``make_malformed.py`` spoils a seed: each mutation gives the file's bytes and the outcome.

A mutation returns ``(bytes, outcome, reason)``: ``outcome`` is ``refused`` or ``accepted``
and ``reason`` a piece of the refusal (in English, the commands run with ``--lang en`` where
they have it) that names the problem; ``None`` when the mutation does not apply to the seed.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable

from seeds import Target

Result = tuple[bytes, str, str] | None
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    + struct.pack(">I", zlib.crc32(b"IHDR"))
    + b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
"""The signature of an old binary .xls (or .doc) followed by nothing readable."""
INJECTION = "=cmd|' /C calc'!A0"


def rows(seed: str) -> list[list[str]]:
    return [line.split(",") for line in seed.strip("\n").split("\n")]


def join(table: list[list[str]]) -> str:
    return "\n".join(",".join(r) for r in table) + "\n"


def set_cell(seed: str, column: str, value: str, row: int = 1) -> str | None:
    """The seed with ``column`` of data row ``row`` (1 = first below the header) set to value."""
    table = rows(seed)
    if not column or column not in table[0]:
        return None
    table[row][table[0].index(column)] = value
    return join(table)


def utf8(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")


def cell(value: str, outcome: str, reason: str, what: str = "number") -> Callable[[Target], Result]:
    def mutate(t: Target) -> Result:
        column = getattr(t, what)
        data = utf8(set_cell(t.seed, column, value))
        return None if data is None else (data, outcome, reason.format(value=value, column=column))

    return mutate


def whole(data: bytes, outcome: str = "refused", reason: str = "") -> Callable[[Target], Result]:
    return lambda t: (data, outcome, reason)


def _header_only(t: Target) -> Result:
    return (t.seed.split("\n")[0] + "\n").encode(), "refused", ""


def _duplicated_header(t: Target) -> Result:
    table = rows(t.seed)
    table[0][-1] = table[0][0]
    return join(table).encode(), "either", ""


def _missing_column(t: Target) -> Result:
    table = rows(t.seed)
    column = t.number or t.code or table[0][1]
    k = table[0].index(column)
    return join([r[:k] + r[k + 1 :] for r in table]).encode(), "either", ""


def _title_rows_only(t: Target) -> Result:
    return "某县统计局\n表一：情况表（2024年）\n".encode(), "refused", ""


def _truncated(t: Target) -> Result:
    data = t.seed.encode()
    cut = data[: len(data) * 2 // 3]
    return cut.rstrip(b"\n0123456789.")[:-1], "either", ""


def _ragged(t: Target) -> Result:
    table = rows(t.seed)
    table[1] = table[1] + ["extra", "cells"]
    return join(table).encode(), "either", ""


def _utf16(t: Target) -> Result:
    return t.seed.encode("utf-16"), "either", ""


def _gbk(t: Target) -> Result:
    return t.seed.encode("gbk"), "accepted", ""


def _bom(t: Target) -> Result:
    return b"\xef\xbb\xbf" + t.seed.encode(), "accepted", ""


def _invalid_utf8(t: Target) -> Result:
    column = t.text or t.code
    text = set_cell(t.seed, column, "X\udcff\udcfeY") if column else None
    if text is None:
        return None
    return text.encode("utf-8", "surrogateescape"), "either", ""


def _nul(t: Target) -> Result:
    data = t.seed.encode()
    return data[:-4] + b"\x00\x00" + data[-4:], "either", ""


def _wide(t: Target) -> Result:
    table = rows(t.seed)
    if len(table) > 6 or t.name.startswith("replicate"):
        return None  # small but wide: the short seeds; replicate's reader takes > 20 s (a gap)
    extra = 5_000
    table[0] += [f"c{i}" for i in range(extra)]
    for r in table[1:]:
        r += [""] * extra
    return join(table).encode(), "either", ""


def _long_cell(t: Target) -> Result:
    column = t.text or t.code
    text = set_cell(t.seed, column, "长" * 10_000) if column else None
    return None if text is None else (text.encode(), "either", "")


def _lost_zeros(t: Target) -> Result:
    if not t.code:
        return None
    table = rows(t.seed)
    k = table[0].index(t.code)
    if not table[1][k].startswith("0"):
        return None
    for r in table[1:]:
        r[k] = r[k].lstrip("0") or "0"
    return join(table).encode(), "either", ""


def _year(value: str) -> Callable[[Target], Result]:
    def mutate(t: Target) -> Result:
        data = utf8(set_cell(t.seed, t.year, value))
        return None if data is None else (data, "refused", value)

    return mutate


def _total_row_only(t: Target) -> Result:
    header = t.seed.split("\n")[0]
    cells = ["合计"] + [""] * (header.count(","))
    return (header + "\n" + ",".join(cells) + "\n").encode(), "refused", ""


def _zip_of(t: Target) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("table.csv", date_time=(2024, 1, 1, 0, 0, 0)), t.seed)
    return buffer.getvalue()


CSV_MUTATIONS: dict[str, Callable[[Target], Result]] = {
    "empty": whole(b""),
    "blank_lines": whole(b"\n\n\n"),
    "png": whole(PNG),
    "binary": whole(bytes(range(256)) * 4),
    "zip": lambda t: (_zip_of(t), "refused", ""),
    "ole": whole(OLE),
    "utf16": _utf16,
    "gbk": _gbk,
    "bom": _bom,
    "invalid_utf8": _invalid_utf8,
    "nul_bytes": _nul,
    "title_rows_only": _title_rows_only,
    "header_only": _header_only,
    "total_row_only": _total_row_only,
    "duplicated_header": _duplicated_header,
    "missing_column": _missing_column,
    "truncated": _truncated,
    "ragged_row": _ragged,
    "huge_1e308": cell("1e308", "either", ""),
    "overflow_1e400": cell("1e400", "refused", "1e400"),
    "inf": cell("inf", "refused", "inf"),
    "minus_inf": cell("-Infinity", "refused", "-Infinity"),
    "nan": cell("NaN", "refused", "NaN"),
    "negative": cell("-5", "either", ""),
    "not_a_number": cell("很多", "refused", "很多"),
    "excel_error": cell("#REF!", "refused", "#REF!"),
    "injection_number": cell(INJECTION, "refused", "{column}"),
    "injection_text": cell(INJECTION, "accepted", "", what="text"),
    "long_cell": _long_cell,
    "wide": _wide,
    "lost_leading_zeros": _lost_zeros,
    "year_2150": _year("2150"),
    "year_1066": _year("1066"),
}


def _workbook(rows_: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for r in rows_:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same workbook bytes on every run: entries rewritten with a fixed date."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            out.writestr(fixed, data)
    return buffer.getvalue()


def _typed(value: str) -> object:
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


def seed_workbook(t: Target, change: dict[str, object] | None = None) -> bytes:
    table: list[list[object]] = [list(rows(t.seed)[0])]
    for r in rows(t.seed)[1:]:
        table.append([_typed(c) if k == t.number else c for k, c in zip(table[0], r, strict=False)])
    for column, value in (change or {}).items():
        table[1][table[0].index(column)] = value
    return _workbook(table)


def zip_bomb(inner_name: str, megabytes: int = 16) -> bytes:
    """A small archive whose entry expands to ``megabytes`` MB of zeros (ratio about 1000)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo(inner_name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as entry:
            block = bytes(1 << 20)
            for _ in range(megabytes):
                entry.write(block)
    return buffer.getvalue()


@functools.cache
def xlsx_bomb() -> bytes:
    """A workbook whose sheet expands to 16 MB (zeros): never to be read in full."""
    good = zipfile.ZipFile(io.BytesIO(_workbook([["a"], [1]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in good.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
                out.writestr(fixed, good.read(info.filename), zipfile.ZIP_DEFLATED)
    bomb = zipfile.ZipFile(io.BytesIO(zip_bomb("xl/worksheets/sheet1.xml")))
    with zipfile.ZipFile(buffer, "a") as out:
        info = bomb.infolist()[0]
        with bomb.open(info) as src, out.open(info, "w", force_zip64=True) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    return buffer.getvalue()


def _corrupt_zip(t: Target) -> Result:
    data = bytearray(seed_workbook(t))
    for i in range(200, min(len(data) - 200, 2000), 7):
        data[i] ^= 0x5A
    return bytes(data), "either", ""  # may hit only docProps


def _missing_parts(t: Target) -> Result:
    good = zipfile.ZipFile(io.BytesIO(seed_workbook(t)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        info = zipfile.ZipInfo("[Content_Types].xml", date_time=(2024, 1, 1, 0, 0, 0))
        out.writestr(info, good.read("[Content_Types].xml"))
    return buffer.getvalue(), "refused", ""


def _xlsx_cell(value: object, outcome: str, reason: str) -> Callable[[Target], Result]:
    def mutate(t: Target) -> Result:
        if not t.number:
            return None
        return seed_workbook(t, {t.number: value}), outcome, reason.format(column=t.number)

    return mutate


XLSX_MUTATIONS: dict[str, Callable[[Target], Result]] = {
    "text_named_xlsx": whole("这不是一个工作簿\n".encode()),
    "csv_named_xlsx": lambda t: (t.seed.encode(), "either", ""),
    "png_named_xlsx": whole(PNG),
    "ole_named_xlsx": whole(OLE),
    "empty_xlsx": whole(b""),
    "truncated_xlsx": lambda t: (seed_workbook(t)[:1500], "refused", ""),
    "corrupt_zip_xlsx": _corrupt_zip,
    "missing_parts_xlsx": _missing_parts,
    "zip_bomb_xlsx": lambda t: (xlsx_bomb(), "refused", ""),
    "empty_sheet_xlsx": lambda t: (_workbook([]), "refused", ""),
    "title_only_xlsx": lambda t: (_workbook([["某县统计表"]]), "refused", ""),
    "inf_text_xlsx": _xlsx_cell("inf", "refused", "inf"),
    "huge_float_xlsx": _xlsx_cell(1e308, "either", "{column}"),
    "formula_xlsx": _xlsx_cell("=1/0", "either", ""),
    "good_xlsx": lambda t: (seed_workbook(t), "accepted", ""),
}
