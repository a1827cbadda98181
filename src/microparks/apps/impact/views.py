"""Impact pages: the county's parks together, and one park; assumptions shown and editable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microparks.apps.common.permissions import PARK_ROLES, role_required
from microparks.apps.common.row_problems import problems_context
from microparks.apps.impact import programme, services
from microparks.apps.impact.forms import (
    AssumptionsForm,
    IOTableForm,
    SpendingForm,
    SpendingImportForm,
)
from microparks.apps.impact.models import InputOutputTable, Spending
from microparks.apps.impact.spending_jobs import SPENDING_IMPORT
from microparks.apps.impact.tables import upload_table
from microparks.apps.jobs.uploads import enqueue_upload
from microparks.apps.parks.models import Park
from microparks.core.impact import ConcordanceError
from microparks.core.units import CNY_PER_WAN
from microparks.io.errors import RowError

MEASURE_LABELS = {
    "output": gettext_lazy("Output (10,000 CNY)"),
    "jobs": gettext_lazy("Jobs (persons)"),
    "income": gettext_lazy("Wages (10,000 CNY)"),
    "tax": gettext_lazy("Tax (10,000 CNY)"),
}
MONEY_MEASURES = ("output", "income", "tax")
"""Measures in CNY, shown in 万元 (how officials read amounts)."""


def _share_labels() -> dict[str, tuple[str, str]]:
    return {
        "deadweight": (
            _("Deadweight"),
            _("share of the activity that would have happened anyway without the park"),
        ),
        "displacement": (
            _("Displacement"),
            _("share taken from other firms in the county (same customers, same workers)"),
        ),
        "leakage": (_("Leakage"), _("share of the benefit going outside the county")),
        "multiplier": (
            _("Multiplier factor"),
            _("factor on the indirect and induced part, for table error and regional leakage"),
        ),
    }


def _notes(page: services.ImpactPage) -> list[str]:
    out = []
    if page.year in page.partial_years:
        out.append(
            _(
                "%(year)d is not over yet: its figures are those of a part of the year, not "
                "comparable with a whole year's."
            )
            % {"year": page.year}
        )
    if page.table is None:
        out.append(
            _(
                "Indirect and induced effects are not computed: no input–output table has "
                "been added for this county. The table shows direct effects only (net of "
                "additionality); an official can add the province's table below."
            )
        )
    if any("output multiplier used" in n for n in page.notes):
        out.append(
            _("Some measures have no multiplier of their own: the output multiplier is used.")
        )
    if any("not closed" in n for n in page.notes):
        out.append(_("The table is not closed to households: induced effects are zero."))
    return out


def _page(
    request: HttpRequest,
    parks: Any,
    title: str,
    park: Park | None,
    spending_form: SpendingForm | None = None,
    import_form: SpendingImportForm | None = None,
    import_errors: list[str] | None = None,
    problems: Sequence[RowError] = (),
    table_form: IOTableForm | None = None,
) -> HttpResponse:
    """The impact page of ``parks``: net impact, its assumptions, the programme's cost–benefit."""
    defaults = services.default_assumptions()[0]
    base = {name: getattr(defaults, name).default for name in services.SHARES}
    base |= {"discount_rate": programme.DEFAULT_DISCOUNT_RATE * 100, "tax_share": 1.0}
    years = services.available_years(parks, request.user)
    form = AssumptionsForm(
        request.GET or None,
        years=years,
        partial=services.partial_years(years),
        defaults=base,
        initial={"year": services.headline_year(years)},
    )
    chosen = _chosen(form, years)
    page, error = _run_impact(request, parks, chosen)
    costs = programme.run_cost_benefit(
        parks,
        request.user,
        park=park,
        discount_rate=chosen.discount_rate,
        tax_share=chosen.tax_share,
        factor=page.assumptions.factor(),
    )
    labels_of = dict(Spending.Category.choices)
    context = {
        "title": title,
        "park": park,
        "parks": parks.order_by("name") if park is None else [],
        "page": page,
        "rows": _measure_rows(page),
        "form": form,
        "assumptions": _assumption_rows(page, chosen.overrides),
        "factor": page.assumptions.factor(),
        "notes": _notes(page),
        "error": error,
        "draws": services.DRAWS,
        "seed": chosen.seed,
        "programme": costs,
        "category_headers": [labels_of[c] for c in (costs.categories if costs else [])],
        "discount_pct": chosen.discount_rate * 100,
        "may_enter": _may_enter(request),
        "spending_form": spending_form or SpendingForm(user=request.user),
        "import_form": import_form or SpendingImportForm(),
        "import_errors": import_errors or [],
        **problems_context(problems),
        "saved": request.GET.get("saved", ""),
        "table_form": table_form or IOTableForm(),
        "may_upload": _may_upload(request),
        "uploaded": services.uploaded_table_for(parks),
        "tables": InputOutputTable.objects.restrict(request.user).select_related(
            "uploaded_by", "region"
        )[:10],
        "table_added": request.GET.get("table") == "added",
    }
    return render(request, "impact/page.html", context)


class _Chosen(NamedTuple):
    """What the assumptions form asks for; the defaults where it is blank or not valid."""

    overrides: dict[str, float]
    year: int | None
    seed: int
    discount_rate: float
    tax_share: float


def _chosen(form: AssumptionsForm, years: list[int]) -> _Chosen:
    """The shares overridden, year, seed, discount rate and tax share the reader chose."""
    first = services.headline_year(years)
    chosen = _Chosen({}, first, 0, programme.DEFAULT_DISCOUNT_RATE, 1.0)
    if not (form.is_bound and form.is_valid()):
        return chosen
    data = form.cleaned_data
    return _Chosen(
        overrides={k: data[k] for k in services.SHARES if data.get(k) is not None},
        year=data.get("year") or chosen.year,
        seed=data.get("seed") or 0,
        discount_rate=(
            data["discount_rate"] / 100
            if data.get("discount_rate") is not None
            else chosen.discount_rate
        ),
        tax_share=data["tax_share"] if data.get("tax_share") is not None else chosen.tax_share,
    )


