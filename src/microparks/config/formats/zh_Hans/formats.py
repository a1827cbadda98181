"""Number formats for zh-hans: group thousands with commas, as county statistical reports do.

Django's own zh_Hans formats leave numbers ungrouped, which makes 7-digit CNY figures unreadable.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
