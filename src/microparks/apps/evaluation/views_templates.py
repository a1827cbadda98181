"""Excel templates of the evaluation's imports: the tax-bureau and power-company files.

Checked like the review page's upload (county officials who may change the campaign); pre-filled
with the campaign's firms and year, so the bureau only adds its figures. The words come from the
``bureau`` vocabulary in effect for the campaign's county.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from microparks.apps.base import CHANGE, Role
from microparks.apps.common.permissions import role_required
from microparks.apps.common.xlsx_templates import template_response
from microparks.apps.evaluation.models import Campaign
from microparks.apps.evaluation.submissions import campaign_records
from microparks.apps.rules.vocabularies import vocabulary_in_effect

OFFICIALS = frozenset({Role.OFFICIAL})
BUREAU_KINDS = ("tax-bureau", "power")


@role_required(OFFICIALS)
def bureau_template(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The ``tax-bureau`` or ``power`` template, one row per firm of the campaign."""
    campaign = get_object_or_404(Campaign.objects.restrict(request.user, CHANGE), pk=pk)
    rows = [
        {"credit_code": r.enterprise.credit_code, "name": r.enterprise.name, "year": r.year}
        for r in campaign_records(campaign)
    ]
    return template_response(
        request,
        kind,
        vocabulary_in_effect("bureau", campaign.region),
        rows=rows or None,
        filename=f"{kind}-{campaign.region.code}-{campaign.year}.xlsx",
    )
