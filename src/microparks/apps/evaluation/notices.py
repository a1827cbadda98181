"""In-platform notices to a firm's users about its evaluation: publication, decisions, reminders.

Each notice names its kind and campaign (and the firm's result where there is one); the page
words it in the reader's language when shown, so a notice is never frozen in one language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.evaluation.models import Campaign, Notice, Objection, Result


def firm_users(enterprise_ids: Iterable[int]) -> list[User]:
    """The active accounts of the firms."""
    return list(
        User.objects.filter(
            role=Role.ENTERPRISE, enterprise_id__in=list(enterprise_ids), is_active=True
        )
    )


def notify_results(campaign: Campaign, results: Iterable[Result], kind: str) -> int:
    """Tell each firm of ``results`` that its result is published (or published again)."""
    by_firm = {r.enterprise_id: r for r in results}
    notices = [
        Notice(user=u, campaign=campaign, result=by_firm[u.enterprise_id], kind=kind)
        for u in firm_users(by_firm)
        if u.enterprise_id is not None
    ]
    Notice.objects.bulk_create(notices)
    return len(notices)


def notify_firms(campaign: Campaign, enterprise_ids: Iterable[int], kind: str) -> int:
    """Tell the firms' users something about the campaign that is not about a result."""
    notices = [Notice(user=u, campaign=campaign, kind=kind) for u in firm_users(enterprise_ids)]
    Notice.objects.bulk_create(notices)
    return len(notices)


def notify_decision(result: Result, detail: str) -> int:
    """Tell the firm that its objection to ``result`` is decided, with the reasons."""
    notices = [
        Notice(
            user=u, campaign=result.campaign, result=result, kind=Notice.Kind.DECIDED, detail=detail
        )
        for u in firm_users([result.enterprise_id])
    ]
    Notice.objects.bulk_create(notices)
    return len(notices)


def notice_text(notice: Notice) -> str:
    """What the notice says, in the reader's language."""
    campaign = notice.campaign
    what = {"year": campaign.year, "title": campaign.rules.label}
    if notice.kind == Notice.Kind.REMINDER:
        return (
            _(
                "Please file your annual record for %(year)d: "
                "the county's evaluation (%(title)s) needs it."
            )
            % what
        )
    if notice.kind == Notice.Kind.DECIDED:
        status = ""
        if notice.result is not None:
            decided = notice.result.objections.exclude(status=Objection.Status.PENDING)
            latest = decided.order_by("-decided_at").first()
            status = latest.get_status_display() if latest else ""
        return _("Your objection to the %(year)d evaluation is decided: %(status)s.") % {
            **what,
            "status": status,
        }
    if campaign.objection_days == 0:
        return (
            _("Your %(year)d evaluation (%(title)s) is published, without an objection window.")
            % what
        )
    until = campaign.objection_deadline
    what["until"] = until.isoformat() if until else "—"
    if notice.kind == Notice.Kind.REPUBLISHED:
        return (
            _(
                "The %(year)d evaluation (%(title)s) was computed again and published anew; "
                "objections until %(until)s."
            )
            % what
        )
    return (
        _("Your %(year)d evaluation (%(title)s) is published; objections until %(until)s.") % what
    )


def unread_notices(user: User) -> int:
    """How many of the user's notices are unread (they are read on the firm's results page)."""
    return Notice.objects.filter(user=user.pk, read_at__isnull=True).count()


def latest_notices(user: User) -> list[Notice]:
    """The user's latest notices, newest first; the unread ones are marked read (now seen)."""
    notices = list(
        Notice.objects.filter(user=user)
        .select_related("campaign__rules", "result")
        .order_by("-created_at", "-pk")[:20]
    )
    Notice.objects.filter(pk__in=[n.pk for n in notices if n.read_at is None]).update(
        read_at=timezone.now()
    )
    return notices
