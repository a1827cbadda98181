"""Use cases of the attraction pipeline: moving between stages, signing, activities.

Every action checks that the user may change the prospect (``restrict(user, "change")``) and
runs with the user set as the audit log's current user, so each stage change, override and
commitment is recorded with who made it. A move from a page passes the revision the page showed
(``seen``): a prospect someone changed since is not moved (an
:class:`~microparks.apps.common.revisions.EditConflict` with what changed) and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.admission import gate
from microparks.apps.admission.models import Decision, Declaration, Outcome
from microparks.apps.admission.services import is_current, latest_decision
from microparks.apps.attraction import after_signing
from microparks.apps.attraction.models import (
    EXITS,
    PIPELINE,
    Activity,
    Commitment,
    Prospect,
    StageTransition,
)
from microparks.apps.attraction.tenants import checked_credit_code, tenant_of
from microparks.apps.audit.middleware import current_user
from microparks.apps.base import CHANGE
from microparks.apps.common.revisions import Seen
from microparks.apps.enterprises.models import Enterprise

Stage = Prospect.Stage
BEFORE_SIGNING = PIPELINE[: PIPELINE.index(Stage.SIGNED)]
GATED = (*PIPELINE[PIPELINE.index(Stage.VISITED) : PIPELINE.index(Stage.SIGNED)], Stage.SIGNED)
"""The stages a rejected prospect may not move to without an override (beyond *contacted*;
after signing the gate no longer governs: the contract is signed)."""
MIN_JUSTIFICATION = gate.MIN_JUSTIFICATION
"""Characters an override's written justification needs at least."""
GATE_FIELDS = (
    "industry",
    "annual_energy_tce",
    "water_t_per_day",
    "land_area_min_m2",
    "land_area_max_m2",
    "investment_cny",
    "target_park",
    "target_site",
)
"""Fields of a prospect whose change runs the admission gate again (its declaration too)."""


def allowed_moves(stage: str) -> list[str]:
    """The stages a prospect in ``stage`` may move to.

    Before signing a prospect may move freely between the early stages (visits happen
    without a call first; a referred firm goes back to negotiating); it is signed only from
    admission review. After signing it moves one stage at a time. It may be lost before
    signing and abandoned at any time; lost and abandoned are final.
    """
    if stage in EXITS:
        return []
    if stage in BEFORE_SIGNING:
        moves = [s for s in BEFORE_SIGNING if s != stage]
        if stage == Stage.ADMISSION:
            moves.append(Stage.SIGNED)
        return [*moves, Stage.LOST, Stage.ABANDONED]
    following = PIPELINE[PIPELINE.index(Stage(stage)) + 1 : PIPELINE.index(Stage(stage)) + 2]
    return [*following, Stage.ABANDONED]


def may_override(user: Any, prospect: Prospect) -> bool:
    """Whether ``user`` may sign ``prospect`` without a passing admission decision.

    The roles are the admission rules' ``override_roles`` (the county official by default).
    """
    return gate.has_override_role(user, gate.rules_override_roles(prospect))


def passing_decision(prospect: Prospect) -> Decision | None:
    """The latest decision if it lets the prospect sign and was made on its present data."""
    decision = latest_decision(prospect)
    if decision is not None and decision.passed and is_current(decision, prospect):
        return decision
    return None


def editable(user: Any) -> QuerySet[Prospect]:
    """The prospects ``user`` may change."""
    return Prospect.objects.restrict(user, CHANGE)


def _check_may_change(prospect: Prospect, user: Any) -> None:
    if not editable(user).filter(pk=prospect.pk).exists():
        raise PermissionDenied(_("Your role may not change this."))


@contextmanager
def acting(user: Any) -> Iterator[None]:
    """Record ``user`` as the author of the changes made inside (for the audit log)."""
    token = current_user.set(user if user.is_authenticated else None)
    try:
        with transaction.atomic():
            yield
    finally:
        current_user.reset(token)


def move_prospect(
    prospect: Prospect, to_stage: str, user: Any, *, reason: str = "", seen: Seen | None = None
) -> StageTransition:
    """Move ``prospect`` to ``to_stage`` (any stage but *signed*; see :func:`sign_prospect`).

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect.
    EditConflict
        If the prospect changed since the revision ``seen`` (checked before the move's rules,
        so that a page out of date hears what changed).
    ValidationError
        If the move is not allowed, or an exit has no reason.

    """
    _check_may_change(prospect, user)
    with acting(user):
        if seen is not None:
            seen.check(prospect)  # locks the row until the move is saved
        check_move(prospect.stage, to_stage, reason)
        check_gate(prospect, to_stage)
        return _record(prospect, to_stage, user, reason=reason.strip())


