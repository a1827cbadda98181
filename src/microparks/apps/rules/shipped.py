"""The shipped defaults become version 1 of each document on first start.

Run after every ``migrate`` (and after a test database is flushed). A shipped document whose
lineage does not exist yet is created active (unless another document of a kind that allows
one per place is active on the platform already; then it waits as a draft). A later release
that ships changed content adds it as a new *draft* version: officials decide when it applies.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Max

from microparks.apps.rules.kinds import spec
from microparks.io.rules import SHIPPED, content_sha256, load_yaml

ACTIVE, DRAFT = "active", "draft"


def ensure_shipped(model: Any, using: str = DEFAULT_DB_ALIAS) -> int:
    """Create what is missing of the shipped documents; return how many versions were added.

    ``model`` is the ``RulesDocument`` model (the historical one inside a migration).
    """
    rows = model._default_manager.using(using)
    added = 0
    for shipped in SHIPPED:
        text = shipped.text()
        sha = content_sha256(load_yaml(text))
        lineage = rows.filter(kind=shipped.kind, name=shipped.name, scope_key="*")
        if lineage.filter(sha256=sha).exists():
            continue
        latest = lineage.order_by("-version").first()
        taken = (
            not spec(shipped.kind).named
            and rows.filter(kind=shipped.kind, scope_key="*", status=ACTIVE).exists()
        )
        rows.create(
            kind=shipped.kind,
            name=shipped.name,
            version=(lineage.aggregate(v=Max("version"))["v"] or 0) + 1,
            title=shipped.title,
            content=text,
            sha256=sha,
            parent=latest,
            scope_key="*",
            status=DRAFT if latest is not None or taken else ACTIVE,
            source=shipped.source,
            note="Shipped with the platform" if latest is None else "Shipped with a new release",
        )
        added += 1
    return added


def load_shipped_documents(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate`` receiver of the rules app."""
    from microparks.apps.rules.models import RulesDocument

    ensure_shipped(RulesDocument, using)
