"""The demo county's context layers, a first scoring of its idle assets and its labour shed.

So that the suitability pages show a ranking and a map as soon as the demo is loaded; the
layers come from the same generated county as its sites (see :mod:`.layers`).
"""

from __future__ import annotations

from django.db import transaction

from microparks.apps.accounts.models import User
from microparks.apps.regions.models import Region
from microparks.apps.suitability.labour import compute_shed
from microparks.apps.suitability.models import ContextLayer, LabourShed, ScoringJob
from microparks.apps.suitability.services import WGS84, run_scoring, save_layer
from microparks.demo.generate import generate_demo
from microparks.demo.layers import demo_context_layers
from microparks.demo.model import DemoCounty


def load_demo_suitability(demo: DemoCounty) -> ScoringJob | None:
    """Store the demo's context layers and score its idle assets once.

    The layers replace earlier ones; the scoring (the shipped default scheme) runs only while
    the county has no finished scoring job, so reloading the demo adds none.
    """
    county = Region.objects.get(code=demo.county.code)
    for name, frame in demo_context_layers(demo).items():
        save_layer(county, name, frame, None, source_file="demo", source_crs=WGS84)
    if ScoringJob.objects.filter(region=county, status=ScoringJob.Status.DONE).exists():
        return None
    return run_scoring(county, None)


def load_demo_shed(demo: DemoCounty) -> LabourShed | None:
    """Work out the labour within 15 / 30 / 45 minutes of the demo's sites and parks once.

    Only while the county has none (a reload keeps it), after the register and the roads are
    loaded: the site and park pages show the figures from the first start, not an empty panel.
    """
    county = Region.objects.get(code=demo.county.code)
    if LabourShed.objects.filter(region=county).exists():
        return None
    return compute_shed(county, None)


def load_demo_layers(
    region: Region, user: User | None = None, demo: DemoCounty | None = None
) -> list[ContextLayer]:
    """Store the demo county's context layers on ``region`` (idempotent).

    For tests and trials on a region other than the demo county; ``microparks demo`` stores
    them on the demo county itself (:func:`load_demo_suitability`).
    """
    frames = demo_context_layers(demo or generate_demo())
    with transaction.atomic():
        return [
            save_layer(region, name, frame, user, source_file="demo", source_crs=WGS84)
            for name, frame in frames.items()
        ]
