"""Collecting annual records for a campaign: the firm's filing, the officials' review and lock.

A firm files its record for a year while a draft campaign of its county covers that year: it
saves drafts (incomplete is fine), then submits; the submitted figures are validated and
written into its :class:`AnnualRecord` with their provenance, and the firm can no longer edit
them unless an official returns the filing with a comment. Officials of the county accept
filings, return them, correct single values with a reason, import tax-bureau and power-company
figures, and lock the campaign's reviewed records; a locked record changes only after an
official unlocks it, with a reason. Each step is a :class:`RecordEvent` and is in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, Enterprise, RecordEvent
from microparks.apps.enterprises.provenance import RecordLockedError, log_step, set_values
from microparks.apps.evaluation.models import Campaign, Submission
from microparks.apps.evaluation.services import EvaluationError, check_may_change
from microparks.apps.parks.models import Lease
from microparks.apps.regions.models import Region

EDITABLE = (Submission.Status.DRAFT, Submission.Status.RETURNED)
UNREVIEWED = (Submission.Status.SUBMITTED, Submission.Status.RETURNED)


def _firm_regions(enterprise: Enterprise) -> set[int]:
    """The regions of the firm's leased parks and every region above them."""
    out: set[int] = set()
    frontier = set(
        Lease.objects.filter(enterprise=enterprise).values_list("park__region_id", flat=True)
    )
    while frontier:
        out |= frontier
        frontier = (
            set(
                Region.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                    "parent_id", flat=True
                )
            )
            - out
        )
    return out


def open_campaigns(enterprise: Enterprise) -> list[Campaign]:
    """Draft campaigns of a county where the firm leases land: their years are open to filing."""
    regions = _firm_regions(enterprise)
    return list(
        Campaign.objects.filter(status=Campaign.Status.DRAFT, region_id__in=regions).order_by(
            "-year", "scheme"
        )
    )


def open_years(enterprise: Enterprise) -> list[int]:
    """Years the firm may file now, newest first."""
    return sorted({c.year for c in open_campaigns(enterprise)}, reverse=True)


def record_of(enterprise: Enterprise, year: int) -> AnnualRecord | None:
    found: AnnualRecord | None = AnnualRecord.objects.filter(
        enterprise=enterprise, year=year
    ).first()
    return found


def may_edit(enterprise: Enterprise, year: int) -> bool:
    """Whether the firm may edit its filing for ``year`` now (open, not submitted, not locked)."""
    if year not in open_years(enterprise):
        return False
    record = record_of(enterprise, year)
    if record is not None and record.locked:
        return False
    filing = Submission.objects.filter(enterprise=enterprise, year=year).first()
    return filing is None or filing.status in EDITABLE


def _check_firm_user(user: User, enterprise: Enterprise) -> None:
    if not (user.role == Role.ENTERPRISE and user.enterprise_id == enterprise.pk):
        raise PermissionDenied


def _check_editable(enterprise: Enterprise, year: int) -> None:
    if year not in open_years(enterprise):
        raise EvaluationError(
            _("No evaluation of %(year)d is collecting records.") % {"year": year}
        )
    if not may_edit(enterprise, year):
        raise EvaluationError(
            _("This record has been submitted or locked; an official must return it first.")
        )


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Form values as JSON (Decimal → number, blank → absent)."""
    out: dict[str, Any] = {}
    for name in VALUE_FIELDS:
        value = values.get(name)
        if value is None or value == "":
            continue
        out[name] = float(value) if isinstance(value, Decimal) else value
    return out


@transaction.atomic
def save_draft(
    enterprise: Enterprise, year: int, values: Mapping[str, Any], user: User
) -> Submission:
    """Keep the firm's (possibly incomplete) figures for ``year`` without submitting them."""
    _check_firm_user(user, enterprise)
    _check_editable(enterprise, year)
    filing, _created = Submission.objects.get_or_create(enterprise=enterprise, year=year)
    filing.values = _plain(values)
    filing.save()
    return filing


@transaction.atomic
def submit(
    enterprise: Enterprise,
    year: int,
    values: Mapping[str, Any],
    user: User,
    file_name: str = "",
) -> Submission:
    """Validate the firm's complete figures, write them into its record and submit it.

    Raises ``ValidationError`` (per field) when the record would be invalid; nothing is saved.
    """
    _check_firm_user(user, enterprise)
    _check_editable(enterprise, year)
    record = record_of(enterprise, year) or AnnualRecord(enterprise=enterprise, year=year)
    given = {k: v for k, v in values.items() if k in VALUE_FIELDS}
    set_values(record, given, source=AnnualRecord.Source.SUBMITTED, user=user, file_name=file_name)
    filing, _created = Submission.objects.get_or_create(enterprise=enterprise, year=year)
    filing.values = _plain(given)
    filing.status = Submission.Status.SUBMITTED
    filing.submitted_by = user
    filing.submitted_at = timezone.now()
    filing.save()
    log_step(record, RecordEvent.Kind.SUBMITTED, user)
    return filing


