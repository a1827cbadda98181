"""The targeting page's work: a county's inputs, its ranking (national panel cached), positioning.

Deployment files (environment variables, all optional):

- ``MICROPARKS_TARGETING_EMPLOYMENT``: employment of all counties, a census workbook (``.xlsx``)
  or a long CSV ``region,industry,value[,year]``. A county that is not in it (such as the demo
  county) gets the demo table (:mod:`microparks.demo.targeting`).
- ``MICROPARKS_CENSUS_2010`` and ``MICROPARKS_CENSUS_2020``: the two census workbooks for the
  national-growth component.
- ``MICROPARKS_TARGETING_IO_TABLE`` and ``MICROPARKS_TARGETING_CONCORDANCE``: the input–output
  table (symmetric CSV) and its GB/T 4754 concordance; the shipped demo table otherwise.
- ``MICROPARKS_TARGETING_WEIGHTS``: a weight set (YAML) instead of the shipped one.

The complexity of a whole national panel takes seconds to minutes: it is computed once per file
version and kept in memory and in ``$MICROPARKS_DATA_DIR/cache`` (never per request).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from microparks.apps.admission.models import RuleSet
from microparks.apps.admission.services import default_rules
from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.industries.models import Industry
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.targeting.models import ChainTarget, CountyEndowment
from microparks.core.admission import RuleSet as CoreRuleSet
from microparks.core.targeting import TargetingWarning, calc_complexity_panel
from microparks.core.targeting.chain import ChainTarget as CoreTarget
from microparks.core.targeting.components import Component
from microparks.core.targeting.endowment import EndowmentLink
from microparks.core.targeting.growth import calc_national_growth
from microparks.core.targeting.indices import ComplexityResult
from microparks.core.targeting.rank import ChainInputs, Classification, CountyInputs, rank_county
from microparks.core.targeting.score import ScoreWeights, exclusions_from_rule_set
from microparks.demo import targeting as demo
from microparks.io.census import read_census_counties, read_section_mapping
from microparks.io.io_tables import read_io_csv
from microparks.io.tables import read_classification, read_long_csv, read_score_weights
from microparks.io.targeting_inputs import read_endowment_links, read_targeting_concordance

CACHE_VERSION = "1"


@dataclass(frozen=True)
class Panel:
    """Employment of all regions for one year and its complexity."""

    source: str
    demo: bool
    result: ComplexityResult
    year: int | None
    notes: tuple[str, ...] = ()


@dataclass
class TargetingPage:
    """What the page shows: the ranked table and the inputs it came from."""

    county: Region
    table: pd.DataFrame
    panel: Panel
    endowments: list[tuple[str, float]]
    targets: list[CoreTarget]
    chain_source: str
    growth_source: str
    weights: ScoreWeights
    rules: str
    employment: list[tuple[str, str, float]] = field(default_factory=list)


@lru_cache(maxsize=1)
def endowment_links() -> list[EndowmentLink]:
    """The shipped endowment → industry table."""
    return read_endowment_links()


@lru_cache(maxsize=1)
def classification() -> Classification:
    """GB/T 4754 parents, names and labour intensity."""
    return Classification.from_frame(read_classification())


def score_weights() -> ScoreWeights:
    """The deployment's weights, else the shipped ones."""
    path = os.environ.get("MICROPARKS_TARGETING_WEIGHTS")
    return read_score_weights(path) if path else read_score_weights()


def county_of(region: Region) -> Region:
    """The county a region (township or county) belongs to."""
    node = region
    while node.level != Region.Level.COUNTY and node.parent_id is not None:
        node = node.parent  # type: ignore[assignment]
    return node


def _cache_path(key: str) -> Path:
    folder = Path(settings.DATA_DIR) / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"targeting-{key}.pkl"


