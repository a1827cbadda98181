"""The gate governing the pipeline: re-checks, refusals, overrides and conditions.

:func:`recheck` runs the gate again whenever what it reads may have changed (a new prospect, new
data, a new version of the rules) and stores a new decision only when the inputs or the rules
differ from the latest one. A prospect whose latest decision is ``reject`` goes no further than
*contacted* (:func:`refusal`) unless a role the rule set allows overrode that decision with a
written reason (:func:`override`); an ``admit_with_conditions`` decision lists its conditions,
each to be marked met with evidence (:func:`mark_condition_met`) before signing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils.translation import gettext as _

from microparks.apps.admission import wording
from microparks.apps.admission.models import (
    ConditionCheck,
    Decision,
    GateOverride,
    Outcome,
)
from microparks.apps.admission.services import (
    decide,
    evaluate,
    inputs_hash,
    is_current,
    latest_decision,
    project_for,
    rules_for,
)
from microparks.apps.audit.middleware import current_user
from microparks.apps.base import CHANGE, Role
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.core.admission import DEFAULT_OVERRIDE_ROLES

MIN_JUSTIFICATION = 20
"""Characters an override's written reason needs at least."""
NOT_DECIDED = "not_decided"
"""Key of a stored decision's ``result`` when the gate could not run (no rules, bad data)."""


@contextmanager
def _acting(user: Any) -> Iterator[None]:
    """Record ``user`` as the author of the changes made inside (for the audit log)."""
    token = current_user.set(user if getattr(user, "is_authenticated", False) else None)
    try:
        with transaction.atomic():
            yield
    finally:
        current_user.reset(token)


# --- running the gate again ------------------------------------------------------------------


def recheck(prospect: Any, by: Any = None, *, force: bool = False) -> Decision:
    """The prospect's decision on its present data and rules: the latest, or a new one.

    A new decision is stored when there is none, when the rules in effect or the inputs the
    gate reads differ from the latest decision's, or with ``force`` (a field the gate is said to
    read was changed). When the gate cannot decide (no rules in effect, data it cannot read) a
    ``refer`` decision records why (``result["not_decided"]``); nothing raises.
    """
    user = by if getattr(by, "is_authenticated", False) else None
    latest = latest_decision(prospect)
    try:
        document, _rule_set = rules_for(prospect)
        digest = inputs_hash(prospect)
    except (ValidationError, ValueError) as exc:
        return _not_decided(prospect, latest, " ".join(_messages(exc)), user)
    if (
        not force
        and latest is not None
        and latest.rules_id == document.pk
        and latest.inputs_hash == digest
    ):
        return latest
    try:
        return decide(prospect, user)
    except ValidationError as exc:
        return _not_decided(prospect, latest, " ".join(exc.messages), user)


def _messages(exc: Exception) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]


def _not_decided(prospect: Any, latest: Decision | None, why: str, user: Any) -> Decision:
    if latest is not None and latest.rules_id is None and latest.result.get(NOT_DECIDED) == why:
        return latest  # said already
    return Decision.objects.create(
        prospect=prospect,
        rules=None,
        rule_set_name="",
        rule_set_version="",
        outcome=Outcome.REFER,
        result={"outcome": Outcome.REFER, "fired": [], NOT_DECIDED: why},
        inputs={},
        inputs_hash="",
        decided_by=user,
    )


def not_decided_reason(decision: Decision | None) -> str:
    """Why the gate could not decide (empty when it did)."""
    return str((decision.result or {}).get(NOT_DECIDED) or "") if decision is not None else ""


@dataclass(frozen=True)
class Change:
    """A decision that a new version of the rules changed."""

    prospect: Any
    old: str | None
    new: str

    @property
    def old_label(self) -> str:
        return str(Outcome(self.old).label) if self.old else _("none")

    @property
    def new_label(self) -> str:
        return str(Outcome(self.new).label)


def recheck_all(prospects: Iterable[Any], by: Any = None) -> list[Change]:
    """Run :func:`recheck` over ``prospects``; the decisions whose outcome changed."""
    changes = []
    for prospect in prospects:
        before = latest_decision(prospect)
        after = recheck(prospect, by)
        if after != before and (before is None or before.outcome != after.outcome):
            changes.append(Change(prospect, before.outcome if before else None, after.outcome))
    return changes


# --- the refusal -----------------------------------------------------------------------------


def blocking(prospect: Any) -> Decision | None:
    """The latest decision if it is a reject that no one overrode (else ``None``)."""
    decision = latest_decision(prospect)
    if decision is None or decision.outcome != Outcome.REJECT:
        return None
    return None if GateOverride.objects.filter(decision=decision).exists() else decision


