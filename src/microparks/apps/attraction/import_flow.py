"""The web flow of a table import, shared by the enterprise directory and the project ledger.

Upload → preview (a dry run by the very functions the job runs: every problem with row,
column, value and reason, or the planned new/updated/unchanged counts) → confirm, which runs the
import as a background job (``apps.jobs``) with its progress → the record of the import.
Officials and investment officers of a region import into their region; other roles get 403.
Each import declares its :class:`TableImport` (``import_views``, ``directory_views``) and wires
these views in its urls (the directory's keep the ``enterprises`` namespace).

They live in the attraction app, above enterprises, parks and rules, so that reading the rules
document in effect adds no cycle between the apps.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from microparks.apps.attraction.table_import import Progress, TablePlan, vocabulary_of
from microparks.apps.base import Role
from microparks.apps.common.permissions import role_required
from microparks.apps.common.row_problems import problems_context
from microparks.apps.common.xlsx_templates import template_response
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.refusals import import_refusal
from microparks.apps.jobs.runner import enqueue, register
from microparks.apps.jobs.uploads import save_upload, uploads_dir
from microparks.apps.regions.models import Region
from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.ledger import CSV_SUFFIXES, SPREADSHEET_SUFFIXES

IMPORT_ROLES = frozenset({Role.OFFICIAL, Role.INVESTMENT})
"""Who may import (the pipeline's editing roles), each into their own region."""
SUFFIXES = CSV_SUFFIXES + SPREADSHEET_SUFFIXES
PREVIEW_ROWS = 10


@dataclass(frozen=True)
class TableImport:
    """One kind of table import and the app's pieces it runs with."""

    kind: str
    """The vocabulary and template kind (``enterprises``, ``prospects``)."""
    namespace: str
    """The app's URL namespace; its urls name ``table_import``, ``…_preview`` and so on."""
    title: Any
    """The page title (lazy)."""
    model: type[Model]
    """The imported model (field names in the page's language)."""
    record: type[Model]
    """The import record (``EnterpriseImport``, ``ProspectImport``)."""
    check: Callable[[Path, Region, Any, str, Progress | None], TablePlan]
    save: Callable[[TablePlan, Any, Progress | None], Any]
    back: str
    """The URL name of the list the import feeds (its link back)."""

    @property
    def job(self) -> str:
        """The background job's kind."""
        return f"{self.namespace}.table_import"

    @property
    def session_key(self) -> str:
        return f"table_import_{self.kind}"

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:table_{name}", args=args)


class UploadForm(forms.Form):
    """The file to import (CSV, Excel or ODS)."""

    file = forms.FileField(label=gettext_lazy("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(
                _("Upload a table: %(allowed)s.") % {"allowed": ", ".join(SUFFIXES)}
            )
        return upload


def _region(request: HttpRequest) -> Region:
    region: Region | None = getattr(request.user, "region", None)
    if region is None:
        raise PermissionDenied  # an import goes into the importer's own region
    return region


def upload(request: HttpRequest, spec: TableImport) -> HttpResponse:
    region = _region(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        suffix = Path(file.name).suffix.lower()
        token = uuid.uuid4().hex
        save_upload(file, uploads_dir() / f"{token}{suffix}")
        request.session[spec.session_key] = {
            "token": token,
            "suffix": suffix,
            "name": file.name,
            "region": region.pk,
        }
        return redirect(spec.url("preview"))
    context = {"spec": spec, "form": form, "region": region}
    return render(request, "attraction/table_upload.html", context)


def _pending(request: HttpRequest, spec: TableImport) -> tuple[dict[str, Any], Path, Region]:
    pending = request.session.get(spec.session_key)
    if not pending or pending.get("region") != _region(request).pk:
        raise PermissionDenied
    path = uploads_dir() / f"{pending['token']}{pending['suffix']}"
    return pending, path, _region(request)


def _label(model: type[Model], key: str) -> str:
    try:
        return str(model._meta.get_field(key).verbose_name)  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return key


def preview(request: HttpRequest, spec: TableImport) -> HttpResponse:
    pending, path, region = _pending(request, spec)
    context: dict[str, Any] = {"spec": spec, "pending": pending, "region": region}
    try:
        plan = spec.check(path, region, request.user, pending["name"], None)
    except ImportFileError as exc:
        context["problem"] = exc.text(_)
        return render(request, "attraction/table_preview.html", context)
    context["plan"] = plan
    context["sheet"] = plan.table.sheet if plan.table else None
    context["recognised"] = plan.recognised(lambda k: _label(spec.model, k))
    context["unused"] = plan.unused()
    if plan.errors:
        context.update(problems_context(plan.errors))
    elif plan.table is not None:
        frame = plan.table.sheet.frame.head(PREVIEW_ROWS)
        context["headers"] = list(frame.columns)
        context["rows"] = [[row, *values] for row, *values in frame.itertuples()]
    return render(request, "attraction/table_preview.html", context)


def confirm(request: HttpRequest, spec: TableImport) -> HttpResponse:
    if request.method != "POST":
        return redirect(spec.url("preview"))
    pending, path, region = _pending(request, spec)
    params = {
        "path": str(path),
        "name": pending["name"],
        "back_url": spec.url("import"),
        "back_label": gettext_noop("Upload the file again"),
        "lang": get_language(),
    }
    job = enqueue(spec.job, region=region, user=request.user, params=params)
    del request.session[spec.session_key]
    return redirect("jobs:detail", pk=job.pk)


def done(request: HttpRequest, spec: TableImport, pk: int) -> HttpResponse:
    record = get_object_or_404(spec.record._default_manager.restrict(request.user), pk=pk)  # type: ignore[attr-defined]
    return render(request, "attraction/table_done.html", {"spec": spec, "record": record})


def template(request: HttpRequest, spec: TableImport) -> HttpResponse:
    vocabulary, _doc = vocabulary_of(spec.kind, _region(request))
    return template_response(request, spec.kind, vocabulary)


def views(spec: TableImport) -> dict[str, Callable[..., HttpResponse]]:
    """The role-checked views of ``spec``, by URL name (``table_import`` …)."""
    guard = role_required(IMPORT_ROLES)

    def bound(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return view(request, spec, *args, **kwargs)

        run.__name__ = f"{spec.kind}_{view.__name__}"
        return guard(run)

    return {
        "table_import": bound(upload),
        "table_preview": bound(preview),
        "table_confirm": bound(confirm),
        "table_done": bound(done),
        "table_template": bound(template),
    }


def register_job(spec: TableImport) -> None:
    """Register the background job that runs ``spec``'s import (the preview's very check)."""

    def run(job: Job, progress: Progress) -> dict[str, Any]:
        path = Path(job.params["path"])
        with translation.override(job.params.get("lang") or settings.LANGUAGE_CODE):
            try:
                plan = spec.check(path, job.region, job.created_by, job.params["name"], progress)
                record = spec.save(plan, job.created_by, progress)
            except (ImportFileError, ImportValidationError) as exc:
                raise import_refusal(exc) from None
        path.unlink(missing_ok=True)
        return {
            "created": record.created_count,
            "updated": record.updated_count,
            "unchanged": record.unchanged_count,
            "url": spec.url("done", record.pk),
        }

    register(spec.job, spec.title)(run)
