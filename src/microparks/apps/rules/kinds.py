"""What each kind of rules document allows: where it may apply, who drafts and who activates.

Documents for the whole platform are the system administrator's; a region's and a park's are
drafted by the roles below within their region and made active by a county official.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from microparks.apps.base import Role
from microparks.apps.rules.models import Kind
from microparks.io.admission import read_industry_tree

PLATFORM, REGION, PARK = "platform", "region", "park"
OFFICIALS = frozenset({Role.OFFICIAL})
PROMOTION = frozenset({Role.OFFICIAL, Role.INVESTMENT})


@dataclass(frozen=True)
class KindSpec:
    """The rules of one kind of document."""

    kind: str
    places: tuple[str, ...] = (PLATFORM, REGION)
    drafters: frozenset[str] = OFFICIALS
    activators: frozenset[str] = OFFICIALS
    #: Several documents of the kind are active side by side and users choose one by name
    #: (evaluation schemes); otherwise the most specific active document applies.
    named: bool = False
    #: Every active document from the platform down to the place applies, in that order
    #: (a county's calendar adds its own days to the official one).
    layered: bool = False
    help: str = field(default="", compare=False)


@lru_cache(maxsize=1)
def _industry_codes() -> frozenset[str]:
    return frozenset(read_industry_tree().parents)


_CONTEXT: dict[str, Callable[[], dict[str, Any]]] = {
    Kind.ADMISSION: lambda: {"known_codes": _industry_codes()},
    Kind.TARGETING: lambda: {"known_codes": _industry_codes()},
}

SPECS: dict[str, KindSpec] = {
    Kind.ADMISSION: KindSpec(Kind.ADMISSION, (PLATFORM, REGION, PARK), PROMOTION),
    Kind.SUITABILITY: KindSpec(Kind.SUITABILITY),
    Kind.TARGETING: KindSpec(Kind.TARGETING, drafters=PROMOTION),
    Kind.MATCHING: KindSpec(Kind.MATCHING, drafters=PROMOTION),
    Kind.EVALUATION: KindSpec(Kind.EVALUATION, named=True),
    Kind.DEADLINES: KindSpec(Kind.DEADLINES),
    Kind.CALENDAR: KindSpec(Kind.CALENDAR, layered=True),
    # one document per kind of table (sites, …), chosen by the import, not by users
    Kind.VOCABULARY: KindSpec(Kind.VOCABULARY, named=True),
    # designation criteria and subsidy of 帮扶车间: the platform's sample, a county's own
    Kind.WORKSHOP: KindSpec(Kind.WORKSHOP),
    # 园区绩效评价细则 and 星级评定标准: the platform's (the administrator's) and a region's
    # (its officials'); city and province roles come with the evaluation workflow
    Kind.PARK_RUBRIC: KindSpec(Kind.PARK_RUBRIC),
    Kind.PARK_STARS: KindSpec(Kind.PARK_STARS),
}


def spec(kind: str) -> KindSpec:
    """The spec of ``kind`` (``KeyError`` for an unknown kind)."""
    return SPECS[kind]


def provide_context(kind: str, provider: Callable[[], dict[str, Any]]) -> None:
    """Let the app that owns a kind say what its parser needs (called from ``ready()``).

    The service desk gives its ticket categories and priorities for deadline documents, so
    that this app depends on no feature app.
    """
    _CONTEXT[kind] = provider


def context(kind: str) -> dict[str, Any]:
    """What the parser of ``kind`` needs besides the document."""
    provider = _CONTEXT.get(kind)
    return provider() if provider is not None else {}
