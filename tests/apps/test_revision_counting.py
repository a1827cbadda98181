"""Writes that bypass ``save`` count the revision too: ``QuerySet.update`` and ``bulk_update``.

Imports, jobs and the demo write with ``update()``; an edit opened before such a write must be
refused like one opened before a save, so every revisioned model's querysets count.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import F
from django.test import Client
from django.urls import reverse

from microparks.apps.attraction.models import Prospect
from microparks.apps.common.revision_forms import SEEN
from microparks.apps.labour.models import EmploymentRecord
from microparks.apps.parks.models import Lease
from microparks.apps.revisioned import FIELD, CountedUpdates, is_revisioned
from microparks.apps.rules.models import RulesDocument
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.sites.models import Site
from tests.apps.test_revisions import _form_data

pytestmark = pytest.mark.django_db


def _writes(home) -> list[tuple]:
    """One record of each revisioned model, with a field to write."""
    rules = RulesDocument.objects.restrict(home.users["official"]).first()
    employment = EmploymentRecord.objects.create(
        enterprise=home.enterprise, park=home.park, year=2026, quarter=1, headcount=10,
        local=5, poverty_alleviated=1, wage_cny=4000,
    )  # fmt: skip
    return [
        (home.site, "name"),
        (home.prospect, "notes"),
        (home.ticket, "title"),
        (home.record, "jobs"),
        (rules, "title"),
        (employment, "headcount"),
    ]


def _stored(obj) -> int:
    return int(type(obj)._base_manager.values_list(FIELD, flat=True).get(pk=obj.pk))


def test_every_revisioned_model_counts_through_its_querysets():
    models = [m for m in apps.get_models() if is_revisioned(m)]
    assert len(models) >= 5
    for model in models:
        for manager in model._meta.managers:
            assert isinstance(manager.get_queryset(), CountedUpdates), (model, manager.name)
        # Django empties a deleted object's SET_NULL links through the base manager
        assert isinstance(model._base_manager.get_queryset(), CountedUpdates), model


def test_a_deleted_department_or_handler_counts_on_its_tickets(home):
    """Deleting a ticket's department or handler empties the ticket's link: a reassignment
    opened before that is based on an older revision and must be refused."""
    from microparks.apps.accounts.models import Department

    ticket = home.ticket
    ticket.department = Department.objects.create(name="closing office", region=home.county)
    ticket.assignee = home.users["handler"]
    ticket.save()
    before = _stored(ticket)
    ticket.department.delete()
    home.users["handler"].delete()
    ticket.refresh_from_db()
    assert (ticket.department_id, ticket.assignee_id) == (None, None)
    assert _stored(ticket) == before + 2


def test_update_counts_each_row_once(home):
    written = _writes(home)
    assert {type(obj) for obj, _ in written} == {m for m in apps.get_models() if is_revisioned(m)}
    for obj, field in written:
        before = _stored(obj)
        assert type(obj).objects.filter(pk=obj.pk).update(**{field: F(field)}) == 1
        assert _stored(obj) == before + 1, obj


def test_bulk_update_counts(home, other):
    prospects = [home.prospect, other.prospect]
    before = [_stored(p) for p in prospects]
    for p in prospects:
        p.next_follow_up = None
        p.notes = "bulk"
    Prospect.objects.bulk_update(prospects, ["notes", "next_follow_up"])
    assert [_stored(p) for p in prospects] == [b + 1 for b in before]


def test_update_through_a_related_manager_counts(home):
    before = _stored(home.ticket)
    home.park.tickets.update(priority=Ticket.Priority.URGENT)
    assert _stored(home.ticket) == before + 1


def test_an_update_that_sets_the_revision_keeps_it(home):
    Site.objects.filter(pk=home.site.pk).update(name="restored", revision=40)
    assert _stored(home.site) == 40


def test_models_without_a_revision_update_as_before(home):
    assert not is_revisioned(Lease)
    assert Lease.objects.filter(pk=home.lease.pk).update(land_area_m2=7000) == 1
    home.lease.refresh_from_db()
    assert home.lease.land_area_m2 == 7000


def test_stale_form_save_after_a_bulk_write_is_refused(home):
    site = home.site
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(home.users["official"])
    url = reverse("admin:sites_site_change", args=[site.pk])
    data = _form_data(client.get(url))
    assert data[SEEN] == str(site.revision)

    Site.objects.filter(pk=site.pk).update(name="renamed by an import")  # no save(), no audit

    data["name"] = "my name"
    refused = client.post(url, data)
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Someone else saved" in body
    assert "name: saved meanwhile “renamed by an import”, yours “my name”" in body
    site.refresh_from_db()
    assert site.name == "renamed by an import"
