"""Unread news for the header's badge: counters that the domain apps contribute.

Each app that sends a user news (the service desk's ticket notifications, the evaluation's
notices) registers a counter here in its ``AppConfig.ready``; the badge shows their sum and
the pages list each with a link. This app imports none of them (import-linter keeps it so),
so the service desk never imports the evaluation to count its notices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class UnreadSource:
    """A kind of news: how many unread a user has, and where they are read.

    ``roles``: the roles that can receive this news (others are not counted: no query).
    """

    key: str
    label: str | Promise  # e.g. "Unread evaluation notices", translated when shown
    count: Callable[[Any], int]
    url_name: str
    roles: frozenset[str] | None = None

    @property
    def url(self) -> str:
        """The page where the news is read."""
        return reverse(self.url_name)


_SOURCES: dict[str, UnreadSource] = {}


def register(source: UnreadSource) -> None:
    """Add (or replace, on a repeated ``ready``) a counter of unread news."""
    _SOURCES[source.key] = source


def sources() -> list[UnreadSource]:
    """The registered counters, in the order registered."""
    return list(_SOURCES.values())


def counts(user: Any, request: Any = None) -> dict[str, int]:
    """Unread news of ``user`` per source key, the sources that concern them only.

    With ``request``, counted once per request however many parts of the page ask.
    """
    cached: dict[str, int] | None = getattr(request, "_unread_counts", None)
    if cached is not None:
        return cached
    out: dict[str, int] = {}
    if getattr(user, "is_authenticated", False):
        for source in _SOURCES.values():
            if source.roles is None or user.role in source.roles:
                out[source.key] = source.count(user)
    if request is not None:
        request._unread_counts = out
    return out


def total(user: Any, request: Any = None) -> int:
    """All unread news of ``user`` (the badge)."""
    return sum(counts(user, request).values())


def listed(user: Any, request: Any = None) -> list[tuple[UnreadSource, int]]:
    """The sources with unread news for ``user``, each with its count."""
    found = counts(user, request)
    return [(s, found[s.key]) for s in _SOURCES.values() if found.get(s.key)]
