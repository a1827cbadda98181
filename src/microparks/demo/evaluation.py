"""The demo county's evaluation: a published Huangyan-scheme campaign for its latest year.

Three tenants' own filings for the year were returned for changes and not filed again, so the
催报 list has work on it (one was reminded already); the county's figures for them (from the tax
bureau and the power company) stand, so the published results are those of every tenant.
Idempotent: a repeated load with the same data writes nothing (the stored results carry the
hash of the inputs they came from).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, RecordEvent
from microparks.apps.enterprises.provenance import log_step
from microparks.apps.evaluation.models import Campaign, Reminder, Submission
from microparks.apps.evaluation.reminders import send_reminders, tenants
from microparks.apps.evaluation.services import gather_inputs, publish_campaign, run_evaluation
from microparks.apps.regions.models import Region
from microparks.core.evaluation import calc_inputs_hash
from microparks.demo.model import DemoCounty

DEMO_SCHEME = "huangyan"
# What the county's reviewer asked each firm to change (one firm each, in order).
RETURNED = (
    "用电量与供电公司抄表数据相差超过 20%，请核对全年电费发票后重新填报。",
    "从业人员数与社保缴费人数不一致，请更正或附说明后重新填报。",
    "研发费用缺少佐证材料（研发费用加计扣除明细表），请补齐后重新填报。",
)


def load_demo_evaluation(demo: DemoCounty) -> Campaign:
    """Create (or bring up to date) the demo county's evaluation of its latest year."""
    county = Region.objects.get(code=demo.county.code)
    campaign, _created = Campaign.objects.get_or_create(
        region=county, year=demo.years[-1], scheme=DEMO_SCHEME
    )
    _firms, inputs, _parks, _skipped = gather_inputs(campaign)
    current = calc_inputs_hash(inputs, campaign.year, campaign.benchmarks or None)
    stored = set(campaign.results.values_list("inputs_hash", flat=True))
    if stored != {current} and campaign.status != Campaign.Status.FINAL:
        # The returned filings wait for their firms: the county evaluates on the figures it holds.
        run_evaluation(campaign, include_unreviewed=True)
    if campaign.status == Campaign.Status.DRAFT:
        publish_campaign(campaign, None)  # dated by the rules clock (MICROPARKS_CLOCK)
    leave_unfiled(campaign)
    return campaign


def leave_unfiled(campaign: Campaign) -> list[Submission]:
    """Return three tenants' filings for changes and remind the first; once per campaign.

    The firms are the last by name of those without a demo account, so the demo tenant's own
    pages keep their story. Their records are not touched: the results stay as computed.
    """
    official = (
        User.objects.filter(role=Role.OFFICIAL, region=campaign.region).order_by("pk").first()
    )
    with_accounts = set(
        User.objects.filter(enterprise__isnull=False).values_list("enterprise", flat=True)
    )
    firms = [f for f in tenants(campaign) if f.pk not in with_accounts][-len(RETURNED) :]
    if (
        official is None
        or Submission.objects.filter(enterprise__in=firms, year=campaign.year).exists()
    ):
        return []
    now = timezone.now()
    filings = []
    for firm, comment in zip(firms, RETURNED, strict=False):
        record = AnnualRecord.objects.filter(enterprise=firm, year=campaign.year).first()
        if record is None:
            continue
        values = {f: getattr(record, f) for f in VALUE_FIELDS}
        filings.append(
            Submission.objects.create(
                enterprise=firm,
                year=campaign.year,
                status=Submission.Status.RETURNED,
                values={k: _json(v) for k, v in values.items() if v is not None},
                comment=comment,
                submitted_at=now,
                reviewed_by=official,
                reviewed_at=now,
            )
        )
        log_step(record, RecordEvent.Kind.RETURNED, official, comment)
    if filings and not Reminder.objects.filter(campaign=campaign).exists():
        send_reminders(campaign, [filings[0].enterprise_id], official)
    return filings


def _json(value: Any) -> Any:
    """A record's value as a filing stores it (amounts as numbers)."""
    return float(value) if isinstance(value, Decimal) else value
