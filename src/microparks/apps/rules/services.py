"""Use cases of rules documents: draft, activate, retire; which document applies where.

Every change goes through the model's ``save`` so the audit log records it; content is checked
by the kind's parser (:mod:`microparks.io.rules`) before anything is stored, and a refusal
lists every problem with its path, in the user's language.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.rules import kinds
from microparks.apps.rules.models import Kind, RulesDocument, Status
from microparks.apps.rules.scope import ancestor_ids
from microparks.io.rules import DocumentError, ParsedDocument, Problem, load_yaml, read_document


class NoDocumentError(LookupError):
    """No active document of a kind applies to a place (the shipped defaults were removed)."""


# --- checking and parsing -------------------------------------------------------------------


def problem_text(problem: Problem) -> str:
    """``path: message`` in the active language (the field named as in the document)."""
    params = {
        k: str(Kind(v).label) if k in ("found", "expected") and v in Kind.values else v
        for k, v in problem.params.items()
    }
    return replace(problem, params=params).line(_)


def refusal(error: DocumentError) -> ValidationError:
    """A form error listing every problem of a refused document."""
    return ValidationError([problem_text(p) for p in error.problems])


def check_content(kind: str, content: str) -> ParsedDocument:
    """The document read and checked as ``kind``; :class:`DocumentError` if invalid."""
    return read_document(kind, content, **kinds.context(kind))


@lru_cache(maxsize=256)
def _parsed(kind: str, content: str) -> Any:
    return check_content(kind, content).value


def parse(doc: RulesDocument) -> Any:
    """The core object of a stored document (cached by content: versions never change)."""
    return _parsed(doc.kind, doc.content)


# --- who may do what ------------------------------------------------------------------------


def _is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def _reaches(user: Any, region: Region | None, park: Park | None) -> bool:
    """Whether ``user``'s own regions include the place (a county official's county)."""
    place = park.region if park is not None else region
    return place is not None and bool(user.region_id) and place.pk in user.region_ids()


def may_draft(user: Any, kind: str, region: Region | None = None, park: Park | None = None) -> bool:
    """Whether ``user`` may write a new version of ``kind`` for the place."""
    if _is_admin(user):
        return True
    if not user.is_authenticated or user.role not in kinds.spec(kind).drafters:
        return False
    return _reaches(user, region, park)


def may_activate(user: Any, doc: RulesDocument) -> bool:
    """Whether ``user`` may make ``doc`` active or retire it."""
    if _is_admin(user):
        return True
    if not user.is_authenticated or user.role not in kinds.spec(doc.kind).activators:
        return False
    return _reaches(user, doc.region, doc.park)


def places_for(kind: str) -> tuple[str, ...]:
    """Where a document of ``kind`` may apply (platform, region, park)."""
    return kinds.spec(kind).places


# --- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What a user submits as a new version (or a change to an unused draft)."""

    kind: str
    name: str
    title: str
    content: str
    region: Region | None = None
    park: Park | None = None
    source: str = ""
    note: str = ""


def _check_place(draft: Draft) -> None:
    places = places_for(draft.kind)
    if draft.park is not None and kinds.PARK not in places:
        raise ValidationError(_("Documents of this kind apply to a region, not to a park."))
    if draft.park is None and draft.region is None and kinds.PLATFORM not in places:
        raise ValidationError(_("Documents of this kind need a region."))


@transaction.atomic
def save_draft(user: Any, draft: Draft, parent: RulesDocument | None = None) -> RulesDocument:
    """Store a new draft version of a document (after checking it).

    A draft that nothing uses yet is changed in place when ``parent`` is that draft; an active,
    retired or used version is never changed: the new content becomes the next version.

    Raises
    ------
    PermissionDenied
        If ``user`` may not draft this kind for the place.
    ValidationError
        If the document is invalid (every problem, translated) or may not apply there.

    """
    region = draft.park.region if draft.park is not None else draft.region
    if not may_draft(user, draft.kind, region, draft.park):
        raise PermissionDenied(_("Your role may not write these rules."))
    _check_place(draft)
    try:
        sha = check_content(draft.kind, draft.content).sha256
    except DocumentError as exc:
        raise refusal(exc) from None
    author = user if getattr(user, "is_authenticated", False) else None
    if parent is not None and parent.status == Status.DRAFT and not parent.is_used():
        parent.title, parent.content, parent.sha256 = draft.title, draft.content, sha
        parent.source, parent.note = draft.source, draft.note
        parent.save()
        return parent
    lineage = RulesDocument.objects.filter(
        kind=draft.kind,
        name=draft.name,
        scope_key=RulesDocument.key_for(
            region.pk if region else None, draft.park.pk if draft.park else None
        ),
    )
    version = (lineage.aggregate(v=Max("version"))["v"] or 0) + 1
    return RulesDocument.objects.create(
        kind=draft.kind,
        name=draft.name,
        version=version,
        title=draft.title,
        content=draft.content,
        sha256=sha,
        parent=parent,
        region=region,
        park=draft.park,
        source=draft.source,
        note=draft.note,
        created_by=author,
    )


in_effect_changed = Signal()
"""Sent (``document``, ``user``) inside the transaction that activated or retired ``document``.

Results that follow the rules in effect re-check themselves here (the admission gate re-runs
for the open prospects); a receiver returns the lines the page shows about what changed.
"""


def _changed(doc: RulesDocument, user: Any) -> list[str]:
    answers = in_effect_changed.send(sender=RulesDocument, document=doc, user=user)
    return [str(line) for _receiver, lines in answers for line in (lines or ())]


