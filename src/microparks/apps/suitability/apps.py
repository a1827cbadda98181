from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuitabilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "microparks.apps.suitability"
    verbose_name = _("Site suitability")

    def ready(self) -> None:
        from microparks.apps.suitability import jobs  # noqa: F401 (registers the job handlers)
