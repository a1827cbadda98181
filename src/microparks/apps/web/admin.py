"""The admin site's titles (the models are registered in each app's admin module)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Micro-parks administration")
admin.site.site_title = _("Micro-parks")
admin.site.index_title = _("Back office")
