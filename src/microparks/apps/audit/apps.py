from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "microparks.apps.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from microparks.apps.audit import signals

        signals.connect()
