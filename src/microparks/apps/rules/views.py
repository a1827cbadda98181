"""Pages of the rules documents: the list, one version, a diff, writing, activating, export."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import ALL_STAFF, Role
from microparks.apps.common.permissions import role_required
from microparks.apps.common.revision_forms import SEEN, refuse_stale
from microparks.apps.jobs.views import visible_jobs
from microparks.apps.rules import editors, services
from microparks.apps.rules.editors import live
from microparks.apps.rules.forms import DocumentForm, ImportForm, VersionForm
from microparks.apps.rules.models import Kind, RulesDocument, Status
from microparks.apps.rules.summary import summarise
from microparks.io.rules import DocumentError

READERS = ALL_STAFF | {Role.HANDLER}
"""Who may read rules documents (each the documents that reach their places)."""
WRITERS = frozenset({Role.OFFICIAL, Role.INVESTMENT})
"""Who may open the writing pages (what they may write is per kind and place)."""


def _visible(request: HttpRequest) -> Any:
    return RulesDocument.objects.restrict(request.user).select_related("region", "park")


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404
    return kind


@role_required(READERS)
def index(request: HttpRequest) -> HttpResponse:
    """Every document the user may read, by kind, newest version first within a document."""
    # The list names each version and where it applies: no YAML, no county boundary.
    listed = _visible(request).defer("content", "region__geometry")
    rows = list(listed.order_by("kind", "scope_key", "name", "-version"))
    chosen = request.GET.get("kind", "")
    if chosen in Kind.values:
        rows = [d for d in rows if d.kind == chosen]
    groups = []
    for kind, docs in groupby(rows, key=lambda d: d.kind):
        lineages = []
        for _key, run in groupby(docs, key=lambda d: (d.scope_key, d.name)):
            versions = list(run)
            active = next((v for v in versions if v.status == Status.ACTIVE), None)
            lineages.append({"latest": versions[0], "active": active, "count": len(versions)})
        groups.append({"kind": kind, "label": Kind(kind).label, "lineages": lineages})
    context = {
        "groups": groups,
        "kinds": Kind.choices,
        "chosen": chosen,
        "may_write": request.user.has_role(*WRITERS),  # type: ignore[union-attr]
        "import_form": ImportForm(),
    }
    return render(request, "rules/index.html", context)


@role_required(READERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version: what it says, where it applies, its history and what may be done."""
    doc = get_object_or_404(_visible(request), pk=pk)
    try:
        lines = summarise(doc.kind, services.parse(doc))
    except DocumentError:  # a version stored before a stricter check: show the text only
        lines = []
    versions = RulesDocument.objects.restrict(request.user).filter(
        pk__in=services.lineage(doc).values("pk")
    )
    user: Any = request.user
    used = doc.is_used()  # one query per kind of result that may point to a version
    context = {
        "doc": doc,
        "lines": lines,
        "versions": versions,
        "may_activate": services.may_activate(user, doc) and doc.status != Status.ACTIVE,
        "may_retire": services.may_activate(user, doc) and doc.status == Status.ACTIVE,
        "may_draft": services.may_draft(user, doc.kind, doc.region, doc.park),
        # a platform document a county official may start the county's own version from
        "may_adapt": doc.region_id is None
        and getattr(user, "region", None) is not None
        and services.may_draft(user, doc.kind, user.region),
        "may_delete": services.may_draft(user, doc.kind, doc.region, doc.park)
        and doc.status == Status.DRAFT
        and not used,
        "used": used,
        # the background re-checks this version's activation or retirement started
        "jobs": visible_jobs(request).filter(params__rules_document=doc.pk)[:5],
    }
    return render(request, "rules/detail.html", context)


