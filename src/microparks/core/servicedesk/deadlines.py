"""Deadline budgets of tickets: working days per category and priority, most specific rule wins.

A rule names a category, a priority, both or neither (blank matches any); for a ticket the rule
that names the most wins, the category counting more than the priority; without a matching
rule the default applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from microparks.core.calendar.clock import ALL_DAY, OfficeHours

#: Ticket categories and priorities a deadline rule may name (the service desk's ticket
#: choices; a test keeps them equal).
CATEGORIES = (
    "land",
    "water",
    "electricity",
    "labour",
    "policy",
    "permits",
    "safety",
    "finance",
    "other",
)
PRIORITIES = ("low", "normal", "urgent")


@dataclass(frozen=True)
class Budget:
    """Working days (or, with ``unit="hours"``, hours) to acknowledge, respond and close.

    受理, 反馈 and 办结; counted by :func:`microparks.core.calendar.due_after`.
    """

    ack: float
    respond: float
    close: float
    unit: str = "days"


@dataclass(frozen=True)
class DeadlineRule:
    """The budget for tickets of ``category`` and ``priority`` (blank: any)."""

    category: str
    priority: str
    budget: Budget

    @property
    def specificity(self) -> int:
        """2 for a category, 1 for a priority: a rule naming the category wins."""
        return 2 * bool(self.category) + bool(self.priority)

    def matches(self, category: str, priority: str) -> bool:
        """Whether the rule applies to a ticket of ``category`` and ``priority``."""
        return self.category in ("", category) and self.priority in ("", priority)


@dataclass(frozen=True)
class DeadlineRules:
    """A deadlines document: the default budget, the more specific rules, the office hours."""

    default: Budget
    rules: tuple[DeadlineRule, ...] = ()
    office_hours: OfficeHours = ALL_DAY

    def budget_for(self, category: str, priority: str) -> Budget:
        """The budget of the most specific matching rule, else the default.

        >>> rules = DeadlineRules(Budget(1, 3, 5), (DeadlineRule("", "urgent", Budget(0.5, 1, 2)),))
        >>> rules.budget_for("land", "urgent")
        Budget(ack=0.5, respond=1, close=2, unit='days')
        >>> rules.budget_for("land", "normal")
        Budget(ack=1, respond=3, close=5, unit='days')
        """
        best = max(
            (r for r in self.rules if r.matches(category, priority)),
            key=lambda r: r.specificity,
            default=None,
        )
        return self.default if best is None else best.budget
