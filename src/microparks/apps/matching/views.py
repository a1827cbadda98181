"""Matching pages: the county plan, a park's places and a prospect's best sites; saved runs.

A park's page has the what-if (lock a pair, reserve a place, re-solve); a prospect's page gives
the reasons. These pages compute the plan now, with the matching document in effect, and say
so; an official may save the plan (``save``), and a saved run's page (``run_detail``) shows it
as it was, from its stored rows and document. Thin: the work is in ``services`` and ``runs``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from microparks.apps.attraction.models import Prospect
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import PARK_ROLES, role_required
from microparks.apps.matching import runs, services
from microparks.apps.matching.maps import Line, assigned_lines, match_geojson, without_location
from microparks.apps.matching.models import SAVERS, MatchingRun
from microparks.apps.matching.reasons import cost_terms, ignored_lock_text, unplaced_text
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.rules.services import NoDocumentError
from microparks.core.matching import COMPONENTS, Unplaced, decode_failures

TOP_K = 5

SAVED_PLAN = ("prospects", "places", "assignment", "recommendations", "shortlists")
"""A saved run's stored plan: read on its own page only."""


def _what_if(data: Any) -> tuple[dict[int, str], list[str]]:
    """Locked pairs and reserved places (``reserve=``) asked for in the query.

    A pair is ``lock=<prospect id>:<place key>``, or ``lock_prospect=`` with ``lock_place=``.
    """
    fixed: dict[int, str] = {}
    picked = f"{data.get('lock_prospect', '')}:{data.get('lock_place', '')}"
    locks = [*data.getlist("lock"), picked]
    for text in locks:  # the park page's form picks the prospect and the place apart
        pk, _sep, key = text.partition(":")
        if pk.isdigit() and key:
            fixed[int(pk)] = key
    return fixed, [k for k in data.getlist("reserve") if k]


def _may_save(request: HttpRequest) -> bool:
    return bool(request.user.has_role(*SAVERS))  # type: ignore[union-attr]


def _no_document(request: HttpRequest, exc: NoDocumentError) -> HttpResponse:
    return render(request, "matching/no_document.html", {"reason": str(exc)}, status=409)


def _counties(user: Any) -> list[Region]:
    # names and levels only: the township and county outlines stay in the database
    parks = (
        Park.objects.restrict(user)
        .select_related("region__parent")
        .defer("region__geometry", "region__parent__geometry")
    )
    seen: dict[int, Region] = {}
    for park in parks:
        county = services.county_of(park.region)
        seen.setdefault(county.pk, county)
    return list(seen.values())


