"""The words of the evaluation and impact vocabularies that pages and messages show, for gettext.

A vocabulary document's field labels and code labels are English msgids shown translated (in
a missing-column problem, the accepted values of a coded cell, the template's headers). They
live in YAML, which ``makemessages`` does not read: they are listed here so that it finds them
(a test keeps this list complete for the shipped ``records``, ``bureau``, ``spending``,
``tenants``, ``programme`` and ``region_values`` documents).
"""

from __future__ import annotations

from microparks.io.errors import gettext_noop

VOCABULARIES = ("records", "bureau", "spending", "tenants", "programme", "region_values")
"""The shipped vocabulary documents whose words are listed here."""

LABELS = (
    gettext_noop("unified social credit code"),
    gettext_noop("firm name"),
    gettext_noop("above designated size"),
    gettext_noop("Above designated size"),
    gettext_noop("Below designated size"),
    gettext_noop("land area (m²)"),
    gettext_noop("tax paid (CNY)"),
    gettext_noop("value added (CNY)"),
    gettext_noop("revenue (CNY)"),
    gettext_noop("average employees"),
    gettext_noop("energy use (tce)"),
    gettext_noop("electricity use (kWh)"),
    gettext_noop("R&D spending (CNY)"),
    gettext_noop("chemical oxygen demand (t)"),
    gettext_noop("ammonia nitrogen (t)"),
    gettext_noop("sulphur dioxide (t)"),
    gettext_noop("nitrogen oxides (t)"),
    gettext_noop("water use (t)"),
    gettext_noop("yearly rent (CNY)"),
    gettext_noop("year founded"),
    gettext_noop("utility"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("direct D veto"),
    gettext_noop("year"),
    gettext_noop("category"),
    gettext_noop("Land preparation"),
    gettext_noop("Renovation of vacant factories"),
    gettext_noop("Subsidies to tenants"),
    gettext_noop("Rent support"),
    gettext_noop("Park services"),
    gettext_noop("Other"),
    gettext_noop("amount (CNY)"),
    gettext_noop("park code"),
    gettext_noop("source"),
    gettext_noop("industry code"),
    gettext_noop("output (CNY)"),
    gettext_noop("jobs"),
    gettext_noop("wages (CNY)"),
    gettext_noop("tax (CNY)"),
    gettext_noop("land preparation (CNY)"),
    gettext_noop("renovation (CNY)"),
    gettext_noop("subsidies (CNY)"),
    gettext_noop("rent support (CNY)"),
    gettext_noop("park services (CNY)"),
    gettext_noop("other costs (CNY)"),
    gettext_noop("region code"),
    gettext_noop("region name"),
    gettext_noop("idle land (m²)"),
    gettext_noop("vacant floor area (m²)"),
    gettext_noop("general public budget revenue (CNY)"),
    gettext_noop("budget revenue per person (CNY)"),
)
