"""The rural labour register (农村劳动力资源登记) as a county's 人社局 keeps it: read and checked.

A register is a CSV file (UTF-8 or GBK) or a workbook with a title row or two above the header
(``青岚县2026年农村劳动力资源登记汇总表``), Chinese headers with units (``劳动力人数（人）``),
the township cell often merged over its villages, 小计 rows per township and a 合计 row at the
bottom. :func:`read_labour_register` reads it with the house's reader
(:func:`~microparks.io.county_tables.read_county_table`: header row, units, GBK, 序号 columns)
and the words of :data:`VOCABULARY`, then:

- fills a merged township cell down to its villages (an empty 乡镇 under a township row);
- matches each township to one of the county's townships, by code or by name with or without
  its suffix (青岚镇, 青岚; 民族乡, 街道); an unknown or ambiguous name is a problem;
- takes rows marked 合计/总计/小计 (and a township's own line above its villages) as totals:
  not stored, but each of their figures must equal the sum of the rows it totals;
- checks each row: counts are whole persons ≥ 0; 在家可就业, 外出务工, 脱贫劳动力 and 监测对象
  each at most 劳动力人数, and so are 外出务工 + 在家可就业 and the age bands together; a
  township and village given twice is a problem.

Every problem is a :class:`~microparks.io.errors.RowError` naming the row as the user sees it
and the file's own column; the reader raises :class:`~microparks.io.errors.ImportValidationError`
with all of them, so a caller writes every row or none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from microparks.core.vocabulary import Vocabulary, normalise_word
from microparks.io.county_tables import read_county_table
from microparks.io.errors import ImportFileError, ImportValidationError, RowError, gettext_noop
from microparks.io.labour_register_title import check_title
from microparks.io.labour_register_words import (
    AGE_BANDS,
    AMBIGUOUS_TOWNSHIP,
    COUNTS,
    PARTS,
    SKILL_SPLIT,
    TOTAL_WORDS,
    UNKNOWN_TOWNSHIP,
    VOCABULARY,
    WHOLE_COUNTY,
    match_township,
)
from microparks.io.ledger import TOTAL_ROW, SkippedRow

__all__ = [
    "AGE_BANDS",
    "AMBIGUOUS_TOWNSHIP",
    "COUNTS",
    "UNKNOWN_TOWNSHIP",
    "VOCABULARY",
    "LabourRegister",
    "PoolRow",
    "match_township",
    "read_labour_register",
]

NO_ROWS = gettext_noop("the register holds no rows of townships or villages")
NO_TOWNSHIP = gettext_noop("a township is required (or a row above of the same township)")
MORE_THAN_LABOUR = gettext_noop("more than the labour force of the row (%(labour)s)")
AWAY_AND_HOME = gettext_noop(
    "working away (%(away)s) and available at home (%(home)s) exceed the labour force (%(labour)s)"
)
AGES_MORE_THAN_LABOUR = gettext_noop(
    "the age bands add up to %(ages)s, more than the labour force (%(labour)s)"
)
TOTAL_DIFFERS = gettext_noop("the total is not the sum of its rows (%(sum)s)")
SAME_PLACE = gettext_noop("the same township and village are already on row %(first)s")


@dataclass(frozen=True)
class PoolRow:
    """One village (or a whole township, ``village == ''``) of the register, in persons."""

    row: int
    township_code: str
    village: str
    counts: Mapping[str, int | None]
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabourRegister:
    """A register read and checked: its rows, and what was read and left out."""

    file_name: str
    rows: tuple[PoolRow, ...]
    columns: Mapping[str, str]
    """Our field → the file's column it came from."""
    skipped: tuple[SkippedRow, ...]
    """Blank, note and total rows (totals checked against their rows)."""
    totals_checked: int
    encoding: str | None = None


