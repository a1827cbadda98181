"""The knowledge and policy library: which articles a user sees, suggested by category."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from microparks.apps.accounts.models import User
from microparks.apps.regions.models import Region
from microparks.apps.servicedesk.models import Article
from microparks.apps.servicedesk.policies import county_of


def _home_regions(user: User) -> list[Region]:
    """The regions a user belongs to, whichever role gives them."""
    found = [user.region] if user.region_id else []
    if user.enterprise_id:
        found.append(user.enterprise.region)  # type: ignore[union-attr]
    if user.department_id:
        found.append(user.department.region)  # type: ignore[union-attr]
    found += [p.region for p in user.parks.select_related("region")]
    return [r for r in found if r is not None]


def articles_for(user: User | AnonymousUser, category: str = "") -> QuerySet[Article]:
    """Published articles for everyone and for the user's counties, optionally by category.

    Administrators see every article. A category matches articles that list it or list none.
    """
    rows = Article.objects.filter(published=True)
    if not user.is_authenticated:
        return rows.none()
    if not (user.is_superuser or user.role == "admin"):
        ids: set[int] = set()
        for region in _home_regions(user):
            ids.update(county_of(region).descendant_ids())
        rows = rows.filter(Q(region__isnull=True) | Q(region__in=ids))
    if category:
        matching = [a.pk for a in rows if not a.category_list() or category in a.category_list()]
        rows = rows.filter(pk__in=matching)
    return rows
