"""The service desk's rules: working-day budgets to acknowledge, respond to and close tickets."""

from microparks.core.servicedesk.deadlines import Budget, DeadlineRule, DeadlineRules

__all__ = ["Budget", "DeadlineRule", "DeadlineRules"]
