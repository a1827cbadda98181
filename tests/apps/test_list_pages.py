"""Every list page runs as many queries for 30 rows as for 3 (issue 20): no query per row.

Each case signs in the user who reads the list, adds rows in bulk twice and counts the
queries of the same page each time; the page also stays in the user's county.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

SERIAL = itertools.count(1)


def clones(obj: Any, n: int, **vary: Callable[[int], Any]) -> list[Any]:
    """``n`` copies of ``obj`` saved in one query; ``vary`` gives unique fields per copy."""
    model = type(obj)
    fields = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    fields.pop(model._meta.pk.attname)
    rows = []
    for _ in range(n):
        i = next(SERIAL)
        rows.append(model(**fields | {name: make(i) for name, make in vary.items()}))
    saved: list[Any] = model.objects.bulk_create(rows)
    return saved


def _same(value: Any) -> Callable[[int], Any]:
    """The same value for every copy."""
    return lambda _i: value


def _code(i: int) -> str:
    return f"T{i:05d}"


def _firms(c: Any, n: int) -> list[Any]:
    """Tenants of the county's park, each with a lease and a record."""
    firms = clones(c.enterprise, n, credit_code=lambda i: f"9{i:016d}X", name=lambda i: f"f{i}")
    for firm in firms:
        clones(c.lease, 1, enterprise_id=_same(firm.pk))
        clones(c.record, 1, enterprise_id=_same(firm.pk))
    return firms


def _sites(c: Any, n: int) -> list[Any]:
    return clones(c.site, n, code=_code)


def _scoring_job(c: Any) -> Any:
    from microparks.apps.suitability.models import ScoringJob

    return ScoringJob.objects.filter(region=c.county, scheme_name="test").first() or (
        ScoringJob.objects.create(
            region=c.county, scheme_name="test", scheme_version="1", scheme={}, status="done"
        )
    )


def _scored(c: Any) -> Any:
    """A job scored with the demo layers and scheme (its page reads the scheme's criteria)."""
    from microparks.apps.suitability import services
    from microparks.apps.suitability.models import ScoringJob
    from microparks.demo.suitability import load_demo_layers

    job = ScoringJob.objects.filter(region=c.county, status="done").exclude(scheme_name="test")
    if not job.exists():
        load_demo_layers(c.county)
        return services.run_scoring(c.county, c.users["official"])
    return job.get()


def _scores(c: Any, n: int) -> None:
    job = _scored(c)
    first = job.scores.first()
    for site in _sites(c, n):
        clones(first, 1, site_id=_same(site.pk), rank=lambda i: i + 1)


def _campaign(c: Any) -> Any:
    from microparks.apps.evaluation.models import Campaign

    return Campaign.objects.get_or_create(region=c.county, year=2024, scheme="huaian")[0]


def _results(c: Any, n: int) -> None:
    from microparks.apps.evaluation.models import Result

    campaign = _campaign(c)
    Result.objects.bulk_create(
        Result(
            campaign=campaign,
            enterprise=firm,
            park=c.park,
            land_m2=6667,
            total=80.0,
            evaluation_class="A",
            inputs_hash="x",
        )
        for firm in _firms(c, n)
    )


def _campaigns(c: Any, n: int) -> None:
    # years far from the real ones: the shared serial passes 124 when the module runs whole,
    # and 1900 + 124 would be the base campaign's 2024
    clones(_campaign(c), n, year=lambda i: 3000 + i)


def _notifications(c: Any, n: int) -> None:
    from microparks.apps.servicedesk.models import Notification

    user = c.users["official"]
    Notification.objects.bulk_create(
        Notification(user=user, ticket=c.ticket, kind="filed") for _ in range(n)
    )


def _articles(c: Any, n: int) -> None:
    from microparks.apps.servicedesk.models import Article

    article = Article(region=c.county, title=f"{c.county.name} policy", body="text")
    Article.objects.bulk_create([article])
    clones(Article.objects.filter(region=c.county).first(), n - 1)


# url name (and the object its URL takes), the user's role, and what adds n rows to it.
LISTS: dict[str, tuple[str, Callable[[Any, int], Any]]] = {
    "web:park_list": ("official", lambda c, n: clones(c.park, n, code=_code)),
    "web:site_list": ("official", _sites),
    "web:enterprise_list": ("official", _firms),
    "attraction:pipeline_list": ("official", lambda c, n: clones(c.prospect, n)),
    "servicedesk:ticket_list": ("official", lambda c, n: clones(c.ticket, n)),
    "servicedesk:portal": ("enterprise", lambda c, n: clones(c.ticket, n)),
    "servicedesk:notifications": ("official", _notifications),
    "servicedesk:library": ("official", _articles),
    "evaluation:campaign_list": ("official", _campaigns),
    "evaluation:campaign_detail": ("official", _results),
    "evaluation:review": ("official", lambda c, n: _campaign(c) and _firms(c, n)),
    "suitability:index": ("official", lambda c, n: clones(_scoring_job(c), n)),
    "suitability:job_detail": ("official", _scores),
}
NEEDS_PK = {
    "evaluation:campaign_detail": _campaign,
    "evaluation:review": _campaign,
    "suitability:job_detail": _scored,
}


