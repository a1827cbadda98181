"""Role and region scoping of every model through ``restrict``."""

from __future__ import annotations

import pytest

from microparks.apps.attraction.models import Prospect
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.parks.models import Lease, Park
from microparks.apps.regions.models import Region
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.sites.models import Site

pytestmark = pytest.mark.django_db


def visible(model, user, action="view"):
    return set(model.objects.restrict(user, action).values_list("pk", flat=True))


SCOPED = {
    Park: "park",
    Site: "site",
    Enterprise: "enterprise",
    Lease: "lease",
    AnnualRecord: "record",
    Ticket: "ticket",
    Prospect: "prospect",
}


@pytest.mark.parametrize("role", ["official", "investment"])
@pytest.mark.parametrize(("model", "attr"), SCOPED.items())
def test_county_roles_see_own_county_only(home, other, model, attr, role):
    assert visible(model, home.users[role]) == {getattr(home, attr).pk}
    assert visible(model, other.users[role]) == {getattr(other, attr).pk}


def test_official_region_subtree(home, other):
    assert visible(Region, home.users["official"]) == {home.county.pk, home.township.pk}


def test_admin_sees_everything(home, other):
    assert visible(Enterprise, home.users["admin"]) == {home.enterprise.pk, other.enterprise.pk}


def test_enterprise_user_sees_only_itself(home, other):
    user = home.users["enterprise"]
    assert visible(Enterprise, user) == {home.enterprise.pk}
    assert visible(AnnualRecord, user) == {home.record.pk}
    assert visible(Ticket, user) == {home.ticket.pk}
    assert visible(Park, user) == set()
    assert visible(Site, user) == set()
    assert visible(Prospect, user) == set()


def test_park_manager_sees_own_park(home, other):
    user = home.users["park_manager"]
    assert visible(Park, user) == {home.park.pk}
    assert visible(Site, user) == {home.site.pk}
    assert visible(Enterprise, user) == {home.enterprise.pk}
    assert visible(Ticket, user) == {home.ticket.pk}


def test_handler_sees_department_tickets_only(home, other):
    user = home.users["handler"]
    assert visible(Ticket, user) == {home.ticket.pk}
    assert visible(Enterprise, user) == set()
    assert visible(Park, user) == set()


def test_change_needs_edit_role(home):
    assert visible(Prospect, home.users["investment"], "change") == {home.prospect.pk}
    assert visible(Prospect, home.users["park_manager"], "change") == set()
    assert visible(Site, home.users["investment"], "change") == set()


def test_anonymous_sees_nothing(home):
    from django.contrib.auth.models import AnonymousUser

    assert visible(Park, AnonymousUser()) == set()


def test_no_duplicates_across_to_many_paths(home):
    from datetime import date

    Lease.objects.create(
        enterprise=home.enterprise,
        park=home.park,
        site=home.site,
        land_area_m2=100,
        start_date=date(2023, 1, 1),
    )
    qs = Enterprise.objects.restrict(home.users["park_manager"])
    assert qs.count() == 1