def failed_rules(decision: Decision) -> list[str]:
    """The reasons of the rules that rejected, in the active language."""
    fired = [f for f in wording.worded(decision.result) if f.get("outcome") == Outcome.REJECT]
    return list(dict.fromkeys(f["text"] for f in fired)) or [not_decided_reason(decision)]


def refusal_text(decision: Decision) -> str:
    """Why a rejected prospect may not move on, naming the rules that failed."""
    rules_used = decision.rules
    label = rules_used.label if rules_used is not None else decision.rule_set_name
    return _refusal(label, failed_rules(decision))


def _refusal(label: str, reasons: list[str]) -> str:
    return _(
        "The admission gate rejected this project (%(rules)s): %(reasons)s It may go no "
        "further than %(stage)s unless a role the rules allow overrides the decision with a "
        "written reason."
    ) % {"rules": label, "reasons": " ".join(reasons), "stage": _("Contacted")}


def would_refuse(prospect: Any) -> str | None:
    """The refusal the gate would give ``prospect`` as planned (an import row), or ``None``.

    Evaluated without storing anything, on the prospect's data as it would be saved; a reject
    that someone overrode on these same inputs and rules does not refuse.
    """
    try:
        document, project, decided = evaluate(prospect)
    except ValidationError:
        return None  # not decided: a referral, never a rejection
    if decided.outcome != "reject":
        return None
    if prospect.pk is not None:
        latest = latest_decision(prospect)
        if (
            latest is not None
            and latest.rules_id == document.pk
            and latest.inputs_hash == inputs_hash(prospect, project)
            and GateOverride.objects.filter(decision=latest).exists()
        ):
            return None
    fired = [f for f in wording.worded(decided.as_dict()) if f.get("outcome") == Outcome.REJECT]
    return _refusal(document.label, list(dict.fromkeys(f["text"] for f in fired)))


