from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "microparks.apps.rules"
    label = "rules"
    verbose_name = _("Rules documents")

    def ready(self) -> None:
        from microparks.apps.rules.shipped import load_shipped_documents

        # After every migrate (and every test database flush): the shipped defaults exist.
        post_migrate.connect(load_shipped_documents, sender=self)
