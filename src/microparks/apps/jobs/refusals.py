"""How an import job says that it refused a file: one wording for every import.

The site, enterprise, prospect, evaluation and spending imports all run as jobs; a refused
file fails the job with "Nothing was imported." before the reason, and the row problems, if
any, as the job page's table.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from microparks.apps.common.row_problems import KEPT, problem_data
from microparks.apps.jobs.runner import JobError
from microparks.io.errors import ImportFileError, ImportValidationError

NOTHING_IMPORTED = gettext_noop("Nothing was imported.")
ROW_PROBLEMS = gettext_noop(
    "Row problems in %(file)s: %(count)s. Fix them and upload the file again."
)


def import_refusal(
    exc: ImportFileError | ImportValidationError, name: str | None = None
) -> JobError:
    """The job's failure for a refused file ``name``: the reason, or every row problem."""
    if isinstance(exc, ImportFileError):
        return JobError(exc.message, exc.params, note=NOTHING_IMPORTED)
    return JobError(
        ROW_PROBLEMS,
        {"file": name or exc.source, "count": len(exc.errors)},
        note=NOTHING_IMPORTED,
        problems=[problem_data(e) for e in exc.errors[:KEPT]],
        problem_count=len(exc.errors),
    )
