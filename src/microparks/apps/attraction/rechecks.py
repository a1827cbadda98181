"""The admission gate runs again for the open prospects when the admission rules change.

Connected to :data:`microparks.apps.rules.services.in_effect_changed` (apps.ready): activating
or retiring a version of the admission rules re-checks every prospect not yet signed under the
place it covers. A few (:data:`IN_REQUEST` at most) are re-checked inside the activation's
transaction and the rules page lists each decision whose outcome changed, old → new. More (a
province's pipeline) would hold the request for minutes: a background job (:data:`JOB`) is
queued instead, in the same transaction (so it exists only if the activation is saved, and
starts after it commits), once per activation; its page shows the progress and then lists the
changed decisions, and the rules page links to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from microparks.apps.admission import gate
from microparks.apps.admission.models import Outcome
from microparks.apps.attraction.models import Prospect
from microparks.apps.attraction.services import BEFORE_SIGNING
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import JobError, Progress, enqueue, register
from microparks.apps.regions.models import Region
from microparks.apps.rules.models import RulesDocument

SHOWN_CHANGES = 20
"""Changed decisions listed one by one on the rules page; the rest are counted."""
IN_REQUEST = 50
"""Open prospects re-checked inside the activation's request at most; more go to a job."""
JOB = "admission.recheck"
LISTED_IN_JOB = 1000
"""Changed decisions the job's page lists one by one; the rest are counted."""
CHANGE_LINE = gettext_noop("%(prospect)s: %(old)s → %(new)s")


def open_prospects(document: RulesDocument) -> Any:
    """The prospects not yet signed (nor lost) that ``document``'s place covers."""
    prospects = Prospect.objects.filter(stage__in=BEFORE_SIGNING).order_by("pk")
    prospects = prospects.select_related("industry", "region", "target_park", "target_site")
    return gate.open_prospects_under(document, prospects)


def recheck_open_prospects(document: RulesDocument, user: Any) -> list[gate.Change]:
    """Run the gate again for the open prospects under ``document``; the changed decisions."""
    return gate.recheck_all(open_prospects(document), user)


def on_rules_changed(sender: Any, document: RulesDocument, user: Any, **kwargs: Any) -> list[str]:
    """Receiver of ``in_effect_changed``: re-check (or queue the job), word it for the page."""
    if document.kind != "admission":
        return []
    count = open_prospects(document).count()
    region = _job_region(document, user)
    if count > IN_REQUEST and region is not None:
        job = queue_recheck(document, user, region)
        return [
            _(
                "The admission gate re-checks the %(n)d open prospects in the background "
                "(job #%(job)d); the job's page lists the decisions that change."
            )
            % {"n": count, "job": job.pk}
        ]
    changes = recheck_open_prospects(document, user)
    if not changes:
        return [_("The admission gate re-checked the open prospects: no decision changed.")]
    lines = [
        _("Admission decisions changed for %(n)d open prospects:") % {"n": len(changes)},
        *(
            _(CHANGE_LINE) % {"prospect": c.prospect.name, "old": c.old_label, "new": c.new_label}
            for c in changes[:SHOWN_CHANGES]
        ),
    ]
    if len(changes) > SHOWN_CHANGES:
        lines.append(_("… and %(n)d more.") % {"n": len(changes) - SHOWN_CHANGES})
    return lines


def _job_region(document: RulesDocument, user: Any) -> Region | None:
    """The region a job about ``document`` belongs to (whose officials may see it)."""
    if document.region_id is not None:
        return document.region
    if document.park_id is not None:
        return document.park.region  # type: ignore[union-attr]
    own: Region | None = getattr(user, "region", None)
    return own or Region.objects.filter(parent=None).order_by("pk").first()


def queue_recheck(document: RulesDocument, user: Any, region: Region) -> Job:
    """The job re-checking for this activation (or retirement) of ``document``: one only."""
    changed_at = document.status_changed_at
    activation = f"{document.status}@{changed_at.isoformat() if changed_at else ''}"
    same: Job | None = Job.objects.filter(
        kind=JOB, params__rules_document=document.pk, params__activation=activation
    ).first()
    if same is not None:  # the signal heard twice for one activation: no second run
        return same
    params = {
        "rules_document": document.pk,
        "activation": activation,
        "back_url": reverse("rules:detail", args=[document.pk]),
        "back_label": gettext_noop("Back to the rules"),
    }
    actor = user if getattr(user, "is_authenticated", False) else None
    return enqueue(JOB, region=region, user=actor, params=params)


@register(JOB, gettext_lazy("Re-check of the open prospects under new admission rules"))
def recheck_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Re-check the open prospects under ``params["rules_document"]``; list what changed."""
    document = RulesDocument.objects.filter(pk=job.params.get("rules_document") or 0).first()
    if document is None:
        raise JobError(gettext_noop("These admission rules are no longer stored."))
    prospects = open_prospects(document)
    total = prospects.count()
    changes = gate.recheck_all(_reporting(prospects.iterator(), total, progress), job.created_by)
    return {
        "checked": total,
        "changed": len(changes),
        "summary": {
            "text": gettext_noop(
                "%(checked)d open prospects re-checked; %(changed)d decisions changed."
            ),
            "params": {"checked": total, "changed": len(changes)},
        },
        "rows": [_row(c) for c in changes[:LISTED_IN_JOB]],
        "more": max(0, len(changes) - LISTED_IN_JOB),
    }


def _reporting(prospects: Iterable[Any], total: int, progress: Progress) -> Iterator[Any]:
    """``prospects`` as they are, telling the job's progress every few."""
    step = max(1, total // 50)
    for done, prospect in enumerate(prospects):
        if done % step == 0:
            progress(done * 100 // max(total, 1), gettext_noop("Re-checking the open prospects…"))
        yield prospect


def _row(change: gate.Change) -> dict[str, Any]:
    """One changed decision for the job's page, its outcomes by their English labels.

    The labels are msgids, translated when the page is read (a list parameter is translated:
    see ``Job.result_rows``), so the page speaks its reader's language.
    """
    with translation.override("en"):
        old = str(Outcome(change.old).label) if change.old else "none"
        new = str(Outcome(change.new).label)
    return {
        "text": CHANGE_LINE,
        "params": {"prospect": change.prospect.name, "old": [old], "new": [new]},
        "url": reverse("attraction:prospect_detail", args=[change.prospect.pk]),
    }