@transaction.atomic
def activate(user: Any, doc: RulesDocument) -> RulesDocument:
    """Make ``doc`` the active version of its lineage (see :func:`activate_reporting`)."""
    return activate_reporting(user, doc)[0]


@transaction.atomic
def activate_reporting(user: Any, doc: RulesDocument) -> tuple[RulesDocument, list[str]]:
    """Make ``doc`` the active version of its lineage (checked again first); what changed.

    The lineage's active version is retired; for a kind where one document applies per place,
    so is any other active document of the kind at the same place. The lines say what the
    receivers of :data:`in_effect_changed` changed (e.g. admission decisions, old → new).
    """
    if not may_activate(user, doc):
        raise PermissionDenied(_("Your role may not activate these rules."))
    try:
        check_content(doc.kind, doc.content)
    except DocumentError as exc:
        raise refusal(exc) from None
    others = RulesDocument.objects.filter(
        kind=doc.kind, scope_key=doc.scope_key, status=Status.ACTIVE
    ).exclude(pk=doc.pk)
    if kinds.spec(doc.kind).named:
        others = others.filter(name=doc.name)
    for other in others:
        _set_status(other, Status.RETIRED, user)
    _set_status(doc, Status.ACTIVE, user)
    return doc, _changed(doc, user)


@transaction.atomic
def retire(user: Any, doc: RulesDocument) -> RulesDocument:
    """Take ``doc`` out of effect (results that used it keep it)."""
    return retire_reporting(user, doc)[0]


@transaction.atomic
def retire_reporting(user: Any, doc: RulesDocument) -> tuple[RulesDocument, list[str]]:
    """Take ``doc`` out of effect; what changed (as :func:`activate_reporting`)."""
    if not may_activate(user, doc):
        raise PermissionDenied(_("Your role may not retire these rules."))
    if doc.status != Status.ACTIVE:
        raise ValidationError(_("Only an active version can be retired."))
    _set_status(doc, Status.RETIRED, user)
    return doc, _changed(doc, user)


def _set_status(doc: RulesDocument, status: str, user: Any) -> RulesDocument:
    doc.status = status
    doc.status_changed_by = user if getattr(user, "is_authenticated", False) else None
    doc.status_changed_at = timezone.now()
    doc.save()
    return doc


# --- which document applies -----------------------------------------------------------------


def _keys(region: Region | None, park: Park | None) -> list[str]:
    """Scope keys from the most specific (the park) to the platform."""
    keys = [f"p{park.pk}"] if park is not None else []
    place = park.region if park is not None else region
    keys += [f"r{pk}" for pk in ancestor_ids(place)]
    return [*keys, "*"]


def _active(kind: str, keys: list[str], name: str | None) -> QuerySet[RulesDocument]:
    rows = RulesDocument.objects.filter(kind=kind, status=Status.ACTIVE, scope_key__in=keys)
    return rows.filter(name=name) if name is not None else rows


def in_effect(
    kind: str,
    region: Region | None = None,
    park: Park | None = None,
    name: str | None = None,
) -> RulesDocument:
    """The active document of ``kind`` that applies to the place (most specific wins).

    Raises
    ------
    NoDocumentError
        If none applies (only when every active version of the kind was retired).

    """
    keys = _keys(region, park)
    rows = sorted(_active(kind, keys, name), key=lambda d: keys.index(d.scope_key))
    if not rows:
        raise NoDocumentError(
            _("No active %(kind)s applies here; an official must activate one.")
            % {"kind": Kind(kind).label}
        )
    return rows[0]


def layers(
    kind: str, region: Region | None = None, park: Park | None = None
) -> list[RulesDocument]:
    """Every active document of a layered kind that applies, the platform's first."""
    keys = _keys(region, park)
    return sorted(_active(kind, keys, None), key=lambda d: -keys.index(d.scope_key))


def choices(kind: str, region: Region | None = None) -> list[RulesDocument]:
    """The active documents of a named kind a place may choose from, one per name."""
    keys = _keys(region, None)
    best: dict[str, RulesDocument] = {}
    for doc in sorted(_active(kind, keys, None), key=lambda d: -keys.index(d.scope_key)):
        best[doc.name] = doc
    return sorted(best.values(), key=lambda d: (d.title, d.name))


def lineage(doc: RulesDocument) -> QuerySet[RulesDocument]:
    """Every version of ``doc``'s document, newest first."""
    return RulesDocument.objects.filter(
        kind=doc.kind, name=doc.name, scope_key=doc.scope_key
    ).order_by("-version")


def diff(old: RulesDocument, new: RulesDocument) -> list[str]:
    """Unified diff of two versions' YAML."""
    return list(
        difflib.unified_diff(
            old.content.splitlines(),
            new.content.splitlines(),
            fromfile=str(old.label),
            tofile=str(new.label),
            lineterm="",
        )
    )


def export_text(doc: RulesDocument) -> str:
    """The document as a YAML file that imports again (with ``kind`` and its provenance)."""
    head = [
        f"# {doc.title} · v{doc.version} ({doc.where})",
        f"# microparks rules document, sha256 {doc.sha256}",
    ]
    if doc.source:
        head.append(f"# source: {' '.join(doc.source.split())}")
    body = doc.content
    if "kind" not in load_yaml(body):
        body = f"kind: {doc.kind}\n{body}"
    return "\n".join(head) + "\n" + body


def users_documents(user: User) -> QuerySet[RulesDocument]:
    """The documents ``user`` may read, newest version first within each document."""
    return RulesDocument.objects.restrict(user).select_related("region", "park")