def _stamp(path: str) -> str:
    st = Path(path).stat()
    raw = f"{CACHE_VERSION}|{Path(path).resolve()}|{st.st_mtime_ns}|{st.st_size}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _read_employment(path: str) -> tuple[pd.DataFrame, int | None]:
    if Path(path).suffix.lower() in (".xlsx", ".xls"):
        census = read_census_counties(path)
        frame = census.employment.rename(columns={"employment": "value"})
        return frame[["region", "industry", "value"]], census.year
    data = read_long_csv(path)
    year = None
    if "year" in data.columns:
        latest = max(data["year"])  # codes stay text: compare as read
        data = data[data["year"] == latest]
        year = int(float(latest))
    return data[["region", "industry", "value"]], year


def _complexity(data: pd.DataFrame) -> tuple[ComplexityResult, tuple[str, ...]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TargetingWarning)
        result = calc_complexity_panel(data).years[0]
    return result, tuple(str(w.message) for w in caught)


@lru_cache(maxsize=2)
def _configured(path: str, stamp: str) -> Panel:
    cached = _cache_path(stamp)
    if cached.exists():
        try:
            with cached.open("rb") as fh:
                panel: Panel = pickle.load(fh)  # our own cache file, written below
            return panel
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            cached.unlink(missing_ok=True)
    data, year = _read_employment(path)
    result, notes = _complexity(data)
    panel = Panel(source=Path(path).name, demo=False, result=result, year=year, notes=notes)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")  # unique per process: no torn writes
    with tmp.open("wb") as fh:
        pickle.dump(panel, fh)
    tmp.replace(cached)
    return panel


def configured_panel() -> Panel | None:
    """The deployment's national panel (computed once per file version), or None."""
    path = os.environ.get("MICROPARKS_TARGETING_EMPLOYMENT")
    if not path or not Path(path).exists():
        return None
    return _configured(path, _stamp(path))


@lru_cache(maxsize=1)
def _peers() -> pd.DataFrame:
    return demo.peer_panel()


def firm_jobs(county: Region) -> dict[str, float]:
    """Jobs of the county's firms in their latest reported year, by GB/T 4754 division."""
    ids = county.descendant_ids()
    latest = (
        AnnualRecord.objects.filter(enterprise__region_id__in=ids)
        .values("enterprise_id")
        .annotate(year=Max("year"))
    )
    last = {r["enterprise_id"]: r["year"] for r in latest}
    out: dict[str, float] = {}
    records = AnnualRecord.objects.filter(enterprise_id__in=list(last)).values_list(
        "enterprise_id", "year", "jobs", "enterprise__industry__code"
    )
    for firm, year, jobs, code in records:
        if year == last[firm] and code and code[:2].isdigit():
            out[code[:2]] = out.get(code[:2], 0.0) + float(jobs)
    return out


@lru_cache(maxsize=16)
def _demo_panel(county: str, jobs: tuple[tuple[str, float], ...], rural: int) -> Panel:
    peers = _peers()
    own = demo.county_employment(county, dict(jobs), rural, peers)
    result, notes = _complexity(pd.concat([peers, own], ignore_index=True))
    return Panel(source="demo", demo=True, result=result, year=None, notes=notes)


def panel_for(county: Region) -> Panel:
    """The configured panel when it holds the county, else the demo table with the county."""
    panel = configured_panel()
    if panel is not None and county.code in panel.result.regions:
        return panel
    jobs = tuple(sorted(firm_jobs(county).items()))
    rural = county.working_age_population or county.rural_population or 0
    if county.rural_population and county.population and county.working_age_population:
        rural = int(county.working_age_population * county.rural_population / county.population)
    return _demo_panel(county.code, jobs, int(rural))


@lru_cache(maxsize=2)
def _growth(start: str, end: str, stamp: str) -> Component:
    s, e = read_census_counties(start), read_census_counties(end)
    return calc_national_growth(
        s.employment.rename(columns={"employment": "value"}),
        e.employment.rename(columns={"employment": "value"}),
        mapping=read_section_mapping(),
        years=(s.year, e.year),
    )


def national_growth() -> tuple[Component | None, str]:
    """National growth by section from the two census workbooks, when configured."""
    start = os.environ.get("MICROPARKS_CENSUS_2010")
    end = os.environ.get("MICROPARKS_CENSUS_2020")
    if not start or not end or not Path(start).exists() or not Path(end).exists():
        return None, ""
    return _growth(start, end, _stamp(start) + _stamp(end)), f"{Path(start).name}, {Path(end).name}"


