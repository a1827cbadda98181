"""The demo county's service desk: its policy library and the timelines of its tickets.

The demo's tickets are generated with their end state (status, response and closure times);
here each gets the timeline that leads there — received, assigned, started, responded, rated or
closed, by the demo's users — and its three deadlines on the rules documents
in effect, recorded on the ticket as the desk does. Rows that already have a timeline are left
alone, so loading twice changes nothing. One overdue ticket is already raised a tier, as the
hourly ``escalate_tickets`` would have done, so that 督办 and reassigning can be tried at once.
"""

from __future__ import annotations

import datetime as dt

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.common import clock
from microparks.apps.regions.models import Region
from microparks.apps.servicedesk.escalation import do_escalate
from microparks.apps.servicedesk.models import Article, Notification, Ticket, TicketEvent
from microparks.apps.servicedesk.policies import (
    DeadlineBasis,
    basis_in_effect,
    count_deadlines,
    missed_any,
    missed_deadlines,
    record_calendars,
)

DEMO_SOURCE = "演示数据（虚构县）"
# (kind, categories, title, body): fictional local rules of the fictional demo county.
ARTICLES = (
    (
        "policy",
        "",
        "青岚县企业服务承诺：1 个工作日受理、3 个工作日反馈、5 个工作日办结",
        "园区管理机构对入驻企业诉求实行首问负责：1 个工作日内受理并交办，3 个工作日内反馈办理"
        "意见，5 个工作日内办结；需企业补充材料的，补充期间不计入时限。超期未办的诉求逐级升级督办"
        "（园区 → 乡镇 → 县级部门）。",
    ),
    (
        "policy",
        "policy,finance",
        "青岚县小微企业园入驻企业租金减免办法",
        "入驻满一年、亩均税收达到园区准入标准的企业，第二年标准厂房租金减半；"
        "评价为 A 类的企业第三年租金再减 30%。申请时提交上年度纳税证明和租赁合同。",
    ),
    (
        "policy",
        "labour",
        "以工代训补贴申领指南",
        "企业新招用脱贫劳动力、农村转移劳动力并开展岗前培训的，按每人每月 500 元给予以工代训"
        "补贴，最长 6 个月。向县人力资源和社会保障局提交花名册、劳动合同和培训记录。",
    ),
    (
        "answer",
        "electricity",
        "专用变压器增容怎么办理？",
        "向青岚供电所提交增容申请和新增设备清单；供电所 3 个工作日内现场勘查并出具供电方案，"
        "企业确认后实施工程，验收合格即送电。园区管理机构可协调施工时段，减少停产。",
    ),
    (
        "answer",
        "water",
        "新建车间如何接入园区污水管网？",
        "由园区管理机构确定接驳点，企业向县自来水公司申请排水许可，提交排水设施图纸和水质"
        "预处理说明；许可办结后方可接驳。",
    ),
    (
        "policy",
        "permits,safety",
        "排污许可登记变更须知",
        "新增或变更生产工序、污染物种类或排放量的，应在变更前办理排污许可登记变更；"
        "园区管理机构提供代办指导。",
    ),
)

STEP = dt.timedelta(hours=1)


def load_desk(county_code: str) -> None:
    """Give the demo county its library and its tickets their timelines and deadlines."""
    county = Region.objects.get(code=county_code)
    for kind, categories, title, body in ARTICLES:
        Article.objects.get_or_create(
            region=county,
            title=title,
            defaults={"kind": kind, "categories": categories, "body": body, "source": DEMO_SOURCE},
        )
    tickets = Ticket.objects.filter(park__region__in=county.descendant_ids(), events__isnull=True)
    bases: dict[int, DeadlineBasis] = {}
    people = _People()
    for ticket in tickets.select_related("park__region", "enterprise", "department", "assignee"):
        _timeline(ticket, people)
        # The rules documents in effect, recorded on the ticket as the desk does at filing.
        if ticket.park_id not in bases:
            bases[ticket.park_id] = basis_in_effect(ticket.park)
        basis = bases[ticket.park_id]
        start = ticket.received_at
        dues = count_deadlines(ticket, basis, start)
        ack_due, respond_due, close_due = dues or (None, None, ticket.due_at)
        Ticket.objects.filter(pk=ticket.pk).update(  # update(): leaves updated_at as loaded
            clock_started_at=start,
            acknowledged_at=None if ticket.status == Ticket.Status.RECEIVED else _at(ticket, 1),
            ack_due_at=ack_due,
            response_due_at=respond_due,
            due_at=close_due,
            deadline_rules=basis.deadlines,
            deadline_basis=basis.label,
        )
        record_calendars(ticket, basis)
        _news(ticket, people)
    escalate_one(county)


