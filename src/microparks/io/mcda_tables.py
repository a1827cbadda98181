"""Read the CSV tables of the MCDA commands: pairwise judgements and decision matrices.

The files may be UTF-8 (with or without BOM) or GBK/GB18030, as Excel on Chinese Windows saves
them, with title lines above the header (a line with fewer than two cells). Rows are numbered
as the user sees them (the file's lines, blank lines counted); a cell that is not a finite
number (``two``, ``inf``, ``1e400``) is a :class:`~microparks.io.errors.RowError` naming row,
column and value.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from microparks.io.county_tables import TableRefusal
from microparks.io.errors import ImportFileError, RowError
from microparks.io.ledger import decode_csv
from microparks.io.table_cells import number_cell


class TableError(TableRefusal):
    """A CSV table that cannot be read as numbers; the message names the row and column."""


@dataclass(frozen=True)
class DecisionTable:
    """A decision matrix read from CSV: ``labels`` of the alternatives, ``criteria`` names."""

    labels: tuple[str, ...]
    criteria: tuple[str, ...]
    matrix: NDArray[np.float64]
    has_label_column: bool


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """The non-blank rows with their line numbers, from the header on (title lines left out)."""
    try:
        text, _encoding = decode_csv(path.read_bytes())
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except ImportFileError as exc:
        raise TableError(source=path.name, file_error=exc) from None
    except (OSError, csv.Error) as exc:
        raise TableError(f"{path}: cannot read ({exc})") from None
    numbered = [(k, row) for k, row in enumerate(rows, start=1) if any(row)]
    if not numbered:
        raise TableError(f"{path}: the file is empty")
    header = next((i for i, (_k, row) in enumerate(numbered) if sum(map(bool, row)) >= 2), 0)
    return numbered[header:]


def parse_number(text: str) -> float:
    """Parse ``3``, ``0.25`` or a fraction such as ``1/3``; raise ValueError otherwise."""
    if "/" in text:
        return float(Fraction(text.replace(" ", "")))
    value = float(text)
    if not math.isfinite(value):  # nan, inf and numbers too large for a float (1e400)
        raise ValueError(text)
    return value


def _any_float(text: str) -> float:
    """A decimal or fraction, finite or not (the caller names a non-finite one as such)."""
    return float(Fraction(text.replace(" ", ""))) if "/" in text else float(text)


def _number(path: Path, text: str, row: int, column: str) -> float:
    errors: list[RowError] = []
    value = number_cell(row, column, text, errors, empty=None, parse=_any_float)
    if errors:
        raise TableError(source=path.name, errors=errors)
    return value


def read_pairwise_csv(path: Path) -> tuple[tuple[str, ...], NDArray[np.float64]]:
    """Read a pairwise comparison matrix with criterion names in the header and first column.

    The top-left cell is ignored; entries may be decimals or fractions (``1/3``).

    Returns
    -------
    tuple
        The criterion names and the square matrix.

    """
    rows = _rows(path)
    header, body = rows[0][1][1:], rows[1:]
    if not header:
        raise TableError(f"{path}: the header row names no criteria")
    if len(body) != len(header):
        raise TableError(
            f"{path}: {len(header)} criteria in the header but {len(body)} rows; the matrix "
            "must be square"
        )
    matrix = np.empty((len(header), len(header)))
    for i, (line, row) in enumerate(body):
        if len(row) != len(header) + 1:
            raise TableError(
                f"{path}: row {line} has {len(row) - 1} values for {len(header)} criteria"
            )
        if row[0] != header[i]:
            raise TableError(
                f"{path}: row {line} is named {row[0]!r} but column {i + 1} is {header[i]!r}; "
                "rows and columns must list the criteria in the same order"
            )
        for j, cell in enumerate(row[1:]):
            matrix[i, j] = _number(path, cell, line, header[j])
    return tuple(header), matrix


def read_decision_csv(path: Path, n_criteria: int | None = None) -> DecisionTable:
    """Read a decision matrix: one alternative per row, a header row of criterion names.

    When ``n_criteria`` is given and the table has one column more, the first column holds the
    alternatives' labels; otherwise the alternatives are numbered from 1.
    """
    rows = _rows(path)
    header, body = rows[0][1], rows[1:]
    if not body:
        raise TableError(f"{path}: no alternatives below the header row")
    has_labels = n_criteria is not None and len(header) == n_criteria + 1
    criteria = header[1:] if has_labels else header
    if n_criteria is not None and len(criteria) != n_criteria:
        raise TableError(
            f"{path}: the header has {len(header)} columns for {n_criteria} weights/types; "
            f"expected {n_criteria} criteria, optionally after a label column"
        )
    if len(set(criteria)) != len(criteria) or not all(criteria):
        raise TableError(f"{path}: criterion names in the header must be unique and non-empty")
    matrix = np.empty((len(body), len(criteria)))
    labels = []
    for i, (line, row) in enumerate(body):
        if len(row) != len(header):
            raise TableError(f"{path}: row {line} has {len(row)} cells, the header {len(header)}")
        cells = row[1:] if has_labels else row
        labels.append(row[0] if has_labels else str(i + 1))
        for j, cell in enumerate(cells):
            matrix[i, j] = _number(path, cell, line, criteria[j])
    return DecisionTable(tuple(labels), tuple(criteria), matrix, has_labels)