@lru_cache(maxsize=2)
def _table(path: str, concordance: str) -> tuple[Any, Any, str]:
    table = read_io_csv(path)
    return table.A, read_targeting_concordance(table.sectors, concordance), Path(path).name


def io_table() -> tuple[Any, Any, str]:
    """The deployment's table and concordance, else the shipped demo ones."""
    path = os.environ.get("MICROPARKS_TARGETING_IO_TABLE")
    conc = os.environ.get("MICROPARKS_TARGETING_CONCORDANCE")
    if path and conc:
        return _table(path, conc)
    return _table(str(demo.IO_TABLE), str(demo.CONCORDANCE))


def chain_targets(county: Region) -> list[CoreTarget]:
    """The county's recorded targets plus its leading firms' industries."""
    names = classification().names
    out = [
        CoreTarget(t.industry.code, t.kind, names.get(t.industry.code, ""), t.where)
        for t in ChainTarget.objects.filter(region=county).select_related("industry")
    ]
    seen = {(t.industry, t.kind) for t in out}
    leaders = Enterprise.objects.filter(
        region_id__in=county.descendant_ids(), is_chain_leader=True
    ).select_related("industry")
    for firm in leaders:
        code = firm.industry.code
        if (code, "leading") not in seen:
            seen.add((code, "leading"))
            out.append(CoreTarget(code, "leading", names.get(code, firm.industry.name), firm.name))
    return out


def rules_for_park(park: Park | None) -> CoreRuleSet:
    """The park's active admission rules, else the shipped default."""
    stored = RuleSet.objects.filter(park=park, active=True).first() if park else None
    return stored.parsed() if stored is not None else default_rules()


def build_page(county: Region, park: Park | None = None) -> TargetingPage:
    """Rank the county's industries on every component that has inputs."""
    panel = panel_for(county)
    endowments = list(
        CountyEndowment.objects.filter(region=county).values_list("endowment", "abundance")
    )
    targets = chain_targets(county)
    a, conc, chain_source = io_table()
    growth, growth_source = national_growth()
    weights = score_weights()
    rules = rules_for_park(park)
    rural = county.rural_population or 0
    supply = min(1.0, rural / county.population) if county.population else 1.0
    table = rank_county(
        panel.result,
        county.code,
        weights=weights,
        classification=classification(),
        exclusions=exclusions_from_rule_set(rules),
        inputs=CountyInputs(
            endowments=dict(endowments),
            links=endowment_links(),
            chain=ChainInputs(A=a, concordance=conc, targets=tuple(targets)) if targets else None,
            growth=growth,
            labour_supply=supply,
        ),
    )
    r = panel.result.regions.index(county.code)
    extra = pd.DataFrame(
        {
            "industry": list(panel.result.industries),
            "pci": panel.result.pci,
            "employment": panel.result.matrix[r],
        }
    )
    table = table.merge(extra, on="industry", how="left")
    return TargetingPage(
        county=county,
        table=table,
        panel=panel,
        endowments=endowments,
        targets=targets,
        chain_source=chain_source if targets else "",
        growth_source=growth_source,
        weights=weights,
        rules=f"{rules.name} {rules.version}",
    )


def add_to_positioning(user: Any, park: Park, code: str) -> bool:
    """Add an industry to the park's positioning (audited); False if it was already there.

    The caller has checked that ``park`` is in ``Park.objects.restrict(user, "change")``.
    """
    industry = Industry.objects.get(code=code)
    with transaction.atomic():
        before = sorted(park.positioning.values_list("code", flat=True))
        if code in before:
            return False
        park.positioning.add(industry)
        AuditEntry.objects.create(
            user=user,
            action=AuditEntry.Action.UPDATE,
            model=park._meta.label_lower,
            object_id=str(park.pk),
            object_repr=str(park)[:200],
            changes={
                "positioning": [before, sorted([*before, code])],
                "source": "targeting",
            },
        )
    return True