def _queries(client: Any, url: str) -> tuple[int, int]:
    """The queries of the page, and how many rows its list has in all."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.context["page"].paginator.count


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_queries_do_not_grow_with_rows(
    client: Any, settings: Any, home: Any, other: Any, name: str
) -> None:
    settings.SESSION_REFRESH_SECONDS = 10**9  # the session's expiry is saved on the warm-up only
    role, grow = LISTS[name]
    client.force_login(home.users[role])
    args = [NEEDS_PK[name](home).pk] if name in NEEDS_PK else []
    url = reverse(name, args=args)
    grow(other, 3)  # another county's rows never show, nor cost a query
    grow(home, 3)
    client.get(url)  # the first request warms per-process caches (content types, rules)
    few, rows = _queries(client, url)
    grow(home, 27)
    many, more_rows = _queries(client, url)
    assert more_rows == rows + 27, name  # the rows added are listed
    assert many == few, f"{name}: {few} queries for {rows} rows, {many} for {more_rows}"
    body = client.get(url).content.decode()
    assert "other firm" not in body
    assert "other park" not in body


def test_page_links_keep_the_filters(client: Any, home: Any) -> None:
    clones(home.ticket, 55)
    client.force_login(home.users["official"])
    url = reverse("servicedesk:ticket_list")
    first = client.get(url, {"status": "open", "category": "electricity"})
    assert first.context["page"].paginator.count == 56
    assert 'href="?status=open&amp;category=electricity&amp;page=2"' in first.content.decode()
    second = client.get(url, {"status": "open", "category": "electricity", "page": 2})
    assert len(second.context["page"]) == 6


def test_two_lists_on_one_page_keep_each_others_place(client: Any, home: Any) -> None:
    """An evaluation's results and its objections page apart; each link keeps the other's."""
    from microparks.apps.evaluation.models import Objection, Result

    _results(home, 55)
    Objection.objects.bulk_create(
        Objection(result=result, text="too low") for result in Result.objects.all()[:52]
    )
    client.force_login(home.users["official"])
    url = reverse("evaluation:campaign_detail", args=[_campaign(home).pk])
    response = client.get(url, {"page": 2})
    assert len(response.context["page"]) == 5
    assert len(response.context["objections"]) == 50
    assert 'href="?page=2&amp;objections=2"' in response.content.decode()
    assert 'href="?page=1"' in response.content.decode()


def test_board_lanes_show_the_most_pressing_cards_and_count_all(
    client: Any, settings: Any, home: Any, other: Any
) -> None:
    """A lane shows ``LANE_SIZE`` cards, next follow-up first; its heading counts them all."""
    import datetime as dt

    from microparks.apps.attraction.views import LANE_SIZE

    settings.SESSION_REFRESH_SECONDS = 10**9
    stage = home.prospect.stage
    clones(other.prospect, 3)
    clones(home.prospect, 3, next_follow_up=lambda i: None)
    client.force_login(home.users["official"])
    url = reverse("attraction:pipeline_board")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    clones(home.prospect, LANE_SIZE, next_follow_up=lambda i: None)
    urgent = clones(home.prospect, 2, next_follow_up=_same(dt.date(2020, 1, 1)))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    lanes = {column[0]: column for column in response.context["columns"]}
    _stage, _label, cards, count = lanes[stage]
    total = 1 + 3 + LANE_SIZE + 2
    assert (len(cards), count) == (LANE_SIZE, total)
    assert [p.pk for p, _late in cards[:2]] == [p.pk for p in urgent]  # overdue ones first
    assert all(late for _p, late in cards[:2])
    body = response.content.decode()
    assert f"?stage={stage}" in body
    assert "other" not in {p.name.split()[0] for p, _late in cards}


def test_park_page_lists_page_apart(client: Any, settings: Any, home: Any, other: Any) -> None:
    """The park page's sites, tenants and units each page alone, in queries that do not grow."""
    from microparks.apps.common.pagination import PAGE_SIZE
    from microparks.apps.parks.models import ParkUnit

    settings.SESSION_REFRESH_SECONDS = 10**9
    unit = ParkUnit.objects.create(park=home.park, site=home.site, code="U0", floor_area_m2=500)
    ParkUnit.objects.create(park=other.park, site=other.site, code="U0", floor_area_m2=500)
    client.force_login(home.users["official"])
    url = reverse("web:park_detail", args=[home.park.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _firms(home, PAGE_SIZE + 4)
    clones(unit, PAGE_SIZE + 9, code=_code)
    clones(home.site, PAGE_SIZE + 2, code=_code)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"units": 2})
    assert len(many.captured_queries) == len(few.captured_queries)
    tenants, units, sites = (response.context[k] for k in ("tenants", "units", "sites"))
    assert (tenants.paginator.count, len(tenants)) == (PAGE_SIZE + 5, PAGE_SIZE)
    assert (units.number, len(units)) == (2, 10)
    assert (sites.paginator.count, len(sites)) == (PAGE_SIZE + 3, PAGE_SIZE)
    body = response.content.decode()
    assert 'href="?units=2&amp;tenants=2"' in body  # the tenants' next page keeps the units' place
    assert "other firm" not in body
