"""The attraction pipeline in the JSON API: prospects, their activities and admission decisions.

Reads go through ``restrict(user)``; actions through the pipeline's services, which check
``restrict(user, "change")`` (403 for a role that may only look) and keep the audit log.
Signing without a passing admission decision is refused (403) unless a role the admission rules
allow (``override_roles``, the county official by default) gives a written justification; a
move beyond contacted of a prospect the gate rejected is refused (422) naming the failed rules.
A move or signing with ``If-Match`` naming an older revision of the prospect is refused (412,
with the changes); they answer the new ``ETag``.
"""

# No ``from __future__ import annotations``: ninja resolves the paginated view's annotations.
import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from microparks.apps.admission import gate, wording
from microparks.apps.admission.models import Decision, Outcome
from microparks.apps.admission.services import latest_decision, run_admission
from microparks.apps.attraction import services
from microparks.apps.attraction.models import Activity, Prospect, StageTransition
from microparks.apps.common.api import (
    ApiValidationError,
    DetailOut,
    ErrorsOut,
    ObjectId,
    Pagination,
    choices_schema,
    errors_from_django,
    get_changeable,
    get_visible_or_404,
)
from microparks.apps.common.revision_api import (
    ACTION_IF_MATCH_HELP,
    ConflictOut,
    seen_from_if_match,
    with_etag,
)
from microparks.apps.common.revisions import EditConflict
from microparks.apps.enterprises.models import Enterprise

router = Router(tags=["attraction"])

StageField = Annotated[Prospect.Stage, choices_schema(Prospect.Stage)]
SourceField = Annotated[Prospect.Source, choices_schema(Prospect.Source)]
KindField = Annotated[Activity.Kind, choices_schema(Activity.Kind)]
OutcomeField = Annotated[Outcome, choices_schema(Outcome)]
SizeField = Annotated[Enterprise.Size, choices_schema(Enterprise.Size)]


class ProspectOut(Schema):
    """A prospect as listed."""

    id: int
    name: str
    company_name: str
    industry: str = Field(description="GB/T 4754-2017 code")
    stage: StageField
    source: SourceField
    target_park: str | None = Field(description="Park code")
    owner: str | None = Field(description="Username of the owner")
    next_follow_up: dt.date | None
    overdue: bool = Field(description="The follow-up date has passed")
    investment_cny: float
    annual_energy_tce: float | None

    @staticmethod
    def resolve_industry(obj: Prospect) -> str:
        return obj.industry.code

    @staticmethod
    def resolve_target_park(obj: Prospect) -> str | None:
        return obj.target_park.code if obj.target_park else None

    @staticmethod
    def resolve_owner(obj: Prospect) -> str | None:
        return obj.owner.username if obj.owner else None

    @staticmethod
    def resolve_overdue(obj: Prospect) -> bool:
        return services.is_overdue(obj)


class TransitionOut(Schema):
    """A stage change."""

    from_stage: StageField
    to_stage: StageField
    reason: str
    override: bool
    decision: int | None = Field(description="Id of the admission decision it relied on")
    by: str | None
    at: dt.datetime

    @staticmethod
    def resolve_decision(obj: StageTransition) -> int | None:
        return obj.decision_id

    @staticmethod
    def resolve_by(obj: StageTransition) -> str | None:
        return obj.by.username if obj.by else None