def _run_impact(
    request: HttpRequest, parks: Any, chosen: _Chosen
) -> tuple[services.ImpactPage, str | None]:
    """The impact; direct effects only, with the reason, when the concordance has gaps."""
    year, overrides, seed = chosen.year, chosen.overrides, chosen.seed
    try:
        page = services.run_impact(parks, request.user, year=year, overrides=overrides, seed=seed)
    except ConcordanceError as exc:
        page = services.run_impact(
            parks, request.user, year=year, overrides=overrides, seed=seed, use_table=False
        )
        return page, _(
            "The concordance does not cover every tenant's industry (%(e)s); direct effects only."
        ) % {"e": exc.text(_)}
    return page, None


def _measure_rows(page: services.ImpactPage) -> list[dict[Any, Any]]:
    """One row per measure of the impact table, with its label; amounts in 万元.

    Without a table the indirect and induced effects were not computed: they are ``None``
    (shown as —), not 0.
    """
    if page.result is None:
        return []
    rows = []
    for measure, r in page.result.table.iterrows():
        scale = CNY_PER_WAN if measure in MONEY_MEASURES else 1.0
        values: dict[str, Any] = {str(k): float(v) / scale for k, v in r.to_dict().items()}
        if page.table is None:
            values["indirect"] = values["induced"] = None
        rows.append({"label": MEASURE_LABELS[str(measure)], **values})
    return rows


def _assumption_rows(
    page: services.ImpactPage, overrides: dict[str, float]
) -> list[dict[str, Any]]:
    """Each additionality share and the multiplier factor: name, meaning, range, edited."""
    labels = _share_labels()
    return [
        {
            "name": labels[name][0],
            "meaning": labels[name][1],
            "range": getattr(page.assumptions, name),
            "edited": name in overrides,
        }
        for name in (*services.SHARES, "multiplier")
    ]


def _tables(request: HttpRequest) -> list[InputOutputTable]:
    """The latest tables added in the reader's scope, newest first."""
    rows = InputOutputTable.objects.restrict(request.user)
    return list(rows.select_related("uploaded_by", "region").order_by("-created_at", "-pk")[:10])


def _may_upload(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.role in InputOutputTable.scope.edit and user.region_id)


def _may_enter(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.role in Spending.scope.edit and user.region_id)


def _target(request: HttpRequest) -> tuple[Any, str, Park | None]:
    """The page a spending form was posted from: the county's or one park's (404 if unseen)."""
    pk = request.POST.get("page_park", "")
    if pk.isdigit():
        obj = get_object_or_404(Park.objects.restrict(request.user), pk=int(pk))
        return Park.objects.filter(pk=obj.pk), _("Impact of %(park)s") % {"park": obj.name}, obj
    return Park.objects.restrict(request.user), _("Impact of the parks"), None


def _back(park: Park | None, saved: int) -> HttpResponse:
    url = reverse("impact:park", args=[park.pk]) if park else reverse("impact:county")
    return HttpResponseRedirect(f"{url}?saved={saved}#cost-benefit")


@require_POST
@role_required(PARK_ROLES)
def spending_add(request: HttpRequest) -> HttpResponse:
    """Add one amount of programme spending (county officials)."""
    region = programme.spending_region(request.user)
    parks, title, park = _target(request)
    form = SpendingForm(request.POST, user=request.user, instance=Spending(region=region))
    if not form.is_valid():
        return _page(request, parks, title, park, spending_form=form)
    programme.add_spending(request.user, form.cleaned_data)  # type: ignore[arg-type]
    return _back(park, 1)


@require_POST
@role_required(PARK_ROLES)
def spending_import(request: HttpRequest) -> HttpResponse:
    """Import a spending file for the official's county: all rows or none."""
    region = programme.spending_region(request.user)
    parks, title, park = _target(request)
    form = SpendingImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, parks, title, park, import_form=form)
    upload = form.cleaned_data["file"]
    # A county's file may hold 100 000 rows: read, check and store it in a job, not here.
    back = reverse("impact:park", args=[park.pk]) if park else reverse("impact:county")
    park_id = park.pk if park else None
    job = enqueue_upload(SPENDING_IMPORT, request, region, upload, back, park=park_id)
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@role_required(PARK_ROLES)
def table_upload(request: HttpRequest) -> HttpResponse:
    """Add an input–output table for the official's county (checked; all or nothing)."""
    if not _may_upload(request):
        raise PermissionDenied
    parks, title, park = _target(request)
    form = IOTableForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            upload_table(
                request.user,  # type: ignore[arg-type]
                title=data["title"],
                source=data["source"],
                table=data["table"],
                concordance=data["concordance"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        return _page(request, parks, title, park, table_form=form)
    url = reverse("impact:park", args=[park.pk]) if park else reverse("impact:county")
    return HttpResponseRedirect(f"{url}?table=added#io-table")


@role_required(PARK_ROLES)
def county(request: HttpRequest) -> HttpResponse:
    parks = Park.objects.restrict(request.user)
    return _page(request, parks, _("Impact of the parks"), None)


@role_required(PARK_ROLES)
def park(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Park.objects.restrict(request.user), pk=pk)
    parks = Park.objects.filter(pk=obj.pk)
    return _page(request, parks, _("Impact of %(park)s") % {"park": obj.name}, obj)
