"""Targeting weights: one weight per component of the industry score."""

from __future__ import annotations

from typing import Any

from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.base import Editor, WeightGroup
from microparks.apps.rules.editors.weighted import (
    apply_weights,
    weight_group,
    weights_form,
    weights_initial,
)


class TargetingEditor(Editor):
    """The six weights of the targeting score, with their shares as typed."""

    kind = "targeting"
    template = "rules/editors/weights.html"

    def build(self) -> None:
        self.form(weights_form(labels.TARGETING), "w", weights_initial(self.base, labels.TARGETING))

    def apply(self, out: dict[str, Any]) -> None:
        apply_weights(out, self.parts["w"].cleaned_data)

    def weight_groups(self) -> list[WeightGroup]:
        return [weight_group(self.parts["w"])]
