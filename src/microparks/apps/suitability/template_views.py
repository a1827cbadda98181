"""The Excel template of the idle-asset ledger, linked from the import page.

Checked like the import page itself (county officials); the headers and lists come from the
``sites`` vocabulary in effect for the user's region, so a county's own words are in it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from microparks.apps.common.permissions import role_required
from microparks.apps.common.xlsx_templates import template_response
from microparks.apps.rules.vocabularies import vocabulary_in_effect
from microparks.apps.suitability.import_views import EDIT_ROLES


@role_required(EDIT_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    """The ledger template (``?lang=en`` for English headers)."""
    user: Any = request.user
    return template_response(request, "sites", vocabulary_in_effect("sites", user.region))
