from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "microparks.apps.evaluation"
    label = "evaluation"
    verbose_name = _("Per-mu evaluation")

    def ready(self) -> None:
        from microparks.apps.evaluation import record_jobs  # noqa: F401 (registers the jobs)
