"""What a tenant may see of the evaluation: its results of campaigns past the draft stage."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from microparks.apps.evaluation.models import Campaign, Result


def published_results(user: Any) -> QuerySet[Result]:
    """The results ``user`` may see, drafts left out, newest year first."""
    return (
        Result.objects.restrict(user)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign", "enterprise")
        .order_by("-campaign__year")
    )