def check_gate(prospect: Prospect, to_stage: str) -> None:
    """Refuse a move beyond *contacted* of a prospect whose latest decision rejects it.

    Raises
    ------
    ValidationError
        On ``stage``, naming the rules that failed (in the active language), unless the
        decision was overridden.

    """
    if to_stage in GATED:
        gate.check_not_rejected(prospect)


def check_move(from_stage: str, to_stage: str, reason: str = "") -> None:
    """The rules of :func:`move_prospect`, without the user's right (imports check them first).

    Raises
    ------
    ValidationError
        If the move is to *signed* (the signing form's job), not allowed from ``from_stage``,
        or an exit without a reason.

    """
    if to_stage == Stage.SIGNED:
        raise ValidationError({"stage": _("Signing needs the commitments: use the signing form.")})
    _check_stage_move(from_stage, to_stage)
    if to_stage in EXITS and not reason.strip():
        raise ValidationError({"reason": _("Give the reason why the prospect leaves.")})


def move_by_import(
    prospect: Prospect, to_stage: str, user: Any | None, *, reason: str = ""
) -> StageTransition:
    """Move ``prospect`` for an import: as :func:`move_prospect` for a signed-in ``user``.

    ``user`` ``None`` is the command line's operator (``microparks prospects import``, run on
    the server like ``sites import``): the same rules of :func:`check_move`, recorded without
    an author.
    """
    if user is not None:
        return move_prospect(prospect, to_stage, user, reason=reason)
    check_move(prospect.stage, to_stage, reason)
    check_gate(prospect, to_stage)
    with transaction.atomic():
        return _record(prospect, to_stage, AnonymousUser(), reason=reason.strip())


def _check_move(prospect: Prospect, to_stage: str) -> None:
    _check_stage_move(prospect.stage, to_stage)


def _check_stage_move(from_stage: str, to_stage: str) -> None:
    if to_stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage %(stage)s.") % {"stage": to_stage}})
    if to_stage not in allowed_moves(from_stage):
        raise ValidationError(
            {
                "stage": _("A prospect cannot move from %(from)s to %(to)s.")
                % {"from": Stage(from_stage).label, "to": Stage(to_stage).label}
            }
        )


def _record(
    prospect: Prospect,
    to_stage: str,
    user: Any,
    *,
    reason: str = "",
    override: bool = False,
    decision: Decision | None = None,
) -> StageTransition:
    transition = StageTransition.objects.create(
        prospect=prospect,
        from_stage=prospect.stage,
        to_stage=to_stage,
        reason=reason,
        override=override,
        decision=decision,
        by=user if user.is_authenticated else None,
    )
    prospect.stage = to_stage
    if to_stage in EXITS:
        prospect.next_follow_up = None
    prospect.save()
    return transition


def sign_prospect(
    prospect: Prospect,
    user: Any,
    commitment: dict[str, Any],
    *,
    justification: str = "",
    credit_code: str = "",
    size: str = Enterprise.Size.SMALL,
    seen: Seen | None = None,
) -> StageTransition:
    """Sign ``prospect``: record its commitments and, with a credit code, its tenant record.

    Signing needs a passing admission decision made on the prospect's present data, each
    condition of an ``admit_with_conditions`` decision marked met with evidence. A reject
    overridden on the present data signs under that override. Without either, only a role the
    admission rules allow (``override_roles``) may sign, with a written justification (at least
    :data:`MIN_JUSTIFICATION` characters) that the stage change and the audit log keep.

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect, or may not override a missing decision.
    EditConflict
        If the prospect changed since the revision ``seen``.
    ValidationError
        If the move is not allowed, the justification is missing, the commitments are
        invalid, or the credit code is malformed.

    """
    _check_may_change(prospect, user)
    if seen is not None:  # first, unlocked: a page out of date hears what changed
        seen.check(prospect, lock=False)
    _check_move(prospect, Stage.SIGNED)
    decision = passing_decision(prospect)
    justification = justification.strip()
    if decision is not None and decision.outcome == Outcome.CONDITIONS:
        gate.check_conditions_met(decision)
    overridden = gate.overridden_current(prospect) if decision is None else None
    if overridden is not None:
        decision, justification = overridden.decision, overridden.reason
    override = decision is None or overridden is not None
    if decision is None:
        _check_override(user, prospect, justification)
    code = checked_credit_code(credit_code)
    record = Commitment(prospect=prospect, **commitment)
    record.full_clean(exclude=["prospect"])
    with acting(user):
        if seen is not None:  # again under the lock, held until the signing is saved
            seen.check(prospect)
        Commitment.objects.filter(prospect=prospect).delete()
        record.save()
        if code and prospect.enterprise_id is None:
            prospect.enterprise = tenant_of(prospect, code, size)
        return _record(
            prospect,
            Stage.SIGNED,
            user,
            reason=justification if override else "",
            override=override,
            decision=decision,
        )


