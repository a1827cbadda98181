"""Read the CSV tables of the MCDA commands: pairwise judgements and decision matrices."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


class TableError(ValueError):
    """A CSV table that cannot be read as numbers; the message names the row and column."""


@dataclass(frozen=True)
class DecisionTable:
    """A decision matrix read from CSV: ``labels`` of the alternatives, ``criteria`` names."""

    labels: tuple[str, ...]
    criteria: tuple[str, ...]
    matrix: NDArray[np.float64]
    has_label_column: bool


def _rows(path: Path) -> list[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TableError(f"{path}: cannot read ({exc})") from None
    rows = [row for row in rows if any(row)]
    if not rows:
        raise TableError(f"{path}: the file is empty")
    return rows


def parse_number(text: str) -> float:
    """Parse ``3``, ``0.25`` or a fraction such as ``1/3``; raise ValueError otherwise."""
    if "/" in text:
        return float(Fraction(text.replace(" ", "")))
    value = float(text)
    if text.lower() in ("nan", "inf", "-inf", "infinity", "-infinity"):
        raise ValueError(text)
    return value


def _number(path: Path, text: str, row: int, column: str) -> float:
    try:
        return parse_number(text)
    except (ValueError, ZeroDivisionError):
        raise TableError(
            f"{path}: row {row}, column {column!r}: {text!r} is not a number"
        ) from None


def read_pairwise_csv(path: Path) -> tuple[tuple[str, ...], NDArray[np.float64]]:
    """Read a pairwise comparison matrix with criterion names in the header and first column.

    The top-left cell is ignored; entries may be decimals or fractions (``1/3``).

    Returns
    -------
    tuple
        The criterion names and the square matrix.

    """
    rows = _rows(path)
    header, body = rows[0][1:], rows[1:]
    if not header:
        raise TableError(f"{path}: the header row names no criteria")
    if len(body) != len(header):
        raise TableError(
            f"{path}: {len(header)} criteria in the header but {len(body)} rows; the matrix "
            "must be square"
        )
    matrix = np.empty((len(header), len(header)))
    for i, row in enumerate(body):
        line = i + 2
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
    header, body = rows[0], rows[1:]
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
    for i, row in enumerate(body):
        line = i + 2
        if len(row) != len(header):
            raise TableError(f"{path}: row {line} has {len(row)} cells, the header {len(header)}")
        cells = row[1:] if has_labels else row
        labels.append(row[0] if has_labels else str(i + 1))
        for j, cell in enumerate(cells):
            matrix[i, j] = _number(path, cell, line, criteria[j])
    return DecisionTable(tuple(labels), tuple(criteria), matrix, has_labels)
