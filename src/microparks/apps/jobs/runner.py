"""Run jobs outside the request: enqueue after commit, then a worker thread or a worker process.

``settings.JOBS_MODE`` (the environment variable ``MICROPARKS_JOBS``) chooses how:

``thread`` (default)
    after the enqueuing transaction commits, a single worker thread of the web process runs the
    job (waitress serves ``microparks demo``/``serve`` from one process, so one thread is enough,
    and SQLite takes one writer at a time anyway).
``worker``
    jobs stay queued for ``microparks jobs work``, a separate process.
``sync``
    the job runs at once, inside the caller (tests).

A job is *claimed* by one atomic ``UPDATE … WHERE status = 'queued'``, so a thread and a worker
process never run the same job twice. Writes are short (one row) so that SQLite's WAL and busy
timeout carry them; handlers keep their own writes in short transactions too.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from microparks.apps.jobs.models import Job
from microparks.apps.json_fields import finite_or_none

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
"""``progress(percent, message)``: a handler's report; the message is an English msgid."""
Handler = Callable[[Job, Progress], dict[str, Any]]
"""Runs a job and returns its result (with a ``url`` to show); raises :class:`JobError`."""

MODES = ("thread", "worker", "sync")
STALE_AFTER = timedelta(hours=6)
"""A running job of another host not heard of for this long is taken as lost."""
HOST = socket.gethostname()

_handlers: dict[str, Handler] = {}
_labels: dict[str, Any] = {}
_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


class JobError(Exception):
    """An expected failure: its message is shown to the user as the job's outcome.

    ``message`` is best an English template (marked with ``gettext_noop``) filled in with
    ``params``, so that the job's page gives it in the reader's language; text already
    translated is shown as it is. ``note`` (a template too) is said before it, e.g. "Nothing
    was imported."; ``problems`` are row problems as
    :func:`~microparks.apps.common.row_problems.problem_data` keeps them, shown as a table.
    """

    def __init__(
        self,
        message: str,
        params: Mapping[str, Any] | None = None,
        *,
        note: str = "",
        problems: Sequence[Mapping[str, Any]] = (),
        problem_count: int | None = None,
    ) -> None:
        self.message = message
        self.params = dict(params or {})
        self.note = note
        self.problems = list(problems)
        self.problem_count = len(self.problems) if problem_count is None else problem_count
        super().__init__(message % self.params if self.params else message)

    def result(self) -> dict[str, Any]:
        """What the failed job keeps besides its message (JSON)."""
        return {
            "params": self.params,
            "note": self.note,
            "problems": self.problems,
            "problem_count": self.problem_count,
        }


UNEXPECTED = gettext_noop(
    "The job stopped because of an unexpected error; nothing more was done. The error has "
    "been logged for the administrator: run the job again, and tell them if it happens again."
)


def register(kind: str, label: Any = "") -> Callable[[Handler], Handler]:
    """Register ``handler`` as the runner of jobs of ``kind`` (``label``: a lazy gettext)."""

    def decorator(handler: Handler) -> Handler:
        _handlers[kind] = handler
        _labels[kind] = label or kind
        return handler

    return decorator


def label_of(kind: str) -> str:
    """What the user reads for jobs of ``kind``."""
    return str(_labels.get(kind, kind))


def jobs_mode() -> str:
    """``thread``, ``worker`` or ``sync`` (see the module docstring)."""
    mode = settings.JOBS_MODE
    if mode not in MODES:
        raise ValueError(f"JOBS_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    return str(mode)


def worker_id() -> str:
    """``host:pid`` of this process."""
    return f"{HOST}:{os.getpid()}"


def enqueue(kind: str, *, region: Any, user: Any, params: dict[str, Any]) -> Job:
    """Record a job and have it run after the current transaction commits."""
    if kind not in _handlers:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    job = Job.objects.create(kind=kind, params=params, region=region, created_by=user)
    mode = jobs_mode()
    if mode == "sync":
        run_job(job.pk)
        job.refresh_from_db()
    elif mode == "thread":
        pk = job.pk
        transaction.on_commit(lambda: submit(pk))
    return job


def submit(pk: int) -> None:
    """Hand job ``pk`` to this process's worker thread (started, with a recovery, on first use)."""
    global _executor
    with _lock:
        start = _executor is None
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="microparks-job")
        executor = _executor
    if start:
        executor.submit(_in_thread, recover_jobs)
    executor.submit(_in_thread, run_job, pk)