def _check_override(user: Any, prospect: Prospect, justification: str) -> None:
    """Signing without a passing decision: by a role the rules allow, with a justification."""
    if not may_override(user, prospect):
        raise PermissionDenied(
            _(
                "Signing needs a passing admission decision on the present data; only a "
                "role the admission rules allow may override it."
            )
        )
    if len(justification) < MIN_JUSTIFICATION:
        raise ValidationError(
            {
                "justification": _(
                    "Without a passing admission decision, write a justification of at "
                    "least %(n)d characters."
                )
                % {"n": MIN_JUSTIFICATION}
            }
        )


def create_prospect(user: Any, prospect: Prospect) -> Prospect:
    """Save a new lead owned by ``user``, in their region (or the target park's).

    Raises
    ------
    PermissionDenied
        If ``user``'s role may not create prospects.
    ValidationError
        If a field is invalid, or the lead would fall outside the user's area.

    """
    if not user.is_authenticated or not user.has_role(*Prospect.scope.edit):
        raise PermissionDenied(_("Your role may not change this."))
    prospect.owner = user
    prospect.stage = Stage.LEAD
    if prospect.region_id is None:
        park = prospect.target_park
        prospect.region = park.region if park is not None else user.region
    if prospect.region_id is None:
        raise ValidationError({"target_park": _("Choose the park the firm is aiming for.")})
    prospect.full_clean()
    with acting(user):
        prospect.save()
        if not editable(user).filter(pk=prospect.pk).exists():
            raise ValidationError({"target_park": _("Saving this would put it outside your area.")})
        gate.recheck(prospect, user)
    return prospect


def update_prospect(user: Any, prospect: Prospect, changed: list[str]) -> Prospect:
    """Save ``prospect`` with the fields ``changed``; a change the gate reads runs it again.

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect.
    ValidationError
        If a field is invalid, or the prospect would fall outside the user's area.

    """
    _check_may_change(prospect, user)
    prospect.full_clean()
    with acting(user):
        prospect.save()
        if not editable(user).filter(pk=prospect.pk).exists():
            raise ValidationError({"target_park": _("Saving this would put it outside your area.")})
        after_signing.recheck(prospect, user, force=bool(set(changed) & set(GATE_FIELDS)))
    return prospect


def save_declaration(user: Any, declaration: Declaration) -> Decision:
    """Save the prospect's admission data (validated already) and run the gate on it.

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect.

    """
    prospect: Prospect = declaration.prospect
    _check_may_change(prospect, user)
    with acting(user):
        declaration.save()
        return after_signing.recheck(prospect, user)


def log_activity(
    prospect: Prospect,
    user: Any,
    *,
    kind: str,
    date: dt.date,
    summary: str,
    next_follow_up: dt.date | None = None,
) -> Activity:
    """Log a visit, call, meeting or note; its next follow-up becomes the prospect's.

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect.
    ValidationError
        If a field is invalid, or the next follow-up is before the activity.

    """
    _check_may_change(prospect, user)
    activity = Activity(
        prospect=prospect,
        kind=kind,
        date=date,
        summary=summary.strip(),
        next_follow_up=next_follow_up,
        by=user if user.is_authenticated else None,
    )
    activity.full_clean()
    if next_follow_up is not None and next_follow_up < date:
        raise ValidationError(
            {"next_follow_up": _("The next follow-up cannot be before the activity.")}
        )
    with acting(user):
        activity.save()
        prospect.next_follow_up = next_follow_up
        prospect.save()
    return activity


def today() -> dt.date:
    """Today in the site's time zone."""
    return timezone.localdate()


def is_overdue(prospect: Prospect, on: dt.date | None = None) -> bool:
    """Whether the prospect's follow-up date has passed while it is still in the pipeline."""
    due = prospect.next_follow_up
    return bool(due and prospect.stage not in EXITS and due < (on or today()))


def overdue(prospects: QuerySet[Prospect], on: dt.date | None = None) -> QuerySet[Prospect]:
    """The prospects among ``prospects`` whose follow-up is overdue."""
    return prospects.filter(next_follow_up__lt=on or today()).exclude(stage__in=EXITS)
