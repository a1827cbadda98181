"""Targeting pages: a county's ranked industries with their reasons, and one park's view of them."""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import CHANGE, Role
from microparks.apps.common.permissions import role_required
from microparks.apps.industries.models import Industry
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.targeting import services, uploads

COUNTY_ROLES = frozenset({Role.OFFICIAL, Role.INVESTMENT})
PARK_ROLES = COUNTY_ROLES | {Role.PARK_MANAGER}
COMPONENT_LABELS = {
    "density": gettext_lazy("Relatedness (density)"),
    "cog": gettext_lazy("Complexity outlook gain"),
    "labour_fit": gettext_lazy("Labour fit"),
    "endowment_fit": gettext_lazy("Endowment fit"),
    "chain_fit": gettext_lazy("Chain fit"),
    "national_growth": gettext_lazy("National growth"),
}


def _num(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _rows(page: services.TargetingPage) -> list[dict[str, Any]]:
    if page.table is None:
        return []
    zh = (get_language() or "zh-hans").startswith("zh")
    names_en = dict(
        Industry.objects.filter(code__in=page.table["industry"]).values_list("code", "name_en")
    )
    rows = []
    for r in page.table.to_dict("records"):
        rows.append(
            {
                "rank": None if r["rank"] is None or r["rank"] != r["rank"] else int(r["rank"]),
                "code": r["industry"],
                "name": r["name"]
                if zh or not names_en.get(r["industry"])
                else names_en[r["industry"]],
                "present": r["present"],
                "score": _num(r["score"]),
                "components": [_num(r[k]) for k in COMPONENT_LABELS],
                "excluded": r["excluded"],
                "non_tradable": bool(r.get("non_tradable", False)),
                "reasons": (r["reason_zh"].split("；") if zh else r["reason_en"].split("; ")),
            }
        )
    return rows


def _chart(page: services.TargetingPage, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Density vs PCI of the candidates: the relatedness chart (excluded ones apart)."""
    if page.table is None:
        return None
    by_code = {r["code"]: r for r in rows}
    points = [
        {
            "code": r["industry"],
            "name": by_code[r["industry"]]["name"],
            "density": _num(r["density"]),
            "pci": _num(r["pci"]),
            "score": _num(r["score"]),
            "excluded": bool(r["excluded"]),
            "present": bool(r["present"]),
        }
        for r in page.table.to_dict("records")
        if _num(r["density"]) is not None and _num(r["pci"]) is not None
    ]
    return {
        "points": points,
        "labels": {
            "x": _("Relatedness to the county (density)"),
            "y": _("Product complexity (PCI)"),
            "ranked": _("Candidates (colour: score)"),
            "present": _("Already a specialisation"),
            "excluded": _("Excluded (两高, negative list, non-tradable)"),
        },
    }


def _toggle_query(request: HttpRequest, include: bool) -> str:
    """The page's query string with the non-tradables switched in or out of the ranking."""
    query = request.GET.copy()
    query.pop("non_tradable", None)
    if not include:
        query["non_tradable"] = "include"
    return query.urlencode()


def _render(
    request: HttpRequest, county: Region, park: Park | None, counties: list[Region]
) -> HttpResponse:
    include = request.GET.get("non_tradable") == "include"
    page = services.build_page(county, park, include_non_tradable=include)
    rows = _rows(page)
    editable = Park.objects.restrict(request.user, CHANGE).filter(
        region_id__in=county.descendant_ids()
    )
    if park is not None:
        editable = editable.filter(pk=park.pk)
    context = {
        "county": county,
        "counties": counties,
        "park": park,
        "page": page,
        "rows": rows,
        "labels": [str(label) for label in COMPONENT_LABELS.values()],
        "weights": [page.weights.weights.get(k, 0.0) for k in COMPONENT_LABELS]
        if page.weights is not None
        else [],
        "chart": _chart(page, rows),
        "editable_parks": list(editable.order_by("name")),
        "positioning": park.positioning.order_by("code") if park else None,
        "include_non_tradable": include,
        "toggle_query": _toggle_query(request, include),
        "input_files": uploads.in_use(county),
        "can_upload": park is None and uploads.may_upload(request.user),
    }
    return render(request, "targeting/page.html", context)


@role_required(PARK_ROLES)
def county(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(*COUNTY_ROLES):  # type: ignore[union-attr]
        # A park manager sees the county's list through their parks' pages.
        first = Park.objects.restrict(request.user).order_by("name").first()
        if first is None:
            raise Http404
        return HttpResponseRedirect(reverse("targeting:park", args=[first.pk]))
    visible = Region.objects.restrict(request.user).filter(level=Region.Level.COUNTY)
    counties = list(visible.order_by("code"))
    if not counties:
        raise Http404
    code = request.GET.get("region")
    chosen = next((c for c in counties if c.code == code), None) if code else counties[0]
    if chosen is None:
        raise Http404
    return _render(request, chosen, None, counties)


@role_required(PARK_ROLES)
def park(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Park.objects.restrict(request.user).select_related("region"), pk=pk)
    return _render(request, services.county_of(obj.region), obj, [])


@require_POST
@role_required(PARK_ROLES)
def add_positioning(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Park.objects.restrict(request.user, CHANGE), pk=pk)
    code = request.POST.get("industry", "")
    if not Industry.objects.filter(code=code).exists():
        raise Http404
    county = services.county_of(obj.region)
    document = services.decision_document(county, request.POST.get("weights"))
    added = services.add_to_positioning(request.user, obj, code, document)
    if added:
        messages.success(
            request,
            _("%(code)s added to the positioning of %(park)s.") % {"code": code, "park": obj.name},
        )
    else:
        messages.info(
            request,
            _("%(code)s is already in the positioning of %(park)s.")
            % {"code": code, "park": obj.name},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("targeting:park", args=[obj.pk])
    return HttpResponseRedirect(target)
