"""Vacancies (岗位需求): the poster's text and QR code, and the 30-day flag to the service desk.

A vacancy left open for :data:`~microparks.apps.labour.models.STALE_DAYS` days becomes a
service case: :func:`flag_stale_vacancies` files a ticket of the category *Labour and
recruitment* for the firm in its park, through the service desk's own
:func:`~microparks.apps.servicedesk.services.do_file_ticket` (routing, working-day deadlines,
notifications), on behalf of whoever filed the vacancy; the ticket is kept on the vacancy so
it is filed once. The ``flag_vacancies`` management command runs it on a schedule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.labour.models import STALE_DAYS, Vacancy
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.servicedesk.services import (
    ActionRefused,
    NewTicket,
    TransitionRefused,
    do_file_ticket,
)


def stale_since(today: dt.date | None = None) -> dt.datetime:
    """The creation time before which an open vacancy is stale (30 days before ``today``)."""
    day = today or timezone.localdate()
    start = dt.datetime.combine(day - dt.timedelta(days=STALE_DAYS), dt.time.min)
    return timezone.make_aware(start) if timezone.is_naive(start) else start


def is_stale(vacancy: Vacancy, today: dt.date | None = None) -> bool:
    """Whether ``vacancy`` is open and was filed 30 days or more before ``today``."""
    return vacancy.status == Vacancy.Status.OPEN and vacancy.created_at < stale_since(today)


def wage_text(vacancy: Vacancy) -> str:
    """``3,500–4,500 元/月`` (one figure when the range is one wage)."""
    low, high = vacancy.wage_min_cny, vacancy.wage_max_cny
    shown = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    return _("%(wage)s CNY a month") % {"wage": shown}


def poster_text(vacancy: Vacancy) -> str:
    """What the poster's QR code holds: the post, firm, pay, start and phone, as plain text.

    Text, not a link: a villager's phone shows it without a network or an account.
    """
    lines = [
        f"{_('Post')}: {vacancy.post} × {vacancy.number}",
        f"{_('Enterprise')}: {vacancy.enterprise.name} ({vacancy.park.name})",
        f"{_('Wage')}: {wage_text(vacancy)}",
        f"{_('Start date')}: {vacancy.start_date.isoformat()}",
        f"{_('Contact phone')}: {vacancy.contact_phone}",
    ]
    return "\n".join(lines)


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG (segno, drawn locally; the text is not in it)."""
    code = segno.make(text, error="m")
    svg: str = code.svg_inline(scale=4, dark="#000", light="#fff")
    return svg


def flag_stale_vacancies(today: dt.date | None = None) -> tuple[list[Ticket], list[Vacancy]]:
    """File a service case for each stale open vacancy without one; (tickets, not filed).

    A vacancy whose filer is gone or may no longer file for the firm is returned unfiled (the
    command lists them), never filed by nobody.
    """
    stale = (
        Vacancy.objects.filter(status=Vacancy.Status.OPEN, case__isnull=True)
        .filter(created_at__lt=stale_since(today))
        .select_related("enterprise", "park", "filed_by")
    )
    tickets: list[Ticket] = []
    skipped: list[Vacancy] = []
    for vacancy in stale:
        filer: Any = vacancy.filed_by
        new = NewTicket(
            enterprise=vacancy.enterprise,
            park=vacancy.park,
            category=Ticket.Category.LABOUR,
            title=_("Vacancy unfilled for 30 days: %(post)s × %(number)s")
            % {"post": vacancy.post, "number": vacancy.number},
            description=poster_text(vacancy),
            channel=Ticket.Channel.INSPECTION,
        )
        if filer is None or not filer.is_active:
            skipped.append(vacancy)
            continue
        try:
            ticket = do_file_ticket(filer, new)
        except (ActionRefused, TransitionRefused):
            skipped.append(vacancy)
            continue
        Vacancy.objects.filter(pk=vacancy.pk).update(case=ticket)
        tickets.append(ticket)
    return tickets, skipped
