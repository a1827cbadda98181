"""The labour pool pages: the pool by township with its map, a township's villages, the import.

County officials and investment officers see and import their county's pool; park managers
read the pool of the county of their parks; administrators see every county; other roles get
403 and another county's version is never found (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from microparks.apps.base import ALL_STAFF, Role
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.jobs.uploads import enqueue_upload
from microparks.apps.labour import services
from microparks.apps.labour.forms import PoolUploadForm
from microparks.apps.labour.jobs import POOL_IMPORT
from microparks.apps.labour.models import EDITORS, PoolEntry
from microparks.apps.regions.models import Region
from microparks.io.labour_register import AGE_BANDS

VILLAGES_PER_PAGE = 50


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _figure(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


@role_required(ALL_STAFF | {Role.LABOUR_SERVICE})
def pool(request: HttpRequest) -> HttpResponse:
    """The pool of one version by township, its map, and one township's villages."""
    choice = services.choose_version(
        request.user,
        county=request.GET.get("county") or None,
        year=_number(request.GET.get("year")),
        version=_number(request.GET.get("version")),
    )
    if choice.missing and request.GET.get("version"):
        raise Http404  # another county's version, or none: never shown
    chosen, versions, counties = choice.pool, choice.versions, choice.counties
    user: Any = request.user
    context: dict[str, Any] = {
        "pool": chosen,
        "county": next((c for c in counties if chosen and c.pk == chosen.region_id), None),
        "versions": versions,
        "years": sorted({v.year for v in versions}, reverse=True),
        "counties": counties,
        "can_import": user.role in EDITORS and getattr(user.region, "level", "") == "county",
        "age_labels": [_("16–30"), _("31–45"), _("46–60"), _("over 60")],
    }
    if chosen is not None:
        townships = services.township_totals(chosen)
        context["townships"] = townships
        context["totals"] = services.county_totals(townships)
        context["year_versions"] = [v for v in versions if v.year == chosen.year]

        def status(t: services.TownshipPool) -> str:
            return _("%(available)s available at home of %(labour)s") % {
                "available": _figure(t.counts["available"]),
                "labour": _figure(t.counts["labour"]),
            }

        context["geojson"] = services.pool_geojson(townships, status)
        highest = max((t.counts["available"] or 0 for t in townships), default=0)
        context["legend"] = services.legend(highest)
        code = request.GET.get("township")
        township = next((t.township for t in townships if t.township.code == code), None)
        if township is not None:
            entries = PoolEntry.objects.filter(pool=chosen, township=township).order_by(
                "source_row"
            )
            context["township"] = township
            context["page"] = paginate(request, entries, VILLAGES_PER_PAGE)
    context["age_keys"] = AGE_BANDS
    return render(request, "labour/pool.html", context)


@role_required(EDITORS)
def pool_import(request: HttpRequest) -> HttpResponse:
    """Upload a register: it is checked and saved by a background job (every row or none)."""
    county: Region | None = getattr(request.user, "region", None)
    if county is None or county.level != Region.Level.COUNTY:
        raise PermissionDenied  # a register goes into the importer's own county
    form = PoolUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file, year = form.cleaned_data["file"], form.cleaned_data["year"]
        back = reverse("labour:pool_import")
        job = enqueue_upload(POOL_IMPORT, request, county, file, back, year=year)
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "labour/import.html", {"form": form, "county": county})
