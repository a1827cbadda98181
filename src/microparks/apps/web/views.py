"""The web pages: dashboard, parks, sites and enterprises, each cut to the user's scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from microparks.apps.common import clock
from microparks.apps.common.display import field_rows
from microparks.apps.common.exports import GPKG, XLSX, download
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import ENTERPRISE_ROLES, PARK_ROLES, role_required
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.evaluation.published import published_results
from microparks.apps.parks.models import Lease, Park, ParkUnit
from microparks.apps.parks.services import (
    Summary,
    active_leases,
    figures_by_park,
    park_tenants,
    summarize,
    summarize_parks,
    with_latest_record,
)
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.servicedesk.policies import missed_any
from microparks.apps.sites.exports import LAYER, inventory_layer, inventory_table
from microparks.apps.sites.geojson import geojson_response, map_collection
from microparks.apps.sites.maps import legend, sites_geojson
from microparks.apps.sites.models import Site
from microparks.apps.suitability.labour import shed_panel
from microparks.apps.web.forms import EnterpriseSearchForm, SiteFilterForm
from microparks.core.units import CNY_PER_WAN
from microparks.io.exports import write_gpkg, write_table_xlsx


def _trend(summary: Summary) -> dict[str, Any]:
    """The chart's data: years, jobs, and tax and output in 万元, with translated labels."""
    return {
        "years": [y.year for y in summary.trend],
        "jobs": [y.jobs for y in summary.trend],
        "tax_wan": [round(y.tax_cny / CNY_PER_WAN, 2) for y in summary.trend],
        "output_wan": [round(y.output_cny / CNY_PER_WAN, 2) for y in summary.trend],
        "labels": {
            "jobs": _("Jobs"),
            "tax": _("Tax (10,000 CNY)"),
            "output": _("Output (10,000 CNY)"),
            "year": _("Year"),
            "money": _("10,000 CNY"),
        },
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    # counted in the database: a province's desk has thousands of open tickets
    counts = Ticket.objects.restrict(user).aggregate(
        open=Count("pk", filter=~Q(status=Ticket.Status.CLOSED)),
        overdue=Count("pk", filter=missed_any(clock.now())),
    )
    context: dict[str, Any] = {"open_tickets": counts["open"], "overdue_tickets": counts["overdue"]}
    if user.has_role(*PARK_ROLES):
        summary = summarize(user)
        context.update(summary=summary, trend=_trend(summary))
    elif user.enterprise_id:  # a tenant: its own figures instead of empty park totals
        context["firm"] = _firm_overview(user)
    return render(request, "web/dashboard.html", context)


def _firm_overview(user: Any) -> dict[str, Any]:
    """The signed-in tenant's latest record, land leased today and latest published class."""
    firm = user.enterprise
    leases = list(
        Lease.objects.restrict(user).filter(active_leases(), enterprise=firm).select_related("park")
    )
    records = AnnualRecord.objects.restrict(user).filter(enterprise=firm)
    return {
        "enterprise": firm,
        "record": records.order_by("-year").first(),
        "land_m2": sum(lease.land_area_m2 for lease in leases),
        "parks": sorted({lease.park.name for lease in leases}),
        "result": published_results(user).filter(enterprise=firm).first(),
    }


@role_required(PARK_ROLES)
def park_list(request: HttpRequest) -> HttpResponse:
    # the list names the township: its boundary is not read
    parks = Park.objects.restrict(request.user).select_related("region").defer("region__geometry")
    page = paginate(request, parks.prefetch_related("positioning"))
    shown = Park.objects.filter(pk__in=[park.pk for park in page])
    figures = figures_by_park(shown, request.user)
    rows = [(park, figures[park.pk]) for park in page]
    return render(request, "web/parks/list.html", {"page": page, "rows": rows})


@role_required(PARK_ROLES)
def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    park = get_object_or_404(
        Park.objects.restrict(user).select_related("region").defer("region__geometry"), pk=pk
    )
    sites = Site.objects.restrict(user).filter(park=park).defer("geometry")  # names only
    units = ParkUnit.objects.restrict(user).filter(park=park).select_related("site")
    summary = summarize_parks(Park.objects.filter(pk=park.pk), user)
    context = {
        "park": park,
        "facts": field_rows(park, exclude=["name", "description"]),
        "positioning": park.positioning.all(),
        # a province's large parks have hundreds of units and tenants: each list pages alone
        "units": paginate(request, units.order_by("code", "pk"), param="units"),
        "tenants": paginate(
            request, park_tenants(park, user).order_by("name", "pk"), param="tenants"
        ),
        "summary": summary,
        "trend": _trend(summary),
        "sites": paginate(request, sites.order_by("code", "pk"), param="sites"),
        "map_url": f"{reverse('web:site_map')}?park={park.pk}",
        "shed": shed_panel(user, park.region, park=park),
    }
    return render(request, "web/parks/detail.html", context)


def _filtered_sites(request: HttpRequest) -> tuple[SiteFilterForm, QuerySet[Site]]:
    """The filter form and the sites it keeps: the list page and its downloads share these."""
    form = SiteFilterForm(request.user, request.GET)
    sites = form.filter(Site.objects.restrict(request.user).select_related("region", "park"))
    return form, sites


def _export_query(request: HttpRequest) -> str:
    """The list's query string without the page number, for the download links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(PARK_ROLES)
def site_list(request: HttpRequest) -> HttpResponse:
    form, sites = _filtered_sites(request)
    context = {
        "form": form,
        # the table shows no outline: neither the sites' nor their townships' are read
        "page": paginate(request, sites.defer("geometry", "region__geometry")),
        "export_query": _export_query(request),
    }
    if request.htmx and not request.htmx.history_restore_request:  # type: ignore[attr-defined]
        response = render(request, "web/sites/_table.html", context)
    else:
        # the map of all visible sites loads its layer from site_map after the page
        context |= {"map_url": reverse("web:site_map"), "legend": legend()}
        response = render(request, "web/sites/list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@role_required(PARK_ROLES)
def site_map(request: HttpRequest) -> HttpResponse:
    """The map layer of the sites the list's filters keep (none: all visible), as GeoJSON.

    304 while nothing the user may see changed (ETag; see apps/sites/geojson.py).
    """
    _form, sites = _filtered_sites(request)
    return geojson_response(request, sites, map_collection)


@role_required(PARK_ROLES)
def site_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as Excel (``fmt="xlsx"``) or GeoPackage (``fmt="gpkg"``)."""
    _form, sites = _filtered_sites(request)
    if fmt == "gpkg":
        return download(write_gpkg(inventory_layer(sites), LAYER), GPKG, "idle-assets", fmt)
    sheet = {_("Idle assets"): inventory_table(sites)}
    return download(write_table_xlsx(sheet), XLSX, "idle-assets", "xlsx")


@role_required(PARK_ROLES)
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(
        Site.objects.restrict(request.user).select_related("region").defer("region__geometry"),
        pk=pk,
    )
    context = {
        "site": site,
        "shed": shed_panel(request.user, site.region, site=site),
        "facts": field_rows(site, exclude=["name"]),
        "geojson": sites_geojson([site]),
        "legend": legend(),
    }
    return render(request, "web/sites/detail.html", context)


@role_required(ENTERPRISE_ROLES)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form = EnterpriseSearchForm(request.GET)
    running = Lease.objects.filter(active_leases()).select_related("park")
    firms = form.filter(Enterprise.objects.restrict(request.user)).select_related("industry")
    firms = with_latest_record(firms).prefetch_related(
        Prefetch("leases", queryset=running, to_attr="running_leases")
    )
    context = {"form": form, "page": paginate(request, firms)}
    return render(request, "web/enterprises/list.html", context)


@role_required(ENTERPRISE_ROLES)
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    firm = get_object_or_404(Enterprise.objects.restrict(user).select_related("industry"), pk=pk)
    context = {
        "firm": firm,
        "facts": field_rows(firm, exclude=["name"]),
        "leases": Lease.objects.restrict(user)
        .filter(enterprise=firm)
        .select_related("park", "site", "unit"),
        "records": AnnualRecord.objects.restrict(user).filter(enterprise=firm).order_by("year"),
    }
    return render(request, "web/enterprises/detail.html", context)
