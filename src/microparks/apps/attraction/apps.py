from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttractionConfig(AppConfig):
    name = "microparks.apps.attraction"
    label = "attraction"
    verbose_name = _("Attraction pipeline")

    def ready(self) -> None:
        from microparks.apps.attraction.directory_views import DIRECTORY
        from microparks.apps.attraction.import_flow import register_job
        from microparks.apps.attraction.import_views import LEDGER

        # the background jobs of the project ledger and the enterprise directory imports
        register_job(LEDGER)
        register_job(DIRECTORY)
