"""The job runner: synchronous, worker and threaded modes; claims; crash recovery; the CLI."""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from typer.testing import CliRunner

from microparks.apps.jobs import runner
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import INTERRUPTED, JobError, enqueue, register, run_job
from microparks.cli.main import app

calls: list[int] = []


@register("tests.echo")
def echo(job: Job, progress: runner.Progress) -> dict[str, object]:
    calls.append(job.pk)
    progress(50, "halfway")
    if job.params.get("fail") == "expected":
        raise JobError("the input was refused")
    if job.params.get("fail") == "bug":
        raise ZeroDivisionError("division by zero")
    return {"url": f"/result/{job.params['n']}/", "n": job.params["n"]}


@pytest.fixture(autouse=True)
def _clear_calls():
    calls.clear()


@pytest.mark.django_db
def test_sync_mode_runs_at_once_and_records_the_result(home):
    job = enqueue("tests.echo", region=home.county, user=home.users["official"], params={"n": 3})
    assert job.status == Job.Status.DONE
    assert (job.progress, job.result) == (100, {"url": "/result/3/", "n": 3})
    assert job.started_at <= job.finished_at
    assert job.worker == runner.worker_id()
    assert calls == [job.pk]


@pytest.mark.django_db
def test_failures_keep_their_message(home):
    refused = enqueue("tests.echo", region=home.county, user=None, params={"fail": "expected"})
    assert (refused.status, refused.message) == (Job.Status.FAILED, "the input was refused")
    assert refused.progress == 50  # where it stopped
    bug = enqueue("tests.echo", region=home.county, user=None, params={"fail": "bug"})
    assert bug.status == Job.Status.FAILED
    # the user reads what to do, the log has the traceback
    assert (bug.message, bug.result) == (runner.UNEXPECTED, {"error": "ZeroDivisionError"})


@pytest.mark.django_db
def test_unknown_kind_is_refused(home):
    with pytest.raises(ValueError, match="no handler"):
        enqueue("tests.nothing", region=home.county, user=None, params={})


@pytest.mark.django_db
def test_a_job_runs_once_even_when_asked_twice(home, settings):
    settings.JOBS_MODE = "worker"
    job = enqueue("tests.echo", region=home.county, user=None, params={"n": 1})
    assert job.status == Job.Status.QUEUED
    assert calls == []
    assert runner.next_queued() == job.pk
    assert run_job(job.pk).status == Job.Status.DONE
    assert run_job(job.pk) is None  # claimed already
    assert calls == [job.pk]
    assert runner.next_queued() is None


@pytest.mark.django_db
def test_a_bad_mode_is_refused(home, settings):
    settings.JOBS_MODE = "celery"
    with pytest.raises(ValueError, match="JOBS_MODE"):
        enqueue("tests.echo", region=home.county, user=None, params={"n": 1})


def _dead_pid() -> int:
    pid = 2**22 - 1
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


@pytest.mark.django_db
def test_recovery_fails_only_jobs_whose_process_is_gone(home):
    def running(worker: str, age: timedelta = timedelta(0)) -> Job:
        job = Job.objects.create(kind="tests.echo", region=home.county, status="running")
        Job.objects.filter(pk=job.pk).update(worker=worker, updated_at=timezone.now() - age)
        return job

    dead = running(f"{runner.HOST}:{_dead_pid()}")
    alive = running(runner.worker_id())
    elsewhere = running("other-host:12")
    lost = running("other-host:13", age=runner.STALE_AFTER + timedelta(minutes=1))
    assert runner.recover_jobs() == 2
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses[dead.pk] == statuses[lost.pk] == Job.Status.FAILED
    assert statuses[alive.pk] == statuses[elsewhere.pk] == Job.Status.RUNNING
    dead.refresh_from_db()
    assert dead.message == INTERRUPTED
    assert dead.finished_at is not None


@pytest.mark.django_db
def test_worker_command_recovers_then_runs_the_queue(home, settings):
    settings.JOBS_MODE = "worker"
    crashed = Job.objects.create(
        kind="tests.echo",
        region=home.county,
        status="running",
        worker=f"{runner.HOST}:{_dead_pid()}",
    )
    first = enqueue("tests.echo", region=home.county, user=None, params={"n": 1})
    second = enqueue("tests.echo", region=home.county, user=None, params={"fail": "expected"})
    result = CliRunner().invoke(app, ["jobs", "work", "--once"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary == {"done": 1, "failed": 1, "recovered": 1}
    assert calls == [first.pk, second.pk]  # oldest first
    crashed.refresh_from_db()
    assert crashed.status == Job.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_thread_mode_runs_after_commit_outside_the_request(home, settings):
    settings.JOBS_MODE = "thread"
    with transaction.atomic():
        job = enqueue("tests.echo", region=home.county, user=None, params={"n": 7})
        time.sleep(0.3)
        # not handed to the thread before the transaction commits
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    # wait on the thread, not by polling: SQLite's shared-cache test database refuses
    # concurrent readers of a table being written ("database table is locked")
    runner.wait_idle(timeout=30)
    job.refresh_from_db()
    assert (job.status, job.result["n"]) == (Job.Status.DONE, 7)
    assert calls == [job.pk]


@pytest.mark.django_db
def test_an_unexpected_error_ends_failed_with_a_translated_message_on_the_page(home, client):
    from django.urls import reverse

    bug = enqueue("tests.echo", region=home.county, user=None, params={"fail": "bug"})
    client.force_login(home.users["official"])
    html = client.get(reverse("jobs:detail", args=[bug.pk])).content.decode()
    assert "任务因意外错误而中止" in html
    assert "ZeroDivisionError" not in html
    assert "<progress" not in html


@pytest.mark.django_db
def test_a_job_error_keeps_its_template_parameters_and_problems(home):
    @register("tests.refuse")
    def refuse(job: Job, progress: runner.Progress) -> dict[str, object]:
        problem = {"row": 2, "field": "x", "value": "", "reason": "bad", "params": {}}
        raise JobError("%(n)s bad rows", {"n": 1}, note="Nothing was imported.", problems=[problem])

    job = enqueue("tests.refuse", region=home.county, user=None, params={})
    assert (job.status, job.message) == (Job.Status.FAILED, "%(n)s bad rows")
    assert job.result["params"] == {"n": 1}
    assert job.result["problem_count"] == 1
    from django.utils import translation

    with translation.override("en"):
        assert job.message_text() == "Nothing was imported. 1 bad rows"