def wait_idle(timeout: float | None = None) -> None:
    """Wait until this process's worker thread has run every job handed to it so far."""
    with _lock:
        executor = _executor
    if executor is not None:
        executor.submit(lambda: None).result(timeout)  # one thread, first in first out


def _in_thread(function: Callable[..., Any], *args: Any) -> None:
    try:
        function(*args)
    except Exception:  # a thread has nobody to raise to
        log.exception("background job runner failed")
    finally:
        connections.close_all()  # this thread's connections; Django would not close them


def claim(pk: int) -> bool:
    """Mark job ``pk`` running for this process if it is still queued (atomic)."""
    updated = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), worker=worker_id(), progress=0
    )
    return updated == 1


def next_queued() -> int | None:
    """The oldest queued job's id."""
    return (
        Job.objects.filter(status=Job.Status.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def _finish(pk: int, status: str, message: str, result: dict[str, Any] | None = None) -> None:
    values: dict[str, Any] = {"status": status, "message": message, "finished_at": timezone.now()}
    if result is not None:
        values["result"] = finite_or_none(result)  # a report's missing figure is null, not NaN
    if status == Job.Status.DONE:
        values["progress"] = 100
    Job.objects.filter(pk=pk).update(**values, updated_at=timezone.now())


def run_job(pk: int, on_progress: Progress | None = None) -> Job | None:
    """Claim and run job ``pk``; None when another runner has it already.

    ``on_progress`` also hears the handler's reports (the worker's progress bar).
    """
    if not claim(pk):
        return None
    job = Job.objects.get(pk=pk)

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=pk).update(
            progress=max(0, min(99, int(percent))), message=message, updated_at=timezone.now()
        )
        if on_progress is not None:
            on_progress(percent, message)

    try:
        handler = _handlers.get(job.kind)
        if handler is None:
            raise JobError(
                gettext_noop("No handler for jobs of kind %(kind)s."), {"kind": job.kind}
            )
        result = handler(job, progress)
    except JobError as exc:
        _finish(pk, Job.Status.FAILED, exc.message, exc.result())
    except Exception as exc:
        # a bug or an outage: the log has the traceback, the user a message they can act on
        log.exception("job %s (%s) failed", pk, job.kind)
        _finish(pk, Job.Status.FAILED, UNEXPECTED, {"error": type(exc).__name__})
    else:
        _finish(pk, Job.Status.DONE, "", result)
    job.refresh_from_db()
    return job


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


INTERRUPTED = gettext_noop(
    "Interrupted: the process running this job stopped before it finished. Run it again."
)


def recover_jobs() -> int:
    """Fail the jobs left ``running`` by a process that is gone; return how many.

    A job is taken as lost when its worker ran on this host and that process no longer exists,
    or when it has not reported for :data:`STALE_AFTER`.
    """
    lost = []
    stale = timezone.now() - STALE_AFTER
    for pk, worker, updated in Job.objects.filter(status=Job.Status.RUNNING).values_list(
        "pk", "worker", "updated_at"
    ):
        host, _, pid = worker.rpartition(":")
        dead = host == HOST and pid.isdigit() and not _alive(int(pid))
        if dead or not worker or updated < stale:
            lost.append(pk)
    for pk in lost:
        _finish(pk, Job.Status.FAILED, INTERRUPTED)
    return len(lost)
