"""A background job: long work (imports, scoring) run outside the request, with its progress."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel, acting_user
from microparks.apps.json_fields import StrictJSONField


def _translated(template: str, params: object) -> str:
    """An English msgid in the active language, filled in with ``params``."""
    if not template:
        return ""
    text = gettext(template)
    if isinstance(params, dict) and params:
        # a list is of English labels (e.g. the accepted values), as io's messages give them
        params = {
            k: " / ".join(gettext(str(x)) for x in v) if isinstance(v, list) else v
            for k, v in params.items()
        }
        try:
            return text % params
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
            return template % params
    return text


class Job(TimeStampedModel):
    """One unit of long work: what to do (``kind`` and ``params``), its state and its result.

    ``worker`` names the process that runs it (``host:pid``) so that a job left ``running`` by
    a crashed process can be told apart from one still at work. ``result`` holds at least the
    ``url`` of the page that shows the outcome.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=100)
    params = StrictJSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = StrictJSONField(_("result"), default=dict)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="jobs"
    )
    created_by = acting_user(_("created by"))

    objects = RestrictedManager()
    scope = Scope(region="region", edit=frozenset({Role.OFFICIAL}))

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    def message_text(self) -> str:
        """The message in the active language, filled in, after a failed job's note.

        Handlers report English msgids (``gettext_noop``); a failure keeps the message's
        parameters and note in ``result`` (see :class:`~microparks.apps.jobs.runner.JobError`).
        """
        failed = self.status == self.Status.FAILED
        result = self.result if failed and isinstance(self.result, dict) else {}
        message = _translated(self.message, result.get("params"))
        note = _translated(str(result.get("note") or ""), None)
        return f"{note} {message}" if note and message else note or message

    def result_rows(self) -> list[tuple[str, str]]:
        """A finished job's lines to list, in the active language, each with its link or "".

        A handler that has no page of its own for its outcome returns ``summary`` (one line)
        and ``rows``, each ``{"text": msgid, "params": {...}, "url": ...}``.
        """
        result = self.result if self.status == self.Status.DONE else {}
        if not isinstance(result, dict):
            return []
        rows = [result["summary"], *(result.get("rows") or [])] if result.get("summary") else []
        return [
            (_translated(str(r.get("text") or ""), r.get("params")), str(r.get("url") or ""))
            for r in rows
            if isinstance(r, dict)
        ]

    @property
    def finished(self) -> bool:
        """Whether the job has ended, well or not."""
        return self.status in (self.Status.DONE, self.Status.FAILED)
