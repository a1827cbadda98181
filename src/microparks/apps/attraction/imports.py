"""Importing the investment office's project ledger (招商项目台账), all or nothing.

A project is known by its name within the county: importing the same name again updates it.
:func:`check_prospects` reads the file with the ``prospects`` vocabulary in effect (项目名称,
投资额（万元）, 用地需求（亩）, 跟进阶段 洽谈中 …) and checks every row against the database and
the pipeline's rules, writing nothing. A stage written in the file is a move of the pipeline:
it must be one :func:`~microparks.apps.attraction.services.check_move` allows (signing only
through the signing form and its admission decision; lost and abandoned with the reason in the
notes), and :func:`save_prospects` makes it through the services, as the web does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from microparks.apps.admission import gate
from microparks.apps.attraction import after_signing, services
from microparks.apps.attraction.models import Prospect, ProspectImport
from microparks.apps.attraction.table_import import (
    CHECKING,
    NOT_A_DATE,
    OTHER_REGION,
    READING,
    REQUIRED_FOR_NEW,
    SAME_KEY,
    UNKNOWN_INDUSTRY,
    IndustryFinder,
    Planned,
    Progress,
    TablePlan,
    assign,
    credit_code_problem,
    model_problems,
    no_progress,
    parse_date,
    read_table,
    rows_of,
)
from microparks.apps.audit.middleware import current_user
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.core.vocabulary import normalise_word
from microparks.io.errors import RowError, gettext_noop

VOCABULARY = "prospects"
TEXT_FIELDS = ("company_name", "origin_region", "notes")
NUMBER_FIELDS = (
    "investment_cny",
    "land_area_min_m2",
    "land_area_max_m2",
    "floor_area_min_m2",
    "power_kva",
    "water_t_per_day",
    "annual_energy_tce",
    "jobs_needed",
    "committed_jobs",
    "committed_tax_cny_per_year",
)
SAVING = gettext_noop("Saving the prospects")
PROJECT = gettext_noop("project")
PROJECT_NAME = gettext_noop("project name")
AMBIGUOUS = gettext_noop("%(count)s projects of the county have this name; rename them first")
UNKNOWN_PARK = gettext_noop("no park of this name or code in the county; its parks: %(parks)s")
NOT_YOURS = gettext_noop("your role may not change this project")


def check_prospects(
    path: Path,
    region: Region,
    user: Any | None = None,
    *,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> TablePlan:
    """Dry run of an import into ``region`` by ``user`` (``None``: the command line).

    Raises
    ------
    ImportFileError
        When the file cannot be read at all.

    """
    report = progress or no_progress
    report(5, READING)
    plan = read_table(VOCABULARY, path, region, required=("name",), file_name=file_name)
    report(30, CHECKING)
    allowed = set(region.descendant_ids())
    rows = list(rows_of(plan))
    names = [str(v.get("name") or "") for _, v in rows]
    found: dict[str, list[Prospect]] = {}
    for p in Prospect.objects.filter(region_id__in=allowed, name__in=names).select_related(
        "enterprise"
    ):
        found.setdefault(p.name, []).append(p)
    editable = set(services.editable(user).values_list("pk", flat=True)) if user else None
    context = _Context(region, allowed, IndustryFinder())
    seen: dict[str, int] = {}
    for row, values in rows:
        name = values.get("name")
        if name is None:
            continue  # the reader said so
        column = plan.column("name")
        if name in seen:
            params = {"what": (PROJECT_NAME,), "first": seen[name]}
            plan.errors.append(RowError(row, column, SAME_KEY, name, params))
            continue
        seen[name] = row
        matches = found.get(name, [])
        if len(matches) > 1:
            plan.errors.append(RowError(row, column, AMBIGUOUS, name, {"count": len(matches)}))
            continue
        prospect = matches[0] if matches else None
        if prospect is not None and editable is not None and prospect.pk not in editable:
            plan.errors.append(RowError(row, column, NOT_YOURS, name))
            continue
        new = Prospect(name=name, region=region, stage=Prospect.Stage.LEAD)
        item = Planned(row, prospect or new, prospect is None)
        plan.errors.extend(_fill(item, values, plan, context))
        plan.items.append(item)
    plan.errors.sort(key=lambda e: e.row)
    return plan


class _Context:
    """What every row is checked against: the county, its parks, industries, new firms."""

    def __init__(self, region: Region, allowed: set[int], industries: IndustryFinder) -> None:
        self.region = region
        self.allowed = allowed
        self.industries = industries
        parks = list(Park.objects.filter(region_id__in=allowed))
        self.parks = {normalise_word(p.name): p for p in parks}
        self.parks |= {normalise_word(p.code): p for p in parks}
        self.park_names = "、".join(p.name for p in parks) or "-"
        self.firms: dict[str, Enterprise] = {}


def _fill(item: Planned, values: dict[str, Any], plan: TablePlan, ctx: _Context) -> list[RowError]:
    """Apply a row's values to its prospect; the row's problems."""
    row, prospect = item.row, item.obj
    errors: list[RowError] = []
    for name in TEXT_FIELDS:
        if values.get(name) is not None:
            assign(item, name, str(values[name]))
    for name in NUMBER_FIELDS:
        if values.get(name) is not None:
            assign(item, name, values[name])
    if values.get("source") is not None:
        assign(item, "source", values["source"])
    elif item.created:
        prospect.source = Prospect.Source.OTHER  # a ledger without 来源
    errors += _industry(item, values.get("industry"), plan, ctx)
    errors += _park(item, values.get("target_park"), plan, ctx)
    errors += _firm(item, values.get("credit_code"), plan, ctx)
    follow_up = values.get("next_follow_up")
    if follow_up is not None:
        date = parse_date(str(follow_up))
        if date is None:
            errors.append(RowError(row, plan.column("next_follow_up"), NOT_A_DATE, follow_up))
        else:
            assign(item, "next_follow_up", date)
    if not prospect.company_name and prospect.enterprise is not None:
        prospect.company_name = prospect.enterprise.name
    if not prospect.company_name:
        params = {"what": (PROJECT,)}
        errors.append(RowError(row, plan.column("company_name"), REQUIRED_FOR_NEW, "", params))
    errors += _stage(item, values, plan)
    if not errors and not plan.has_problem(item.row):
        exclude = ["region", "industry", "enterprise", "target_park", "owner", "stage"]
        errors += model_problems(item, plan, exclude, lambda n: str(getattr(prospect, n, "") or ""))
    return errors


def _industry(item: Planned, text: Any, plan: TablePlan, ctx: _Context) -> list[RowError]:
    column = plan.column("industry")
    if text is None:
        if item.created:
            return [RowError(item.row, column, REQUIRED_FOR_NEW, "", {"what": (PROJECT,)})]
        return []
    industry = ctx.industries.find(str(text))
    if industry is None:
        return [RowError(item.row, column, UNKNOWN_INDUSTRY, str(text))]
    if item.obj.industry_id != industry.pk:
        item.obj.industry = industry
        if not item.created:
            item.changed.append("industry")
    return []


def _park(item: Planned, text: Any, plan: TablePlan, ctx: _Context) -> list[RowError]:
    if text is None:
        return []
    park = ctx.parks.get(normalise_word(str(text)))
    if park is None:
        column = plan.column("target_park")
        return [RowError(item.row, column, UNKNOWN_PARK, str(text), {"parks": ctx.park_names})]
    if item.obj.target_park_id != park.pk:
        item.obj.target_park = park
        if not item.created:
            item.changed.append("target_park")
    return []


def _firm(item: Planned, text: Any, plan: TablePlan, ctx: _Context) -> list[RowError]:
    """Link the enterprise of the credit code: found in the county, or new (created on save)."""
    if text is None:
        return []
    column = plan.column("credit_code")
    code, problem = credit_code_problem(item.row, column, str(text))
    if problem is not None:
        return [problem]
    firm = ctx.firms.get(code) or Enterprise.objects.filter(credit_code=code).first()
    if firm is not None and firm.pk and firm.region_id not in ctx.allowed:
        return [RowError(item.row, column, OTHER_REGION, code)]
    if firm is None:
        # as signing creates a tenant (services._tenant): small until the directory says more
        firm = Enterprise(credit_code=code, region=ctx.region, size=Enterprise.Size.SMALL)
        item.extra["new_firm"] = True
    ctx.firms[code] = firm
    prospect = item.obj
    if prospect.enterprise_id is None or prospect.enterprise.credit_code != code:
        prospect.enterprise = firm
        if not item.created:
            item.changed.append("enterprise")
    return []


def _stage(item: Planned, values: dict[str, Any], plan: TablePlan) -> list[RowError]:
    """The stage move the row asks for, checked by the pipeline's own rules."""
    target = values.get("stage")
    current = item.obj.stage
    if target is None or target == current:
        return []
    column, shown = plan.column("stage"), plan.written(item.row, "stage")
    try:
        services.check_move(current, target, str(values.get("notes") or ""))
    except ValidationError as exc:
        return [RowError(item.row, column, str(m), shown) for m in exc.messages]
    refused = gate.would_refuse(item.obj) if target in services.GATED else None
    if refused is not None:  # the gate on the row's data as it would be saved
        return [RowError(item.row, column, refused, shown)]
    item.extra["stage"] = target
    if not item.created:
        item.changed.append("stage")
    return []


