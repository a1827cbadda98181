"""Excel templates for every import: a county fills them in and they import as they are.

A template is written from a :class:`TableTemplate` — the columns of one kind of table, each
with its Chinese and English header, unit, codes, range, whether it is required and an example
value. The columns come from the ``vocabulary`` document the import reads with
(:func:`column_from_words`), so that every header, unit and drop-down label is one the reader
accepts back; the kinds themselves are listed in :mod:`microparks.io.template_kinds`.

The workbook holds the data sheet first (the readers take the first sheet that is not an
instructions sheet): a frozen header row of ``占地面积（亩）``-style headers (``*`` marks the
required ones), an example row, column widths and number formats, and drop-down lists of the
coded fields' labels (a hidden ``lists`` sheet holds the lists too long or too wordy for an
inline list). Then the instructions sheet (``说明``, which the readers pass over) explains each
column: unit, accepted values, range and whether it is required.

Texts are English msgids marked by :func:`~microparks.io.errors.gettext_noop`; the caller passes
``translate`` (Django's ``gettext`` or the CLI's catalogue) to give them in the user's language.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from microparks.core.units import BASE_UNITS, QUANTITY_UNITS, normalise_unit, unit_factor
from microparks.core.vocabulary import (
    Bounds,
    FieldWords,
    normalise_word,
    parse_number,
    split_unit,
)
from microparks.io.errors import gettext_noop

__all__ = [
    "DISPLAY_UNITS",
    "Choice",
    "Lang",
    "TableTemplate",
    "TemplateColumn",
    "column_from_words",
    "template_bytes",
    "write_template",
]

Lang = Literal["zh", "en"]
Translate = Callable[[str], str]

DISPLAY_UNITS: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "area": "亩",
        "money": "万元",
        "energy": "吨标准煤",
        "electricity": "万千瓦时",
        "water": "吨",
        "people": "人",
    },
    "en": {
        "area": "mu",
        "money": "CNY",
        "energy": "tce",
        "electricity": "kWh",
        "water": "t",
        "people": "persons",
    },
}
"""The unit a template gives each quantity in: what county tables use (亩, 万元) in Chinese."""

INSTRUCTIONS_SHEET = {"zh": "说明", "en": "Instructions"}
LISTS_SHEET = "lists"
FILLED_ROWS = 500
"""Rows below the header that get the drop-down lists and number formats."""
INLINE_LIST_LIMIT = 255
"""Excel's limit on an inline list (the characters between the quotes)."""

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_BOLD = Font(bold=True)


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Choice:
    """One value of a coded field: the code, its Chinese and English label, other words."""

    code: str
    zh: str
    en: str
    words: tuple[str, ...] = ()

    def label(self, lang: Lang, translate: Translate = _identity) -> str:
        """The label the template lists in ``lang``.

        In Chinese, the English label's translation (what the pages and error messages show)
        when the reader accepts it as a word for this code, else the first Chinese word.
        """
        if lang == "en":
            return self.en
        shown = translate(self.en)
        accepted = {normalise_word(w) for w in (self.code, self.en, *self.words)}
        return shown if normalise_word(shown) in accepted else self.zh


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template; ``example`` is in base units (m², 元 …) or a code.

    ``units`` overrides the unit shown per language: a quantity's unit (``平方米`` for a floor
    area rather than the usual 亩), or the unit of a plain number (``千伏安``, ``kVA``).
    """

    key: str
    header_zh: str
    header_en: str
    kind: str = "text"
    required: bool = False
    quantity: str = ""
    units: Mapping[str, str] | None = None
    choices: tuple[Choice, ...] = ()
    bounds: Bounds | None = None
    note: str = ""
    example: Any = None

    def unit(self, lang: Lang) -> str:
        """The unit in the header (``亩``, ``万元``, ``kVA``), or ``''``."""
        if self.units and self.units.get(lang):
            return self.units[lang]
        return DISPLAY_UNITS[lang].get(self.quantity, "")

    def factor(self, lang: Lang) -> float:
        """Base units per unit shown (1 for a plain number)."""
        unit = self.unit(lang)
        return unit_factor(self.quantity, unit) if self.quantity and unit else 1.0

    def header(self, lang: Lang) -> str:
        """``*占地面积（亩）``: ``*`` when required, the unit in (full-width) brackets."""
        name = self.header_zh if lang == "zh" else self.header_en
        unit = self.unit(lang)
        if unit:
            name += f"（{unit}）" if lang == "zh" else f" ({unit})"
        return f"*{name}" if self.required else name

    def cell(self, value: Any, lang: Lang, translate: Translate = _identity) -> Any:
        """A value (base units, a code, a flag) as the template writes it in ``lang``."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if self.choices:
            choice = self.choice_of(value)
            return choice.label(lang, translate) if choice else str(value)
        if self.kind in ("number", "integer", "year") and isinstance(value, str):
            parsed = parse_number(value)  # "20000" from a CSV-minded caller is a number too
            value = parsed[0] if parsed is not None and not parsed[1] else value
        if self.kind in ("number", "integer", "year") and isinstance(value, int | float):
            shown = value / self.factor(lang)
            if self.kind in ("integer", "year") or float(shown).is_integer():
                return round(shown)
            return round(shown, 6)
        return value

    def choice_of(self, value: Any) -> Choice | None:
        """The choice ``value`` names: its code, a label or word, or a flag (1/0, True/False)."""
        if isinstance(value, bool | int) and {c.code for c in self.choices} >= {"yes", "no"}:
            value = "yes" if value else "no"
        wanted = str(value).strip().casefold()
        return next(
            (
                c
                for c in self.choices
                if wanted in (w.casefold() for w in (c.code, c.zh, c.en, *c.words))
            ),
            None,
        )

    def accepted(self, lang: Lang, translate: Translate = _identity) -> tuple[str, ...]:
        """The drop-down list: each choice's label in ``lang``."""
        return tuple(c.label(lang, translate) for c in self.choices)

    def range_text(self, lang: Lang, context: Mapping[str, float]) -> str:
        """The range in the unit shown: ``> 0, ≤ 15000 亩``."""
        if self.bounds is None:
            return ""
        bounds = self.bounds.resolved(context)
        f = self.factor(lang)
        low, high, above = (
            None if b is None else b / f for b in (bounds.low, bounds.high, bounds.above)
        )
        shown = Bounds(low, high, above)
        return shown.describe(self.unit(lang) or BASE_UNITS.get(self.quantity, ""))


