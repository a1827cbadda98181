"""One way to cut a list page into pages of ``PAGE_SIZE`` rows.

The template shows ``page.paginator.count`` for the total: the paginator counts once and keeps
the figure, where a separate ``rows.count()`` in the view ran the same COUNT query again.
Pages render ``common/_pagination.html``, whose links keep the list's filters.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page of ``rows`` that ``?page=`` asks for.

    Past the end: the last page; anything not a number: the first.
    """
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