def campaign_of_record(record: AnnualRecord, user: User) -> Campaign:
    """A campaign of the record's year that ``user`` may change and that covers the firm."""
    regions = _firm_regions(record.enterprise)
    campaign: Campaign
    for campaign in Campaign.objects.filter(year=record.year, region_id__in=regions):
        try:
            check_may_change(user, campaign)
        except PermissionDenied:
            continue
        return campaign
    raise PermissionDenied


def _filing(record: AnnualRecord) -> Submission | None:
    found: Submission | None = Submission.objects.filter(
        enterprise=record.enterprise, year=record.year
    ).first()
    return found


@transaction.atomic
def accept(record: AnnualRecord, user: User) -> None:
    """An official of the county accepts the firm's submitted record."""
    campaign_of_record(record, user)
    filing = _filing(record)
    if filing is None or filing.status != Submission.Status.SUBMITTED:
        raise EvaluationError(_("Only a submitted record can be accepted."))
    filing.status = Submission.Status.ACCEPTED
    filing.reviewed_by = user
    filing.reviewed_at = timezone.now()
    filing.comment = ""
    filing.save()
    log_step(record, RecordEvent.Kind.ACCEPTED, user)


@transaction.atomic
def return_record(record: AnnualRecord, user: User, comment: str) -> None:
    """An official returns the submitted record to the firm, saying what to change."""
    campaign_of_record(record, user)
    if record.locked:
        raise RecordLockedError(record)
    if not comment.strip():
        raise EvaluationError(_("Say what the enterprise should change."))
    filing = _filing(record)
    if filing is None or filing.status != Submission.Status.SUBMITTED:
        raise EvaluationError(_("Only a submitted record can be returned."))
    filing.status = Submission.Status.RETURNED
    filing.values = _plain({f: getattr(record, f) for f in VALUE_FIELDS})  # with corrections
    filing.comment = comment.strip()
    filing.reviewed_by = user
    filing.reviewed_at = timezone.now()
    filing.save()
    log_step(record, RecordEvent.Kind.RETURNED, user, comment.strip())


@transaction.atomic
def correct(record: AnnualRecord, field: str, value: Any, reason: str, user: User) -> None:
    """An official corrects one value of an unlocked record, with the reason."""
    campaign_of_record(record, user)
    if field not in VALUE_FIELDS:
        raise EvaluationError(_("Choose a figure to correct."))
    if not reason.strip():
        raise EvaluationError(_("A correction needs its reason."))
    set_values(
        record, {field: value}, source=AnnualRecord.Source.CORRECTED, user=user, note=reason.strip()
    )


def pending_firms(campaign: Campaign, enterprise_ids: list[int]) -> list[Enterprise]:
    """Firms among ``enterprise_ids`` whose filing for the year is submitted or returned."""
    ids = Submission.objects.filter(
        year=campaign.year, enterprise_id__in=enterprise_ids, status__in=UNREVIEWED
    ).values_list("enterprise_id", flat=True)
    return list(Enterprise.objects.filter(pk__in=list(ids)).order_by("credit_code"))


def campaign_records(campaign: Campaign) -> list[AnnualRecord]:
    """The year's records of the firms leasing land in the campaign's county."""
    regions = campaign.region.descendant_ids()
    firms = Lease.objects.filter(park__region_id__in=regions).values("enterprise_id")
    return list(
        AnnualRecord.objects.filter(year=campaign.year, enterprise_id__in=firms)
        .select_related("enterprise")
        .order_by("enterprise__credit_code")
    )


@transaction.atomic
def lock_records(campaign: Campaign, user: User) -> tuple[int, list[Enterprise]]:
    """Lock the campaign's reviewed records; filings not yet accepted stay open (returned)."""
    check_may_change(user, campaign)
    records = campaign_records(campaign)
    pending = {f.pk for f in pending_firms(campaign, [r.enterprise_id for r in records])}
    drafts = set(
        Submission.objects.filter(year=campaign.year, status=Submission.Status.DRAFT)
        .filter(enterprise_id__in=[r.enterprise_id for r in records])
        .values_list("enterprise_id", flat=True)
    )
    locked = 0
    for record in records:
        if record.locked or record.enterprise_id in pending | drafts:
            continue
        record.locked = True
        record.save(update_fields=["locked", "updated_at"])
        log_step(record, RecordEvent.Kind.LOCKED, user)
        locked += 1
    skipped = [r.enterprise for r in records if r.enterprise_id in pending | drafts]
    return locked, skipped


@transaction.atomic
def unlock(record: AnnualRecord, user: User, reason: str) -> None:
    """An official unlocks a locked record, with the reason; it is then open to corrections."""
    campaign_of_record(record, user)
    if not record.locked:
        raise EvaluationError(_("This record is not locked."))
    if not reason.strip():
        raise EvaluationError(_("Unlocking needs its reason."))
    record.locked = False
    record.save(update_fields=["locked", "updated_at"])
    log_step(record, RecordEvent.Kind.UNLOCKED, user, reason.strip())
