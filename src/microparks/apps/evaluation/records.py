"""Annual records of a campaign's tenants: the Excel template, its upload, bureau figures.

Every value written here goes through :func:`~microparks.apps.enterprises.provenance.set_values`,
so each keeps its provenance (source, file, who, when) and the audit log has it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from microparks.apps.accounts.models import User
from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.enterprises.provenance import RecordLockedError, set_values
from microparks.apps.evaluation.models import Campaign
from microparks.apps.evaluation.services import EvaluationError, check_may_change, gather_inputs
from microparks.io.errors import ImportValidationError, RowError
from microparks.io.evaluation_files import BureauFigures

RECORD_FIELDS = {  # records-file column → AnnualRecord field
    "tax_cny": "tax_cny",
    "value_added_cny": "value_added_cny",
    "revenue_cny": "revenue_cny",
    "jobs": "jobs",
    "energy_tce": "energy_tce",
    "electricity_kwh": "electricity_kwh",
    "rd_cny": "rd_spend_cny",
    "cod_t": "cod_t",
    "ammonia_n_t": "ammonia_n_t",
    "so2_t": "so2_t",
    "nox_t": "nox_t",
    "water_t": "water_t",
}


FILE_KEYS = {
    **{field: column for column, field in RECORD_FIELDS.items()},
    # the parts of jobs are not in the file: a check on them is fixed in its jobs column
    "local_jobs": "jobs",
    "rural_jobs": "jobs",
}
"""The records-file key of each AnnualRecord field it sets (or its check concerns)."""


def template_rows(campaign: Campaign) -> list[dict[str, Any]]:
    """The campaign's tenants with their current figures, to pre-fill the Excel template."""
    firms, inputs, _parks, _skipped = gather_inputs(campaign)
    records = {
        r.enterprise_id: r
        for r in AnnualRecord.objects.filter(enterprise__in=firms, year=campaign.year)
    }
    rows = []
    for i, firm in enumerate(firms):
        r = records[firm.pk]
        row: dict[str, Any] = {
            "credit_code": firm.credit_code,
            "name": firm.name,
            "above_size": 1 if firm.is_above_size else 0,
            "land_m2": round(float(inputs["land_m2"][i]), 2),
            "rent_cny": round(float(inputs["rent_cny"][i]), 2),
            "founded_year": firm.founded_date.year if firm.founded_date else None,
            "is_utility": 1 if inputs["is_utility"][i] else 0,
        }
        for column, name in RECORD_FIELDS.items():
            value = getattr(r, name)
            row[column] = None if value is None else float(value)
        rows.append(row)
    return rows


@transaction.atomic
def import_records(campaign: Campaign, records: Any, user: User, file_name: str = "") -> int:
    """Write uploaded figures into the tenants' annual records of the campaign's year.

    All or nothing: every row must name a tenant of the campaign's region with a record for the
    year that is not locked, and pass the record's checks; otherwise
    :class:`ImportValidationError` lists every bad row and nothing is saved. Land, rent and
    flags in the file are not stored (land comes from the leases). The
    records' source becomes "corrected by an official"; the audit log keeps who changed what.
    """
    check_may_change(user, campaign)
    if campaign.status == Campaign.Status.FINAL:
        raise EvaluationError(_("A final evaluation cannot be changed."))
    found = _records_by_code(campaign, records.credit_codes)
    column = records.header("credit_code")
    problems = [
        p
        for i, code in enumerate(records.credit_codes)
        if (p := _record_problem(records.row(i), column, code, found.get(code), campaign.year))
    ]
    if problems:
        raise ImportValidationError(file_name, problems)
    for i, code in enumerate(records.credit_codes):
        record = found[code]
        values: dict[str, Any] = {}
        for column, name in RECORD_FIELDS.items():
            if name in ("cod_t", "ammonia_n_t", "so2_t", "nox_t"):
                value = float(records.columns[column][i])
                values[name] = None if math.isnan(value) else value
                continue
            value = float(records.inputs[column][i])
            if name == "jobs":
                values[name] = int(value)
            elif name in ("tax_cny", "value_added_cny", "revenue_cny", "rd_spend_cny"):
                values[name] = Decimal(str(round(value, 2)))
            else:
                values[name] = value
        try:
            set_values(
                record,
                values,
                source=AnnualRecord.Source.CORRECTED,
                user=user,
                file_name=file_name,
                note=_("Upload of the county's records sheet"),
                only_changed=True,
            )
        except ValidationError as exc:
            problems += _model_problems(records.row(i), exc, values, records.header)
    if problems:  # every row checked; the transaction undoes the rows saved before
        raise ImportValidationError(file_name, problems)
    return len(records.credit_codes)


