"""Per-mu evaluation in the JSON API: campaigns, results, the firm's own result, records.

Everything reads through ``restrict(user)``: officials and investment officers see their
county, park managers their parks' firms, an enterprise user only its own firm, and only once
its campaign is published. Annual records come with the provenance of every value.
"""

# No ``from __future__ import annotations``: ninja resolves the annotations at import.
from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from microparks.apps.base import Role
from microparks.apps.common.api import (
    BuiltRows,
    DetailOut,
    ObjectId,
    Pagination,
    choices_schema,
    get_visible_or_404,
)
from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, RecordEvent
from microparks.apps.enterprises.provenance import json_value, provenance
from microparks.apps.evaluation.models import Campaign, Result, Submission

router = Router(tags=["evaluation"])

CampaignStatus = Annotated[Campaign.Status, choices_schema(Campaign.Status)]
EvaluationClass = Annotated[Result.Class, choices_schema(Result.Class)]


def _is_firm(user: Any) -> bool:
    return bool(user.role == Role.ENTERPRISE and not user.is_superuser)


class CampaignOut(Schema):
    """A county's evaluation of a year under a scheme."""

    id: int
    region: str
    year: int
    scheme: str
    scheme_version: str
    rules_id: int
    status: CampaignStatus
    published_on: date | None
    objection_deadline: date | None
    finalised_on: date | None

    @staticmethod
    def resolve_region(obj: Campaign) -> str:
        return obj.region.code


class ResultOut(Schema):
    """A firm's result: indicators, item scores, total, class and the resulting policy terms."""

    id: int
    campaign_id: int
    enterprise_id: int
    credit_code: str
    enterprise_name: str
    group: str
    land_m2: float
    indicators: dict[str, float | None]
    item_scores: dict[str, float | None]
    total: float | None
    evaluation_class: EvaluationClass
    policies: dict[str, Any]
    low_efficiency: list[str]
    year: int
    scheme: str
    rules_id: int | None
    weights: list[dict[str, Any]]
    grade_basis: str
    next_class: str
    next_total: float | None
    notes: list[dict[str, Any]]
    publication: int

    @staticmethod
    def resolve_credit_code(obj: Result) -> str:
        return obj.enterprise.credit_code

    @staticmethod
    def resolve_enterprise_name(obj: Result) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_year(obj: Result) -> int:
        return obj.campaign.year

    @staticmethod
    def resolve_scheme(obj: Result) -> str:
        document = obj.rules or obj.campaign.rules
        return f"{document.name}@{document.version}"

    @staticmethod
    def resolve_rules_id(obj: Result) -> int | None:
        return obj.rules_id or obj.campaign.rules_id


class EventOut(Schema):
    """A value's origin or a review step."""

    kind: str
    field: str
    old_value: Any
    new_value: Any
    source: str
    file_name: str
    note: str
    user: str | None
    at: datetime

    @staticmethod
    def resolve_user(obj: RecordEvent) -> str | None:
        return obj.user.username if obj.user else None


class RecordOut(Schema):
    """An annual record with its review state and the provenance of every value."""

    id: int
    enterprise_id: int
    credit_code: str
    year: int
    values: dict[str, float | int | None]
    locked: bool
    filing_status: str | None
    provenance: dict[str, EventOut]
    steps: list[EventOut]


def _record_out(
    record: AnnualRecord, filing: Submission | None, events: list[RecordEvent] | None = None
) -> dict[str, Any]:
    """``events``: the record's events, ordered, when prefetched (see :func:`list_records`)."""
    if events is None:
        events = list(record.events.select_related("user"))
    return {
        "id": record.pk,
        "enterprise_id": record.enterprise_id,
        "credit_code": record.enterprise.credit_code,
        "year": record.year,
        "values": {f: json_value(getattr(record, f)) for f in VALUE_FIELDS},
        "locked": record.locked,
        "filing_status": filing.status if filing else None,
        "provenance": provenance(record, events),
        "steps": [e for e in events if e.kind != RecordEvent.Kind.VALUE],
    }


def _results(user: Any) -> QuerySet[Result]:
    qs = Result.objects.restrict(user).select_related("campaign__rules", "enterprise", "rules")
    if _is_firm(user):
        qs = qs.exclude(campaign__status=Campaign.Status.DRAFT)
    return qs


@router.get("/evaluation/campaigns", response=list[CampaignOut], summary="Evaluation campaigns")
@paginate(Pagination)
def list_campaigns(request: HttpRequest) -> QuerySet[Campaign]:
    qs = Campaign.objects.restrict(request.user).select_related("region").defer("region__geometry")
    if _is_firm(request.user):
        qs = qs.exclude(status=Campaign.Status.DRAFT)
    return qs.order_by("-year", "region", "pk")


@router.get(
    "/evaluation/campaigns/{int:campaign_id}/results",
    response={200: list[ResultOut], 404: DetailOut},
    summary="Results of a campaign (class, score, items, terms)",
)
@paginate(Pagination)
def campaign_results(request: HttpRequest, campaign_id: ObjectId) -> QuerySet[Result]:
    campaign = get_visible_or_404(Campaign, request.user, campaign_id)
    results = _results(request.user).filter(campaign=campaign)
    if _is_firm(request.user) and not results.exists():
        raise HttpError(404, _("Not found."))
    return results.order_by("evaluation_class", "-total")


@router.get(
    "/evaluation/my-results",
    response={200: list[ResultOut], 403: DetailOut},
    summary="The enterprise user's own results and policy terms",
)
def my_results(request: HttpRequest) -> QuerySet[Result]:
    if not _is_firm(request.user):
        raise HttpError(403, _("Only an enterprise user has results of its own."))
    return _results(request.user).order_by("-campaign__year")


class RecordFilters(Schema):
    year: int | None = None


@router.get(
    "/evaluation/records",
    response=list[RecordOut],
    summary="Annual records with the provenance of every value",
)
@paginate(Pagination)
def list_records(request: HttpRequest, filters: Query[RecordFilters]) -> BuiltRows:
    events = RecordEvent.objects.select_related("user")  # in the model's order (at, pk)
    qs = (
        AnnualRecord.objects.restrict(request.user)
        .select_related("enterprise")
        .prefetch_related(Prefetch("events", queryset=events, to_attr="fetched_events"))
    )
    if filters.year is not None:
        qs = qs.filter(year=filters.year)

    def build(records: list[Any]) -> list[dict[str, Any]]:  # records with fetched_events
        # the page's filings in one query, the events prefetched with the page
        firms = {r.enterprise_id for r in records}
        filings = {
            (s.enterprise_id, s.year): s for s in Submission.objects.filter(enterprise_id__in=firms)
        }
        return [
            _record_out(r, filings.get((r.enterprise_id, r.year)), r.fetched_events)
            for r in records
        ]

    return BuiltRows(qs.order_by("enterprise__credit_code", "year", "pk"), build)


@router.get(
    "/evaluation/records/{int:record_id}",
    response={200: RecordOut, 404: DetailOut},
    summary="One annual record with the provenance of every value",
)
def get_record(request: HttpRequest, record_id: ObjectId) -> dict[str, Any]:
    record = get_visible_or_404(AnnualRecord, request.user, record_id)
    filing = Submission.objects.filter(enterprise=record.enterprise, year=record.year).first()
    return _record_out(record, filing)
