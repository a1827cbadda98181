"""Evaluation use cases: run, publish, object, decide, veto, finalise; the park ranking.

A campaign is run over the tenants' annual records and leased land, published with an
objection window, and made final once every objection is decided.

Every change goes through the model's ``save``/``delete`` so the audit log records it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.accounts.models import User
from microparks.apps.base import CHANGE, Role
from microparks.apps.common import clock
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.evaluation.job_sources import jobs_source, quarterly_jobs
from microparks.apps.evaluation.models import (
    Campaign,
    Notice,
    Objection,
    Publication,
    Result,
    Submission,
    Veto,
)
from microparks.apps.evaluation.notices import notify_decision, notify_results
from microparks.apps.json_fields import finite_or_none
from microparks.apps.parks.models import Lease
from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.apps.servicedesk.attachments import AttachmentRefused, check_attachments
from microparks.apps.servicedesk.policies import working_calendar
from microparks.core.evaluation import (
    INDICATORS,
    calc_emissions_t,
    calc_indicators,
    calc_low_efficiency,
    evaluate_firms,
)
from microparks.core.units import CNY_PER_WAN, M2_PER_MU

UTILITY_DIVISIONS = ("44", "45", "46")
"""GB/T 4754-2017 divisions of power and heat, gas, and water supply (section D): class T."""


class EvaluationError(Exception):
    """A step the campaign's state does not allow; the message is shown to the user."""


def add_working_days(start: dt.date, days: int, region: Region | None = None) -> dt.date:
    """``start`` moved ``days`` working days later on the working calendar of ``region``.

    Public holidays and make-up working days count, and the county's own days off and working
    days (its calendar document) apply after the official calendar.
    """
    return working_calendar(region=region).date_after_working_days(start, days)


def is_utility(industry_code: str) -> bool:
    """Whether a GB/T 4754 code lies in section D (power, heat, gas and water supply)."""
    return industry_code == "D" or industry_code[:2] in UTILITY_DIVISIONS


