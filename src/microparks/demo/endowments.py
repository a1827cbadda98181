"""The demo county's targeting inputs: endowments, nearby parks' anchors, the page's files.

The files are the employment table, input–output table and concordance that the targeting page
reads from ``DATA_DIR/targeting`` for any county.

Idempotent: a repeated load writes nothing new.
"""

from __future__ import annotations

from microparks.apps.industries.models import Industry
from microparks.apps.regions.models import Region
from microparks.apps.targeting.inputs import (
    CONCORDANCE_FILE,
    EMPLOYMENT_FILE,
    IO_TABLE_FILE,
    targeting_dir,
)
from microparks.apps.targeting.models import ChainTarget, CountyEndowment
from microparks.demo import targeting as data
from microparks.demo.model import DemoCounty


def load_demo_targeting(demo: DemoCounty) -> None:
    """Store the demo county's ``ENDOWMENTS`` and ``ANCHORS``; write its targeting files.

    The files go where the page reads a deployment's (``DATA_DIR/targeting``), see
    :func:`microparks.demo.targeting.write_targeting_files`.
    """
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
    folder = targeting_dir()
    data.write_targeting_files(
        demo, folder / EMPLOYMENT_FILE, folder / IO_TABLE_FILE, folder / CONCORDANCE_FILE
    )
