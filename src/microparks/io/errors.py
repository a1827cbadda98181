"""Errors of the file readers: file-level refusals and row-level validation reports."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

#: What pandas and openpyxl raise for a file that is not the workbook or CSV its name says:
#: besides value and I/O errors, a zip error (not a zip at all) or a KeyError (a zip without
#: the workbook's parts). Readers turn these into their own "cannot read the file" error.
UNREADABLE_FILE_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    OSError,
    KeyError,
    zipfile.BadZipFile,
)


@dataclass(frozen=True)
class RowError:
    """One bad value: ``row`` as the user sees it in the source (see :mod:`.spatial`)."""

    row: int
    field: str
    reason: str
    value: str = ""

    def __str__(self) -> str:
        """``row 3, field 'code': duplicate code (also on row 2) ['S1']``."""
        shown = f" [{self.value}]" if self.value else ""
        return f"row {self.row}, field {self.field!r}: {self.reason}{shown}"


class ImportFileError(ValueError):
    """A file that cannot be read at all: unknown format, empty, no CRS, missing columns."""


class ImportValidationError(ValueError):
    """Rows that failed validation; nothing of the file is accepted (all-or-nothing)."""

    def __init__(self, source: str, errors: Sequence[RowError], shown: int = 5) -> None:
        self.source = source
        self.errors = tuple(errors)
        lines = "; ".join(str(e) for e in self.errors[:shown])
        more = f" (and {len(self.errors) - shown} more)" if len(self.errors) > shown else ""
        super().__init__(f"{source}: {len(self.errors)} row problems: {lines}{more}")
