from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "microparks.apps.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from microparks.apps.impact import (
            readiness_jobs,  # noqa: F401 (registers the job)
            spending_jobs,  # noqa: F401 (registers the job)
        )
