"""The gate after signing: a signed project whose data change is still re-checked.

Signing does not stop the gate: when a signed (or settled) project's industry, energy, emissions,
water, land or declaration change, :func:`recheck` runs it again like before signing. The stage
does not move back (the contract is signed), but a new decision that rejects the project, or
sets conditions where the decision it was signed under set none, is recorded as a
:class:`~microparks.apps.attraction.models.SignedRecheck` (audited with who made the change),
shown on the prospect's page and its card on the board ("签约后复核未通过：…") for as long as it
is the latest decision, and each official of the prospect's county (and township) gets a
notice: counted in the header's badge of unread news (:mod:`microparks.apps.common.unread`),
listed on the pipeline board, read when they open the prospect.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.accounts.models import User
from microparks.apps.admission import gate
from microparks.apps.admission.models import Decision, Outcome
from microparks.apps.admission.services import latest_decision
from microparks.apps.attraction.models import (
    PIPELINE,
    Prospect,
    SignedRecheck,
    SignedRecheckNotice,
    StageTransition,
)
from microparks.apps.base import Role

AFTER_SIGNING = PIPELINE[PIPELINE.index(Prospect.Stage.SIGNED) :]
"""Signed and the settled stages after it: the gate re-checks, but no longer moves the stage."""


def recheck(prospect: Prospect, user: Any = None, *, force: bool = False) -> Decision:
    """:func:`gate.recheck` for any stage; after signing, flag a decision that no longer passes."""
    before = latest_decision(prospect) if prospect.stage in AFTER_SIGNING else None
    after = gate.recheck(prospect, user, force=force)
    if prospect.stage in AFTER_SIGNING and after != before:
        signed_under = signing_decision(prospect) or before
        if fails(signed_under, after):
            flag(prospect, signed_under, after)
    return after


def signing_decision(prospect: Prospect) -> Decision | None:
    """The decision the project was signed under (``None``: signed without one, or unknown)."""
    signing = StageTransition.objects.filter(prospect=prospect, to_stage=Prospect.Stage.SIGNED)
    found = signing.select_related("decision").order_by("-at", "-pk").first()
    return found.decision if found is not None else None


def fails(before: Decision | None, after: Decision) -> bool:
    """Whether ``after`` rejects, or sets conditions where ``before`` (as signed) set none."""
    if after.outcome == Outcome.REJECT:
        return True
    newly = before is None or before.outcome != Outcome.CONDITIONS
    return after.outcome == Outcome.CONDITIONS and newly


def flag(prospect: Prospect, before: Decision | None, after: Decision) -> SignedRecheck:
    """Record the failed re-check and tell the county's officials (inside the caller's save).

    ``before``: the decision compared with, the one the project was signed under if known.
    """
    recheck, _created = SignedRecheck.objects.get_or_create(
        decision=after,
        defaults={
            "prospect": prospect,
            "previous_outcome": before.outcome if before is not None else "",
            "stage": prospect.stage,
        },
    )
    SignedRecheckNotice.objects.bulk_create(
        [SignedRecheckNotice(recheck=recheck, user=u) for u in officials_of(prospect)],
        ignore_conflicts=True,
    )
    return recheck


def officials_of(prospect: Prospect) -> list[User]:
    """The active officials of the prospect's region and of its county."""
    region = prospect.region
    places = [region.pk, *([region.parent_id] if region.parent_id is not None else [])]
    officials = User.objects.filter(role=Role.OFFICIAL, is_active=True, region_id__in=places)
    return list(officials.order_by("pk"))


def current(prospect: Prospect) -> SignedRecheck | None:
    """The failed re-check shown on the prospect: its latest decision's, after signing only."""
    if prospect.stage not in AFTER_SIGNING:
        return None
    decision = latest_decision(prospect)
    if decision is None:
        return None
    return SignedRecheck.objects.filter(decision=decision).first()


def warning(recheck: SignedRecheck | None) -> str:
    """``签约后复核未通过：…`` with the failed rules (a reject) or the new conditions."""
    if recheck is None:
        return ""
    decision = recheck.decision
    if decision.outcome == Outcome.REJECT:
        reasons = gate.failed_rules(decision)
    else:
        reasons = [c.text for c in gate.conditions(decision)]
    text = "；".join(r for r in reasons if r) or decision.get_outcome_display()
    return _("The re-check after signing did not pass: %(reasons)s") % {"reasons": text}


def flagged_ids(prospects: QuerySet[Prospect]) -> set[int]:
    """Ids of those of ``prospects`` flagged now (one query, for the board's cards)."""
    latest = Decision.objects.filter(prospect=OuterRef("pk")).order_by("-decided_at", "-pk")
    failed = SignedRecheck.objects.filter(decision_id=OuterRef("latest_decision"))
    rows = (
        prospects.filter(stage__in=AFTER_SIGNING)
        .annotate(latest_decision=Subquery(latest.values("pk")[:1]))
        .filter(Exists(failed))
        .values_list("pk", flat=True)
    )
    return set(rows)


def unread_notices(user: Any) -> list[SignedRecheckNotice]:
    """The user's unread notices, newest first (a few: they are read on the prospect's page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = SignedRecheckNotice.objects.filter(user=user.pk, read_at__isnull=True)
    return list(rows.select_related("recheck__prospect")[:20])


def unread_count(user: Any) -> int:
    """How many notices ``user`` has not read (the header's badge, :mod:`common.unread`)."""
    return SignedRecheckNotice.objects.filter(user=user.pk, read_at__isnull=True).count()


def read_notices(user: Any, prospects: Iterable[int]) -> int:
    """Mark the user's notices about ``prospects`` read (they opened the prospect)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    rows = SignedRecheckNotice.objects.filter(
        user=user.pk, read_at__isnull=True, recheck__prospect_id__in=list(prospects)
    )
    return rows.update(read_at=timezone.now())