def check_may_change(user: User, campaign: Campaign) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may change ``campaign``."""
    if not Campaign.objects.restrict(user, CHANGE).filter(pk=campaign.pk).exists():
        raise PermissionDenied


@dataclass(frozen=True)
class RunReport:
    """What :func:`run_evaluation` did."""

    evaluated: int
    not_evaluated: int
    skipped: list[str]
    unreviewed: int = 0
    changed: int = 0
    republished: bool = False


def gather_inputs(
    campaign: Campaign,
) -> tuple[list[Enterprise], dict[str, Any], list[int | None], list[str]]:
    """The campaign's tenants with a record for the year and land leased in it, as arrays.

    ``jobs`` is a firm's mean headcount over its employment records of the year where it filed
    some, else its annual record's (:mod:`microparks.apps.evaluation.job_sources`).
    """
    year = campaign.year
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    regions = campaign.region.descendant_ids()
    leases = (
        Lease.objects.filter(park__region_id__in=regions, start_date__lte=last)
        .exclude(end_date__lt=first)
        .select_related("enterprise__industry")
    )
    land: dict[int, float] = defaultdict(float)
    rent: dict[int, float] = defaultdict(float)
    park_land: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    firms: dict[int, Enterprise] = {}
    for lease in leases:
        firms[lease.enterprise_id] = lease.enterprise
        land[lease.enterprise_id] += lease.land_area_m2
        rent[lease.enterprise_id] += float(lease.rent_cny_per_year)
        park_land[lease.enterprise_id][lease.park_id] += lease.land_area_m2
    records = {
        r.enterprise_id: r
        for r in AnnualRecord.objects.filter(enterprise_id__in=list(firms), year=year)
    }
    vetoed = set(Veto.objects.filter(campaign=campaign).values_list("enterprise_id", flat=True))
    chosen: list[Enterprise] = []
    skipped: list[str] = []
    for pk, firm in sorted(firms.items(), key=lambda kv: kv[1].credit_code):
        if pk not in records:
            skipped.append(
                _("%(firm)s: no annual record for %(year)d") % {"firm": firm, "year": year}
            )
        elif land[pk] <= 0:
            skipped.append(_("%(firm)s: no land leased") % {"firm": firm})
        else:
            chosen.append(firm)
    rec = [records[f.pk] for f in chosen]
    quarterly = quarterly_jobs([f.pk for f in chosen], year)

    def opt(values: list[float | None]) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    inputs: dict[str, Any] = {
        "tax_cny": np.array([float(r.tax_cny) for r in rec]),
        "value_added_cny": np.array([float(r.value_added_cny) for r in rec]),
        "revenue_cny": np.array([float(r.revenue_cny) for r in rec]),
        "land_m2": np.array([land[f.pk] for f in chosen]),
        "jobs": np.array(
            [
                quarterly[f.pk].mean_headcount if f.pk in quarterly else float(r.jobs)
                for f, r in zip(chosen, rec, strict=True)
            ]
        ),
        "energy_tce": np.array([r.energy_tce for r in rec]),
        "electricity_kwh": np.array([r.electricity_kwh for r in rec]),
        "emissions_t": calc_emissions_t(
            opt([r.cod_t for r in rec]),
            opt([r.ammonia_n_t for r in rec]),
            opt([r.so2_t for r in rec]),
            opt([r.nox_t for r in rec]),
        ),
        "rd_cny": np.array([float(r.rd_spend_cny) for r in rec]),
        "water_t": np.array([r.water_t for r in rec]),
        "rent_cny": np.array([rent[f.pk] for f in chosen]),
        "above_size": np.array([f.is_above_size for f in chosen], dtype=bool),
        "is_utility": np.array([is_utility(f.industry.code) for f in chosen], dtype=bool),
        "founded_year": opt([f.founded_date.year if f.founded_date else None for f in chosen]),
        "vetoed": np.array([f.pk in vetoed for f in chosen], dtype=bool),
    }
    parks = [max(park_land[f.pk].items(), key=lambda kv: kv[1])[0] for f in chosen]
    return chosen, inputs, list(parks), skipped


def _number(value: Any) -> float | None:
    v = float(value)
    return None if math.isnan(v) or math.isinf(v) else round(v, 6)


def unreviewed_firms(campaign: Campaign, firms: list[Enterprise]) -> list[Enterprise]:
    """Firms whose filing for the campaign's year is submitted or returned, not yet accepted."""
    pending = set(
        Submission.objects.filter(
            year=campaign.year,
            enterprise_id__in=[f.pk for f in firms],
            status__in=(Submission.Status.SUBMITTED, Submission.Status.RETURNED),
        ).values_list("enterprise_id", flat=True)
    )
    return [f for f in firms if f.pk in pending]


