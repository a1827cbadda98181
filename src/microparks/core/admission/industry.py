"""The GB/T 4754 hierarchy as a plain mapping, for matching codes listed at any level.

A rule that lists a division (``31``), a group (``311``) or a class (``3110``) covers every node
below it: a project coded ``3110`` matches a rule on ``31``. The tree is built from a
``{code: parent code or None}`` mapping that the shell reads from the shipped classification.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class UnknownIndustryError(ValueError):
    """An industry code that the classification does not hold."""

    def __init__(self, code: str, where: str = "") -> None:
        place = f" ({where})" if where else ""
        super().__init__(f"unknown GB/T 4754 industry code {code!r}{place}")
        self.code = code
        self.where = where


@dataclass(frozen=True)
class IndustryTree:
    """Parents of every GB/T 4754 node: section letters, 2-, 3- and 4-digit codes."""

    parents: Mapping[str, str | None]
    _chains: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for code, parent in self.parents.items():
            if parent is not None and parent not in self.parents:
                raise UnknownIndustryError(parent, f"parent of {code}")

    def __contains__(self, code: object) -> bool:
        return code in self.parents

    def lineage(self, code: str) -> tuple[str, ...]:
        """Return ``code`` and all its ancestors, nearest first, up to the section.

        >>> tree = IndustryTree({"C": None, "31": "C", "311": "31", "3110": "311"})
        >>> tree.lineage("3110")
        ('3110', '311', '31', 'C')
        """
        chain = self._chains.get(code)
        if chain is not None:
            return chain
        if code not in self.parents:
            raise UnknownIndustryError(code)
        out = [code]
        parent = self.parents[code]
        while parent is not None:
            if parent in out:  # a cycle would loop forever; the data are wrong
                raise ValueError(f"the industry tree has a cycle through {parent!r}")
            out.append(parent)
            parent = self.parents[parent]
        chain = tuple(out)
        self._chains[code] = chain
        return chain

    def first_match(self, code: str, listed: Iterable[str]) -> str | None:
        """Return the listed code that covers ``code`` (itself or an ancestor), nearest first.

        >>> tree = IndustryTree({"C": None, "31": "C", "311": "31", "3110": "311"})
        >>> tree.first_match("3110", {"31", "26"})
        '31'
        >>> tree.first_match("3110", {"26"}) is None
        True
        """
        wanted = set(listed)
        for node in self.lineage(code):
            if node in wanted:
                return node
        return None