@role_required(PARK_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    try:
        return _index(request)
    except NoDocumentError as exc:
        return _no_document(request, exc)


def _index(request: HttpRequest) -> HttpResponse:
    plans = []
    for county in _counties(request.user):
        run = services.run_matching(request.user, county)
        # A province's county plan has thousands of rows: the table and the map show one page
        # of prospects at a time (each county's plan pages alone).
        rows = paginate(request, run.prospects, param=f"plan{county.pk}")
        unplaced = run.unplaced()
        plans.append(
            {
                "county": county,
                "run": run,
                "page": rows,
                "rows": [(p, run.place_of(p), _why(unplaced, p.pk, run)) for p in rows],
                "unplaced": len(unplaced),
                "costs": cost_terms(run),
                # every open place while the plan fits one page, else the page's places only
                "geojson": match_geojson(
                    [] if rows.has_other_pages() else run.places, assigned_lines(run, rows)
                ),
                "map_id": f"match-map-{county.pk}",
                "no_location": without_location(rows),
            }
        )
    # The list shows names and the total: the stored plan and its parents' geometry stay out.
    saved = (
        MatchingRun.objects.restrict(request.user)
        .select_related("region", "rules", "park")
        .defer("region__geometry", "rules__content", *SAVED_PLAN)
    )
    context = {
        "plans": plans,
        "may_save": _may_save(request),
        "page": paginate(request, saved if _may_save(request) else []),
    }
    return render(request, "matching/index.html", context)


@role_required(PARK_ROLES)
def park_matches(request: HttpRequest, pk: int) -> HttpResponse:
    park = get_object_or_404(Park.objects.restrict(request.user).select_related("region"), pk=pk)
    county = services.county_of(park.region)
    fixed, reserved = _what_if(request.GET)
    try:
        run = services.run_matching(request.user, county, fixed=fixed, reserved=reserved)
    except NoDocumentError as exc:
        return _no_document(request, exc)
    baseline = (
        services.run_matching(request.user, county, document=run.rules)
        if fixed or reserved
        else run
    )
    shortlists = run.shortlists(TOP_K)
    holder = {j: run.prospects[i] for i, j in enumerate(run.result.site_of_prospect) if j >= 0}
    rows: list[dict[str, Any]] = []
    park_places: list[services.Place] = []
    for j, place in enumerate(run.places):
        if place.park.pk != park.pk:
            continue
        best = shortlists[shortlists.site_index == j]
        pairs = zip(best.prospect_index, best.cost, strict=True)
        park_places.append(place)
        rows.append(
            {
                "place": place,
                "holder": holder.get(j),
                "reserved": place.key in run.reserved,
                "best": [(run.prospects[int(i)], c) for i, c in pairs],
            }
        )
    park_holders = [row["holder"] for row in rows if row["holder"] is not None]
    # who may be locked here: the prospects the page shows (a county has thousands)
    shown = {p.pk: p for row in rows for p, _cost in row["best"]} | {p.pk: p for p in park_holders}
    candidates = sorted(shown.values(), key=lambda p: (p.name, p.pk))
    by_key = {place.key: place for place in run.places}
    changed = [
        (p, baseline.place_of(p), run.place_of(p))
        for p in run.prospects
        if baseline.place_of(p) != run.place_of(p)
    ]
    context = {
        "park": park,
        "run": run,
        "baseline": baseline,
        "rows": rows,
        "changed": changed,
        "what_if": bool(fixed or reserved),
        "locks": [(p, by_key[run.fixed[p.pk]]) for p in run.prospects if p.pk in run.fixed],
        "ignored_locks": _ignored(run, request.user),
        "costs": cost_terms(run),
        "park_places": park_places,
        "candidates": candidates,
        "geojson": match_geojson(park_places, assigned_lines(run, park_holders)),
        "no_location": without_location(park_holders),
        "county": county,
        "may_save": _may_save(request),
    }
    return render(request, "matching/park.html", context)


@role_required(PARK_ROLES)
def prospect_matches(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_object_or_404(
        Prospect.objects.restrict(request.user).select_related("region", "industry"), pk=pk
    )
    county = services.county_of(prospect.region)
    try:
        run = services.run_matching(request.user, county)
    except NoDocumentError as exc:
        return _no_document(request, exc)
    seeking = prospect in run.prospects
    recommended: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    lines: list[Line] = []
    if seeking:
        table = run.recommendations(prospect, TOP_K)
        for rec in table.to_dict("records"):
            place = run.places[int(rec["site_index"])]
            parts = [(services.COMPONENT_LABELS[c], rec[c]) for c in COMPONENTS if rec[c] > 0]
            if rec["kind"] == "recommended":
                recommended.append({"place": place, "rec": rec, "parts": parts})
                lines.append(Line(prospect, place, float(rec["cost"]), bool(rec["assigned"])))
            else:
                i, j = run.row_of(prospect), int(rec["site_index"])
                failed = decode_failures(int(run.tables.feasibility.failed[i, j]))
                reasons = [services.CONDITION_LABELS[name] for name in failed]
                excluded.append({"place": place, "rec": rec, "reasons": reasons})
    context = {
        "prospect": prospect,
        "seeking": seeking,
        "assigned": run.place_of(prospect) if seeking else None,
        "unplaced_reason": _why(run.unplaced(), prospect.pk, run) if seeking else "",
        "costs": cost_terms(run),
        "recommended": recommended,
        "excluded": excluded,
        "run": run,
        "geojson": match_geojson((), _with_assigned(run, prospect, lines) if seeking else []),
        "no_location": without_location([prospect]),
    }
    return render(request, "matching/prospect.html", context)


def _why(unplaced: dict[int, Unplaced], pk: int, run: services.MatchRun) -> str:
    """Why the prospect ``pk`` has no place ("" when it has one)."""
    why = unplaced.get(pk)
    return unplaced_text(why, run) if why is not None else ""


def _ignored(run: services.MatchRun, user: Any) -> list[dict[str, Any]]:
    """The locks the plan could not honour, named (those the user may see), with the reason."""
    asked = [lock.prospect_id for lock in run.ignored_locks]
    names = dict(Prospect.objects.restrict(user).filter(pk__in=asked).values_list("pk", "name"))
    labels = {place.key: place.label for place in run.places}
    return [
        {
            "prospect": names.get(lock.prospect_id, f"#{lock.prospect_id}"),
            "place": labels.get(lock.place_key, lock.place_key),
            "reason": ignored_lock_text(lock),
        }
        for lock in run.ignored_locks
    ]


def _with_assigned(run: services.MatchRun, prospect: Prospect, lines: list[Line]) -> list[Line]:
    """The recommended lines, and the plan's place when it is not among them."""
    place = run.place_of(prospect)
    if place is None or any(line.place == place for line in lines):
        return lines
    return [*lines, Line(prospect, place, run.cost_of(prospect, place), assigned=True)]


@role_required(SAVERS)
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Compute the county's plan now (with a park page's what-if) and store it unchanged."""
    county = get_object_or_404(
        Region.objects.restrict(request.user).filter(level=Region.Level.COUNTY),
        pk=request.POST.get("county") if str(request.POST.get("county", "")).isdigit() else 0,
    )
    park = None
    if str(request.POST.get("park", "")).isdigit():
        parks = Park.objects.restrict(request.user).select_related("region")
        park = get_object_or_404(parks, pk=request.POST["park"])
        if services.county_of(park.region) != county:
            raise Http404("the park is not in the county")
    fixed, reserved = _what_if(request.POST)
    try:
        run = services.run_matching(request.user, county, fixed=fixed, reserved=reserved)
    except NoDocumentError as exc:
        return _no_document(request, exc)
    saved = runs.save_run(request.user, county, run, park)
    messages.success(
        request, _("The matching was saved with %(label)s.") % {"label": saved.rules.label}
    )
    return redirect("matching:run", saved.pk)


@role_required(SAVERS)
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved matching, from its stored rows and the document it used only."""
    saved = get_object_or_404(
        MatchingRun.objects.restrict(request.user).select_related(
            "region", "rules", "park", "created_by"
        ),
        pk=pk,
    )
    plan = runs.stored_plan(saved)
    context = {"saved": saved, "plan": plan, "assigned": sum(1 for r in plan.rows if r["place"])}
    return render(request, "matching/run.html", context)
