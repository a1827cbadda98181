"""Errors of the file readers: file-level refusals and row-level validation reports."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

# ``io`` does not import Django: its messages are marked as the core's are (one definition).
from microparks.core.messages import gettext_noop as gettext_noop

#: What pandas and openpyxl raise for a file that is not the workbook or CSV its name says:
#: besides value and I/O errors, a zip error (not a zip at all) or a KeyError (a zip without
#: the workbook's parts). Readers turn these into their own "cannot read the file" error.
UNREADABLE_FILE_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    OSError,
    KeyError,
    zipfile.BadZipFile,
)


def _identity(message: str) -> str:
    return message


def _filled(value: Any, translate: Callable[[str], str]) -> Any:
    if isinstance(value, tuple | list):
        return " / ".join(translate(str(v)) for v in value)
    return value


@dataclass(frozen=True)
class RowError:
    """One bad value: ``row`` as the user sees it in the source (see :mod:`.spatial`).

    ``reason`` is an English template marked with :func:`gettext_noop` and filled in with
    ``params`` (``%(name)s`` placeholders), so that :meth:`text` can give it in the user's
    language. ``field`` is our field name or the file's column as the user wrote it.
    """

    row: int
    field: str
    reason: str
    value: str = ""
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)

    def text(self, translate: Callable[[str], str] = _identity) -> str:
        """The reason filled in, its template translated by ``translate`` (English as is).

        A tuple parameter is a list of English labels (accepted values): each is translated.
        """
        message = translate(self.reason)
        if not self.params:
            return message
        return message % {k: _filled(v, translate) for k, v in self.params.items()}

    def line(self, translate: Callable[[str], str] = _identity) -> str:
        """``row 3, field 'code': duplicate code (also on row 2) [S1]``, translated."""
        template = translate(gettext_noop("row %(row)s, field '%(field)s': %(reason)s"))
        shown = f" [{self.value}]" if self.value else ""
        filled = template % {"row": self.row, "field": self.field, "reason": self.text(translate)}
        return filled + shown

    def __str__(self) -> str:
        """The English :meth:`line`."""
        return self.line()


class ImportFileError(ValueError):
    """A file that cannot be read at all: unknown format, empty, no CRS, missing columns.

    Like :class:`RowError`, the message may be an English template (marked with
    :func:`gettext_noop`) with ``params``; :meth:`text` gives it in the user's language.
    """

    def __init__(self, message: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.params = dict(params or {})
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str] = _identity) -> str:
        """The message filled in, its template translated by ``translate`` (English as is)."""
        message = translate(self.message)
        return message % self.params if self.params else message


class ImportValidationError(ValueError):
    """Rows that failed validation; nothing of the file is accepted (all-or-nothing)."""

    def __init__(self, source: str, errors: Sequence[RowError], shown: int = 5) -> None:
        self.source = source
        self.errors = tuple(errors)
        self.shown = shown
        lines = "; ".join(str(e) for e in self.errors[:shown])
        more = f" (and {len(self.errors) - shown} more)" if len(self.errors) > shown else ""
        super().__init__(f"{source}: {len(self.errors)} row problems: {lines}{more}")