@transaction.atomic
def import_bureau_figures(
    campaign: Campaign, figures: BureauFigures, source: str, file_name: str, user: User
) -> int:
    """Set tax and/or electricity from a tax-bureau or power-company file, all or nothing.

    Every row must be of the campaign's year and name a tenant of the county with an unlocked
    record for it; otherwise :class:`ImportValidationError` names every bad row and nothing is
    saved. Each
    value keeps the file, the user, the time and the source as its provenance.
    """
    check_may_change(user, campaign)
    if source not in (AnnualRecord.Source.TAX_BUREAU, AnnualRecord.Source.POWER):
        raise EvaluationError(_("Choose the tax bureau or the power company as the source."))
    if campaign.status == Campaign.Status.FINAL:
        raise EvaluationError(_("A final evaluation cannot be changed."))
    found = _records_by_code(campaign, figures.credit_codes)
    problems: list[RowError] = []
    column = figures.header("credit_code")
    for i, (code, year) in enumerate(zip(figures.credit_codes, figures.years, strict=True)):
        row = figures.row(i)
        if int(year) != campaign.year:
            reason = gettext_noop("not the evaluated year %(year)s")
            params = {"year": campaign.year}
            problems.append(RowError(row, figures.header("year"), reason, str(int(year)), params))
        elif problem := _record_problem(row, column, code, found.get(code), campaign.year):
            problems.append(problem)
    if problems:
        raise ImportValidationError(file_name, problems)
    for i, code in enumerate(figures.credit_codes):
        values: dict[str, Any] = {}
        tax, kwh = float(figures.tax_cny[i]), float(figures.electricity_kwh[i])
        if not math.isnan(tax):
            values["tax_cny"] = Decimal(str(round(tax, 2)))
        if not math.isnan(kwh):
            values["electricity_kwh"] = kwh
        if not values:
            continue
        try:
            set_values(found[code], values, source=source, user=user, file_name=file_name)
        except ValidationError as exc:
            problems += _model_problems(figures.row(i), exc, values, figures.header)
        except RecordLockedError as exc:
            problems.append(RowError(figures.row(i), column, str(exc), code))
    if problems:  # every row checked; the transaction undoes the rows saved before
        raise ImportValidationError(file_name, problems)
    return len(figures.credit_codes)


def _record_problem(
    row: int, column: str, code: str, record: AnnualRecord | None, year: int
) -> RowError | None:
    """Why the file's row cannot change the firm's record of ``year``, if it cannot."""
    if record is None:
        reason = gettext_noop("the firm has no %(year)s record in this county")
        return RowError(row, column, reason, code, {"year": year})
    if record.locked:
        reason = gettext_noop("the record of %(firm)s is locked")
        return RowError(row, column, reason, code, {"firm": str(record.enterprise)})
    return None


def _model_problems(
    row: int, exc: ValidationError, values: dict[str, Any], header: Callable[[str], str]
) -> list[RowError]:
    """The record's own checks, one problem per message (Django has translated them).

    Each names the file's column of the field (``header`` of the file's key) where it has one.
    """
    return [
        RowError(
            row,
            header(FILE_KEYS.get(name, name)),
            str(message),
            "" if values.get(name) is None else str(values[name]),
        )
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def _records_by_code(campaign: Campaign, codes: Iterable[str]) -> dict[str, AnnualRecord]:
    """The campaign year's records of tenants in the campaign's region, by credit code."""
    regions = campaign.region.descendant_ids()
    return {
        r.enterprise.credit_code: r
        for r in AnnualRecord.objects.filter(
            year=campaign.year, enterprise__credit_code__in=list(codes)
        )
        .filter(enterprise__leases__park__region_id__in=regions)
        .select_related("enterprise")
        .distinct()
    }
