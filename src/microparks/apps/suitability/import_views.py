"""The import pages (upload → preview with field mapping → confirm as a job) and the templates.

Views are thin: reading is in ``io.spatial``, templates in ``mappings``, the import in
``services`` run by a background job (``jobs``).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.accounts.models import User
from microparks.apps.base import CHANGE, Role
from microparks.apps.common.exports import verbose_name
from microparks.apps.common.permissions import role_required
from microparks.apps.common.row_problems import problems_context
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import enqueue
from microparks.apps.jobs.uploads import save_upload, uploads_dir
from microparks.apps.regions.models import Region
from microparks.apps.sites.models import Site
from microparks.apps.suitability import mappings, services, site_import
from microparks.apps.suitability.forms import MappingForm, TemplateForm, UploadForm
from microparks.apps.suitability.jobs import IMPORT
from microparks.apps.suitability.models import MappingTemplate
from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.spatial import read_columns

EDIT_ROLES = frozenset({Role.OFFICIAL})
UPLOAD_SESSION_KEY = "suitability_upload"


def after_enqueue(job: Job) -> HttpResponse:
    """The result at once when the job has run already (synchronous mode), else its page."""
    if job.status == Job.Status.DONE and job.result.get("url"):
        return redirect(job.result["url"])
    return redirect("jobs:detail", pk=job.pk)


@role_required(EDIT_ROLES)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        suffix = Path(data["file"].name).suffix.lower()
        token = uuid.uuid4().hex
        save_upload(data["file"], uploads_dir() / f"{token}{suffix}")
        request.session[UPLOAD_SESSION_KEY] = {
            "token": token,
            "suffix": suffix,
            "name": data["file"].name,
            "region": data["region"].pk,
            "target": data["target"],
            "layer_name": data["layer_name"],
            "source_layer": data["source_layer"],
            "crs": data["crs"],
            "template": data["template"].name if data["template"] else "",
        }
        return redirect("suitability:preview")
    return render(request, "suitability/upload.html", {"form": form})


def _pending(request: HttpRequest) -> tuple[dict[str, Any], Path, Region]:
    pending = request.session.get(UPLOAD_SESSION_KEY)
    if not pending:
        raise PermissionDenied
    region = get_object_or_404(Region.objects.restrict(request.user), pk=pending["region"])
    return pending, uploads_dir() / f"{pending['token']}{pending['suffix']}", region


def _auto_template(
    request: HttpRequest, pending: dict[str, Any], columns: list[str], region: Region
) -> None:
    """On the first preview, apply the chosen template or one that fits the file's columns."""
    user = cast(User, request.user)
    template = mappings.find_template(user, region, columns, name=pending.get("template") or None)
    pending["mapping"] = mappings.choice_of(template) if template else {}
    if template:
        pending["template"] = template.name
        messages.info(
            request, _("Field-mapping template “%(name)s” applied.") % {"name": template.name}
        )
    request.session.modified = True


@role_required(EDIT_ROLES)
def preview(request: HttpRequest) -> HttpResponse:
    pending, path, region = _pending(request)
    sites = pending["target"] == UploadForm.Target.SITES
    context: dict[str, Any] = {"pending": pending, "region": region, "errors": [], "rows": []}
    layer = pending["source_layer"] or None
    try:
        columns = read_columns(path, layer=layer) if sites else []
    except ImportFileError as exc:
        context["problem"] = exc.text(_).replace(path.name, pending["name"])
        return render(request, "suitability/preview.html", context)
    if sites:
        if "mapping" not in pending:
            _auto_template(request, pending, columns, region)
        form = MappingForm(
            mappings.mappable_fields(),
            columns,
            request.POST or None,
            initial={
                **MappingForm.initial_for(pending["mapping"]),
                "save_as": pending.get("template", ""),
            },
        )
        if request.method == "POST" and form.is_valid():
            pending["mapping"] = form.choice()
            name = form.cleaned_data["save_as"].strip()
            if name and "save" in request.POST:
                user = cast(User, request.user)
                target = mappings.template_region(user, region)
                mappings.save_template(user, target, name, pending["mapping"], columns)
                pending["template"] = name
                messages.success(request, _("Template “%(name)s” saved.") % {"name": name})
            request.session.modified = True
            return redirect("suitability:preview")
        context["mapping_form"] = form
    _dry_run(pending, path, region, context)
    return render(request, "suitability/preview.html", context)


