"""Row problems of an import (:class:`~microparks.io.errors.RowError`) on the web.

``io`` gives each problem as an English template with parameters; these helpers keep them as
JSON (a job's result) and give them back in the user's language, for the shared table
``common/_row_problems.html`` (row, field, value, reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

from microparks.io.county_tables import MISSING_COLUMN
from microparks.io.errors import RowError

SHOWN = 200
"""How many problems a page lists (the count says how many there are in all)."""
KEPT = 1000
"""How many problems a failed job keeps in its result."""
LISTED = 20
"""How many problems a page that redirects lists as messages."""


def problem_data(error: RowError) -> dict[str, Any]:
    """``{row, field, value, reason, params}``: JSON-ready, with the untranslated template."""
    params = {k: _json_value(v) for k, v in error.params.items()}
    return {
        "row": error.row,
        "field": error.field,
        "value": error.value,
        "reason": error.reason,
        "params": params,
    }


def _json_value(value: Any) -> Any:
    """Numbers as they are, lists (e.g. the accepted labels) as lists of text, else text."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple | list):
        return [str(v) for v in value]
    return str(value)


def problem_of(data: Mapping[str, Any]) -> RowError:
    """The :class:`RowError` kept by :func:`problem_data`."""
    return RowError(
        row=int(data.get("row") or 0),
        field=str(data.get("field") or ""),
        reason=str(data.get("reason") or ""),
        value=str(data.get("value") or ""),
        params=dict(data.get("params") or {}),
    )


def translated_problems(
    errors: Iterable[RowError | Mapping[str, Any]], limit: int = SHOWN
) -> list[dict[str, Any]]:
    """The first ``limit`` problems with their reason in the active language, for a table."""
    shown: list[dict[str, Any]] = []
    for error in errors:
        if len(shown) >= limit:
            break
        problem = error if isinstance(error, RowError) else problem_of(error)
        shown.append(
            {
                "row": problem.row,
                "field": _field_shown(problem),
                "value": problem.value,
                "reason": problem.text(gettext),
            }
        )
    return shown


def _field_shown(problem: RowError) -> str:
    """The problem's column, for the table.

    A missing column is named as a county's file would head it (the first header the
    vocabulary takes for it, e.g. 项目名称), not by our key (``name``).
    """
    headers = problem.params.get("headers") or ()
    if problem.reason == MISSING_COLUMN and headers:
        return str(headers[0])
    return problem.field


def problems_context(
    errors: Sequence[RowError | Mapping[str, Any]], total: int | None = None
) -> dict[str, Any]:
    """What ``common/_row_problems.html`` shows: the first :data:`SHOWN`, translated, and counts."""
    count = len(errors) if total is None else total
    shown = translated_problems(errors)
    return {"problems": shown, "problem_count": count, "problems_hidden": count - len(shown)}


def refuse_in_messages(request: HttpRequest, problems: Sequence[RowError | str]) -> None:
    """Say that nothing was saved, then each problem as a message of its own (the first few).

    For uploads that redirect to their page: a row problem reads in the user's language as
    ``row 3, field 'code': reason [value]``; text is shown as it is.
    """
    summary = gettext("Nothing was saved. Problems found: %(count)d.")
    messages.error(request, summary % {"count": len(problems)})
    for problem in problems[:LISTED]:
        messages.error(request, problem.line(gettext) if isinstance(problem, RowError) else problem)
    if len(problems) > LISTED:
        rest = gettext("… and %(count)d more problems.") % {"count": len(problems) - LISTED}
        messages.error(request, rest)