def _total_of(text: str) -> str | None:
    """What a cell marked as a total stands for (``None``: it is not a total).

    ``''`` the county (合计, 全县合计), a township's name for its 小计 (``青岚镇小计``).
    """
    word = normalise_word(text)
    if word in WHOLE_COUNTY:
        return ""
    for total in TOTAL_WORDS:
        if word.endswith(total):
            rest = word[: -len(total)]
            return "" if rest in ("", *WHOLE_COUNTY) or rest.endswith(("县", "区", "市")) else rest
    return None


@dataclass
class _Line:
    row: int
    township: str
    village: str
    counts: dict[str, int | None]
    skills: tuple[str, ...]
    total: bool = False
    code: str | None = None


def read_labour_register(
    source: Path | bytes,
    townships: Mapping[str, str],
    *,
    file_name: str | None = None,
    sheet: str | int | None = None,
    year: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> LabourRegister:
    """Read a labour register and check every row (see the module docstring).

    Parameters
    ----------
    source : Path or bytes
        The file, or an upload's bytes (``file_name`` then gives its format by the suffix).
    townships : mapping
        The county's townships, code → name.
    file_name : str, optional
        The name shown in messages.
    sheet : str or int, optional
        A workbook's sheet (default: the first that is not an instructions sheet).
    year : int, optional
        The year chosen for the register: a title naming another year (``2025年…台账``) is a
        problem on the title's cell (see :mod:`microparks.io.labour_register_title`).
    vocabulary : Vocabulary, optional
        The register's words (default: the shipped ``labour_register`` document,
        :data:`VOCABULARY`).

    Returns
    -------
    LabourRegister
        The rows (totals left out), in the file's order.

    Raises
    ------
    ImportFileError
        A file that cannot be read, or one without a row of townships or villages.
    ImportValidationError
        Every problem of the file, by row and column (a missing column on the header row).

    """
    name = file_name or (source.name if isinstance(source, Path) else "upload")
    words = vocabulary or VOCABULARY
    table = read_county_table(
        source,
        name,
        words,
        required=("township", "labour", "available"),
        filled=("labour", "available"),
        sheet=sheet,
    )
    errors = check_title(table.sheet.titles, year) + list(table.errors)
    frame, columns = table.ledger.frame, dict(table.ledger.columns)
    if any(e.row == table.sheet.header_row and e.field in words.fields for e in errors):
        raise ImportValidationError(name, errors)  # a missing column: rows mean nothing yet
    lines = _lines(frame, table.sheet.frame, columns)
    if not any(not line.total for line in lines):
        raise ImportFileError(NO_ROWS)
    errors += _townships(lines, townships, columns)
    errors += _row_checks(lines, columns)
    totals = _total_checks(lines, columns)
    errors += totals
    if errors:
        errors = _unique(errors)
        errors.sort(key=lambda e: (e.row, e.field))
        raise ImportValidationError(name, errors)
    rows = tuple(
        PoolRow(line.row, str(line.code), line.village, line.counts, line.skills)
        for line in lines
        if not line.total
    )
    marked = [SkippedRow(line.row, TOTAL_ROW) for line in lines if line.total]
    skipped = tuple(sorted((*table.sheet.skipped, *marked), key=lambda s: s.row))
    return LabourRegister(name, rows, columns, skipped, len(marked), encoding=table.sheet.encoding)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _lines(frame: Any, cells: Any, columns: Mapping[str, str]) -> list[_Line]:
    """Each row with its township filled down (merged cells) and totals marked.

    ``cells`` is the file's text: a 合计 may stand in the 序号 column, outside our fields.
    """
    lines: list[_Line] = []
    above = ""
    for row, values in frame.iterrows():
        township, village = _text(values.get("township")), _text(values.get("village"))
        counts = {k: _int(values.get(k)) for k in COUNTS if k in columns}
        skills = tuple(s for s in SKILL_SPLIT.split(_text(values.get("skills"))) if s)
        total = _total_of(township) if township else None
        if total is None and village:
            total = township or above if _total_of(village) is not None else None
        if total is None and not village:
            filled = [_text(c) for c in cells.loc[row] if _text(c)][:3]
            marks = [normalise_word(c) for c in filled if _total_of(c) == ""]
            if marks:  # 合计 in the 序号 column: the county's; 小计: the township's above
                total = township or (above if marks[0].endswith("小计") else "")
        if total is not None:
            line = _Line(int(str(row)), total, "", counts, (), total=True)
            lines.append(line)
            continue
        if not township and village:
            township = above  # a township cell merged over its villages
        above = township or above
        lines.append(_Line(int(str(row)), township, village, counts, skills))
    # A township's own line with villages of its own below or above is their subtotal.
    with_villages = {line.township for line in lines if line.village and not line.total}
    for line in lines:
        if not line.total and not line.village and line.township in with_villages:
            line.total = True
    return lines


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _townships(
    lines: list[_Line], townships: Mapping[str, str], columns: Mapping[str, str]
) -> list[RowError]:
    column = columns.get("township", "township")
    errors = []
    for line in lines:
        if line.total and not line.township:
            continue  # the county's total
        if not line.township:
            errors.append(RowError(line.row, column, NO_TOWNSHIP))
            continue
        line.code, reason = match_township(line.township, townships)
        if line.code is None:
            errors.append(RowError(line.row, column, reason, line.township))
    return errors


def _row_checks(lines: list[_Line], columns: Mapping[str, str]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for line in lines:
        if line.total:
            continue
        labour = line.counts.get("labour")
        if line.code is not None:
            place = (line.code, normalise_word(line.village))
            if place in seen:
                params = {"first": seen[place]}
                field = columns.get("village", columns["township"])
                errors.append(RowError(line.row, field, SAME_PLACE, line.village, params))
            seen.setdefault(place, line.row)
        if labour is None:
            continue
        for key in PARTS:
            value = line.counts.get(key)
            if value is not None and value > labour:
                params = {"labour": labour}
                errors.append(
                    RowError(line.row, columns[key], MORE_THAN_LABOUR, str(value), params)
                )
        away, home = line.counts.get("migrant"), line.counts.get("available")
        if away is not None and home is not None and max(away, home) <= labour < away + home:
            params = {"away": away, "home": home, "labour": labour}
            errors.append(
                RowError(line.row, columns["available"], AWAY_AND_HOME, str(home), params)
            )
        ages = [line.counts[k] for k in AGE_BANDS if line.counts.get(k) is not None]
        if ages and sum(a for a in ages if a is not None) > labour:
            first = next(k for k in AGE_BANDS if line.counts.get(k) is not None)
            params = {"ages": sum(a for a in ages if a is not None), "labour": labour}
            errors.append(RowError(line.row, columns[first], AGES_MORE_THAN_LABOUR, "", params))
    return errors


def _total_checks(lines: list[_Line], columns: Mapping[str, str]) -> list[RowError]:
    """Each total's figures against the sum of the rows it totals (its township's, or all)."""
    errors = []
    rows = [line for line in lines if not line.total]
    for total in (line for line in lines if line.total):
        if total.township and total.code is None:
            continue  # an unknown township: said already
        parts = [r for r in rows if not total.township or r.code == total.code]
        for key, value in total.counts.items():
            figures = [r.counts.get(key) for r in parts]
            if value is None or any(f is None for f in figures):
                continue  # a figure left empty somewhere: nothing to compare
            expected = sum(f for f in figures if f is not None)
            if value != expected:
                params = {"sum": expected}
                errors.append(RowError(total.row, columns[key], TOTAL_DIFFERS, str(value), params))
    return errors


def _unique(errors: Sequence[RowError]) -> list[RowError]:
    seen: set[tuple[int, str, str]] = set()
    out = []
    for error in errors:
        key = (error.row, error.field, error.reason)
        if key not in seen:
            seen.add(key)
            out.append(error)
    return out
