"""One way to cut a list page into pages of ``PAGE_SIZE`` rows.

The template shows ``page.paginator.count`` for the total: the paginator counts once and keeps
the figure, where a separate ``rows.count()`` in the view ran the same COUNT query again.
Pages render ``common/_pagination.html``, whose links keep the list's filters and the place
of any other list on the same page (each list reads its own query parameter).
"""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

PAGE_SIZE = 50


class ListPage(Page):  # type: ignore[type-arg]
    """A page that knows the query string of its neighbours."""

    def __init__(self, *args: Any, query: QueryDict, param: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.query = query
        self.param = param

    def query_for(self, number: int) -> str:
        """The request's query string with this list at page ``number``."""
        query = self.query.copy()
        query[self.param] = str(number)
        return query.urlencode()

    @property
    def previous_query(self) -> str:
        return self.query_for(self.previous_page_number())

    @property
    def next_query(self) -> str:
        return self.query_for(self.next_page_number())


class _ListPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(self, rows: Any, per_page: int, query: QueryDict, param: str) -> None:
        super().__init__(rows, per_page)
        self.query, self.param = query, param

    def _get_page(self, *args: Any, **kwargs: Any) -> ListPage:
        return ListPage(*args, query=self.query, param=self.param, **kwargs)


def paginate(
    request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE, param: str = "page"
) -> ListPage:
    """The page of ``rows`` that ``?<param>=`` asks for.

    Past the end: the last page; anything not a number: the first.
    """
    paginator = _ListPaginator(rows, per_page, request.GET, param)
    return cast(ListPage, paginator.get_page(request.GET.get(param)))
