"""Job fairs and training courses: who may change an event, record hires, and for which firms.

Officials and investment officers change every event of their county and record the hires of
any firm of it; a park manager changes the events of their own parks and records hires of their
parks' firms at any event of the county (a county job fair where their tenants hired).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from microparks.apps.base import CHANGE, Role
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.events_models import EVENT_EDITORS, EventHire, LabourEvent
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region


def changeable_events(user: Any) -> QuerySet[LabourEvent]:
    """The events ``user`` may change."""
    rows = LabourEvent.objects.restrict(user, CHANGE)
    if user.role == Role.PARK_MANAGER and not user.is_superuser:
        rows = rows.filter(park__in=user.parks.all())
    return rows


def county_of_park(park: Park) -> Region:
    """The county a park lies in (its township's county, or its own region)."""
    region: Region = park.region
    if region.level != Region.Level.COUNTY and region.parent_id is not None:
        region = Region.objects.defer("geometry").get(pk=region.parent_id)
    return region


def own_county(user: Any) -> Region | None:
    """The county of an official or investment officer, else None (it comes from the park)."""
    region: Region | None = getattr(user, "region", None)
    if user.role in (Role.OFFICIAL, Role.INVESTMENT) and region is not None:
        return region if region.level == Region.Level.COUNTY else None
    return None


def hire_firms(user: Any, event: LabourEvent) -> QuerySet[Enterprise]:
    """The firms of the event's county whose hires ``user`` may record (none for readers)."""
    if not user.has_role(*EVENT_EDITORS):
        return Enterprise.objects.none()
    county = event.region_id
    return (
        Enterprise.objects.restrict(user)
        .filter(Q(region_id=county) | Q(region__parent_id=county))
        .order_by("name")
    )


def visible_hires(user: Any, event: LabourEvent) -> QuerySet[EventHire]:
    """The event's hires ``user`` may see (a park manager: their parks' firms)."""
    return (
        EventHire.objects.restrict(user)
        .filter(event=event)
        .select_related("enterprise")
        .order_by("enterprise__name")
    )


def save_hire(event: LabourEvent, enterprise: Enterprise, hired: int) -> EventHire:
    """Record (or correct) how many ``enterprise`` hired at ``event``."""
    hire, _created = EventHire.objects.update_or_create(
        event=event, enterprise=enterprise, defaults={"hired": hired}
    )
    return hire