def save_prospects(
    plan: TablePlan, user: Any | None, *, progress: Progress | None = None
) -> ProspectImport:
    """Write a checked import in one transaction, or refuse it when it has any problem.

    New projects are created as leads (``services.create_prospect`` for a signed-in user) and
    stages move through ``services.move_by_import``, which checks the rules again.

    Raises
    ------
    ImportValidationError
        Listing every problem of ``plan``; nothing is written.

    """
    plan.refuse_if_any()
    (progress or no_progress)(80, SAVING)
    token = current_user.set(user)
    try:
        with transaction.atomic():
            for item in plan.items:
                _save(item, user)
            return ProspectImport.objects.create(
                region=plan.region,
                file_name=plan.file_name,
                sha256=plan.sha256,
                created_count=plan.created,
                updated_count=plan.updated,
                unchanged_count=plan.unchanged,
                imported_by=user,
                vocabulary=plan.vocabulary,
            )
    finally:
        current_user.reset(token)


def _save(item: Planned, user: Any | None) -> None:
    prospect: Prospect = item.obj
    firm = prospect.enterprise
    if firm is not None and firm.pk is None:
        firm.name = prospect.company_name
        firm.industry = prospect.industry
        firm.full_clean()
        firm.save()
        prospect.enterprise = firm
    if item.created:
        prospect.stage = Prospect.Stage.LEAD
        if user is not None:
            services.create_prospect(user, prospect)  # runs the gate
        else:
            prospect.full_clean()
            prospect.save()
            gate.recheck(prospect)
    elif set(item.changed) - {"stage"}:
        prospect.save()
        force = bool(set(item.changed) & set(services.GATE_FIELDS))
        after_signing.recheck(prospect, user, force=force)
    stage = item.extra.get("stage")
    if stage is not None:
        services.move_by_import(prospect, stage, user, reason=prospect.notes)


def import_prospects(
    path: Path,
    region: Region,
    user: Any | None,
    *,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> ProspectImport:
    """:func:`check_prospects` then :func:`save_prospects`: every row or none."""
    plan = check_prospects(path, region, user, file_name=file_name, progress=progress)
    return save_prospects(plan, user, progress=progress)
