"""Funnel analytics of the pipeline and the commitment-versus-actual check of signed firms.

A prospect has *reached* a stage if it is in that stage or a later one, or if it passed through
it before leaving (lost or abandoned): the furthest stage in its recorded stage changes. The
conversion of a stage is the share of the prospects that reached it which reached the next one.
Time in stage is measured between recorded stage changes (the first from the prospect's
creation), in days; a prospect's present stage counts up to ``now``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.attraction.exports import prospects_sheet
from microparks.apps.attraction.models import (
    EXITS,
    PIPELINE,
    Commitment,
    Prospect,
    StageTransition,
)
from microparks.apps.common.display import person_name
from microparks.apps.enterprises.models import AnnualRecord
from microparks.core.vocabulary import Vocabulary

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SIGNED_INDEX = PIPELINE.index(Prospect.Stage.SIGNED)


@dataclass(frozen=True)
class StageRow:
    """One stage of the funnel."""

    stage: str
    label: str
    reached: int
    current: int
    conversion: float | None
    median_days: float | None


@dataclass(frozen=True)
class GroupRow:
    """The funnel of one source or owner, summed up."""

    key: str
    label: str
    prospects: int
    signed: int
    exited: int

    @property
    def signing_rate(self) -> float | None:
        """Share of the group's prospects that reached *signed*."""
        return self.signed / self.prospects if self.prospects else None


@dataclass(frozen=True)
class Funnel:
    """The funnel of a set of prospects."""

    total: int
    stages: list[StageRow]
    exits: dict[str, int]
    by_source: list[GroupRow]
    by_owner: list[GroupRow]

    def chart(self) -> dict[str, Any]:
        """Data of the funnel chart (stages and the numbers that reached them)."""
        return {
            "stages": [s.label for s in self.stages],
            "reached": [s.reached for s in self.stages],
            "label": _("Prospects that reached the stage"),
        }


def furthest_stage(prospect: Prospect, visited: Iterable[str]) -> int:
    """Index in :data:`PIPELINE` of the furthest stage ``prospect`` has reached."""
    stages = [prospect.stage, *visited]
    indices = [PIPELINE.index(Prospect.Stage(s)) for s in stages if s not in EXITS]
    return max(indices, default=0)


def build_funnel(prospects: QuerySet[Prospect], now: dt.datetime | None = None) -> Funnel:
    """The funnel, conversions, time in stage, and the breakdowns by source and owner."""
    now = now or timezone.now()
    rows = list(prospects.select_related("owner"))
    visited, days = _stage_history(rows, now)
    furthest = {p.pk: furthest_stage(p, visited[p.pk]) for p in rows}
    reached = [sum(1 for f in furthest.values() if f >= i) for i in range(len(PIPELINE))]
    stages = []
    for i, stage in enumerate(PIPELINE):
        nxt = reached[i + 1] if i + 1 < len(PIPELINE) else None
        stages.append(
            StageRow(
                stage=stage.value,
                label=str(stage.label),
                reached=reached[i],
                current=sum(1 for p in rows if p.stage == stage),
                conversion=None if nxt is None or not reached[i] else nxt / reached[i],
                median_days=round(statistics.median(days[stage]), 1) if days[stage] else None,
            )
        )
    exits = {str(Prospect.Stage(s).label): sum(1 for p in rows if p.stage == s) for s in EXITS}
    return Funnel(
        total=len(rows),
        stages=stages,
        exits=exits,
        by_source=_groups(
            rows, furthest, lambda p: p.source, lambda p: str(p.get_source_display())
        ),
        by_owner=_groups(
            rows,
            furthest,
            lambda p: p.owner.username if p.owner else "",
            lambda p: person_name(p.owner) if p.owner else _("nobody"),
        ),
    )


def _stage_history(
    rows: list[Prospect], now: dt.datetime
) -> tuple[dict[int, list[str]], dict[str, list[float]]]:
    """Per prospect the stages it passed through; per stage the days spent in it.

    A stay ends at the next recorded change (the first starts at the prospect's creation); a
    prospect's present stage, unless it left the pipeline, counts up to ``now``.
    """
    visited: dict[int, list[str]] = defaultdict(list)
    days: dict[str, list[float]] = defaultdict(list)
    since: dict[int, dt.datetime] = {p.pk: p.created_at for p in rows}
    transitions = (
        StageTransition.objects.filter(prospect__in=[p.pk for p in rows])
        .order_by("at", "pk")
        .values_list("prospect_id", "from_stage", "to_stage", "at")
    )
    for pk, before, after, at in transitions:
        visited[pk] += [before, after]
        days[before].append((at - since[pk]).total_seconds() / 86400)
        since[pk] = at
    for p in rows:
        if p.stage not in EXITS:
            days[p.stage].append(max((now - since[p.pk]).total_seconds() / 86400, 0.0))
    return visited, days


def _groups(
    rows: list[Prospect],
    furthest: dict[int, int],
    key: Callable[[Prospect], str],
    label: Callable[[Prospect], str],
) -> list[GroupRow]:
    """The prospects grouped by ``key`` (sorted), each group's size, signings and exits."""
    members: dict[str, list[Prospect]] = defaultdict(list)
    for p in rows:
        members[key(p)].append(p)
    return [
        GroupRow(
            key=k,
            label=label(ps[0]),
            prospects=len(ps),
            signed=sum(1 for p in ps if furthest[p.pk] >= SIGNED_INDEX),
            exited=sum(1 for p in ps if p.stage in EXITS),
        )
        for k, ps in sorted(members.items())
    ]


