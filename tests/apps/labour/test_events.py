"""Job fairs and training courses: recording, hires by firm, who may, and the database's checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from microparks.apps.labour.events_models import EventHire, LabourEvent
from microparks.apps.parks.models import Park

pytestmark = pytest.mark.django_db
LIST = reverse("labour:event_list")
NEW = reverse("labour:event_new")
COURSE = {
    "kind": "training",
    "title": "电子装配技能培训班",
    "start_date": "2025-10-13",
    "end_date": "2025-10-24",
    "place": "镇文化站",
    "organiser": "县人社局",
    "skill": "电子装配",
    "hours": 80,
    "certificate": "电子设备装接工（五级）",
    "attended": 45,
    "attended_poverty_alleviated": 18,
    "certified": 40,
    "notes": "",
}


def _event(county: Any, **more: Any) -> LabourEvent:
    values: dict[str, Any] = {
        "region": county.county,
        "kind": LabourEvent.Kind.JOB_FAIR,
        "title": f"{county.county.name} 春风行动招聘会",
        "start_date": dt.date(2026, 2, 20),
        "township": county.township,
        "organiser": "县人社局",
        "attended": 300,
        "attended_poverty_alleviated": 60,
    }
    return LabourEvent.objects.create(**(values | more))


def _url(name: str, pk: int) -> str:
    return reverse(f"labour:{name}", args=[pk])


def test_an_official_records_a_course_with_its_outcomes(client: Any, home: Any) -> None:
    client.force_login(home.users["official"])
    form = client.get(NEW, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for label in ("培训班", "招聘会", "培训课时", "取证人数（人）", "其中脱贫人口"):
        assert label in form, label
    response = client.post(NEW, {**COURSE, "township": home.township.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    event = LabourEvent.objects.get()
    assert (event.region, event.township, event.hours, event.certified) == (
        home.county,
        home.township,
        80,
        40,
    )
    assert event.created_by == home.users["official"]
    detail = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "电子设备装接工（五级）" in detail
    assert 'id="certified">40<' in detail


def test_hires_by_firm_are_recorded_corrected_and_removed(client: Any, home: Any) -> None:
    event = _event(home)
    client.force_login(home.users["investment"])
    save = _url("hire_save", event.pk)
    client.post(save, {"enterprise": home.enterprise.pk, "hired": 12})
    client.post(save, {"enterprise": home.enterprise.pk, "hired": 15})  # a correction
    (hire,) = EventHire.objects.all()
    assert (hire.event, hire.enterprise, hire.hired) == (event, home.enterprise, 15)
    detail = client.get(_url("event_detail", event.pk)).content.decode()
    assert 'id="hired-total">15<' in detail
    assert client.post(save, {"enterprise": home.enterprise.pk, "hired": 0}).status_code == 302
    assert EventHire.objects.get().hired == 15  # 0 refused: at least one hire
    client.post(_url("hire_delete", hire.pk))
    assert not EventHire.objects.exists()


def test_the_list_is_paged_and_filtered_by_kind(client: Any, home: Any) -> None:
    _event(home)
    _event(home, kind=LabourEvent.Kind.TRAINING, title="缝纫培训班", hours=40)
    client.force_login(home.users["park_manager"])
    html = client.get(LIST).content.decode()
    assert "春风行动" in html
    assert "缝纫培训班" in html
    html = client.get(LIST, {"kind": "training"}).content.decode()
    assert "缝纫培训班" in html
    assert "春风行动" not in html


def test_a_job_fair_keeps_no_course_figures_and_checks_its_counts(client: Any, home: Any) -> None:
    client.force_login(home.users["official"])
    bad = {**COURSE, "end_date": "2025-10-01", "attended_poverty_alleviated": 50, "certified": 46}
    response = client.post(NEW, bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"end_date", "attended_poverty_alleviated", "certified"}
    client.post(NEW, {**COURSE, "kind": "job_fair"})
    event = LabourEvent.objects.get()
    assert (event.skill, event.hours, event.certificate, event.certified) == ("", None, "", None)


def test_the_database_refuses_impossible_counts(home: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _event(home, attended=10, attended_poverty_alleviated=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        _event(home, attended=10, certified=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        _event(home, end_date=dt.date(2026, 2, 1))
    event = _event(home)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventHire.objects.create(event=event, enterprise=home.enterprise, hired=0)


def test_another_county_never_sees_nor_changes_an_event(client: Any, home: Any, other: Any) -> None:
    event = _event(home)
    hire = EventHire.objects.create(event=event, enterprise=home.enterprise, hired=5)
    for role in ("official", "investment", "park_manager"):
        client.force_login(other.users[role])
        assert "春风行动" not in client.get(LIST).content.decode()
        assert client.get(_url("event_detail", event.pk)).status_code == 404
        assert client.get(_url("event_edit", event.pk)).status_code == 404
        response = client.post(
            _url("hire_save", event.pk), {"enterprise": home.enterprise.pk, "hired": 1}
        )
        assert response.status_code == 404
        assert client.post(_url("hire_delete", hire.pk)).status_code == 404
    client.force_login(other.users["official"])
    client.post(NEW, {**COURSE, "township": home.township.pk})
    assert not LabourEvent.objects.filter(region=other.county).exists()  # not their township
    assert EventHire.objects.get().hired == 5


@pytest.mark.parametrize("role", ["enterprise", "handler"])
def test_tenants_and_handlers_get_403(client: Any, home: Any, role: str) -> None:
    event = _event(home)
    client.force_login(home.users[role])
    for url in (LIST, NEW, _url("event_detail", event.pk), _url("event_edit", event.pk)):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            _url("hire_save", event.pk), {"enterprise": home.enterprise.pk, "hired": 1}
        ).status_code
        == 403
    )
    assert not EventHire.objects.exists()


def test_a_park_manager_changes_only_their_parks_events_and_firms(client: Any, home: Any) -> None:
    county_fair = _event(home)  # the county's, no park
    second = Park.objects.create(code="home-P2", name="home second park", region=home.township)
    others = _event(home, park=second, title="第二园区专场招聘会")
    own = _event(home, park=home.park, title="本园区专场招聘会")
    client.force_login(home.users["park_manager"])
    assert client.get(_url("event_detail", county_fair.pk)).status_code == 200  # reads
    assert client.get(_url("event_edit", county_fair.pk)).status_code == 403
    assert client.get(_url("event_edit", others.pk)).status_code == 403
    assert client.get(_url("event_edit", own.pk)).status_code == 200
    form = client.get(NEW).context["form"]
    assert list(form.fields["park"].queryset) == [home.park]  # only their own park
    response = client.post(NEW, {**COURSE, "park": second.pk})
    assert "park" in response.context["form"].errors
    response = client.post(NEW, {**COURSE, "park": home.park.pk})
    assert LabourEvent.objects.get(title=COURSE["title"]).region == home.county
    # hires at the county's fair: their own tenants only
    client.post(_url("hire_save", county_fair.pk), {"enterprise": home.enterprise.pk, "hired": 4})
    assert EventHire.objects.get().hired == 4
    investment = home.users["investment"]
    client.force_login(investment)
    assert client.get(_url("event_edit", county_fair.pk)).status_code == 200
