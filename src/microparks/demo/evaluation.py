"""The demo county's evaluation: a published Huangyan-scheme campaign for its latest year.

Idempotent: a repeated load with the same data writes nothing (the stored results carry the
hash of the inputs they came from).
"""

from __future__ import annotations

from microparks.apps.evaluation.models import Campaign
from microparks.apps.evaluation.services import gather_inputs, publish_campaign, run_evaluation
from microparks.apps.regions.models import Region
from microparks.core.evaluation import calc_inputs_hash
from microparks.demo.model import DemoCounty

DEMO_SCHEME = "huangyan"


def load_demo_evaluation(demo: DemoCounty) -> Campaign:
    """Create (or bring up to date) the demo county's evaluation of its latest year."""
    county = Region.objects.get(code=demo.county.code)
    campaign, _created = Campaign.objects.get_or_create(
        region=county, year=demo.years[-1], scheme=DEMO_SCHEME
    )
    _firms, inputs, _parks, _skipped = gather_inputs(campaign)
    current = calc_inputs_hash(inputs, campaign.year, campaign.benchmarks or None)
    stored = set(campaign.results.values_list("inputs_hash", flat=True))
    if stored != {current} and campaign.status != Campaign.Status.FINAL:
        run_evaluation(campaign)
    if campaign.status == Campaign.Status.DRAFT:
        publish_campaign(campaign, None)  # dated by the rules clock (MICROPARKS_CLOCK)
    return campaign
