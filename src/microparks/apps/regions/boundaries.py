"""A region's polygon as the boundary an import must stay in (``io.coordinates.Boundary``)."""

from __future__ import annotations

from microparks.apps.regions.models import Region
from microparks.io.coordinates import CONTEXT_TOLERANCE_M, DEFAULT_TOLERANCE_M, Boundary


def boundary_of(region: Region, *, context: bool = False) -> Boundary | None:
    """The polygon of ``region``, or of its nearest ancestor with one; ``None`` if none has one.

    Idle assets must lie within 1 km of it; features of a context layer (``context``) within
    100 km, touching it being enough (roads and protected zones cross county lines). The name
    is that of the region whose polygon it is.
    """
    node: Region | None = region
    while node is not None and not node.geometry:
        node = node.parent
    if node is None or not node.geometry:
        return None
    if context:
        return Boundary.from_geojson(node.name, node.geometry, CONTEXT_TOLERANCE_M, whole=False)
    return Boundary.from_geojson(node.name, node.geometry, DEFAULT_TOLERANCE_M)
