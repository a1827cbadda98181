"""The account of a park rubric and of star criteria on their pages (see :mod:`.summary`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from microparks.core.parkeval import LEVEL_LABELS, MEASURE_LABELS
from microparks.core.parkeval.score import num, pct


def rubric_lines(rubric: Any) -> list[tuple[str, str]]:
    """Basic conditions, concentration, sections, bands, direct D and the quotas."""
    rule = rubric.concentration
    lines = [
        (_("Basic conditions (else direct D)"), str(len(rubric.conditions))),
        (
            _("Industry concentration"),
            _("over %(threshold)s: %(base)s, then %(points)s a full %(step)s")
            % {
                "threshold": pct(rule.threshold),
                "base": num(rule.base_points),
                "points": num(rule.step_points),
                "step": pct(rule.step),
            },
        ),
    ]
    for section in rubric.sections:
        shown = " · ".join(f"{i.label} {num(i.points)}" for i in section.items)
        lines.append((section.label, shown))
    bands = " · ".join(f"≥ {num(b.lower)}×: {num(b.points)}" for b in rubric.bands)
    lines.append((_("Per-mu tax and output against the city average"), bands))
    if rubric.multi_storey_points:
        lines.append((_("Multi-storey industry"), num(rubric.multi_storey_points)))
    if rubric.flags:
        lines.append((_("Direct D"), "、".join(f.label for f in rubric.flags)))
    g = rubric.grading
    quotas = {"a": pct(g.a_max), "b": pct(g.b_max), "d": pct(g.d_min)}
    lines += [
        (_("Quotas"), _("A at most %(a)s · B at most %(b)s · D at least %(d)s") % quotas),
        (_("A outside the quota from (stars)"), str(g.stars_outside_quota)),
        (_("Not evaluated in the first years"), str(g.not_evaluated_years)),
    ]
    return lines


def stars_lines(rules: Any) -> list[tuple[str, str]]:
    """One line per star level: who awards it and what it needs."""
    lines = []
    for level in rules.levels:
        needs = []
        if level.min_score is not None:
            needs.append(_("score at least %(n)s") % {"n": num(level.min_score)})
        if len(level.grades) < 4:
            needs.append(_("grade %(grades)s") % {"grades": "/".join(sorted(level.grades))})
        needs += [f"{_(MEASURE_LABELS[k])} ≥ {num(v)}" for k, v in level.minimums]
        label = _("%(n)s stars (%(level)s)") % {
            "n": level.stars,
            "level": _(LEVEL_LABELS[level.level]),
        }
        lines.append((label, " · ".join(needs) or _("none")))
    return lines
