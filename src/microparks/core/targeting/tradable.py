"""Non-tradable industries, and whether the employment data holds only sections (门类).

A micro-industrial park attracts firms that sell beyond the county: manufacturing (agro-processing
and crafts included), logistics and producer services. Non-tradable (local) industries — real
estate, public administration, education, health, local personal and consumer services — serve
the county's own residents: their employment follows the local population and income (Moretti
2010, local multipliers; Jensen & Kletzer 2006; Delgado, Porter & Stern 2016, traded vs local
industries), so attracting a "firm" in them does not add to the county's base, and none of them
is a park tenant. The list of such industries is data: the ``non_tradable`` field of the
targeting rules document (:func:`microparks.io.rules.weights.parse_targeting`).

Census employment by county (GB/T 4754 sections A–T only) ranks whole sections, of which only
manufacturing, wholesale, transport and business services hold park targets: a ranking over
sections is a first look, and finer data (大类/中类 divisions and groups from the economic
census) is what picks industries to attract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from microparks.core.targeting.score import Exclusion

__all__ = [
    "NON_TRADABLE_RULE",
    "is_sections_only",
    "non_tradable_exclusion",
    "non_tradable_flags",
]

NON_TRADABLE_RULE = "non_tradable"
"""The rule id of the non-tradable exclusion in a targeting table's reasons."""


def non_tradable_exclusion(codes: Sequence[str], version: str = "") -> Exclusion:
    """The exclusion of non-tradable industries from the target list, with its reason.

    Parameters
    ----------
    codes : sequence of str
        GB/T 4754 codes at any level (a section excludes all its divisions).
    version : str
        Version of the targeting rules document that lists them (quoted in the reason).

    Returns
    -------
    Exclusion

    Examples
    --------
    >>> non_tradable_exclusion(["K"], "2026.3").reason_en.split(" [")[0]
    'non-tradable (local) industry: it serves the county itself, not a micro-park target'

    """
    where = f"targeting {version}, non_tradable" if version else "targeting, non_tradable"
    where_zh = f"第 {version} 版" if version else ""
    return Exclusion(
        rule_id=NON_TRADABLE_RULE,
        codes=tuple(codes),
        reason_en="non-tradable (local) industry: it serves the county itself, not a "
        f"micro-park target [{where}]",
        reason_zh="非贸易（本地服务）行业：主要服务本县居民，不是小微园区的招商对象"
        f"［依据产业招商评分规则{where_zh}的非贸易行业清单］",
        stage_en="from the target list",
        stage_zh="不列入招商目标",
    )


def _lineage(code: str, parents: Mapping[str, str | None]) -> set[str]:
    chain = [code]
    while True:
        last = chain[-1]
        parent = parents.get(last)
        if parent is None and last.isdigit() and len(last) > 2:
            parent = last[:-1]  # a code missing from the table nests in its digit prefix
        if parent is None or parent in chain:
            return set(chain)
        chain.append(parent)


def non_tradable_flags(
    industries: Iterable[str], codes: Sequence[str], parents: Mapping[str, str | None]
) -> list[bool]:
    """Whether each industry is non-tradable: it or one of its parents is listed.

    Parameters
    ----------
    industries : iterable of str
        GB/T 4754 codes.
    codes : sequence of str
        The non-tradable list.
    parents : mapping
        GB/T 4754 parent of each code (a division's section).

    Examples
    --------
    >>> non_tradable_flags(["K", "70", "C", "F"], ["K", "52"], {"70": "K"})
    [True, True, False, False]

    """
    listed = set(codes)
    return [bool(_lineage(code, parents) & listed) for code in industries]


def is_sections_only(industries: Iterable[str]) -> bool:
    """Whether every industry code is a GB/T 4754 section (one letter, 门类).

    Examples
    --------
    >>> is_sections_only(["A", "C", "K"]), is_sections_only(["C", "13"])
    (True, False)

    """
    codes = [str(c) for c in industries]
    return bool(codes) and all(len(c) == 1 and c.isalpha() for c in codes)
