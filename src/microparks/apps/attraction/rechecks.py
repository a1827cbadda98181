"""The admission gate runs again for the open prospects when the admission rules change.

Connected to :data:`microparks.apps.rules.services.in_effect_changed` (apps.ready): activating
or retiring a version of the admission rules re-checks every prospect not yet signed under the
place it covers, inside the same transaction, and the rules page lists each decision whose
outcome changed, old → new.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from microparks.apps.admission import gate
from microparks.apps.attraction.models import Prospect
from microparks.apps.attraction.services import BEFORE_SIGNING
from microparks.apps.rules.models import RulesDocument

SHOWN_CHANGES = 20
"""Changed decisions listed one by one on the rules page; the rest are counted."""


def open_prospects(document: RulesDocument) -> Any:
    """The prospects not yet signed (nor lost) that ``document``'s place covers."""
    prospects = Prospect.objects.filter(stage__in=BEFORE_SIGNING).order_by("pk")
    prospects = prospects.select_related("industry", "region", "target_park", "target_site")
    return gate.open_prospects_under(document, prospects)


def recheck_open_prospects(document: RulesDocument, user: Any) -> list[gate.Change]:
    """Run the gate again for the open prospects under ``document``; the changed decisions."""
    return gate.recheck_all(open_prospects(document), user)


def on_rules_changed(sender: Any, document: RulesDocument, user: Any, **kwargs: Any) -> list[str]:
    """Receiver of ``in_effect_changed``: re-check, and word what changed for the page."""
    if document.kind != "admission":
        return []
    changes = recheck_open_prospects(document, user)
    if not changes:
        return [_("The admission gate re-checked the open prospects: no decision changed.")]
    lines = [
        _("Admission decisions changed for %(n)d open prospects:") % {"n": len(changes)},
        *(
            _("%(prospect)s: %(old)s → %(new)s")
            % {"prospect": c.prospect.name, "old": c.old_label, "new": c.new_label}
            for c in changes[:SHOWN_CHANGES]
        ),
    ]
    if len(changes) > SHOWN_CHANGES:
        lines.append(_("… and %(n)d more.") % {"n": len(changes) - SHOWN_CHANGES})
    return lines