def _dry_run(pending: dict[str, Any], path: Path, region: Region, context: dict[str, Any]) -> None:
    """Check the file as the import job will (same functions), writing nothing.

    Fills ``context`` with the file's refusal, or every row problem, or the planned changes
    and the first rows.
    """
    layer = pending["source_layer"] or None
    crs = pending["crs"] or None
    try:
        if pending["target"] == UploadForm.Target.SITES:
            plan = site_import.check_sites(
                path,
                region,
                mapping=mappings.site_mapping(pending["mapping"]),
                layer=layer,
                crs=crs,
                file_name=pending["name"],
            )
            errors, read = plan.errors, plan.read
            context.update(created=plan.created, updated=plan.updated)
        else:
            errors, read = [], services.check_layer(path, layer=layer, crs=crs, region=region)
    except ImportFileError as exc:
        context["problem"] = exc.text(_).replace(path.name, pending["name"])
        return
    except ImportValidationError as exc:
        errors, read = list(exc.errors), None
    if errors or read is None:
        context["errors"] = errors
        context.update(problems_context(errors))
        return
    frame = read.frame
    context["columns"] = [c for c in frame.columns if c != frame.geometry.name]
    context["headers"] = [_field_label(c) for c in context["columns"]]
    context["rows"] = [[row[c] for c in context["columns"]] for _, row in frame.head(10).iterrows()]
    context["count"] = len(frame)
    context["source_crs"] = read.provenance.source_crs
    context["sheet"] = read.sheet
    if read.ledger is not None:
        units = read.ledger.units
        context["recognised"] = [
            (_field_label(key), column, units.get(key, ""))
            for key, column in read.ledger.columns.items()
        ]


def _field_label(name: str) -> str:
    """A site field's name in the page's language (the key itself for other columns)."""
    try:
        return verbose_name(Site, name)
    except FieldDoesNotExist:
        return name


@role_required(EDIT_ROLES)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Run the import as a background job (large files take a while)."""
    pending, path, region = _pending(request)
    params = {
        "path": str(path),
        "name": pending["name"],
        "target": pending["target"],
        "layer_name": pending["layer_name"],
        "source_layer": pending["source_layer"],
        "crs": pending["crs"],
        "mapping": pending.get("mapping") or {},
        "back_url": reverse("suitability:upload"),
        "back_label": gettext_noop("Upload the file again"),
        "lang": get_language(),
    }
    job = enqueue(IMPORT, region=region, user=request.user, params=params)
    del request.session[UPLOAD_SESSION_KEY]
    return after_enqueue(job)


@role_required(EDIT_ROLES)
def template_list(request: HttpRequest) -> HttpResponse:
    templates = MappingTemplate.objects.restrict(request.user).select_related("region")
    return render(request, "suitability/templates.html", {"templates": templates})


@role_required(EDIT_ROLES)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(MappingTemplate.objects.restrict(request.user, CHANGE), pk=pk)
    names = mappings.mappable_fields()
    initial = {"name": template.name, **MappingForm.initial_for(mappings.choice_of(template))}
    form = TemplateForm(names, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"].strip()
        clash = MappingTemplate.objects.filter(region=template.region, name=name).exclude(pk=pk)
        if clash.exists():
            form.add_error("name", _("The region has a template of this name already."))
        else:
            mapping = mappings.site_mapping(form.choice())
            template.name = name
            template.mapping = {"code": mapping.code, "fields": dict(mapping.fields)}
            template.save()
            messages.success(request, _("Template “%(name)s” saved.") % {"name": name})
            return redirect("suitability:templates")
    return render(request, "suitability/template_edit.html", {"template": template, "form": form})


@role_required(EDIT_ROLES)
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(MappingTemplate.objects.restrict(request.user, CHANGE), pk=pk)
    template.delete()
    messages.success(request, _("Template “%(name)s” deleted.") % {"name": template.name})
    return redirect("suitability:templates")
