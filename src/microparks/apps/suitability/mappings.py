"""Field-mapping templates: keep a planner's mapping of a source's columns and find it again.

A planner maps a file's columns to our site fields in the preview step and may save the
mapping under the source's name ("自然资源局 闲置土地台账"). A later file is matched to a
template chosen by name, or else to one saved from a file with the same columns (or nearly
the same: every mapped column present and at least :data:`MIN_OVERLAP` of the columns shared).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from microparks.apps.accounts.models import User
from microparks.apps.regions.models import Region
from microparks.apps.suitability import services, site_import
from microparks.apps.suitability.models import MappingTemplate
from microparks.io.spatial import SITE_MAPPING, FieldMapping

MIN_OVERLAP = 0.8
"""Share of columns (Jaccard) that a file must have in common with a template's file."""


def mappable_fields() -> tuple[str, ...]:
    """Our site fields a source column can be mapped to (the code first)."""
    return ("code", *site_import.SITE_FIELDS)


def site_mapping(choice: Mapping[str, str]) -> FieldMapping:
    """The reader's mapping for ``choice`` (our field → source column; blank: same name)."""
    fields = {k: v for k, v in choice.items() if v and k != "code"}
    return FieldMapping(
        code=choice.get("code") or "code",
        fields=fields,
        numeric=SITE_MAPPING.numeric,
        geometry_types=SITE_MAPPING.geometry_types,
    )


def choice_of(template: MappingTemplate) -> dict[str, str]:
    """The template as our field → source column (``code`` included when renamed)."""
    mapping = FieldMapping.from_dict(template.mapping)
    choice = dict(mapping.fields)
    if mapping.code != "code":
        choice["code"] = mapping.code
    return choice


def template_region(user: User, region: Region) -> Region:
    """Where a template saved during an import into ``region`` belongs.

    The user's own region when it contains ``region`` (a county's template serves all its
    townships), else ``region``.
    """
    if user.region_id and user.region_id in services._ancestors(region):
        return user.region  # type: ignore[return-value]
    return region


def save_template(
    user: User, region: Region, name: str, choice: Mapping[str, str], columns: Sequence[str]
) -> MappingTemplate:
    """Create or replace the template ``name`` of ``region`` with ``choice``."""
    mapping = site_mapping(choice)
    template, _created = MappingTemplate.objects.update_or_create(
        region=region,
        name=name.strip(),
        defaults={
            "mapping": {"code": mapping.code, "fields": dict(mapping.fields)},
            "columns": list(columns),
            "created_by": user,
        },
    )
    return template


def templates_in(region: Region) -> Any:
    """Templates that serve an import into ``region``: its own and its parents'."""
    return MappingTemplate.objects.filter(region__in=services._ancestors(region))


def templates_for(user: User, region: Region) -> Any:
    """Of :func:`templates_in`, those the user may see."""
    return templates_in(region).filter(pk__in=MappingTemplate.objects.restrict(user).values("pk"))


def _overlap(a: Iterable[str], b: Iterable[str]) -> float:
    left, right = set(a), set(b)
    return len(left & right) / len(left | right) if left | right else 0.0


def find_template(
    user: User, region: Region, columns: Sequence[str], name: str | None = None
) -> MappingTemplate | None:
    """The template named ``name``, else the best one for a file with ``columns``."""
    candidates = list(templates_for(user, region))
    if name:
        return next((t for t in candidates if t.name == name), None)
    best: tuple[float, MappingTemplate] | None = None
    for template in candidates:
        mapped = set(choice_of(template).values())
        if not mapped or not mapped <= set(columns):
            continue
        score = (
            2.0 if set(template.columns) == set(columns) else _overlap(template.columns, columns)
        )
        if score >= MIN_OVERLAP and (best is None or score > best[0]):
            best = (score, template)
    return best[1] if best else None
