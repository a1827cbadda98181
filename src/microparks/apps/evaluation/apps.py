from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "microparks.apps.evaluation"
    label = "evaluation"
    verbose_name = _("Per-mu evaluation")

    def ready(self) -> None:
        from microparks.apps.base import Role
        from microparks.apps.common.unread import UnreadSource, register
        from microparks.apps.evaluation import record_jobs  # noqa: F401 (registers the jobs)
        from microparks.apps.evaluation.notices import unread_notices

        # Notices go to firms' users only: nobody else's pages spend a query on them.
        register(
            UnreadSource(
                "evaluation",
                _("Unread evaluation notices"),
                unread_notices,
                "evaluation:campaign_list",
                roles=frozenset({Role.ENTERPRISE}),
            )
        )
