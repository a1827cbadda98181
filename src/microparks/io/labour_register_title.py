"""The year (and quarter) a county's table names in its title row, against the one chosen.

A register's title often says its year (``青岚县2026年农村劳动力资源台账``) and a quarterly
sheet its quarter (``2026年第三季度园区企业用工情况统计表``). A title that names another year
(or quarter) than the one chosen on the command line or the upload form is a refusal, not a
warning: filed under the wrong year, the figures would replace or hide the right ones. The
problem names the title's cell (``A1``) and what it says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from microparks.io.errors import RowError, gettext_noop
from microparks.io.ledger import TitleCell

__all__ = ["TITLE_QUARTER", "TITLE_YEAR", "TitlePeriod", "check_title", "title_period"]

TITLE_YEAR = gettext_noop(
    "the title names the year %(found)s, not %(year)s as chosen: choose %(found)s, or correct "
    "the title if the figures are of %(year)s"
)
TITLE_QUARTER = gettext_noop(
    "the title names quarter %(found)s, not quarter %(quarter)s as chosen: choose quarter "
    "%(found)s, or correct the title if the figures are of quarter %(quarter)s"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_QUARTER = re.compile(r"([一二三四1-4])\s*季度|[QＱ]([1-4])")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class TitlePeriod:
    """The title cell naming a year, the year, and the quarter it names (if any)."""

    cell: TitleCell
    year: int
    quarter: int | None


def title_period(titles: Sequence[TitleCell]) -> TitlePeriod | None:
    """The first title cell naming a year (``2026年``), with the quarter it names (``第三季度``).

    >>> cell = TitleCell(1, "A1", "青岚县2026年第三季度园区企业用工情况统计表")
    >>> found = title_period([cell])
    >>> (found.year, found.quarter) if found else None
    (2026, 3)
    """
    for cell in titles:
        text = unicodedata.normalize("NFKC", cell.text)
        year = _YEAR.search(text)
        if year is None:
            continue
        quarter = _QUARTER.search(text)
        number = None
        if quarter is not None:
            word = quarter.group(1) or quarter.group(2)
            number = _QUARTERS.get(word) or int(word)
        return TitlePeriod(cell, int(year.group(1)), number)
    return None


def check_title(
    titles: Sequence[TitleCell], year: int | None, quarter: int | None = None
) -> list[RowError]:
    """The title's year (and quarter) against ``year`` (and ``quarter``): a problem if they differ.

    A title naming no year, or no quarter, says nothing against the choice.
    """
    found = title_period(titles)
    if found is None or year is None:
        return []
    cell = found.cell
    if found.year != year:
        params = {"found": found.year, "year": year}
        return [RowError(cell.row, cell.cell, TITLE_YEAR, cell.text, params)]
    if quarter is not None and found.quarter is not None and found.quarter != quarter:
        params = {"found": found.quarter, "quarter": quarter}
        return [RowError(cell.row, cell.cell, TITLE_QUARTER, cell.text, params)]
    return []
