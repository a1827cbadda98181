"""Where documents apply: the chain of regions above a place, and what a user may see.

A document applies to its region and every region below it; a park's document to that park.
A county official therefore reads the platform's documents, the province's and prefecture's
above the county, and those of the county and its townships and parks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from microparks.apps.base import Role
from microparks.apps.regions.models import Region


def ancestor_ids(region: Region | None) -> list[int]:
    """``region`` and the regions above it, nearest first."""
    ids: list[int] = []
    node = region
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def visible_filter(user: Any) -> Q:
    """The documents a staff user may read: the platform's, and those that reach their places."""
    platform = Q(region__isnull=True, park__isnull=True)
    if user.role in (Role.OFFICIAL, Role.INVESTMENT) and user.region_id:
        regions = set(user.region_ids()) | set(ancestor_ids(user.region))
        return platform | Q(region__in=regions)
    if user.role == Role.PARK_MANAGER:
        parks = list(user.parks.select_related("region"))
        above = {pk for park in parks for pk in ancestor_ids(park.region)}
        return platform | Q(park__in=parks) | Q(region__in=above, park__isnull=True)
    if user.role == Role.HANDLER and user.department_id:
        region = user.department.region
        regions = set(region.descendant_ids()) | set(ancestor_ids(region))
        return platform | Q(region__in=regions, park__isnull=True)
    return platform
