"""The service desk's rules: working-day budgets to acknowledge, respond to and close tickets."""

from microparks.core.servicedesk.deadlines import (
    CATEGORIES,
    PRIORITIES,
    Budget,
    DeadlineRule,
    DeadlineRules,
)

__all__ = ["CATEGORIES", "PRIORITIES", "Budget", "DeadlineRule", "DeadlineRules"]