@transaction.atomic
def run_evaluation(
    campaign: Campaign, user: User | None = None, include_unreviewed: bool = False
) -> RunReport:
    """Evaluate the campaign's tenants and store one :class:`Result` per firm.

    Draft and published campaigns may be (re-)run, e.g. after a record is corrected on an
    upheld objection; results are updated in place so objections stay attached. A final
    campaign is not run again. Records that firms submitted and no official has accepted yet
    stop the run, unless ``include_unreviewed`` says to use them as they are.
    """
    if user is not None:
        check_may_change(user, campaign)
    if campaign.status == Campaign.Status.FINAL:
        raise EvaluationError(_("A final evaluation cannot be run again."))
    document = scheme_document(campaign)
    scheme = rules.parse(document)
    firms, inputs, parks, skipped = gather_inputs(campaign)
    unreviewed = unreviewed_firms(campaign, firms)
    if unreviewed and not include_unreviewed:
        names = ", ".join(str(f) for f in unreviewed[:5])
        more = "…" if len(unreviewed) > 5 else ""
        raise EvaluationError(
            _(
                "%(n)d records are not reviewed yet (%(firms)s): accept or return them, "
                "or run including unreviewed records."
            )
            % {"n": len(unreviewed), "firms": names + more}
        )
    keep: list[int] = []
    changed: list[int] = []  # firms whose result is new, different or gone
    before = {r.enterprise_id: r for r in Result.objects.filter(campaign=campaign)}
    quarterly = quarterly_jobs([f.pk for f in firms], campaign.year)
    if firms:
        result = evaluate_firms(scheme, inputs, campaign.year, campaign.benchmarks or None)
        every = calc_indicators(inputs)
        previous = _previous_classes(campaign)
        county_tax = float(np.nansum(inputs["tax_cny"]) / CNY_PER_WAN) / float(
            np.sum(inputs["land_m2"]) / M2_PER_MU
        )
        low, repeated = calc_low_efficiency(
            every["tax_per_mu"],
            county_tax,
            result.classes,
            [previous.get(f.pk, "") for f in firms],
        )
        group_names = [g.name for g in scheme.groups]
        weights = {g.name: frozen_weights(g) for g in scheme.groups}
        for i, firm in enumerate(firms):
            gi = int(result.scores.group[i])
            group = group_names[gi] if gi >= 0 else ""
            items = {
                k: _number(v[i])
                for k, v in result.scores.item_scores.items()
                if not math.isnan(v[i])
            }
            bench: dict[str, Any] = dict(result.scores.benchmarks.get(group, {}))
            bench.update({k: list(v) for k, v in result.scores.ranges.get(group, {}).items()})
            bench = finite_or_none(bench)  # a min–max range over no data is (NaN, NaN)
            flags = (["low_tax"] if low[i] else []) + (["repeated_d"] if repeated[i] else [])
            values = {
                "park_id": parks[i],
                "group": group,
                "rules": document,
                "weights": weights.get(group, []),
                "land_m2": float(inputs["land_m2"][i]),
                "inputs": {k: _number(v[i]) for k, v in inputs.items()},
                "sources": {"jobs": jobs_source(quarterly.get(firm.pk))},
                "indicators": {k: _number(every[k][i]) for k in INDICATORS},
                "benchmarks": bench,
                "item_scores": items,
                "total": _number(result.scores.total[i]),
                "evaluation_class": str(result.classes[i]),
                "policies": {k: _plain(v[i]) for k, v in result.terms.items()},
                "low_efficiency": flags,
                "inputs_hash": result.inputs_hash,
                "grade_basis": str(result.basis[i]),
                "next_class": str(result.next_class[i]),
                "next_total": _number(result.next_total[i]),
                "notes": finite_or_none(result.notes[i]),
            }
            keep.append(_store_result(campaign, firm, values, before.pop(firm.pk, None), changed))
    for stale in Result.objects.filter(campaign=campaign).exclude(pk__in=keep):
        changed.append(stale.enterprise_id)
        stale.delete()
    campaign.rules = document
    campaign.scheme_version = str(document.version)
    campaign.run_at = timezone.now()
    campaign.skipped = skipped
    campaign.save()
    if changed and campaign.status == Campaign.Status.PUBLISHED:
        _publish_again(campaign, user, changed)
    classes = list(
        Result.objects.filter(campaign=campaign).values_list("evaluation_class", flat=True)
    )
    t = classes.count("T")
    return RunReport(
        evaluated=len(classes) - t,
        not_evaluated=t,
        skipped=skipped,
        unreviewed=len(unreviewed),
        changed=len(changed),
        republished=bool(changed) and campaign.status == Campaign.Status.PUBLISHED,
    )


SUBSTANCE = (
    "group",
    "land_m2",
    "inputs",
    "indicators",
    "benchmarks",
    "item_scores",
    "total",
    "evaluation_class",
    "policies",
    "low_efficiency",
)
"""What a firm was published: a change in any of these during 公示 opens a new round. How the
result is explained (grade basis, next class, notes) and where figures came from may be filled
in by a re-run without reopening the window."""


def _store_result(
    campaign: Campaign,
    firm: Enterprise,
    values: dict[str, Any],
    stored: Result | None,
    changed: list[int],
) -> int:
    """Save the firm's result where it is new or differs from ``stored``; return its id.

    A result that comes out the same is not written. A new result, or one whose published
    substance (:data:`SUBSTANCE`) or scheme version changed, enters the campaign's current
    round and is counted in ``changed``.
    """
    differs = [name for name in values if stored is None or _differs(stored, name, values[name])]
    if not differs:
        return stored.pk  # type: ignore[union-attr]  # None differs in every field
    row = stored or Result(campaign=campaign, enterprise=firm)
    for name, value in values.items():
        setattr(row, name, value)
    if stored is None or any(name in SUBSTANCE or name == "rules" for name in differs):
        row.publication = campaign.publication
        changed.append(firm.pk)
    row.save()
    return row.pk