class ProspectDetailOut(ProspectOut):
    """A prospect with its requirements, stage history and latest admission decision."""

    origin_region: str
    land_area_min_m2: float
    land_area_max_m2: float | None
    floor_area_min_m2: float
    power_kva: float
    water_t_per_day: float
    jobs_needed: int
    notes: str
    location: dict[str, Any] | None = Field(
        description="Current plant or office: GeoJSON Point, EPSG:4326"
    )
    target_site: str | None = Field(description="Code of the chosen site")
    transitions: list[TransitionOut]
    latest_decision: int | None = Field(description="Id of the latest admission decision")
    may_sign: bool = Field(
        description="A passing admission decision on the present data, its conditions met"
    )
    gate_refusal: str | None = Field(
        description="Why the prospect may go no further than contacted: the latest decision "
        "rejects it and nobody overrode it (in the negotiated language)"
    )

    @staticmethod
    def resolve_target_site(obj: Prospect) -> str | None:
        return obj.target_site.code if obj.target_site else None

    @staticmethod
    def resolve_transitions(obj: Prospect) -> list[StageTransition]:
        return list(obj.transitions.select_related("by"))

    @staticmethod
    def resolve_latest_decision(obj: Prospect) -> int | None:
        found = Decision.objects.filter(prospect=obj).values_list("pk", flat=True).first()
        return found

    @staticmethod
    def resolve_may_sign(obj: Prospect) -> bool:
        decision = services.passing_decision(obj)
        return decision is not None and not gate.unmet_conditions(decision)

    @staticmethod
    def resolve_gate_refusal(obj: Prospect) -> str | None:
        blocking = gate.blocking(obj)
        return gate.refusal_text(blocking) if blocking is not None else None


class ProspectFilters(Schema):
    """Filters of the prospect list."""

    stage: StageField | None = None
    overdue: bool = Field(False, description="Only prospects whose follow-up is overdue")


class MoveIn(Schema):
    """A move to another stage (not *signed*: see the signing endpoint)."""

    stage: StageField
    reason: str = Field("", description="Needed when the prospect is lost or abandoned")


class SignIn(Schema):
    """Signing: the commitments, and optionally the credit code of the firm's enterprise."""

    signed_on: dt.date
    investment_cny: Decimal
    investment_cny_per_mu: Decimal
    jobs: int
    local_jobs: int
    tax_cny_per_year: Decimal
    tax_cny_per_mu: Decimal
    start_date: dt.date
    production_date: dt.date
    credit_code: str = Field("", description="Unified social credit code (GB 32100)")
    size: SizeField = Enterprise.Size.SMALL
    justification: str = Field(
        "", description="Needed (by a county official) without a passing admission decision"
    )


class ActivityOut(Schema):
    """A visit, call, meeting or note."""

    id: int
    kind: KindField
    date: dt.date
    summary: str
    next_follow_up: dt.date | None
    by: str | None

    @staticmethod
    def resolve_by(obj: Activity) -> str | None:
        return obj.by.username if obj.by else None


class ActivityIn(Schema):
    """A new activity; its next follow-up becomes the prospect's."""

    kind: KindField
    date: dt.date
    summary: str
    next_follow_up: dt.date | None = None


class OverrideOut(Schema):
    """A rejection let past the gate: by whom, when, why."""

    reason: str
    by: str | None
    at: dt.datetime

    @staticmethod
    def resolve_by(obj: Any) -> str | None:
        return obj.by.username if obj.by else None


class ConditionOut(Schema):
    """A condition of an ``admit_with_conditions`` decision and whether it is met."""

    key: str = Field(description="The id of the rule that set it")
    text: str = Field(description="The condition in the negotiated language")
    met: bool
    evidence: str
    met_by: str | None
    met_at: dt.datetime | None

    @staticmethod
    def resolve_met(obj: gate.Condition) -> bool:
        return obj.check is not None

    @staticmethod
    def resolve_evidence(obj: gate.Condition) -> str:
        return obj.check.evidence if obj.check else ""

    @staticmethod
    def resolve_met_by(obj: gate.Condition) -> str | None:
        by = obj.check.met_by if obj.check else None
        return by.username if by else None

    @staticmethod
    def resolve_met_at(obj: gate.Condition) -> dt.datetime | None:
        return obj.check.met_at if obj.check else None


class OverrideIn(Schema):
    """Override the latest decision, a rejection (roles the rule set allows)."""

    reason: str = Field(description="Written reason, at least 20 characters")


class ConditionIn(Schema):
    """Mark a condition of the latest decision met, with evidence."""

    condition: str = Field(description="The condition's key (the id of its rule)")
    evidence: str


