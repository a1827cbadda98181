"""The results of a web benchmark run as a Markdown block, placed in ``benchmarks/RESULTS.md``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from webload import Result

# Issue 20's figures (10x demo, waitress: one process of 4 threads, SQLite, county official,
# 8 clients, one run): page -> (req/s, p95 ms).
ISSUE_20 = {
    "/": (51.0, 258.0),
    "/sites/": (9.6, 1296.0),
    "/parks/<id>/": (41.0, 280.0),
    "/enterprises/": (48.0, 273.0),
    "/api/sites": (30.0, 404.0),
    "/api/sites.geojson": (7.0, 1604.0),
    "/servicedesk/tickets/": (37.0, 351.0),
}
BEGIN, END = "<!-- web-runs -->", "<!-- /web-runs -->"


@dataclass(frozen=True)
class RunInfo:
    """What a table's heading says about the run."""

    when: str  # UTC, minutes
    database: str
    scale: int
    commit: str
    server: str
    clients: int
    duration: str
    load_before: float
    load_after: float
    label: str = ""


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _ratio(value: float) -> str:
    return f"{value:.1f}×" if value < 10 else f"{value:.0f}×"


def table(info: RunInfo, results: list[Result]) -> str:
    """The run as a heading line and a table; ratios against issue 20 for the official's pages
    (req/s ours ÷ issue, p95 issue ÷ ours: above 1 is faster)."""
    label = f" · {info.label}" if info.label else ""
    lines = [
        f"**{info.when} UTC · {info.database} · {info.scale}× demo · {info.commit}{label}**  ",
        f"{info.server}, {info.clients} clients, {info.duration} per page; load average "
        f"{info.load_before:.2f} before, {info.load_after:.2f} after.",
        "",
        "| page | as | req/s | p50 ms | p95 ms | p99 ms | requests | errors | 304 "
        "| issue req/s, p95 | req/s ratio | p95 ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        before = ISSUE_20.get(r.page.name) if r.page.role == "official" else None
        if r.page.conditional or info.scale != 10:  # the issue measured the 10x demo
            before = None
        p95 = r.percentile(95)
        then = f"{before[0]:g}, {before[1]:,.0f} ms" if before else ""
        up = _ratio(r.req_per_s / before[0]) if before else ""
        down = _ratio(before[1] / p95) if before and p95 > 0 else ""
        not_modified = str(r.statuses.get(304, 0)) if r.page.conditional else ""
        if r.page.conditional and not r.etag:
            not_modified = "0 (no ETag)"
        lines.append(
            f"| {r.page.name} | {r.page.role} | {r.req_per_s:.1f} | {_ms(r.percentile(50))} "
            f"| {_ms(p95)} | {_ms(r.percentile(99))} | {r.requests} | {r.errors} "
            f"| {not_modified} | {then} | {up} | {down} |"
        )
    return "\n".join(lines) + "\n"


def write(path: Path, block: str) -> None:
    """Add ``block`` at the end of the runs in ``path`` (between the web-runs markers)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, tail = text.split(END, 1)
    path.write_text(f"{head.rstrip()}\n\n{block}\n{END}{tail}", encoding="utf-8")
