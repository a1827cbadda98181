"""Which suitability documents a scoring job may run with, and an uploaded scheme as a draft.

A job runs with the document in effect for its region, or with one the official picks: an
active document that applies to the region (the platform's, or one of the region's or a region
above it), or one of the official's own drafts (trying it freezes it, as anything used is).
An uploaded YAML scheme is never run ad hoc: it is checked and stored as a new draft document
(:func:`microparks.apps.rules.services.save_draft`), and the job runs with that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Kind, RulesDocument, Status
from microparks.apps.rules.scope import ancestor_ids
from microparks.io.rules import DocumentError, decode_text, load_yaml


def scheme_choices(user: Any) -> QuerySet[RulesDocument]:
    """The suitability documents ``user`` may score with: active ones they see, their drafts."""
    if not getattr(user, "is_authenticated", False):
        return RulesDocument.objects.none()
    own_drafts = Q(status=Status.DRAFT, created_by=user)
    return (
        RulesDocument.objects.restrict(user)
        .filter(Q(status=Status.ACTIVE) | own_drafts, kind=Kind.SUITABILITY)
        .select_related("region")
        .order_by("status", "title", "-version")
    )


def applies_to(doc: RulesDocument, region: Region) -> bool:
    """Whether ``doc`` may score ``region``: the platform's, or of the region or one above it."""
    return doc.park_id is None and (doc.region_id is None or doc.region_id in ancestor_ids(region))


def _name_and_title(data: dict[str, Any], file_name: str) -> tuple[str, str]:
    stem = Path(file_name).stem
    name = slugify(str(data.get("name") or stem))[:60] or "uploaded"
    title = str(data.get("title") or data.get("name") or stem)[:200]
    return name, title


def _frozen_latest(name: str, region: Region) -> RulesDocument | None:
    """The latest version of the lineage, if it may be a parent (never someone's open draft)."""
    latest = (
        RulesDocument.objects.filter(
            kind=Kind.SUITABILITY, name=name, scope_key=RulesDocument.key_for(region.pk, None)
        )
        .order_by("-version")
        .first()
    )
    return latest if latest is not None and latest.frozen else None


def draft_from_upload(user: Any, region: Region, content: bytes, file_name: str) -> RulesDocument:
    """Store an uploaded scheme as a new draft document of ``region`` (checked first).

    The document's name is the scheme's ``name`` (else the file's name); it becomes the next
    version of that document of the region, its latest version the parent.

    Raises
    ------
    ValidationError
        Every problem of the scheme, translated, with its path; nothing is stored.
    PermissionDenied
        If ``user`` may not write suitability documents for ``region``.

    """
    try:
        text = decode_text(content)
        data = load_yaml(text)
    except DocumentError as exc:
        raise rules.refusal(exc) from None
    name, title = _name_and_title(data, file_name)
    draft = rules.Draft(
        kind=Kind.SUITABILITY,
        name=name,
        title=title,
        content=text,
        region=region,
        note=_("Uploaded with a scoring job: %(file)s") % {"file": file_name},
    )
    return rules.save_draft(user, draft, parent=_frozen_latest(name, region))
