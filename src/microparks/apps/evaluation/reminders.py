"""The 催报 list: tenants that have not filed their annual record for a campaign's year.

A firm has filed when the county holds its record for the year (filed through the portal and
accepted, imported or typed in by the county) or its filing waits for review. A filing the
county returned for changes, a draft, or nothing at all: the firm is on the list, with the
last reminder sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.accounts.models import User
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.evaluation.models import Campaign, Notice, Reminder, Submission
from microparks.apps.evaluation.notices import notify_firms
from microparks.apps.evaluation.services import EvaluationError, check_may_change


@dataclass(frozen=True)
class Unfiled:
    """A tenant on the 催报 list: its filing's state and when it was last reminded."""

    enterprise: Enterprise
    filing: str  # a Submission.Status value, or "" where nothing was started
    reminded_at: dt.datetime | None


def tenants(campaign: Campaign) -> list[Enterprise]:
    """Firms with land leased in the campaign's county at some time in its year."""
    first, last = dt.date(campaign.year, 1, 1), dt.date(campaign.year, 12, 31)
    return list(
        Enterprise.objects.filter(
            leases__park__region_id__in=campaign.region.descendant_ids(),
            leases__start_date__lte=last,
        )
        .exclude(leases__end_date__lt=first)
        .distinct()
        .order_by("name", "pk")
    )


def unfiled_firms(campaign: Campaign) -> list[Unfiled]:
    """The tenants that have not filed for the campaign's year, by name."""
    firms = tenants(campaign)
    ids = [f.pk for f in firms]
    recorded = set(
        AnnualRecord.objects.filter(enterprise_id__in=ids, year=campaign.year).values_list(
            "enterprise_id", flat=True
        )
    )
    filings = dict(
        Submission.objects.filter(enterprise_id__in=ids, year=campaign.year).values_list(
            "enterprise_id", "status"
        )
    )
    reminded = dict(
        Reminder.objects.filter(campaign=campaign, enterprise_id__in=ids)
        .values("enterprise_id")
        .annotate(last=Max("sent_at"))
        .values_list("enterprise_id", "last")
    )
    out = []
    for firm in firms:
        filing = filings.get(firm.pk, "")
        waiting = filing in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)
        if filing == Submission.Status.RETURNED or (firm.pk not in recorded and not waiting):
            out.append(Unfiled(firm, filing, reminded.get(firm.pk)))
    return out


@transaction.atomic
def send_reminders(campaign: Campaign, enterprise_ids: list[int], user: User) -> int:
    """Remind the firms (those of ``enterprise_ids`` still on the list) to file; return how many.

    Each reminder is recorded with its time and sender, and each firm's users get a notice.
    """
    check_may_change(user, campaign)
    if campaign.status == Campaign.Status.FINAL:
        raise EvaluationError(_("A final evaluation takes no more records."))
    wanted = set(enterprise_ids)
    firms = [u.enterprise for u in unfiled_firms(campaign) if u.enterprise.pk in wanted]
    now = timezone.now()
    for firm in firms:
        Reminder.objects.create(campaign=campaign, enterprise=firm, sent_at=now, sent_by=user)
    notify_firms(campaign, [f.pk for f in firms], Notice.Kind.REMINDER)
    return len(firms)