class DecisionOut(Schema):
    """An admission decision with its reasons and provenance."""

    id: int
    prospect: int
    outcome: OutcomeField
    outcome_label: str = Field(description="The decision in the negotiated language")
    override: OverrideOut | None = Field(description="Set when a rejection was overridden")
    conditions: list[ConditionOut]
    rule_set_name: str
    rule_set_version: str
    rules_id: int | None = Field(description="The rules document version applied (/rules/<id>/)")
    result: dict[str, Any] = Field(
        description="The decision with every fired rule; each rule's ``text`` (its reason) and "
        "``note_text`` are in the negotiated language (Accept-Language; zh-hans by default), "
        "next to the English ``message``, its ``message_id`` and ``params``; "
        "``conditions_text`` and ``referrals_text`` word the conditions and referrals the same way"
    )
    inputs: dict[str, Any] = Field(description="The project data the gate read")
    inputs_hash: str
    decided_at: dt.datetime
    decided_by: str | None

    @staticmethod
    def resolve_prospect(obj: Decision) -> int:
        return obj.prospect_id

    @staticmethod
    def resolve_outcome_label(obj: Decision) -> str:
        return str(obj.get_outcome_display())

    @staticmethod
    def resolve_override(obj: Decision) -> Any:
        return gate.override_of(obj)

    @staticmethod
    def resolve_conditions(obj: Decision) -> list[gate.Condition]:
        return gate.conditions(obj)

    @staticmethod
    def resolve_result(obj: Decision) -> dict[str, Any]:
        return wording.worded_result(obj.result)

    @staticmethod
    def resolve_decided_by(obj: Decision) -> str | None:
        return obj.decided_by.username if obj.decided_by else None


def _visible(user: Any) -> QuerySet[Prospect]:
    return Prospect.objects.restrict(user).select_related("industry", "target_park", "owner")


def _act(action: Any) -> Any:
    """Run a service call, turning its refusals into API errors."""
    try:
        return action()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from None
    except ValidationError as exc:
        raise ApiValidationError(errors_from_django(exc)) from None


@router.get("/prospects", response=list[ProspectOut], summary="List prospects")
@paginate(Pagination)
def list_prospects(request: HttpRequest, filters: Query[ProspectFilters]) -> QuerySet[Prospect]:
    qs = _visible(request.user).order_by("pk")
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.overdue:
        qs = services.overdue(qs)
    return qs


@router.get(
    "/prospects/{int:prospect_id}",
    response={200: ProspectDetailOut, 404: DetailOut},
    summary="One prospect",
)
def get_prospect(request: HttpRequest, response: HttpResponse, prospect_id: ObjectId) -> Prospect:
    prospect = get_visible_or_404(Prospect, request.user, prospect_id)
    with_etag(response, prospect)
    return prospect


MOVE_ANSWERS = {
    200: ProspectDetailOut,
    403: DetailOut,
    404: DetailOut,
    412: ConflictOut,
    422: ErrorsOut,
}


def _moved(response: HttpResponse, prospect: Prospect, move: Any) -> Any:
    """Run a stage move: 412 with the changes if ``If-Match`` names an older revision."""
    try:
        _act(move)
    except EditConflict as conflict:
        return Status(412, conflict.as_json())
    with_etag(response, prospect)  # the new revision, for the next move
    return prospect


@router.post(
    "/prospects/{int:prospect_id}/move",
    response=MOVE_ANSWERS,
    summary="Move a prospect to another stage",
    description=ACTION_IF_MATCH_HELP,
)
def move_prospect(
    request: HttpRequest, response: HttpResponse, prospect_id: ObjectId, payload: MoveIn
) -> Any:
    prospect = get_changeable(Prospect, request.user, prospect_id)
    seen = seen_from_if_match(request, {"stage": payload.stage})
    return _moved(
        response,
        prospect,
        lambda: services.move_prospect(
            prospect, payload.stage, request.user, reason=payload.reason, seen=seen
        ),
    )