def without_rejected(prospects: QuerySet[Any]) -> QuerySet[Any]:
    """``prospects`` less those whose latest decision is a reject nobody overrode (one query)."""
    latest = Decision.objects.filter(prospect=OuterRef("pk")).order_by("-decided_at", "-pk")
    overridden = GateOverride.objects.filter(decision_id=OuterRef("gate_latest"))
    kept: QuerySet[Any] = (
        prospects.annotate(
            gate_latest=Subquery(latest.values("pk")[:1]),
            gate_outcome=Subquery(latest.values("outcome")[:1]),
        )
        .annotate(gate_overridden=Exists(overridden))
        .annotate(
            gate_blocked=Case(
                When(Q(gate_outcome=Outcome.REJECT) & Q(gate_overridden=False), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .filter(gate_blocked=False)
    )
    return kept


def check_not_rejected(prospect: Any) -> None:
    """Refuse (ValidationError on ``stage``) a prospect whose latest decision rejects it."""
    decision = blocking(prospect)
    if decision is not None:
        raise ValidationError({"stage": refusal_text(decision)})


# --- overrides -------------------------------------------------------------------------------


def override_roles(decision: Decision | None) -> tuple[str, ...]:
    """The roles the decision's rule set allows to override it (the default without one)."""
    if decision is None or decision.rules is None:
        return DEFAULT_OVERRIDE_ROLES
    parsed = rules.parse(decision.rules)
    return tuple(parsed.override_roles)


def rules_override_roles(prospect: Any) -> tuple[str, ...]:
    """The roles the rules in effect for ``prospect`` allow to override a decision."""
    try:
        _document, parsed = rules_for(prospect)
    except ValidationError:
        return DEFAULT_OVERRIDE_ROLES
    return tuple(parsed.override_roles)


def has_override_role(user: Any, roles: Iterable[str]) -> bool:
    """Whether ``user`` holds one of ``roles`` (role codes of the rule set)."""
    allowed = [Role(r) for r in roles]
    return bool(getattr(user, "is_authenticated", False) and allowed and user.has_role(*allowed))


def may_override(user: Any, decision: Decision | None) -> bool:
    """Whether ``user`` may override ``decision`` (a reject not overridden yet)."""
    return (
        decision is not None
        and decision.outcome == Outcome.REJECT
        and not GateOverride.objects.filter(decision=decision).exists()
        and has_override_role(user, override_roles(decision))
        and _may_change(user, decision.prospect)
    )


def _may_change(user: Any, prospect: Any) -> bool:
    return bool(type(prospect).objects.restrict(user, CHANGE).filter(pk=prospect.pk).exists())


def check_reason(reason: str, field: str = "reason") -> str:
    """The reason stripped; a ValidationError on ``field`` if shorter than the minimum."""
    text = reason.strip()
    if len(text) < MIN_JUSTIFICATION:
        raise ValidationError(
            {
                field: _("Write a reason of at least %(n)d characters for the override.")
                % {"n": MIN_JUSTIFICATION}
            }
        )
    return text


def override(decision: Decision, user: Any, reason: str) -> GateOverride:
    """Let the prospect of a rejecting ``decision`` past the gate, for this decision only.

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect, or the rule set does not allow their role.
    ValidationError
        If the decision is not the prospect's latest reject, is overridden already, or the
        reason is too short.

    """
    if not _may_change(user, decision.prospect):
        raise PermissionDenied(_("Your role may not change this."))
    if not has_override_role(user, override_roles(decision)):
        raise PermissionDenied(_("The admission rules do not allow your role to override."))
    latest = latest_decision(decision.prospect)
    if decision.outcome != Outcome.REJECT or latest is None or latest.pk != decision.pk:
        raise ValidationError(_("Only the latest decision, a rejection, can be overridden."))
    if GateOverride.objects.filter(decision=decision).exists():
        raise ValidationError(_("This decision was overridden already."))
    text = check_reason(reason)
    with _acting(user):
        return GateOverride.objects.create(decision=decision, reason=text, by=user)


def overridden_current(prospect: Any) -> GateOverride | None:
    """The override of the prospect's latest decision, a reject made on its present data."""
    decision = latest_decision(prospect)
    if decision is None or decision.outcome != Outcome.REJECT:
        return None
    found = override_of(decision)
    return found if found is not None and is_current(decision, prospect) else None


def override_of(decision: Decision | None) -> GateOverride | None:
    """The override of ``decision``, if any."""
    if decision is None:
        return None
    return GateOverride.objects.filter(decision=decision).select_related("by").first()


# --- conditions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A condition of a decision (the id of the rule that set it), with its check if met."""

    key: str
    text: str
    check: ConditionCheck | None


def conditions(decision: Decision | None) -> list[Condition]:
    """The conditions of an ``admit_with_conditions`` decision, in the active language."""
    if decision is None:
        return []
    checks = {c.condition_key: c for c in decision.condition_checks.select_related("met_by")}
    out: dict[str, Condition] = {}
    for fired in wording.worded(decision.result):
        if fired.get("outcome") != Outcome.CONDITIONS or fired.get("rule_id") in out:
            continue
        key = str(fired.get("rule_id") or "")
        out[key] = Condition(key, fired["note_text"] or fired["text"], checks.get(key))
    return list(out.values())


def unmet_conditions(decision: Decision | None) -> list[Condition]:
    """The conditions of ``decision`` not yet marked met."""
    return [c for c in conditions(decision) if c.check is None]


def mark_condition_met(
    decision: Decision, key: str, user: Any, *, evidence: str = "", attachment: Any = None
) -> ConditionCheck:
    """Record that the condition ``key`` of ``decision`` is met, with text or a file as evidence.

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect.
    ValidationError
        If the condition is not one of the decision's, is marked already, or has no evidence.

    """
    if not _may_change(user, decision.prospect):
        raise PermissionDenied(_("Your role may not change this."))
    if key not in {c.key for c in conditions(decision)}:
        raise ValidationError({"condition": _("This decision sets no such condition.")})
    if ConditionCheck.objects.filter(decision=decision, condition_key=key).exists():
        raise ValidationError({"condition": _("This condition is marked met already.")})
    evidence = evidence.strip()
    if not evidence and not attachment:
        raise ValidationError(
            {"evidence": _("Describe the evidence or attach a file that shows it is met.")}
        )
    with _acting(user):
        check = ConditionCheck(decision=decision, condition_key=key, evidence=evidence, met_by=user)
        if attachment:
            check.attachment = attachment
        check.save()
        return check


def check_conditions_met(decision: Decision) -> None:
    """Refuse signing while a condition of ``decision`` is not marked met."""
    unmet = unmet_conditions(decision)
    if unmet:
        message = _(
            "Mark each condition of the admission decision met, with evidence, "
            "before signing: %(list)s"
        ) % {"list": "；".join(c.text for c in unmet)}
        raise ValidationError({NON_FIELD_ERRORS: message})


# --- a new version of the rules --------------------------------------------------------------


def open_prospects_under(document: RulesDocument, prospects: Any) -> Any:
    """Those of ``prospects`` (a queryset) that ``document``'s place covers."""
    if document.park_id is not None:
        return prospects.filter(target_park_id=document.park_id)
    if document.region is not None:
        return prospects.filter(region_id__in=document.region.descendant_ids())
    return prospects


def project_inputs(prospect: Any) -> dict[str, Any]:
    """What the gate would read from ``prospect`` now (for pages and tests)."""
    return project_for(prospect).as_dict()