@dataclass(frozen=True)
class TableTemplate:
    """A kind of table: its columns and texts (English msgids, translated when written)."""

    kind: str
    title: str
    description: str
    sheet: str
    columns: tuple[TemplateColumn, ...]
    notes: tuple[str, ...] = ()

    def example_row(self) -> dict[str, Any]:
        """The example values, keyed by column (base units and codes)."""
        return {c.key: c.example for c in self.columns if c.example is not None}


def _is_chinese(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def column_from_words(
    words: FieldWords,
    *,
    required: bool = False,
    units: Mapping[str, str] | None = None,
    note: str = "",
    example: Any = None,
) -> TemplateColumn:
    """A template column from a vocabulary's field: headers, codes and range as it reads them.

    The Chinese header is the field's first header; the English one its label without the
    label's unit (the reader takes both). A code's Chinese label is its first Chinese word, its
    English label the document's label: both are words the reader accepts for the code.
    """
    label = words.label or words.key.replace("_", " ")
    english = split_unit(label, "")[0]
    choices = tuple(
        Choice(
            code,
            next((w for w in listed if _is_chinese(w)), listed[0] if listed else code),
            listed[0] if listed else code,
            listed,
        )
        for code, listed in words.codes.items()
    )
    return TemplateColumn(
        key=words.key,
        header_zh=words.headers[0] if words.headers else words.key,
        header_en=english[:1].upper() + english[1:],
        kind=words.kind,
        required=required,
        quantity=words.quantity,
        units=units,
        choices=choices,
        bounds=words.bounds,
        note=note,
        example=example,
    )


def write_template(
    template: TableTemplate,
    target: str | Path | BinaryIO,
    *,
    lang: Lang = "zh",
    translate: Translate = _identity,
    rows: Sequence[Mapping[str, Any]] | None = None,
) -> None:
    """Write ``template`` as an ``.xlsx`` workbook to a path or a binary file.

    Parameters
    ----------
    template : TableTemplate
        The kind of table.
    target : str, Path or binary file
        Where to write.
    lang : {"zh", "en"}
        Language of the headers and drop-down labels (Chinese by default).
    translate : callable
        Gives the instructions' English msgids in the user's language (``gettext``).
    rows : sequence of mappings, optional
        Rows to pre-fill (base units, codes); without them the template holds its example row.

    """
    book = _workbook(template, lang, translate, rows)
    book.save(target)


def template_bytes(
    template: TableTemplate,
    *,
    lang: Lang = "zh",
    translate: Translate = _identity,
    rows: Sequence[Mapping[str, Any]] | None = None,
) -> bytes:
    """The workbook of :func:`write_template` as bytes (a download)."""
    buffer = io.BytesIO()
    write_template(template, buffer, lang=lang, translate=translate, rows=rows)
    return buffer.getvalue()


def _workbook(
    template: TableTemplate,
    lang: Lang,
    translate: Translate,
    rows: Sequence[Mapping[str, Any]] | None,
) -> Workbook:
    book = Workbook()
    data = book.active
    assert data is not None  # a new workbook always has one sheet
    data.title = translate(template.sheet)[:31]
    _data_sheet(data, template, lang, translate, rows)
    lists = _drop_downs(book, data, template, lang, translate, len(rows or ()) + 1)
    _instructions(book.create_sheet(INSTRUCTIONS_SHEET[lang]), template, lang, translate)
    if lists.max_row > 1 or lists["A1"].value is not None:
        book.move_sheet(lists, offset=len(book.sheetnames))
        lists.sheet_state = "hidden"
    else:
        book.remove(lists)
    return book


def _data_sheet(
    ws: Worksheet,
    template: TableTemplate,
    lang: Lang,
    translate: Translate,
    rows: Sequence[Mapping[str, Any]] | None,
) -> None:
    ws.append([c.header(lang) for c in template.columns])
    for row in rows if rows is not None else [template.example_row()]:
        ws.append([c.cell(row.get(c.key), lang, translate) for c in template.columns])
    for i, column in enumerate(template.columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i)
        head.font = _BOLD
        head.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column.note:
            head.comment = Comment(translate(column.note), "microparks", width=300, height=120)
        shown = [column.header(lang), *column.accepted(lang, translate)]
        ws.column_dimensions[letter].width = min(
            max(12, *(_display_width(s) + 2 for s in shown)), 40
        )
        style = _number_format(column)
        for r in range(2, ws.max_row + 1):
            ws.cell(r, i).number_format = style
        ws.column_dimensions[letter].number_format = style
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30


def _display_width(text: str) -> int:
    """Characters as wide as Excel draws them: a Chinese character counts two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _number_format(column: TemplateColumn) -> str:
    if column.kind in ("integer", "year"):
        return "0"
    if column.kind == "number" or isinstance(column.example, int | float):
        return "General"  # 18 and 1.25 as typed ("#,##0.##" would show "18.")
    return "@"  # text and codes stay text: a long code never turns into 9.1E+17


def _drop_downs(
    book: Workbook,
    data: Worksheet,
    template: TableTemplate,
    lang: Lang,
    translate: Translate,
    last_filled: int,
) -> Worksheet:
    """A list validation per coded column; lists too long for an inline one go to ``lists``."""
    lists = book.create_sheet(LISTS_SHEET)
    used = 0
    last = max(FILLED_ROWS, last_filled) + 1
    for i, column in enumerate(template.columns, start=1):
        labels = column.accepted(lang, translate)
        if not labels:
            continue
        inline = ",".join(labels)
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in x or '"' in x for x in labels):
            formula = f'"{inline}"'
        else:
            used += 1
            letter = get_column_letter(used)
            for r, label in enumerate(labels, start=1):
                lists.cell(r, used, label)
            formula = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(labels)}"
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        # a warning, not a stop: the reader takes more words than the list shows (国有土地 …)
        rule.errorStyle = "warning"
        rule.error = translate(gettext_noop("Choose a value from the list."))
        rule.errorTitle = translate(gettext_noop("Not in the list"))
        rule.showErrorMessage = True
        data.add_data_validation(rule)
        letter = get_column_letter(i)
        rule.add(f"{letter}2:{letter}{last}")
    return lists


GENERAL_NOTES = (
    gettext_noop(
        "Fill in one row per record on the first sheet, from row 2 on; keep the header row "
        "as it is (its columns may be reordered, and columns the platform does not know are "
        "ignored)."
    ),
    gettext_noop("Row 2 is an example: overwrite or delete it before you import the file."),
    gettext_noop("Columns marked * are required; the others may be left empty."),
    gettext_noop(
        "Numbers are in the unit in brackets in the header. Another unit may be used by "
        "changing the header (e.g. 亩 to 平方米) or by writing it after the number (12 亩)."
    ),
    gettext_noop(
        "For coded columns, choose from the drop-down list; the other words listed for a value "
        "on the platform's vocabulary page are accepted too."
    ),
    gettext_noop(
        "Rows of totals (合计, 小计), blank rows and a running-number column (序号) are "
        "skipped. The sheet may also be saved as CSV (UTF-8 or GBK)."
    ),
)


def _instructions(ws: Worksheet, template: TableTemplate, lang: Lang, translate: Translate) -> None:
    """Title, general notes, then one row per column: unit, values, range, required."""
    ws.append([f"{translate(template.title)} — {translate(gettext_noop('Instructions'))}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([translate(template.description)])
    for note in (*GENERAL_NOTES, *template.notes):
        ws.append([f"• {translate(note)}"])
    ws.append([])
    heads = (
        gettext_noop("Column"),
        gettext_noop("Required"),
        gettext_noop("Unit of measure"),
        gettext_noop("Other units accepted"),
        gettext_noop("Accepted values"),
        gettext_noop("Range"),
        gettext_noop("Explanation"),
    )
    ws.append([translate(h) for h in heads])
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    context = {"next_year": float(dt.date.today().year + 1)}
    separator = "、" if lang == "zh" else ", "
    for c in template.columns:
        others = [
            u
            for u in (QUANTITY_UNITS.get(c.quantity) or {})
            if u != normalise_unit(c.unit(lang)) and (_is_chinese(u) == (lang == "zh"))
        ]
        ws.append(
            [
                c.header(lang),
                translate(gettext_noop("required") if c.required else gettext_noop("optional")),
                c.unit(lang),
                separator.join(others),
                separator.join(c.accepted(lang, translate)),
                c.range_text(lang, context),
                translate(c.note) if c.note else "",
            ]
        )
    for letter, width in zip("ABCDEFG", (28, 10, 12, 24, 40, 26, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
