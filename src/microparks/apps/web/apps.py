from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "microparks.apps.web"
    label = "web"
    verbose_name = _("Web")
