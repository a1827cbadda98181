from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "microparks.apps.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from microparks.apps.common.unread import UnreadSource, register
        from microparks.apps.rules.kinds import provide_context
        from microparks.apps.servicedesk.unread import unread_count

        provide_context("deadlines", _deadline_context)
        register(
            UnreadSource(
                "desk", _("Tickets with unread news"), unread_count, "servicedesk:notifications"
            )
        )


def _deadline_context() -> dict[str, Any]:
    """Deadline documents name the desk's ticket categories and priorities."""
    from microparks.apps.servicedesk.models import Ticket

    return {
        "categories": tuple(Ticket.Category.values),
        "priorities": tuple(Ticket.Priority.values),
    }
