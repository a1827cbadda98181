"""The demo county's targeting inputs: its endowments and the anchor industries of nearby parks.

Idempotent: a repeated load writes nothing new.
"""

from __future__ import annotations

from microparks.apps.industries.models import Industry
from microparks.apps.regions.models import Region
from microparks.apps.targeting.models import ChainTarget, CountyEndowment
from microparks.demo import targeting as data
from microparks.demo.model import DemoCounty


def load_demo_targeting(demo: DemoCounty) -> None:
    """Store :data:`microparks.demo.targeting.ENDOWMENTS` and ``ANCHORS`` for the demo county."""
    county = Region.objects.get(code=demo.county.code)
    for name, abundance in data.ENDOWMENTS.items():
        CountyEndowment.objects.update_or_create(
            region=county, endowment=name, defaults={"abundance": abundance}
        )
    for code, where in data.ANCHORS:
        ChainTarget.objects.get_or_create(
            region=county,
            industry=Industry.objects.get(code=code),
            kind=ChainTarget.Kind.ANCHOR,
            defaults={"where": where},
        )
