"""The targeting page's work: a county's inputs, its ranking and the park positioning action.

The ranking is :func:`microparks.core.targeting.pipeline.run_targeting`, the same as
``microparks targeting rank``: this module gathers the county's inputs from the database
(endowments, chain targets and leading firms, labour supply, the park's admission rules) and the
deployment's files (:mod:`microparks.apps.targeting.inputs`: employment, input–output table,
census pair), and the score's weights from the targeting rules document in effect for the
county (applied after the cached panel). A missing input is a
:class:`~microparks.apps.targeting.inputs.Notice` on the page, never a stand-in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.industries.models import Industry
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Kind, RulesDocument, Status
from microparks.apps.rules.scope import ancestor_ids
from microparks.apps.targeting.inputs import (
    Notice,
    chain_table,
    employment_panel,
    missing_county,
    national_growth,
)
from microparks.apps.targeting.models import ChainTarget, CountyEndowment
from microparks.core.admission import RuleSet as CoreRuleSet
from microparks.core.targeting.chain import ChainTarget as CoreTarget
from microparks.core.targeting.endowment import EndowmentLink
from microparks.core.targeting.pipeline import (
    InputSource,
    PanelComplexity,
    TargetingProblem,
    TargetingResult,
    complexity_columns,
    run_targeting,
)
from microparks.core.targeting.rank import Classification
from microparks.core.targeting.score import ScoreInputError, ScoreWeights
from microparks.io.targeting_inputs import read_endowment_links, read_targeting_classification


@dataclass
class TargetingPage:
    """What the page shows: the ranked table (None without a ranking), its inputs and notices."""

    county: Region
    table: pd.DataFrame | None
    result: TargetingResult | None
    panel: PanelComplexity | None
    endowments: list[tuple[str, float]]
    targets: list[CoreTarget]
    chain_source: str
    growth_source: str
    weights: ScoreWeights | None
    #: The targeting rules document (version) the weights come from.
    weights_document: RulesDocument | None
    rules: str
    notices: list[Notice] = field(default_factory=list)
    #: The employment table's file, worded (see :func:`source_text`).
    panel_source: str = ""


def source_text(source: InputSource) -> str:
    """An input's file name with the start of its SHA-256 digest, worded for the reader."""
    if not source.sha256:
        return source.name
    return _("%(name)s (sha256 %(digest)s)") % {
        "name": source.name,
        "digest": source.sha256[:12],
    }


@lru_cache(maxsize=1)
def endowment_links() -> list[EndowmentLink]:
    """The shipped endowment → industry table."""
    return read_endowment_links()


@lru_cache(maxsize=1)
def classification() -> Classification:
    """GB/T 4754 parents, names and labour intensity."""
    return read_targeting_classification()


def county_of(region: Region) -> Region:
    """The county a region (township or county) belongs to."""
    node = region
    while node.level != Region.Level.COUNTY and node.parent_id is not None:
        node = node.parent  # type: ignore[assignment]
    return node


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


def rules_for_park(park: Park | None, county: Region) -> CoreRuleSet:
    """The admission rules in effect for the park (else the county): its exclusions apply."""
    rule_set: CoreRuleSet = rules.parse(rules.in_effect("admission", region=county, park=park))
    return rule_set


def labour_supply(county: Region) -> float:
    """The county's surplus-labour supply in [0, 1]: its rural share of the population."""
    if not county.population:
        return 1.0
    return min(1.0, (county.rural_population or 0) / county.population)


def _recorded_notices(county: Region, endowments: list[Any], targets: list[Any]) -> list[Notice]:
    out = []
    if not endowments:
        text = _(
            "Endowment fit left out: no endowments are recorded for %(county)s. Add them in the "
            "admin under Industry targeting › County endowments."
        )
        out.append(Notice("endowment_fit", text % {"county": county.name}))
    if not targets:
        text = _(
            "Chain fit left out: no leading or anchor industries are recorded for %(county)s. "
            "Add them in the admin under Industry targeting › Chain targets, or mark a firm as "
            "a chain leader."
        )
        out.append(Notice("chain_fit", text % {"county": county.name}))
    return out


def county_problem(
    county: Region, park: Park | None, weights: ScoreWeights, include_non_tradable: bool = False
) -> tuple[TargetingProblem, list[Notice]]:
    """The county's inputs from the database and the deployment's files, with their notices."""
    endowments = dict(
        CountyEndowment.objects.filter(region=county).values_list("endowment", "abundance")
    )
    targets = chain_targets(county)
    table, table_notice = chain_table(county.code)
    growth, growth_sources, growth_notice = national_growth(county.code)
    notices = _recorded_notices(county, list(endowments), targets)
    notices += [n for n in (table_notice, growth_notice) if n is not None]
    problem = TargetingProblem(
        region=county.code,
        weights=weights,
        rules=rules_for_park(park, county),
        classification=classification(),
        links=endowment_links(),
        endowments=endowments,
        chain_table=table,
        targets=tuple(targets),
        growth=growth,
        labour_supply=labour_supply(county),
        sources=growth_sources,
        include_non_tradable=include_non_tradable,
    )
    return problem, notices


def weights_document(county: Region) -> tuple[RulesDocument | None, Notice | None]:
    """The targeting document in effect for the county, or the notice why there is none."""
    try:
        return rules.in_effect(Kind.TARGETING, region=county), None
    except rules.NoDocumentError as exc:
        text = _("No ranking: %(reason)s") % {"reason": exc}
        return None, Notice("weights", text)