def _differs(stored: Result, name: str, value: Any) -> bool:
    if name == "rules":
        return bool(stored.rules_id != value.pk)
    return bool(getattr(stored, name) != value)


def scheme_document(campaign: Campaign) -> RulesDocument:
    """The scheme version a run uses.

    A draft follows the version in effect for its county (officials may revise the scheme
    before publishing); once published, the campaign keeps the version its results were
    published with.
    """
    if campaign.status != Campaign.Status.DRAFT:
        return campaign.rules
    current = _in_effect(campaign)
    if current is None:
        raise EvaluationError(
            _("No version of the scheme %(scheme)s is in effect; put one into effect first.")
            % {"scheme": campaign.scheme}
        )
    return current


def newer_scheme(campaign: Campaign) -> RulesDocument | None:
    """The version a draft campaign would use if run now, when it differs from its last run."""
    if campaign.status != Campaign.Status.DRAFT:
        return None
    current = _in_effect(campaign)
    return current if current is not None and current.pk != campaign.rules_id else None


def _in_effect(campaign: Campaign) -> RulesDocument | None:
    try:
        return rules.in_effect("evaluation", region=campaign.region, name=campaign.scheme)
    except rules.NoDocumentError:
        return None


def frozen_weights(group: Any) -> list[dict[str, Any]]:
    """A group's items as scored, kept with each result so that it re-renders unchanged."""
    return [{"indicator": i.indicator, "weight": i.weight, "cap": i.cap} for i in group.items]


def _plain(value: Any) -> Any:
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    return _number(value)


def _previous_classes(campaign: Campaign) -> dict[int, str]:
    before = (
        Campaign.objects.filter(region=campaign.region, year=campaign.year - 1)
        .exclude(status=Campaign.Status.DRAFT)
        .first()
    )
    if before is None:
        return {}
    return dict(before.results.values_list("enterprise_id", "evaluation_class"))


@transaction.atomic
def publish_campaign(campaign: Campaign, user: User | None, today: dt.date | None = None) -> None:
    """Draft → published (公示 round 1); the objection window runs ``objection_days`` working days.

    ``user`` None is the system itself (the demo loader); a user must be allowed to change the
    campaign. ``today`` defaults to the rules clock. Each firm's users are notified.
    """
    if user is not None:
        check_may_change(user, campaign)
    if campaign.status != Campaign.Status.DRAFT:
        raise EvaluationError(_("Only a draft can be published."))
    if not campaign.results.exists():
        raise EvaluationError(_("Run the evaluation before publishing it."))
    campaign.status = Campaign.Status.PUBLISHED
    _open_window(campaign, user, today, changed=campaign.results.count())
    campaign.results.update(publication=campaign.publication)
    notify_results(campaign, campaign.results.all(), Notice.Kind.PUBLISHED)


def _publish_again(campaign: Campaign, user: User | None, changed: list[int]) -> None:
    """Results changed during 公示: a new round with a new window; the old one stays on record."""
    _open_window(campaign, user, None, changed=len(changed))
    results = campaign.results.filter(enterprise_id__in=changed)
    results.update(publication=campaign.publication)
    notify_results(campaign, campaign.results.all(), Notice.Kind.REPUBLISHED)


def _open_window(
    campaign: Campaign, user: User | None, today: dt.date | None, changed: int
) -> Publication:
    today = today or clock.today()
    campaign.publication += 1
    campaign.published_on = today
    campaign.objection_deadline = add_working_days(today, campaign.objection_days, campaign.region)
    campaign.save()
    return Publication.objects.create(
        campaign=campaign,
        number=campaign.publication,
        published_on=today,
        objection_deadline=campaign.objection_deadline,
        changed=changed,
        published_by=user,
    )


