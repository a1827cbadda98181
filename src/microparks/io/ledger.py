"""Read a county's own table as it comes: title rows, Chinese headers, totals, GBK, 亩 and 万元.

:func:`read_sheet` finds the header row below any title rows, drops running-number (序号) and
empty columns, skips blank, total (合计, 小计, 总计) and note rows — reporting each skipped row —
and gives the cells as text indexed by the row number the user sees (the line of a CSV file,
the row of a sheet). CSV files may be UTF-8 (with or without BOM) or GB18030/GBK, detected.

:func:`read_ledger` then takes a :class:`~microparks.core.vocabulary.Vocabulary`: it recognises
the headers (a saved field mapping wins), turns coded values into codes, numbers into base units
(from the header's unit, a unit column, the unit written in the cell or the field's default) and
checks every value's range, collecting one :class:`~microparks.io.errors.RowError` per problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer
import pandas as pd
import python_calamine

from microparks.core.units import BASE_UNITS, UnknownUnitError, unit_factor
from microparks.core.vocabulary import FieldWords, Vocabulary, match_headers, parse_number
from microparks.io.errors import ImportFileError, RowError, gettext_noop

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
HEADER_SCAN = 30
"""How many rows from the top may hold titles before the header row."""
NOTE_STARTS = ("注", "备注", "说明", "填表", "制表", "审核", "负责人", "联系人", "填报", "note")
INSTRUCTION_SHEETS = ("说明", "填表说明", "使用说明", "instructions", "readme")

TOTAL_ROW = gettext_noop("total row")
BLANK_ROW = gettext_noop("blank row")
NOTE_ROW = gettext_noop("note row")


@dataclass(frozen=True)
class SkippedRow:
    """A row left out, and why (an English msgid: total, blank or note row)."""

    row: int
    reason: str


@dataclass(frozen=True)
class TitleCell:
    """A filled cell above a table's header: its row as numbered, its name (``A1``), its text."""

    row: int
    cell: str
    text: str


@dataclass(frozen=True)
class Sheet:
    """A table's cells as text under its header; ``frame.index`` holds the rows as numbered."""

    file_name: str
    frame: pd.DataFrame
    header_row: int
    skipped: tuple[SkippedRow, ...]
    dropped: tuple[str, ...]
    encoding: str | None = None
    sheet: str | None = None
    titles: tuple[TitleCell, ...] = ()
    """The filled cells above the header (a title row such as ``2026年农村劳动力资源台账``)."""


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in (UTF-8, UTF-8-SIG, GB18030, …).

    UTF-8 is tried first (it is strict, so a GBK file fails it); then GB18030, which decodes
    GBK and GB2312 too, when the text it gives is mostly Chinese; then charset-normalizer.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8-SIG"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_chinese_or_ascii(text):
        return text, "GB18030"
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise ImportFileError(
            gettext_noop("the file is not text in a known encoding (UTF-8, GBK, GB18030)")
        )
    return str(best), str(best.encoding).upper()


_UNUSUAL = re.compile(r"[^\x00-\x7f\u3000-\u9fff\uff00-\uffef]")
_SPACE = re.compile(r"\s")


def _mostly_chinese_or_ascii(text: str) -> bool:
    """Whether a decoded sample is ASCII and CJK (a wrong codec gives rare symbols instead)."""
    sample = _SPACE.sub("", text[:200_000])
    if not sample:
        return True
    return len(_UNUSUAL.findall(sample)) / len(sample) < 0.05


def _csv_rows(text: str) -> list[list[Any]]:
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _spreadsheet_rows(source: Path | bytes, sheet: str | int | None) -> tuple[list[list[Any]], str]:
    try:
        book = (
            python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
            if isinstance(source, bytes)
            else python_calamine.CalamineWorkbook.from_path(str(source))
        )
    except Exception as exc:  # calamine raises its own errors for broken files
        raise ImportFileError(
            gettext_noop("not a readable workbook (%(error)s)"), {"error": str(exc)[:200]}
        ) from None
    names = list(book.sheet_names)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise ImportFileError(
                gettext_noop("the workbook has no sheet %(sheet)s"), {"sheet": sheet}
            )
        name = names[sheet]
    elif sheet:
        if sheet not in names:
            raise ImportFileError(
                gettext_noop("the workbook has no sheet “%(sheet)s”; its sheets: %(sheets)s"),
                {"sheet": sheet, "sheets": ", ".join(names)},
            )
        name = sheet
    else:
        data = [n for n in names if n.strip().casefold() not in INSTRUCTION_SHEETS]
        name = (data or names)[0]
    try:  # a sheet's XML is read only now: a corrupt or inflated part fails here
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise ImportFileError(
            gettext_noop("not a readable workbook (%(error)s)"), {"error": str(exc)[:200]}
        ) from None
    return [list(r) for r in rows], name