def escalate_one(county: Region) -> Ticket | None:
    """Raise the county's longest-overdue ticket one tier, unless one was raised already.

    The desk's own step (:func:`do_escalate`, on the rules clock): the ticket's history shows the
    escalation as the command writes it, and the tier above is told. The other overdue tickets
    wait for ``escalate_tickets``, which then has work to show.
    """
    tickets = Ticket.objects.filter(park__region__in=county.descendant_ids())
    if TicketEvent.objects.filter(ticket__in=tickets, kind=TicketEvent.Kind.ESCALATED).exists():
        return None
    now = clock.now()
    overdue = tickets.filter(missed_any(now)).select_related("park__region", "department")
    for ticket in overdue.order_by("received_at", "pk"):
        missed = missed_deadlines(ticket, now)
        if missed:
            return do_escalate(ticket, missed[0], now)
    return None


def _news(ticket: Ticket, people: _People) -> None:
    """Unread news as the desk would have sent it, so that the demo shows its unread badges.

    The firm: the answer it has not rated yet. The handler: the work handed to them and still
    open, and the firms' ratings of their answers.
    """
    S, K = Ticket.Status, TicketEvent.Kind
    firm, handler = people.firm(ticket), people.handler(ticket)
    news: list[tuple[User | None, str]] = []
    if ticket.status == S.RESPONDED:
        news.append((firm, K.RESPONDED))
    elif ticket.status in (S.ASSIGNED, S.IN_PROGRESS):
        news.append((handler, K.ASSIGNED))
    elif ticket.satisfaction is not None:
        news.append((handler, K.RATED))
    Notification.objects.bulk_create(
        Notification(user=user, ticket=ticket, kind=kind) for user, kind in news if user
    )


def _at(ticket: Ticket, hours: int) -> dt.datetime:
    return ticket.received_at + hours * STEP


class _People:
    """Who acts on a ticket's timeline, looked up once per firm, park and department.

    Thousands of tickets share a few hundred of each at scale (``demo --scale``).
    """

    def __init__(self) -> None:
        self.firms: dict[int, User | None] = {}
        self.managers: dict[int, User | None] = {}
        self.handlers: dict[int, User | None] = {}

    def firm(self, ticket: Ticket) -> User | None:
        key = ticket.enterprise_id
        if key not in self.firms:
            users = User.objects.filter(role=Role.ENTERPRISE, enterprise=key)
            self.firms[key] = users.first()
        return self.firms[key]

    def manager(self, ticket: Ticket) -> User | None:
        if ticket.park_id not in self.managers:
            self.managers[ticket.park_id] = ticket.park.managers.first()
        return self.managers[ticket.park_id]

    def handler(self, ticket: Ticket) -> User | None:
        department = ticket.department
        if ticket.assignee is not None or department is None:
            return ticket.assignee
        if department.pk not in self.handlers:
            self.handlers[department.pk] = department.handlers.first()
        return self.handlers[department.pk]


def _timeline(ticket: Ticket, people: _People) -> None:
    S, K = Ticket.Status, TicketEvent.Kind
    firm = people.firm(ticket)
    manager = people.manager(ticket)
    handler = people.handler(ticket)
    by_portal = ticket.channel == Ticket.Channel.PORTAL
    steps: list[tuple[str, User | None, dt.datetime, str, str, str, dict[str, object]]] = [
        (
            K.RECEIVED,
            firm if by_portal else manager,
            ticket.received_at,
            "",
            S.RECEIVED,
            ticket.description,
            {},
        )
    ]
    if ticket.status != S.RECEIVED and ticket.department is not None:
        dep: dict[str, object] = {"department": ticket.department.pk}
        steps.append((K.ASSIGNED, manager, _at(ticket, 1), S.RECEIVED, S.ASSIGNED, "", dep))
    if ticket.status in (S.IN_PROGRESS, S.RESPONDED, S.CLOSED):
        steps.append((K.STARTED, handler, _at(ticket, 2), S.ASSIGNED, S.IN_PROGRESS, "", {}))
    if ticket.responded_at is not None:
        steps.append(
            (
                K.RESPONDED,
                handler,
                ticket.responded_at,
                S.IN_PROGRESS,
                S.RESPONDED,
                ticket.response,
                {},
            )
        )
    if ticket.closed_at is not None:
        if ticket.satisfaction is not None:
            score: dict[str, object] = {"score": ticket.satisfaction}
            comment = ticket.satisfaction_comment
            steps.append((K.RATED, firm, ticket.closed_at, S.RESPONDED, S.CLOSED, comment, score))
        else:
            steps.append((K.CLOSED, manager, ticket.closed_at, S.RESPONDED, S.CLOSED, "", {}))
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket=ticket,
            kind=kind,
            actor=actor,
            at=at,
            from_status=before,
            to_status=after,
            message=message,
            detail=detail,
        )
        for kind, actor, at, before, after, message, detail in steps
    )
