"""Programme spending files (CSV or Excel) as a county keeps them: one row per amount.

Columns (our key or a bureau's header, by the ``spending`` vocabulary rules document): ``year``
(年度), ``category`` (类别, 项目类别 …), ``amount_cny`` (金额, 支出金额（万元） …), ``source``
(依据, 依据文件 …) and optionally ``park`` (园区编码, empty for spending on the whole programme).
A category is given by its key (``land_preparation`` …), its English or Chinese name or a
synonym (土地平整, 厂房修缮 …). The file may have title rows, a 序号 column, a 合计 row, amounts
in 万元 or 亿元 (from the header, or written in the cell), and be GBK. Reading is
all-or-nothing: every bad cell is reported as a :class:`~.errors.RowError` (row as the user sees
it, title rows counted; the column as the file names it) and nothing is returned.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from microparks.core.impact import SPENDING_CATEGORIES
from microparks.core.vocabulary import Vocabulary
from microparks.io.county_tables import read_county_table, shipped_vocabulary
from microparks.io.errors import (
    ImportFileError,
    ImportValidationError,
    RowError,
    gettext_noop,
)

__all__ = [
    "CATEGORY_NAMES",
    "SPENDING_COLUMNS",
    "SpendingRow",
    "read_spending",
    "read_spending_upload",
]

SPENDING_COLUMNS = {  # key → Chinese header
    "year": "年度",
    "category": "类别",
    "amount_cny": "金额",
    "park": "园区编码",
    "source": "依据",
}
REQUIRED = ("year", "category", "amount_cny", "source")

CATEGORY_NAMES = {  # key → (English name, Chinese name); the synonyms are in spending.yaml
    "land_preparation": ("Land preparation", "土地整理"),
    "renovation": ("Renovation of vacant factories", "闲置厂房改造"),
    "subsidy": ("Subsidies to tenants", "企业补贴"),
    "rent_support": ("Rent support", "租金补助"),
    "services": ("Park services", "园区服务"),
    "other": ("Other", "其他"),
}
if set(CATEGORY_NAMES) != set(SPENDING_CATEGORIES):  # pragma: no cover - a packaging error
    raise RuntimeError("spending categories of io and core differ")

NO_ROWS = gettext_noop("the file holds no rows")
MAX_AMOUNT_CNY = Decimal("1e14")
"""Above what the database keeps (16 digits, 2 of them decimals): 10¹⁴ CNY, refused by row."""
TOO_LARGE = gettext_noop("an amount must be a finite number below %(limit)s CNY")


@dataclass(frozen=True)
class SpendingRow:
    """One validated row; ``row`` is its row number in the file as the user sees it."""

    row: int
    year: int
    category: str
    amount_cny: Decimal
    park: str
    source: str
    headers: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The file's column of each field (``park`` → ``园区编码``), for later problems."""

    def header(self, key: str) -> str:
        """The file's column of field ``key`` (the key itself when not known)."""
        return self.headers.get(key, key)


def read_spending(path: str | Path, *, vocabulary: Vocabulary | None = None) -> list[SpendingRow]:
    """Read and validate a spending file (``.csv``, ``.xlsx``, ``.xls`` …).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (UTF-8 or GBK) or a workbook (first sheet that is not 说明); header row of keys or
        Chinese headers, possibly below title rows.
    vocabulary : Vocabulary, optional
        Headers, categories, units and ranges (default: the shipped ``spending`` document).

    Returns
    -------
    list of SpendingRow
        Amounts in CNY (元), rounded to the fen.

    Raises
    ------
    ImportFileError
        Unreadable file, or no rows.
    ImportValidationError
        Every bad cell or missing column, with its row and column; nothing is returned
        partially.

    """
    p = Path(path)
    return _read(p, p.name, vocabulary)


def read_spending_upload(
    data: bytes, filename: str, *, vocabulary: Vocabulary | None = None
) -> list[SpendingRow]:
    """As :func:`read_spending`, for an uploaded file held in memory."""
    return _read(data, Path(filename).name or "upload", vocabulary)


def _read(source: Path | bytes, name: str, vocabulary: Vocabulary | None) -> list[SpendingRow]:
    words = vocabulary or shipped_vocabulary("spending")
    table = read_county_table(source, name, words, required=REQUIRED)
    if table.errors:
        raise ImportValidationError(name, table.errors)
    if table.empty:
        raise ImportFileError(NO_ROWS)
    rows: list[SpendingRow] = []
    too_large: list[RowError] = []
    headers = dict(table.ledger.columns)
    for row, cells in table.ledger.frame.iterrows():
        number = float(cells["amount_cny"])
        if not math.isfinite(number) or abs(number) >= MAX_AMOUNT_CNY:  # 1e308 breaks quantize
            column = headers.get("amount_cny", "amount_cny")
            params = {"limit": "1e14"}
            too_large.append(RowError(int(str(row)), column, TOO_LARGE, repr(number), params))
            continue
        amount = Decimal(repr(number)).quantize(Decimal("0.01"))
        park = cells.get("park")
        rows.append(
            SpendingRow(
                int(str(row)),
                int(cells["year"]),
                str(cells["category"]),
                amount,
                "" if park is None else str(park),
                str(cells["source"]),
                headers,
            )
        )
    if too_large:
        raise ImportValidationError(name, too_large)
    return rows
