"""Importing the county's enterprise directory (企业名录): upsert by credit code, all or nothing.

:func:`check_enterprises` reads the file with the ``enterprises`` vocabulary in effect (Chinese
headers, 大型/中型/小型/微型, 是/否, the industry as a GB/T 4754 code or name) and checks every
row against the database and the model, writing nothing; :func:`save_enterprises` writes a
plan without problems in one transaction and records the import with the vocabulary version.
A code of an enterprise of another county is refused by row: its record is never touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

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
from microparks.apps.enterprises.models import Enterprise, EnterpriseImport
from microparks.apps.regions.models import Region
from microparks.io.errors import RowError, gettext_noop

VOCABULARY = "enterprises"
TEXT_FIELDS = ("name", "origin_region", "address", "contact_name", "contact_phone", "contact_email")
FLAGS = ("is_above_size", "is_chain_leader")
SAVING = gettext_noop("Saving the enterprises")
ENTERPRISE = gettext_noop("enterprise")
CREDIT_CODE = gettext_noop("credit code")


def check_enterprises(
    path: Path,
    region: Region,
    *,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> TablePlan:
    """Dry run of an import: read ``path`` and check every row, writing nothing.

    Raises
    ------
    ImportFileError
        When the file cannot be read at all.

    """
    report = progress or no_progress
    report(5, READING)
    plan = read_table(
        VOCABULARY, path, region, required=("credit_code", "name"), file_name=file_name
    )
    report(30, CHECKING)
    flagged = {(e.row, e.field) for e in plan.errors}
    rows = list(rows_of(plan))
    codes = [str(v.get("credit_code") or "").strip().upper() for _, v in rows]
    existing = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    allowed = set(region.descendant_ids())
    industries = IndustryFinder()
    seen: dict[str, int] = {}
    for row, values in rows:
        text = values.get("credit_code")
        if text is None:
            continue  # missing: the reader said so
        code, problem = credit_code_problem(row, plan.column("credit_code"), str(text))
        if problem is not None:
            plan.errors.append(problem)
            continue
        if code in seen:
            params = {"what": (CREDIT_CODE,), "first": seen[code]}
            plan.errors.append(RowError(row, plan.column("credit_code"), SAME_KEY, code, params))
            continue
        seen[code] = row
        firm = existing.get(code)
        if firm is not None and firm.region_id not in allowed:
            plan.errors.append(RowError(row, plan.column("credit_code"), OTHER_REGION, code))
            continue
        item = Planned(row, firm or Enterprise(credit_code=code, region=region), firm is None)
        plan.errors.extend(_fill(item, values, plan, industries, flagged))
        plan.items.append(item)
    plan.errors.sort(key=lambda e: e.row)
    return plan


def _fill(
    item: Planned,
    values: dict[str, Any],
    plan: TablePlan,
    industries: IndustryFinder,
    flagged: set[tuple[int, str]],
) -> list[RowError]:
    """Apply a row's values to its enterprise; the row's problems."""
    row, firm, errors = item.row, item.obj, []
    for name in TEXT_FIELDS:
        if values.get(name) is not None:
            assign(item, name, str(values[name]))
    for name in FLAGS:
        if values.get(name) is not None:
            assign(item, name, values[name] == "yes")
    if values.get("size") is not None:
        assign(item, "size", values["size"])
    elif item.created and (row, plan.column("size")) not in flagged:
        params = {"what": (ENTERPRISE,)}
        errors.append(RowError(row, plan.column("size"), REQUIRED_FOR_NEW, "", params))
    industry_text = values.get("industry")
    if industry_text is not None:
        industry = industries.find(str(industry_text))
        if industry is None:
            errors.append(
                RowError(row, plan.column("industry"), UNKNOWN_INDUSTRY, str(industry_text))
            )
        elif firm.industry_id != industry.pk:
            firm.industry = industry
            if not item.created:
                item.changed.append("industry")
    elif item.created:
        params = {"what": (ENTERPRISE,)}
        errors.append(RowError(row, plan.column("industry"), REQUIRED_FOR_NEW, "", params))
    founded = values.get("founded_date")
    if founded is not None:
        date = parse_date(str(founded))
        if date is None:
            errors.append(RowError(row, plan.column("founded_date"), NOT_A_DATE, str(founded)))
        else:
            assign(item, "founded_date", date)
    if not errors and not plan.has_problem(item.row):
        errors += model_problems(
            item, plan, ["region", "industry"], lambda n: str(getattr(firm, n, "") or "")
        )
    return errors


def save_enterprises(
    plan: TablePlan, user: Any | None, *, progress: Progress | None = None
) -> EnterpriseImport:
    """Write a checked import in one transaction, or refuse it when it has any problem.

    Raises
    ------
    ImportValidationError
        Listing every problem of ``plan``; nothing is written.

    """
    plan.refuse_if_any()
    (progress or no_progress)(80, SAVING)
    token = current_user.set(user)  # the audit log's author of each change
    try:
        with transaction.atomic():
            for item in plan.items:
                if item.created:
                    item.obj.save()
                elif item.changed:
                    item.obj.save(update_fields=[*item.changed, "updated_at"])
            return EnterpriseImport.objects.create(
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


def import_enterprises(
    path: Path,
    region: Region,
    user: Any | None,
    *,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> EnterpriseImport:
    """:func:`check_enterprises` then :func:`save_enterprises`: every row or none."""
    plan = check_enterprises(path, region, file_name=file_name, progress=progress)
    return save_enterprises(plan, user, progress=progress)