def cell_text(value: Any) -> str:
    """A cell as text: integral numbers without ``.0``, others in full, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _score(cells: Sequence[str], vocabulary: Vocabulary | None) -> int:
    if vocabulary is None:
        return 0
    return len(match_headers([c for c in cells if c], vocabulary).columns)


def _header_row(rows: list[list[str]], vocabulary: Vocabulary | None) -> int:
    """The index of the header row among the first rows (titles above it are ignored)."""
    top = rows[:HEADER_SCAN]
    filled = [sum(1 for c in r if c) for r in top]
    scores = [_score(r, vocabulary) for r in top]
    if scores and max(scores) >= min(2, len(vocabulary.fields) if vocabulary else 2):
        return scores.index(max(scores))
    widest = max(filled, default=0)
    for i, count in enumerate(filled):
        if count >= 2 and count * 2 >= widest:
            return i
    return next((i for i, count in enumerate(filled) if count), 0)


def _two_row_header(
    rows: list[list[str]], at: int, vocabulary: Vocabulary | None
) -> list[str] | None:
    """A header of two rows (面积 over 土地面积 | 建筑面积), when the row below completes it."""
    if vocabulary is None or at + 1 >= len(rows):
        return None
    below = rows[at + 1]
    if not any(below) or any(_plain_number(c) for c in below):
        return None
    merged = [b or a for a, b in zip(rows[at], below, strict=True)]
    best = max(_score(rows[at], vocabulary), _score(below, vocabulary))
    return merged if _score(merged, vocabulary) > best else None


def _plain_number(cell: str) -> bool:
    """Whether a cell is a figure (``120``, ``3.5``), as in a data row; ``16-30岁`` is a header."""
    found = parse_number(cell) if cell else None
    return found is not None and not found[1]


def _header_start(rows: list[list[str]], at: int, vocabulary: Vocabulary | None) -> int:
    """The header's first row: the one above ``at`` when it completes it (a two-row header).

    ``年龄结构`` merged over ``16-30岁 | 31-45岁 …`` and ``乡镇`` over an empty cell: the lower
    row may name more fields and be taken for the header; the row above then starts it.
    """
    if at > 0 and _two_row_header(rows, at - 1, vocabulary) is not None:
        return at - 1
    return at


def _column_names(header: list[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()  # a set, not the list: a census sheet has thousands of columns
    for i, text in enumerate(header):
        name = " ".join(text.split()) or f"({_letter(i)})"
        while name in seen:
            name += "'"
        names.append(name)
        seen.add(name)
    return names


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(
    source: Path | bytes,
    file_name: str | None = None,
    *,
    sheet: str | int | None = None,
    vocabulary: Vocabulary | None = None,
) -> Sheet:
    """Read a CSV file or a workbook's sheet as a county keeps it (see the module docstring).

    Parameters
    ----------
    source : Path or bytes
        The file, or its bytes (an upload); ``file_name`` then gives the format by its suffix.
    file_name : str, optional
        The name shown in messages (the path's name by default).
    sheet : str or int, optional
        A workbook's sheet (name or 0-based position); by default the first that is not an
        instructions sheet (说明).
    vocabulary : Vocabulary, optional
        The expected headers: the header row is the one naming most of them.

    Raises
    ------
    ImportFileError
        An unreadable file, an unknown encoding or format, a missing sheet, or no header row.

    """
    name = file_name or (source.name if isinstance(source, Path) else "upload")
    suffix = Path(name).suffix.lower()
    encoding: str | None = None
    sheet_name: str | None = None
    if suffix in CSV_SUFFIXES:
        raw = source if isinstance(source, bytes) else _read_bytes(source)
        text, encoding = decode_csv(raw)
        cells = _csv_rows(text)
    elif suffix in SPREADSHEET_SUFFIXES:
        cells, sheet_name = _spreadsheet_rows(source, sheet)
    else:
        raise ImportFileError(
            gettext_noop("unsupported table type %(suffix)s; use %(allowed)s"),
            {"suffix": suffix or "-", "allowed": ", ".join(CSV_SUFFIXES + SPREADSHEET_SUFFIXES)},
        )
    rows = [[v.strip() if isinstance(v, str) else cell_text(v) for v in r] for r in cells]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if not any(any(r) for r in rows):
        raise ImportFileError(gettext_noop("the file is empty"))
    at = _header_start(rows, _header_row(rows, vocabulary), vocabulary)
    header = rows[at]
    two_rows = _two_row_header(rows, at, vocabulary)
    first_data = at + 2 if two_rows else at + 1
    names = _column_names(two_rows or header)
    body = rows[first_data:]
    keep = [
        i
        for i, column in enumerate(names)
        if not (vocabulary and vocabulary.is_ignored(column))
        and not (column.startswith("(") and not any(r[i] for r in body))
    ]
    dropped = tuple(n for i, n in enumerate(names) if i not in keep)
    data, index, skipped = _data_rows(body, first_data + 1, keep, vocabulary)
    frame = pd.DataFrame(data, columns=[names[i] for i in keep], index=index, dtype=object)
    titles = tuple(
        TitleCell(i + 1, f"{_letter(j)}{i + 1}", text)
        for i, row in enumerate(rows[:at])
        for j, text in enumerate(row)
        if text
    )
    return Sheet(name, frame, at + 1, tuple(skipped), dropped, encoding, sheet_name, titles)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            gettext_noop("cannot read the file (%(error)s)"), {"error": exc.strerror or str(exc)}
        ) from None


def _data_rows(
    body: list[list[str]], first: int, keep: list[int], vocabulary: Vocabulary | None
) -> tuple[list[list[str]], list[int], list[SkippedRow]]:
    """The rows to read and their numbers; blank rows between data, totals and notes skipped."""
    data: list[list[str]] = []
    index: list[int] = []
    skipped: list[SkippedRow] = []
    blanks: list[int] = []
    totals = vocabulary or Vocabulary({})
    for offset, row in enumerate(body):
        number = first + offset
        filled = [c for c in row if c]
        if not filled:
            blanks.append(number)
            continue
        skipped += [SkippedRow(b, BLANK_ROW) for b in blanks]  # blank rows before data
        blanks = []
        if any(totals.is_total(c) for c in filled[:3]):
            skipped.append(SkippedRow(number, TOTAL_ROW))
        elif len(filled) == 1 and filled[0].casefold().startswith(NOTE_STARTS):
            skipped.append(SkippedRow(number, NOTE_ROW))
        else:
            data.append([row[i] for i in keep])
            index.append(number)
    return data, index, skipped


@dataclass(frozen=True)
class Ledger:
    """A table in our fields: codes, numbers in base units, ``None`` for empty cells."""

    frame: pd.DataFrame
    columns: Mapping[str, str]
    units: Mapping[str, str]
    errors: tuple[RowError, ...]


def read_ledger(
    table: pd.DataFrame,
    vocabulary: Vocabulary,
    *,
    mapping: Mapping[str, str] | None = None,
    context: Mapping[str, float] | None = None,
) -> Ledger:
    """Our fields from ``table`` (text cells, index = row numbers) by ``vocabulary``.

    ``mapping`` ({field: column}, a saved template) wins over recognised headers. The result
    frame has a column per recognised field (others are dropped; ``Ledger.columns`` says which
    column each came from) and the problems of every cell; the caller refuses the file if any.
    ``context`` gives the values of symbolic bounds (``next_year``).
    """
    chosen = dict(mapping or {})
    found = match_headers([c for c in table.columns if c not in chosen.values()], vocabulary)
    columns = {**{k: v for k, v in found.columns.items() if k not in chosen}, **chosen}
    units = {k: u for k, u in found.units.items() if columns.get(k) == found.columns.get(k)}
    unit_column = columns.pop("unit", None)
    errors: list[RowError] = []
    out: dict[str, list[Any]] = {}
    row_units = table[unit_column].tolist() if unit_column else None
    for key, column in columns.items():
        words = vocabulary.fields.get(key)
        if words is None or column not in table.columns:
            continue
        convert = _Column(words, column, units.get(key, ""), context or {}, errors)
        out[key] = convert.values(table.index.tolist(), table[column].tolist(), row_units)
    frame = pd.DataFrame(out, index=table.index, dtype=object)
    return Ledger(frame, columns, units, tuple(errors))


class _Column:
    """One field's cells turned into codes, numbers in base units or text, problems collected.

    Each distinct text is read once (a ledger repeats 国有 and 闲置 thousands of times), and
    numbers are parsed by pandas first: only cells it cannot read plainly take the slow path
    (units written in the cell, thousands separators, inf).
    """

    def __init__(
        self,
        words: FieldWords,
        column: str,
        header_unit: str,
        context: Mapping[str, float],
        errors: list[RowError],
    ) -> None:
        self.words, self.column, self.header_unit = words, column, header_unit
        self.context, self.errors = context, errors

    def values(self, rows: list[Any], texts: list[Any], row_units: list[Any] | None) -> list[Any]:
        cells = [str(t).strip() for t in texts]
        if self.words.codes:
            return self._codes(rows, cells)
        if self.words.kind == "text":
            return [c or None for c in cells]
        if row_units is None:
            return self._plain_numbers(rows, cells)
        units = row_units or [""] * len(cells)
        return [
            self._number(row, text, self.header_unit or str(unit).strip()) if text else None
            for row, text, unit in zip(rows, cells, units, strict=True)
        ]

    def _codes(self, rows: list[Any], cells: list[str]) -> list[Any]:
        known = {text: self.words.code_of(text) for text in set(cells) if text}
        accepted = {"accepted": self.words.labels()}
        reason = gettext_noop("unknown value; accepted: %(accepted)s")
        for row, text in zip(rows, cells, strict=True):
            if text and known[text] is None:
                self.errors.append(RowError(int(row), self.column, reason, text, accepted))
        return [known[text] if text else None for text in cells]

    def _plain_numbers(self, rows: list[Any], cells: list[str]) -> list[Any]:
        """Numbers in the header's unit (or the field's): pandas reads the plain ones at once."""
        parsed = pd.to_numeric(pd.Series(cells, dtype=object), errors="coerce").to_numpy(float)
        unit = self.header_unit or self.words.unit
        try:
            factor = unit_factor(self.words.quantity, unit) if self.words.quantity and unit else 1.0
        except UnknownUnitError:  # the header's unit is not one of the quantity's
            shown = zip(rows, cells, strict=True)
            return [self._number(r, t, self.header_unit) if t else None for r, t in shown]
        out: list[Any] = []
        for row, text, value in zip(rows, cells, parsed.tolist(), strict=True):
            if not text:
                out.append(None)
            elif math.isfinite(value) and not _SPECIAL.match(text):
                out.append(self._checked(row, text, value * factor, unit, factor))
            else:
                out.append(self._number(row, text, self.header_unit))
        return out

    def _number(self, row: Any, text: str, unit: str) -> float | int | None:
        words, column = self.words, self.column
        parsed = parse_number(text)
        if parsed is None:
            self.errors.append(RowError(int(row), column, gettext_noop("not a number"), text))
            return None
        value, written = parsed
        if not math.isfinite(value):
            reason = gettext_noop("not a finite number")
            self.errors.append(RowError(int(row), column, reason, text))
            return None
        unit = written or unit or words.unit
        factor = 1.0
        if words.quantity and unit:
            try:
                factor = unit_factor(words.quantity, unit)
                value *= factor
            except UnknownUnitError:
                self.errors.append(
                    RowError(
                        int(row),
                        column,
                        gettext_noop("unknown unit “%(unit)s”; use one of %(units)s"),
                        text,
                        {"unit": unit, "units": words.unit_names()},
                    )
                )
                return None
        elif written:
            self.errors.append(RowError(int(row), column, gettext_noop("not a number"), text))
            return None
        return self._checked(row, text, value, unit, factor)

    def _checked(
        self, row: Any, text: str, value: float, unit: str = "", factor: float = 1.0
    ) -> float | int | None:
        """``value`` if whole where it must be and within the field's range, else a problem.

        The range is told in the unit the cell was given in (亩 where the header says 亩).
        """
        words = self.words
        if words.kind in ("integer", "year") and not float(value).is_integer():
            reason = gettext_noop("not a whole number")
            self.errors.append(RowError(int(row), self.column, reason, text))
            return None
        bounds = words.resolved_bounds(self.context)
        if bounds is not None and not bounds.holds(value):
            if words.quantity and unit and factor != 1.0:
                shown = bounds.in_unit(factor).describe(unit)
            else:
                shown = bounds.describe(BASE_UNITS.get(words.quantity, ""))
            reason = gettext_noop("impossible value: must be %(bounds)s")
            self.errors.append(RowError(int(row), self.column, reason, text, {"bounds": shown}))
            return None
        return int(value) if words.kind in ("integer", "year") else value


_SPECIAL = re.compile(r"^\s*[-+]?(inf|nan|infinity)", re.IGNORECASE)
"""Words pandas reads as numbers that a table must not: inf and NaN are refused."""
