"""The labels of the shipped scheme's criteria and vetoes, for the translation catalogue.

Scheme labels are data (YAML), which ``makemessages`` does not read; the pages translate a
label through the catalogue when it has one, so a deployment's own labels show as written.
``tests/apps/suitability/test_scheme_labels.py`` keeps this list equal to the shipped scheme.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

SHIPPED_LABELS = (
    gettext_noop("Land area"),
    gettext_noop("Zoned for industry"),
    gettext_noop("Distance to the nearest road"),
    gettext_noop("Distance to the nearest expressway exit"),
    gettext_noop("Distance to the nearest substation"),
    gettext_noop("Distance to the nearest water main"),
    gettext_noop("Working-age population within 10 km"),
    gettext_noop("Distance to the nearest larger industrial park"),
    gettext_noop("Conversion cost"),
    gettext_noop("Distance from residential areas"),
    gettext_noop("Distance from water bodies"),
    gettext_noop("Ecological protection red line"),
    gettext_noop("Permanent basic farmland"),
    gettext_noop("Drinking-water source protection zone"),
)
