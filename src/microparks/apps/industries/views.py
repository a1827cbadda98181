"""The industry picker's look-up: GB/T 4754-2017 nodes by code or name, or one node's children.

Shared reference data: any signed-in user may search it. The answer is small JSON (at most
``LIMIT`` nodes) so that a form can offer the tree without shipping its 1,971 nodes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from microparks.apps.industries.models import Industry

LIMIT = 30
LEVELS = [
    Industry.Level.SECTION,
    Industry.Level.DIVISION,
    Industry.Level.GROUP,
    Industry.Level.CLASS,
]


def _path(node: Industry) -> str:
    """``C 制造业 › 13 农副食品加工业`` — the node's ancestors and itself."""
    chain = []
    current: Industry | None = node
    while current is not None:
        chain.append(f"{current.code} {current.local_name}")
        current = current.parent
    return " › ".join(reversed(chain))


def _item(node: Industry) -> dict[str, Any]:
    return {
        "code": node.code,
        "name": node.local_name,
        "level": node.level,
        "level_label": str(node.get_level_display()),
        "path": _path(node),
        "leaf": node.level == Industry.Level.CLASS,
    }


def _by_level(rows: QuerySet[Industry]) -> QuerySet[Industry]:
    rank = Case(
        *[When(level=level, then=Value(i)) for i, level in enumerate(LEVELS)],
        output_field=IntegerField(),
    )
    return rows.annotate(rank=rank).order_by("rank", "code")


def matches(q: str, parent: str = "") -> list[Industry]:
    """Nodes whose code starts with ``q`` or whose name holds it; else ``parent``'s children.

    No query and no parent: the 20 sections (the top of the tree).
    """
    rows = Industry.objects.select_related("parent__parent__parent")
    q = q.strip()
    if q:
        found = rows.filter(Q(code__istartswith=q) | Q(name__icontains=q) | Q(name_en__icontains=q))
        exact = list(rows.filter(code__iexact=q))
        rest = [n for n in _by_level(found)[: LIMIT + 1] if n.code.upper() != q.upper()]
        return (exact + rest)[:LIMIT]
    if parent:
        return list(rows.filter(parent__code=parent).order_by("code")[: LIMIT * 4])
    return list(rows.filter(parent__isnull=True).order_by("code"))


@require_GET
@login_required
@cache_control(private=True, max_age=3600)
def search(request: HttpRequest) -> JsonResponse:
    """``?q=`` (a code's beginning or part of a name) or ``?parent=`` (a node's children)."""
    q = request.GET.get("q", "")[:50]
    parent = request.GET.get("parent", "")[:5]
    return JsonResponse({"results": [_item(n) for n in matches(q, parent)]})
