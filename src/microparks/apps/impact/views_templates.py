"""The Excel template of the spending import, linked from the impact page's import form.

Checked like the import itself: a county official of a county (park roles reach the page,
:func:`~microparks.apps.impact.programme.spending_region` refuses the others with 403). The
words come from the ``spending`` vocabulary in effect for the official's county.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from microparks.apps.common.permissions import PARK_ROLES, role_required
from microparks.apps.common.xlsx_templates import template_response
from microparks.apps.impact import programme
from microparks.apps.rules.vocabularies import vocabulary_in_effect


@role_required(PARK_ROLES)
def spending_template(request: HttpRequest) -> HttpResponse:
    """The spending template (``?lang=en`` for English headers)."""
    region = programme.spending_region(request.user)
    return template_response(request, "spending", vocabulary_in_effect("spending", region))