@router.post(
    "/prospects/{int:prospect_id}/sign",
    response=MOVE_ANSWERS,
    summary="Sign a prospect with its commitments",
    description=ACTION_IF_MATCH_HELP,
)
def sign_prospect(
    request: HttpRequest, response: HttpResponse, prospect_id: ObjectId, payload: SignIn
) -> Any:
    prospect = get_changeable(Prospect, request.user, prospect_id)
    data = payload.model_dump()
    extra = {k: data.pop(k) for k in ("credit_code", "size", "justification")}
    seen = seen_from_if_match(request, {"stage": Prospect.Stage.SIGNED})
    return _moved(
        response,
        prospect,
        lambda: services.sign_prospect(prospect, request.user, data, **extra, seen=seen),
    )


@router.get(
    "/prospects/{int:prospect_id}/activities",
    response={200: list[ActivityOut], 404: DetailOut},
    summary="A prospect's activities",
)
def list_activities(request: HttpRequest, prospect_id: ObjectId) -> list[Activity]:
    prospect = get_visible_or_404(Prospect, request.user, prospect_id)
    rows = Activity.objects.restrict(request.user).filter(prospect=prospect)
    return list(rows.select_related("by"))


@router.post(
    "/prospects/{int:prospect_id}/activities",
    response={201: ActivityOut, 403: DetailOut, 404: DetailOut, 422: ErrorsOut},
    summary="Log an activity",
)
def log_activity(
    request: HttpRequest, prospect_id: ObjectId, payload: ActivityIn
) -> Status[Activity]:
    prospect = get_changeable(Prospect, request.user, prospect_id)
    activity = _act(lambda: services.log_activity(prospect, request.user, **payload.model_dump()))
    return Status(201, activity)


@router.get(
    "/prospects/{int:prospect_id}/decisions",
    response={200: list[DecisionOut], 404: DetailOut},
    summary="A prospect's admission decisions, newest first",
)
def list_decisions(request: HttpRequest, prospect_id: ObjectId) -> list[Decision]:
    prospect = get_visible_or_404(Prospect, request.user, prospect_id)
    rows = Decision.objects.restrict(request.user).filter(prospect=prospect)
    return list(rows.select_related("decided_by"))


@router.post(
    "/prospects/{int:prospect_id}/decisions",
    response={201: DecisionOut, 403: DetailOut, 404: DetailOut, 422: ErrorsOut},
    summary="Run the admission gate",
)
def run_decision(request: HttpRequest, prospect_id: ObjectId) -> Status[Decision]:
    prospect = get_changeable(Prospect, request.user, prospect_id)
    return Status(201, _act(lambda: run_admission(prospect, request.user)))


@router.get(
    "/decisions/{int:decision_id}",
    response={200: DecisionOut, 404: DetailOut},
    summary="One admission decision",
)
def get_decision(request: HttpRequest, decision_id: ObjectId) -> Decision:
    return get_visible_or_404(Decision, request.user, decision_id)


def _latest_or_404(prospect: Prospect) -> Decision:
    decision = latest_decision(prospect)
    if decision is None:
        raise HttpError(404, "No admission decision yet")
    return decision


@router.post(
    "/prospects/{int:prospect_id}/override",
    response={201: DecisionOut, 403: DetailOut, 404: DetailOut, 422: ErrorsOut},
    summary="Override the latest decision, a rejection, with a written reason",
)
def override_decision(
    request: HttpRequest, prospect_id: ObjectId, payload: OverrideIn
) -> Status[Decision]:
    prospect = get_changeable(Prospect, request.user, prospect_id)
    decision = _latest_or_404(prospect)
    _act(lambda: gate.override(decision, request.user, payload.reason))
    return Status(201, decision)


@router.post(
    "/prospects/{int:prospect_id}/conditions",
    response={201: DecisionOut, 403: DetailOut, 404: DetailOut, 422: ErrorsOut},
    summary="Mark a condition of the latest decision met, with evidence",
)
def mark_condition(
    request: HttpRequest, prospect_id: ObjectId, payload: ConditionIn
) -> Status[Decision]:
    prospect = get_changeable(Prospect, request.user, prospect_id)
    decision = _latest_or_404(prospect)
    _act(
        lambda: gate.mark_condition_met(
            decision, payload.condition, request.user, evidence=payload.evidence
        )
    )
    return Status(201, decision)
