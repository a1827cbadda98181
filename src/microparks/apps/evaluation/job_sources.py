"""Where a firm's jobs in an evaluation come from: its employment records, else its annual record.

A firm that filed employment records (用工季报) for the campaign's year is evaluated on the mean
headcount of the quarters it filed (one to four); a firm without records keeps the ``jobs`` of
its annual record. Each result stores which source it used (``Result.sources``), so that a
figure can be traced and a later record changes nothing already computed. Only ``jobs`` is
taken from the records: no shipped scheme scores local or poverty-alleviated jobs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from microparks.apps.labour.models import EmploymentRecord

ANNUAL_RECORD = "annual_record"
"""The source of a figure taken from the firm's annual record (亩均效益评价数据)."""
EMPLOYMENT_RECORDS = "employment_records"
"""The source of jobs taken from the firm's quarterly employment records."""


@dataclass(frozen=True)
class QuarterlyJobs:
    """A firm's mean headcount over the quarters of a year it filed, and those quarters."""

    mean_headcount: float
    quarters: tuple[int, ...]


def quarterly_jobs(firm_ids: Iterable[int], year: int) -> dict[int, QuarterlyJobs]:
    """Each firm's :class:`QuarterlyJobs` of ``year``, for the firms with records (one query)."""
    headcounts: dict[int, dict[int, int]] = defaultdict(dict)
    rows = EmploymentRecord.objects.filter(enterprise_id__in=list(firm_ids), year=year)
    for firm, quarter, headcount in rows.values_list("enterprise_id", "quarter", "headcount"):
        headcounts[firm][quarter] = headcount
    return {
        firm: QuarterlyJobs(fmean(by_quarter.values()), tuple(sorted(by_quarter)))
        for firm, by_quarter in headcounts.items()
    }


def jobs_source(found: QuarterlyJobs | None) -> dict[str, Any]:
    """What a result stores of its jobs' source: the records' quarters, or the annual record."""
    if found is None:
        return {"source": ANNUAL_RECORD}
    return {"source": EMPLOYMENT_RECORDS, "quarters": list(found.quarters)}