def window_open(campaign: Campaign, today: dt.date | None = None) -> bool:
    """Whether objections are taken: published, a window of at least one day, not yet over.

    The window is the ``objection_days`` working days after the publication day, counted on
    the county's working calendar; its last day is ``objection_deadline``.
    """
    today = today or clock.today()
    return (
        campaign.status == Campaign.Status.PUBLISHED
        and campaign.objection_days > 0
        and campaign.objection_deadline is not None
        and today <= campaign.objection_deadline
    )


@transaction.atomic
def finalise_campaign(campaign: Campaign, user: User, today: dt.date | None = None) -> None:
    """Published → final (定稿), once the objection window is over and every objection decided.

    A 0-day window is over on the day of publication.
    """
    check_may_change(user, campaign)
    today = today or clock.today()
    if campaign.status != Campaign.Status.PUBLISHED:
        raise EvaluationError(_("Only a published evaluation can be made final."))
    if window_open(campaign, today):
        raise EvaluationError(
            _("The objection window is still open (until %(date)s).")
            % {"date": campaign.objection_deadline}
        )
    if Objection.objects.filter(
        result__campaign=campaign, status=Objection.Status.PENDING
    ).exists():
        raise EvaluationError(_("Decide every objection first."))
    campaign.status = Campaign.Status.FINAL
    campaign.finalised_on = today
    campaign.save()


def may_object(result: Result, user: User, today: dt.date | None = None) -> bool:
    """Whether ``user`` may object to ``result`` now: the firm's own user, window open."""
    return (
        user.is_authenticated
        and user.role == Role.ENTERPRISE
        and user.enterprise_id == result.enterprise_id
        and window_open(result.campaign, today)
    )


@transaction.atomic
def submit_objection(
    result: Result,
    user: User,
    text: str,
    today: dt.date | None = None,
    attachment: UploadedFile | None = None,
) -> Objection:
    """The firm objects to its published result within the window, with evidence if it has some.

    The attachment is checked like a ticket's (size, type, content that matches the name).
    """
    if not (user.role == Role.ENTERPRISE and user.enterprise_id == result.enterprise_id):
        raise PermissionDenied
    if not may_object(result, user, today):
        raise EvaluationError(_("Objections are taken only while the window is open."))
    if not text.strip():
        raise EvaluationError(_("Say what is wrong."))
    objection = Objection(result=result, submitted_by=user, text=text.strip())
    if attachment is not None:
        try:
            check_attachments([attachment])
        except AttachmentRefused as exc:
            raise EvaluationError(str(exc)) from exc
        objection.attachment = attachment
        objection.attachment_name = (attachment.name or "")[:200]
    objection.save()
    return objection


@transaction.atomic
def decide_objection(objection: Objection, user: User, upheld: bool, decision: str) -> None:
    """An official of the region decides a pending objection; the firm is notified.

    Upheld is 异议成立, not upheld 异议不成立（驳回）; the firm's notice carries the reasons.
    """
    if user.role not in (Role.OFFICIAL, Role.ADMIN) and not user.is_superuser:
        raise PermissionDenied
    check_may_change(user, objection.result.campaign)
    if objection.status != Objection.Status.PENDING:
        raise EvaluationError(_("This objection has been decided already."))
    if objection.result.campaign.status != Campaign.Status.PUBLISHED:
        raise EvaluationError(_("Objections are decided while the evaluation is published."))
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.decided_by = user
    objection.decided_at = timezone.now()
    objection.decision = decision.strip()
    objection.save()
    notify_decision(objection.result, objection.decision)


@transaction.atomic
def record_veto(
    campaign: Campaign,
    enterprise: Enterprise,
    reason: str,
    evidence: str,
    user: User,
    reference: str = "",
) -> Veto:
    """Record a direct D with its evidence; it takes effect when the campaign is (re-)run."""
    check_may_change(user, campaign)
    if campaign.status == Campaign.Status.FINAL:
        raise EvaluationError(_("A final evaluation cannot be changed."))
    if not evidence.strip():
        raise EvaluationError(_("A veto needs its evidence."))
    return Veto.objects.create(
        campaign=campaign,
        enterprise=enterprise,
        reason=reason,
        evidence=evidence.strip(),
        reference=reference,
        recorded_by=user,
    )