@role_required(READERS)
def diff(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """What changed between two versions the user may read."""
    new = get_object_or_404(_visible(request), pk=pk)
    old = get_object_or_404(_visible(request), pk=other)
    context = {"new": new, "old": old, "lines": services.diff(old, new)}
    return render(request, "rules/diff.html", context)


@role_required(READERS)
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a YAML file that imports again."""
    doc = get_object_or_404(_visible(request), pk=pk)
    response = HttpResponse(services.export_text(doc), content_type="application/yaml")
    filename = f"{doc.kind}-{doc.name}-v{doc.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(WRITERS)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the next version of a document (or change a draft nothing uses yet)."""
    base = get_object_or_404(_visible(request), pk=pk)
    if not services.may_draft(request.user, base.kind, base.region, base.park):
        raise PermissionDenied
    initial = {"title": base.title, "content": base.content, "source": base.source}
    initial[SEEN] = base.revision
    page = editors.bind(base.kind, request.POST or None, base.content)
    form = VersionForm(page.data, initial=initial)
    if request.method == "POST" and form.is_valid() and page.accept(form):
        draft = services.Draft(
            kind=base.kind,
            name=base.name,
            region=base.region,
            park=base.park,
            **{k: v for k, v in form.cleaned_data.items() if k != SEEN},
        )
        saved = _save(request, form, draft, parent=base, check_base=True)
        if saved is not None:
            return redirect("rules:detail", saved.pk)
    context = {"form": form, "base": base, "kind": base.kind, "editor": page}
    return render(request, "rules/edit.html", context)


@role_required(WRITERS)
def new(request: HttpRequest, kind: str) -> HttpResponse:
    """A new document of ``kind`` for a region or park, starting from the one in effect."""
    kind = _kind(kind)
    start = _starting_point(request, kind)
    # Adapting a document keeps its short name: the county's version then stands in for the
    # platform's there (an evaluation scheme of the same name, the rules in effect).
    initial = (
        {
            "content": start.content,
            "source": start.source,
            "name": start.name,
            "title": _(start.title),
        }
        if start
        else {}
    )
    page = editors.bind(kind, request.POST or None, start.content if start else "")
    form = DocumentForm(request.user, kind, page.data, initial=initial)
    place: Any = form.fields["place"]
    if not place.choices:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid() and page.accept(form):
        region, park = form.cleaned_data.pop("place")
        name = form.cleaned_data.pop("name")
        text = {k: v for k, v in form.cleaned_data.items() if k != SEEN}
        draft = services.Draft(kind=kind, name=name, region=region, park=park, **text)
        saved = _save(request, form, draft, parent=start)
        if saved is not None:
            return redirect("rules:detail", saved.pk)
    context = {
        "form": form,
        "base": start,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "editor": page,
    }
    return render(request, "rules/edit.html", context)


def _starting_point(request: HttpRequest, kind: str) -> RulesDocument | None:
    """The version a new document starts from: ``?from=<pk>``, else the platform's in effect."""
    if "from" in request.GET:
        found: RulesDocument = get_object_or_404(
            _visible(request), pk=request.GET["from"], kind=kind
        )
        return found
    try:
        return services.in_effect(kind)
    except services.NoDocumentError:
        return None


def _save(
    request: HttpRequest,
    form: Any,
    draft: services.Draft,
    parent: RulesDocument | None,
    check_base: bool = False,
) -> RulesDocument | None:
    try:
        with transaction.atomic():
            # A draft someone saved since the page opened is not overwritten (their change and
            # the user's are both shown); a frozen version is never changed: no check needed.
            if check_base and parent is not None and refuse_stale(form, parent, form.cleaned_data):
                return None
            saved = services.save_draft(request.user, draft, parent=parent)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error("content", message)
        return None
    messages.success(request, _("Saved as %(doc)s (draft).") % {"doc": saved.label})
    return saved


@role_required(WRITERS)
@require_POST
def import_file(request: HttpRequest) -> HttpResponse:
    """A YAML file becomes a draft of a new document at the first place the user may write."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("rules:index")
    kind = form.cleaned_data["kind"]
    return render(
        request,
        "rules/edit.html",
        {
            "form": DocumentForm(
                request.user, kind, initial={"content": form.cleaned_data["file"]}
            ),
            "kind": kind,
            "kind_label": Kind(kind).label,
            "imported": True,
            "action": "new",
            # an imported file opens as it was written (its comments kept unless the form saves)
            "editor": editors.bind(kind, None, form.cleaned_data["file"], opened=editors.YAML),
        },
    )


@role_required(WRITERS)
@require_POST
def check(request: HttpRequest, kind: str) -> HttpResponse:
    """Check a document as it is typed (htmx): its problems, or what it says."""
    kind = _kind(kind)
    content = request.POST.get("content", "")
    try:
        value = services.check_content(kind, content).value
    except DocumentError as exc:
        problems = [services.problem_text(p) for p in exc.problems]
        return render(request, "rules/_check.html", {"problems": problems})
    return render(request, "rules/_check.html", {"lines": summarise(kind, value)})


@role_required(WRITERS)
@require_POST
def editor(request: HttpRequest, kind: str) -> HttpResponse:
    """The form tab's live requests (htmx): preview, normalise, add a row, switch tabs."""
    return live.respond(request, _kind(kind))


def _report(request: HttpRequest, lines: list[str]) -> None:
    """What the new rules changed (e.g. admission decisions, old → new), one message each."""
    for line in lines:
        messages.info(request, line)


@role_required(WRITERS)
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """Activate, retire or delete a version."""
    doc = get_object_or_404(_visible(request), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "activate":
            _doc, changed = services.activate_reporting(request.user, doc)
            messages.success(request, _("%(doc)s is now in effect.") % {"doc": doc.label})
            _report(request, changed)
        elif action == "retire":
            _doc, changed = services.retire_reporting(request.user, doc)
            messages.success(request, _("%(doc)s is retired.") % {"doc": doc.label})
            _report(request, changed)
        elif action == "delete":
            if not services.may_draft(request.user, doc.kind, doc.region, doc.park):
                raise PermissionDenied
            label = doc.label
            doc.delete()
            messages.success(request, _("The draft %(doc)s was deleted.") % {"doc": label})
            return redirect("rules:index")
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("rules:detail", doc.pk)
