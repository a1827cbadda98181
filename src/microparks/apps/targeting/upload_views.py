"""Uploading a county's targeting files from the targeting page (:mod:`.uploads`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import Role
from microparks.apps.common.permissions import role_required
from microparks.apps.regions.models import Region
from microparks.apps.targeting import uploads


@require_POST
@role_required(frozenset({Role.OFFICIAL, Role.INVESTMENT, Role.PARK_MANAGER}))
def upload_input(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Check and keep one kind of the county's files; the page says what happened."""
    if kind not in uploads.KINDS:
        raise Http404
    try:
        county = uploads.upload_county(request.user, pk)  # 403 for a role that may not
    except Region.DoesNotExist:
        raise Http404 from None
    files = {f.stem: request.FILES.get(f.stem) for f in uploads.KINDS[kind].files}
    label = uploads.KINDS[kind].label
    try:
        note = uploads.upload(request.user, county, kind, {k: v for k, v in files.items() if v})
    except ValidationError as exc:
        messages.error(
            request, _("%(label)s not uploaded; nothing was changed:") % {"label": label}
        )
        for line in exc.messages:
            messages.error(request, line)
    else:
        messages.success(
            request,
            _("%(label)s uploaded: %(files)s, %(rows)s rows read. The ranking uses it now.")
            % {"label": label, "files": "、".join(note["files"]), "rows": f"{note['rows']:,}"},
        )
    page = reverse("targeting:county") + "?" + urlencode({"region": county.code})
    return HttpResponseRedirect(page + "#input-files")