def decision_document(county: Region, pk: Any) -> RulesDocument | None:
    """The weights document a positioning decision was made with.

    ``pk`` is the document the page showed, accepted when it is a targeting document that was
    in effect (active or since retired) for the county; else the one in effect now.
    """
    if str(pk or "").isdigit():
        shown: RulesDocument | None = (
            RulesDocument.objects.filter(pk=int(pk), kind=Kind.TARGETING)
            .exclude(status=Status.DRAFT)
            .first()
        )
        if shown is not None and (
            shown.region_id is None or shown.region_id in ancestor_ids(county)
        ):
            return shown
    current: RulesDocument | None = weights_document(county)[0]
    return current


@dataclass(frozen=True)
class Ranking:
    """The pipeline's result for a county (None when it cannot be ranked) and its inputs."""

    result: TargetingResult | None
    panel: PanelComplexity | None
    problem: TargetingProblem | None
    notices: list[Notice]
    document: RulesDocument | None = None


def rank_for_county(
    county: Region, park: Park | None = None, include_non_tradable: bool = False
) -> Ranking:
    """Run the targeting pipeline for ``county``; without a ranking, the notices say why.

    The non-tradable industries of the weights document are excluded unless
    ``include_non_tradable``.
    """
    panel, panel_notice = employment_panel(county.code)
    doc, weights_notice = weights_document(county)
    blocking = [n for n in (panel_notice, weights_notice) if n is not None]
    if panel is not None and county.code not in panel.result.regions:
        blocking.append(missing_county(county.name, county.code, panel))
    if doc is None:
        return Ranking(None, panel, None, blocking)
    problem, notices = county_problem(county, park, rules.parse(doc), include_non_tradable)
    if blocking or panel is None:
        return Ranking(None, panel, problem, blocking + notices, doc)
    try:
        return Ranking(run_targeting(panel, problem), panel, problem, notices, doc)
    except ScoreInputError as exc:
        text = _("No ranking: the county's inputs cannot be used: %(error)s") % {"error": exc}
        return Ranking(None, panel, problem, [Notice("ranking", text), *notices], doc)


def data_notices(result: TargetingResult) -> list[Notice]:
    """What the reader of a ranking must know: sections only, the non-tradables."""
    out = []
    if result.sections_only:
        text = _(
            "The employment data holds only GB/T 4754 sections (门类, one-letter codes): whole "
            "sections are ranked, not industries to attract. To choose targets, load employment "
            "by division or group (大类/中类) from the economic census."
        )
        out.append(Notice("sections", text))
    # Named only when the table holds some: a list of manufacturing divisions needs no word.
    listed = ", ".join(result.non_tradable) if result.table["non_tradable"].any() else ""
    if listed and result.non_tradable_included:
        text = _(
            "Non-tradable industries (%(codes)s) are ranked on request; they serve the county "
            "itself and are not targets for a micro-industrial park."
        )
        out.append(Notice("non_tradable", text % {"codes": listed}))
    elif listed:
        text = _(
            "Non-tradable industries (%(codes)s) serve the county itself and are not targets for "
            "a micro-industrial park: they are listed last, unranked. The list is part of the "
            "targeting weights document."
        )
        out.append(Notice("non_tradable", text % {"codes": listed}))
    return out


def build_page(
    county: Region, park: Park | None = None, include_non_tradable: bool = False
) -> TargetingPage:
    """Rank the county's industries on every component that has inputs."""
    ranking = rank_for_county(county, park, include_non_tradable)
    result, panel, problem = ranking.result, ranking.panel, ranking.problem
    table = None
    if result is not None and panel is not None:
        table = result.table.merge(complexity_columns(panel, county.code), on="industry")
    chain = problem.chain_table if problem is not None and problem.targets else None
    sources = problem.sources if problem is not None and problem.growth is not None else ()
    growth = [s for s in sources if s.role.startswith("growth")]
    rule_set = problem.rules if problem is not None else rules_for_park(park, county)
    return TargetingPage(
        county=county,
        table=table,
        result=result,
        panel=panel,
        endowments=sorted(problem.endowments.items()) if problem is not None else [],
        targets=list(problem.targets) if problem is not None else [],
        chain_source=_list(source_text(s) for s in chain.sources) if chain is not None else "",
        growth_source=_list(source_text(s) for s in growth),
        weights=problem.weights if problem is not None else None,
        weights_document=ranking.document,
        rules=f"{rule_set.name} {rule_set.version}",
        notices=ranking.notices + (data_notices(result) if result is not None else []),
        panel_source=source_text(panel.source) if panel is not None else "",
    )


def _list(texts: Iterable[str]) -> str:
    return pgettext("list separator", ", ").join(texts)


def _document_record(doc: RulesDocument | None) -> dict[str, Any] | None:
    """How an audit entry names a rules document version (it outlives any page)."""
    if doc is None:
        return None
    fields = ("kind", "name", "version", "title", "sha256", "scope_key")
    return {"id": doc.pk, **{name: getattr(doc, name) for name in fields}}


def add_to_positioning(
    user: Any, park: Park, code: str, document: RulesDocument | None = None
) -> bool:
    """Add an industry to the park's positioning (audited); False if it was already there.

    The audit entry records ``document``, the targeting weights the ranking was made with, so
    that the decision can be traced to them. The caller has checked that ``park`` is in
    ``Park.objects.restrict(user, "change")``.
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
                "weights_document": _document_record(document),
            },
        )
    return True
