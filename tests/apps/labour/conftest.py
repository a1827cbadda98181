from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import POLYGON, County


@pytest.fixture
def qinglan(home: County) -> Any:
    """A second township of the home county, 青岚镇, with an outline."""
    from microparks.apps.regions.models import Region

    home.township.geometry = POLYGON
    home.township.save(update_fields=["geometry"])
    return Region.objects.create(
        code="450101102",
        name="青岚镇",
        level=Region.Level.TOWNSHIP,
        parent=home.county,
        geometry=POLYGON,
    )
