from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    name = "microparks.apps.labour"
    label = "labour"
    verbose_name = _("Rural labour")

    def ready(self) -> None:
        from microparks.apps.labour import jobs  # noqa: F401  (registers the import job)
