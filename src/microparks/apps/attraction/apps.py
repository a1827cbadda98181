from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttractionConfig(AppConfig):
    name = "microparks.apps.attraction"
    label = "attraction"
    verbose_name = _("Attraction pipeline")

    def ready(self) -> None:
        from microparks.apps.attraction.after_signing import unread_count
        from microparks.apps.attraction.directory_views import DIRECTORY
        from microparks.apps.attraction.import_flow import register_job
        from microparks.apps.attraction.import_views import LEDGER
        from microparks.apps.attraction.rechecks import on_rules_changed
        from microparks.apps.base import Role
        from microparks.apps.common.unread import UnreadSource, register
        from microparks.apps.rules.services import in_effect_changed

        # the background jobs of the project ledger and the enterprise directory imports
        register_job(LEDGER)
        register_job(DIRECTORY)
        # a new version of the admission rules re-runs the gate for the open prospects
        in_effect_changed.connect(on_rules_changed, dispatch_uid="attraction_gate_recheck")
        # the officials' notices of failed re-checks after signing count in the header's badge
        register(
            UnreadSource(
                "signed_rechecks",
                _("Re-checks after signing that did not pass"),
                unread_count,
                "attraction:pipeline_board",
                roles=frozenset({Role.OFFICIAL}),
            )
        )