@dataclass(frozen=True)
class CommitmentCheck:
    """A signed firm's commitments against its latest annual record, with the flags raised."""

    prospect: Prospect
    commitment: Commitment
    year: int | None
    jobs: int | None
    local_jobs: int | None
    tax_cny: Decimal | None
    flags: list[str] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        """Whether the firm falls behind any commitment."""
        return bool(self.flags)


def check_commitments(
    prospects: QuerySet[Prospect], on: dt.date | None = None
) -> list[CommitmentCheck]:
    """Compare each signed prospect's commitments with what its enterprise reports.

    Flags: construction or production not started by the committed date (judged by the
    pipeline stage), and — for a year that began after the committed production date — jobs,
    local jobs or annual tax below the commitment in the latest annual record.
    """
    on = on or timezone.localdate()
    out = []
    signed = prospects.filter(commitment__isnull=False).select_related("commitment", "enterprise")
    for p in signed.order_by("name"):
        c = p.commitment
        record = None
        if p.enterprise_id is not None:
            record = (
                AnnualRecord.objects.filter(enterprise_id=p.enterprise_id).order_by("-year").first()
            )
        flags = []
        stage_index = PIPELINE.index(Prospect.Stage(p.stage)) if p.stage not in EXITS else -1
        if p.stage not in EXITS:
            if on > c.start_date and stage_index < PIPELINE.index(Prospect.Stage.CONSTRUCTION):
                flags.append(_("Construction has not started by the committed date."))
            if on > c.production_date and stage_index < PIPELINE.index(Prospect.Stage.PRODUCING):
                flags.append(_("Production has not started by the committed date."))
        if record is not None and record.year > c.production_date.year:
            if record.jobs < c.jobs:
                flags.append(
                    _("%(year)d: %(actual)d jobs against %(committed)d committed.")
                    % {"year": record.year, "actual": record.jobs, "committed": c.jobs}
                )
            if record.local_jobs < c.local_jobs:
                flags.append(
                    _("%(year)d: %(actual)d local jobs against %(committed)d committed.")
                    % {"year": record.year, "actual": record.local_jobs, "committed": c.local_jobs}
                )
            if record.tax_cny < c.tax_cny_per_year:
                flags.append(
                    _("%(year)d: tax of %(actual)s CNY against %(committed)s CNY committed.")
                    % {
                        "year": record.year,
                        "actual": f"{record.tax_cny:,.0f}",
                        "committed": f"{c.tax_cny_per_year:,.0f}",
                    }
                )
        out.append(
            CommitmentCheck(
                prospect=p,
                commitment=c,
                year=record.year if record else None,
                jobs=record.jobs if record else None,
                local_jobs=record.local_jobs if record else None,
                tax_cny=record.tax_cny if record else None,
                flags=flags,
            )
        )
    return out


def export_workbook(
    prospects: QuerySet[Prospect],
    funnel: Funnel,
    checks: list[CommitmentCheck],
    vocabulary: Vocabulary | None = None,
) -> bytes:
    """The pipeline as an Excel workbook: prospects, funnel, and commitments against actuals.

    The prospects sheet comes first, in the layout of the project-ledger import with the words
    of ``vocabulary`` (the region's ``prospects`` document; the shipped one by default), so the
    workbook imports back as it is (:mod:`microparks.apps.attraction.exports`).
    """
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Prospects")[:31]
    rows = prospects.select_related("industry", "target_park", "owner", "enterprise")
    prospects_sheet(sheet, rows.order_by("name"), vocabulary)
    _funnel_sheet(book.create_sheet(_("Funnel")[:31]), funnel)
    _commitments_sheet(book.create_sheet(_("Commitments")[:31]), checks)
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _funnel_sheet(stages: Worksheet, funnel: Funnel) -> None:
    """The funnel's stages, then the exits with the number of prospects in each."""
    stages.append(
        [_("Stage"), _("Reached"), _("Now in stage"), _("Conversion to next"), _("Median days")]
    )
    for s in funnel.stages:
        stages.append([s.label, s.reached, s.current, s.conversion, s.median_days])
        stages.cell(stages.max_row, 4).number_format = "0.0%"  # a share, read as 83.3%
    for label, n in funnel.exits.items():
        stages.append([label, None, n, None, None])


def _commitments_sheet(commitments: Worksheet, checks: list[CommitmentCheck]) -> None:
    """Each signed firm's commitments beside its latest record, with the flags raised."""
    commitments.append(
        [
            _("Project"),
            _("Committed jobs"),
            _("Committed local jobs"),
            _("Committed tax (CNY/year)"),
            _("Year"),
            _("Jobs"),
            _("Local jobs"),
            _("Tax (CNY)"),
            _("Flags"),
        ]
    )
    for c in checks:
        commitments.append(
            [
                c.prospect.name,
                c.commitment.jobs,
                c.commitment.local_jobs,
                float(c.commitment.tax_cny_per_year),
                c.year,
                c.jobs,
                c.local_jobs,
                None if c.tax_cny is None else float(c.tax_cny),
                " ".join(c.flags),
            ]
        )
