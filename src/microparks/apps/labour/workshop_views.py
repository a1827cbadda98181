"""Employment-assistance workshop pages, under ``/labour/workshops/``: runs, a run, its exports.

County officials run the designation of their county for a year (a new run each time; results
never change); officials, investment officers and the county's employment service read every
row of their county, park managers the rows of their parks, a tenant its own firm's row. The
list of qualifying firms with amounts is exported as CSV and Excel for the 人社 bureau
(tenants do not export). A run outside the user's scope is a 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microparks.apps.base import ALL_STAFF, Role
from microparks.apps.common.exports import XLSX, download
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.labour.workshop_models import RUNNERS, WorkshopResult, WorkshopRun
from microparks.apps.labour.workshops import (
    about_table,
    counties_for,
    export_table,
    reasons,
    run_workshops,
    unmet_text,
)
from microparks.apps.regions.models import Region
from microparks.apps.rules.services import NoDocumentError, parse
from microparks.io.exports import write_table_csv, write_table_xlsx

READERS = ALL_STAFF | {Role.ENTERPRISE, Role.LABOUR_SERVICE}
EXPORTERS = ALL_STAFF | {Role.LABOUR_SERVICE}
CSV = "text/csv; charset=utf-8"


class RunForm(forms.Form):
    """The county and year to run the designation for."""

    county: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=gettext_lazy("County"), queryset=Region.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = counties_for(user)
        field = self.fields["county"]
        field.queryset = counties  # type: ignore[attr-defined]
        if counties.count() == 1:
            field.initial = counties.first()


def _reads_rules(request: HttpRequest) -> bool:
    """Whether the user may open the rules pages (to follow the policy version's link)."""
    return bool(request.user.has_role(*ALL_STAFF))  # type: ignore[union-attr]


def _visible_run(request: HttpRequest, pk: int) -> WorkshopRun:
    run: WorkshopRun | None = (
        WorkshopRun.objects.restrict(request.user)
        .select_related("region", "rules", "run_by")
        .filter(pk=pk)
        .first()
    )
    if run is None:
        raise Http404
    return run


def _rows(request: HttpRequest, run: WorkshopRun) -> QuerySet[WorkshopResult]:
    return (
        WorkshopResult.objects.restrict(request.user)
        .filter(run=run)
        .select_related("enterprise", "park", "park__region")
    )


@role_required(READERS)
def workshop_list(request: HttpRequest) -> HttpResponse:
    """The runs the user may see, latest first, and (for officials) the form to run one."""
    form = None
    if request.user.has_role(*RUNNERS):  # type: ignore[union-attr]
        form = RunForm(user=request.user, initial={"year": timezone.localdate().year - 1})
    return _list_page(request, form)


def _list_page(request: HttpRequest, form: RunForm | None, status: int = 200) -> HttpResponse:
    runs = WorkshopRun.objects.restrict(request.user).select_related("region", "rules", "run_by")
    context = {
        "page": paginate(request, runs),
        "form": form,
        "can_read_rules": _reads_rules(request),
    }
    return render(request, "labour/workshops.html", context, status=status)


@require_POST
@role_required(RUNNERS)
def workshop_run(request: HttpRequest) -> HttpResponse:
    """Run the designation of a county for a year (a new run; earlier ones stay)."""
    form = RunForm(request.POST, user=request.user)
    if form.is_valid():
        county, year = form.cleaned_data["county"], form.cleaned_data["year"]
        try:
            run = run_workshops(request.user, county, year)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except NoDocumentError as error:
            form.add_error(None, str(error))
        except IntegrityError:  # another run of the county and year took the same number
            form.add_error(None, _("Another run of this county and year was saved meanwhile."))
        else:
            messages.success(
                request,
                _("Run %(n)s: %(designated)s of %(firms)s firms designated.")
                % {"n": run.number, "designated": run.designated, "firms": run.firms},
            )
            return redirect("labour:workshop_detail", pk=run.pk)
    return _list_page(request, form, status=400)


def _totals(rows: list[WorkshopResult]) -> dict[str, Any]:
    designated = [r for r in rows if r.designated]
    return {
        "firms": len(rows),
        "designated": len(designated),
        "eligible_workers": sum(r.eligible_workers for r in designated),
        "award_cny": sum((r.award_cny for r in designated), Decimal(0)),
        "total_cny": sum((r.total_cny for r in designated), Decimal(0)),
    }


@role_required(READERS)
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run: the qualifying firms with amounts, the others with reasons, totals, the policy."""
    run = _visible_run(request, pk)
    rows = list(_rows(request, run))
    items: list[dict[str, Any]] = [
        {"row": r, "reasons": reasons(r), "unmet": unmet_text(r)} for r in rows
    ]
    context = {
        "run": run,
        "policy": parse(run.rules),
        "designated": [i for i in items if i["row"].designated],
        "refused": [i for i in items if not i["row"].designated],
        "totals": _totals(rows),
        "can_read_rules": _reads_rules(request),
        "may_export": request.user.has_role(*EXPORTERS),  # type: ignore[union-attr]
        "newer": WorkshopRun.objects.filter(
            region=run.region, year=run.year, number__gt=run.number
        ).exists(),
    }
    return render(request, "labour/workshop_detail.html", context)


@role_required(EXPORTERS)
def workshop_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The run's rows the user may see as CSV or Excel (with an About sheet)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    run = _visible_run(request, pk)
    table = export_table(run, list(_rows(request, run)))
    stem = f"workshops-{run.region.code}-{run.year}-{run.number}"
    if fmt == "csv":
        return download(write_table_csv(table), CSV, stem, "csv")
    sheets = {_("Workshops"): table, _("About"): about_table(run)}
    return download(write_table_xlsx(sheets), XLSX, stem, "xlsx")
