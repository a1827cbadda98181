"""The other county's objects that the route sweep (``test_url_sweep.py``) points at.

:data:`ROUTE_OBJECTS` maps every route with an object id to the kwargs of the *other*
county's object; :data:`API_BODIES` and :data:`FORM_DATA` are what unsafe requests send, so
that they would act if a permission check were missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import CODES, County, make_county

YEAR = 2024  # of the evaluation campaign, and the year in the portal's my-records routes


@dataclass
class World:
    """The two counties and the other county's objects that the routes take."""

    home: County
    other: County
    campaign: Any
    result: Any
    objection: Any
    decision: Any
    scoring_job: Any
    job: Any
    attachment: Any
    article: Any
    template: Any
    matching_run: Any
    rules_document: Any


def _condition_check(w: World) -> int:
    """The other county's evidence of a condition met (its file is served by a checked view)."""
    from microparks.apps.admission.models import ConditionCheck

    return int(ConditionCheck.objects.get(decision=w.decision).pk)


def _pk(attr: str, kwarg: str = "pk") -> Callable[[World], dict[str, Any]]:
    """kwargs ``{kwarg: world.<attr>.pk}``; ``attr`` may be dotted (``other.park``)."""

    def kwargs(w: World) -> dict[str, Any]:
        obj: Any = w
        for part in attr.split("."):
            obj = getattr(obj, part)
        return {kwarg: obj.pk}

    return kwargs


def _import_record(w: World, app: str, model: str) -> int:
    """The other county's record of a table import (made with the world)."""
    from django.apps import apps

    record, _ = apps.get_model(app, model).objects.get_or_create(
        region=w.other.county, file_name="台账.xlsx", sha256="0" * 64
    )
    return int(record.pk)


def _vacancy(w: World) -> int:
    """The other county's vacancy (made with the world)."""
    from microparks.apps.labour.models import Vacancy

    vacancy, _ = Vacancy.objects.get_or_create(
        enterprise=w.other.enterprise,
        park=w.other.park,
        post="other county's post",
        defaults={
            "number": 3,
            "wage_min_cny": 3000,
            "wage_max_cny": 4000,
            "shifts": "day",
            "start_date": dt.date(2024, 7, 1),
            "contact_phone": "0771-0000000",
        },
    )
    return int(vacancy.pk)


def _job_seeker(w: World) -> int:
    """The other county's job seeker (made with the world)."""
    from microparks.apps.labour.jobseekers_models import JobSeeker

    seeker, _ = JobSeeker.objects.get_or_create(
        region=w.other.county,
        township=w.other.township,
        name="other county's job seeker",
        defaults={
            "phone": "13900000000",
            "availability": "full_time",
            "consent_at": dt.datetime(2024, 7, 1, 9, 0, tzinfo=dt.UTC),
            "consent_method": "paper",
            "consent_version": "2026-1",
        },
    )
    return int(seeker.pk)


def _employment_record(w: World) -> Any:
    """The other county's employment record (made with the world)."""
    from microparks.apps.labour.models import EmploymentRecord

    record, _ = EmploymentRecord.objects.get_or_create(
        enterprise=w.other.enterprise,
        park=w.other.park,
        year=2024,
        quarter=1,
        defaults={"headcount": 10, "local": 8, "poverty_alleviated": 1, "wage_cny": 4000},
    )
    return record


def _labour_event(w: World) -> Any:
    """The other county's job fair (made with the world)."""
    from microparks.apps.labour.events_models import LabourEvent

    event, _ = LabourEvent.objects.get_or_create(
        region=w.other.county,
        title="other county's job fair",
        defaults={"kind": "job_fair", "start_date": dt.date(2024, 3, 1), "organiser": "人社局"},
    )
    return event


def _event_hire(w: World) -> int:
    """A hire by the other county's firm at its job fair (made with the world)."""
    from microparks.apps.labour.events_models import EventHire

    hire, _ = EventHire.objects.get_or_create(
        event=_labour_event(w), enterprise=w.other.enterprise, defaults={"hired": 3}
    )
    return int(hire.pk)


def _workshop_run(w: World) -> int:
    """A workshop run of the other county (made with the world) under the shipped sample."""
    from microparks.apps.labour.models import WorkshopResult, WorkshopRun
    from microparks.apps.rules.models import RulesDocument

    run, _ = WorkshopRun.objects.get_or_create(
        region=w.other.county,
        year=2024,
        number=1,
        defaults={"rules": RulesDocument.objects.get(kind="workshop", scope_key="*", version=1)},
    )
    WorkshopResult.objects.get_or_create(
        run=run,
        enterprise=w.other.enterprise,
        defaults={
            "park": w.other.park,
            "designated": False,
            "headcount": 10,
            "local_workers": 8,
            "eligible_workers": 1,
            "months_operating": 12,
        },
    )
    return int(run.pk)


def _with(base: Callable[[World], dict[str, Any]], **more: Any) -> Callable[[World], dict]:
    """``base``'s kwargs plus ``more`` (values may be functions of the world)."""

    def kwargs(w: World) -> dict[str, Any]:
        out = base(w)
        out.update({k: v(w) if callable(v) else v for k, v in more.items()})
        return out

    return kwargs


PARK, SITE, FIRM = _pk("other.park"), _pk("other.site"), _pk("other.enterprise")
PROSPECT, TICKET, CAMPAIGN = _pk("other.prospect"), _pk("other.ticket"), _pk("campaign")

# Route name -> the kwargs that point at the *other* county's object. Every route with an int
# argument must be here (or in NOT_OBJECT_IDS); the sweep fails for a route that is not.
ROUTE_OBJECTS: dict[str, Callable[[World], dict[str, Any]]] = {
    # JSON API
    "api:get_park": _pk("other.park", "park_id"),
    "api:park_sites_geojson": _pk("other.park", "park_id"),
    "api:get_site": _pk("other.site", "site_id"),
    "api:update_site": _pk("other.site", "site_id"),
    "api:get_enterprise": _pk("other.enterprise", "enterprise_id"),
    "api:get_prospect": _pk("other.prospect", "prospect_id"),
    "api:move_prospect": _pk("other.prospect", "prospect_id"),
    "api:sign_prospect": _pk("other.prospect", "prospect_id"),
    "api:list_activities": _pk("other.prospect", "prospect_id"),
    "api:log_activity": _pk("other.prospect", "prospect_id"),
    "api:list_decisions": _pk("other.prospect", "prospect_id"),
    "api:run_decision": _pk("other.prospect", "prospect_id"),
    "api:override_decision": _pk("other.prospect", "prospect_id"),
    "api:mark_condition": _pk("other.prospect", "prospect_id"),
    "api:get_decision": _pk("decision", "decision_id"),
    "api:get_ticket": _pk("other.ticket", "ticket_id"),
    "api:act": _with(_pk("other.ticket", "ticket_id"), action="close"),
    "api:campaign_results": _pk("campaign", "campaign_id"),
    "api:get_record": _pk("other.record", "record_id"),
    "api:get_document": _pk("rules_document", "document_id"),
    # pipeline
    "attraction:board_move": PROSPECT,
    "attraction:prospect_detail": PROSPECT,
    "attraction:prospect_move": PROSPECT,
    "attraction:prospect_activity": PROSPECT,
    "attraction:prospect_declaration": PROSPECT,
    "attraction:prospect_admission": PROSPECT,
    "attraction:prospect_sign": PROSPECT,
    "attraction:prospect_edit": PROSPECT,
    "attraction:prospect_override": PROSPECT,
    "attraction:prospect_condition": PROSPECT,
    "attraction:prospect_evidence": _with(PROSPECT, check_pk=_condition_check),
    # evaluation
    "evaluation:campaign_detail": CAMPAIGN,
    "evaluation:campaign_action": CAMPAIGN,
    "evaluation:veto_new": CAMPAIGN,
    "evaluation:park_ranking": CAMPAIGN,
    "evaluation:campaign_export": CAMPAIGN,
    "evaluation:records_template": CAMPAIGN,
    "evaluation:records_upload": CAMPAIGN,
    "evaluation:review": CAMPAIGN,
    "evaluation:lock_records": CAMPAIGN,
    "evaluation:bureau_upload": CAMPAIGN,
    "evaluation:tax_bureau_template": CAMPAIGN,
    "evaluation:power_template": CAMPAIGN,
    "evaluation:record_detail": _with(CAMPAIGN, record_pk=lambda w: w.other.record.pk),
    "evaluation:record_action": _with(CAMPAIGN, record_pk=lambda w: w.other.record.pk),
    "evaluation:result_detail": _pk("result"),
    "evaluation:objection_submit": _pk("result"),
    "evaluation:objection_decide": _pk("objection"),
    "evaluation:objection_file": _pk("objection"),
    "evaluation:result_export": _pk("result"),
    "evaluation:unfiled": CAMPAIGN,
    "evaluation:remind": CAMPAIGN,
    # matching, impact, targeting
    "matching:park": PARK,
    "matching:prospect": PROSPECT,
    "matching:run": _pk("matching_run"),
    # rules documents (an other county's draft; the platform's are readable by everyone)
    "rules:detail": _pk("rules_document"),
    "rules:edit": _pk("rules_document"),
    "rules:status": _pk("rules_document"),
    "rules:export": _pk("rules_document"),
    "rules:diff": _with(_pk("rules_document"), other=lambda w: w.rules_document.pk),
    "impact:park": PARK,
    "targeting:park": PARK,
    "targeting:add_positioning": PARK,
    "targeting:upload_input": _with(_pk("other.county"), kind="employment"),
    # suitability and background jobs
    "suitability:job_detail": _pk("scoring_job"),
    "suitability:job_map": _pk("scoring_job"),
    "suitability:job_export_xlsx": _pk("scoring_job"),
    "suitability:job_export_gpkg": _pk("scoring_job"),
    "suitability:score_detail": _with(_pk("scoring_job"), site_pk=lambda w: w.other.site.pk),
    "suitability:template_edit": _pk("template"),
    "suitability:template_delete": _pk("template"),
    "suitability:shed_compute": _pk("other.county"),
    "jobs:detail": _pk("job"),
    "attraction:table_done": lambda w: {"pk": _import_record(w, "attraction", "ProspectImport")},
    "enterprises:table_done": lambda w: {
        "pk": _import_record(w, "enterprises", "EnterpriseImport")
    },
    "jobs:status": _pk("job"),
    # service desk
    "servicedesk:ticket_detail": TICKET,
    "servicedesk:ticket_act": _with(TICKET, action="close"),
    "servicedesk:portal_detail": TICKET,
    "servicedesk:portal_act": _with(TICKET, action="reopen"),
    "servicedesk:attachment": _pk("attachment"),
    "servicedesk:article": _pk("article"),
    # pages
    "web:park_detail": PARK,
    "web:site_detail": SITE,
    "web:enterprise_detail": FIRM,
    # labour
    "labour:vacancy_status": lambda w: {"pk": _vacancy(w)},
    "labour:vacancy_poster": lambda w: {"pk": _vacancy(w)},
    "labour:record_edit": lambda w: {"pk": _employment_record(w).pk},
    "labour:seeker_detail": lambda w: {"pk": _job_seeker(w)},
    "labour:seeker_edit": lambda w: {"pk": _job_seeker(w)},
    "labour:seeker_erase": lambda w: {"pk": _job_seeker(w)},
    "labour:seeker_matches": lambda w: {"vacancy": _vacancy(w)},
    "labour:event_detail": lambda w: {"pk": _labour_event(w).pk},
    "labour:event_edit": lambda w: {"pk": _labour_event(w).pk},
    "labour:hire_save": lambda w: {"pk": _labour_event(w).pk},
    "labour:hire_delete": lambda w: {"pk": _event_hire(w)},
    "labour:workshop_detail": lambda w: {"pk": _workshop_run(w)},
    "labour:workshop_export": lambda w: {"pk": _workshop_run(w), "fmt": "xlsx"},
}

# What an unsafe request sends, so that it would act if the permission check were missing
# (an empty body would often stop at validation, before the object is looked up).
TODAY = dt.date(2024, 6, 3).isoformat()
API_BODIES: dict[str, dict[str, Any]] = {
    "api:update_site": {"name": "taken over"},
    "api:move_prospect": {"stage": "contacted"},
    "api:sign_prospect": {
        "signed_on": TODAY,
        "investment_cny": "5000000",
        "investment_cny_per_mu": "500000",
        "jobs": 10,
        "local_jobs": 8,
        "tax_cny_per_year": "100000",
        "tax_cny_per_mu": "10000",
        "start_date": TODAY,
        "production_date": TODAY,
    },
    "api:log_activity": {"kind": "call", "date": TODAY, "summary": "a call"},
    "api:override_decision": {"reason": "taken over from another county, on purpose"},
    "api:mark_condition": {"condition": "sweep", "evidence": "taken over"},
    "api:act": {"text": "closed from elsewhere"},
}
FORM_DATA: dict[str, dict[str, Any]] = {
    "attraction:board_move": {"stage": "contacted"},
    "attraction:prospect_move": {"stage": "contacted", "reason": "x"},
    "attraction:prospect_activity": {"kind": "call", "date": TODAY, "summary": "a call"},
    "attraction:prospect_override": {"reason": "taken over from another county, on purpose"},
    "attraction:prospect_condition": {"condition": "sweep", "evidence": "taken over"},
    "attraction:prospect_edit": {"name": "taken over", "company_name": "x", "industry_code": "13"},
    "evaluation:campaign_action": {"action": "finalise"},
    "evaluation:record_action": {"action": "accept"},
    "evaluation:objection_submit": {"text": "not ours"},
    "evaluation:objection_decide": {"upheld": "on", "decision": "granted"},
    "evaluation:remind": {"all": "1"},
    "servicedesk:ticket_act": {"text": "closed from elsewhere"},
    "servicedesk:portal_act": {"text": "reopened from elsewhere"},
    "suitability:template_edit": {"name": "taken over"},
    "targeting:add_positioning": {"industry": "13"},
    "rules:status": {"action": "activate"},
    "rules:edit": {"title": "taken over", "content": "weights: {suitability: 1}\n"},
    "labour:vacancy_status": {"status": "withdrawn"},
    "labour:record_edit": {"headcount": 11, "local": 8, "poverty_alleviated": 1, "wage_cny": 4000},
    "labour:seeker_edit": {"name": "taken over", "phone": "13911112222", "consent": "on"},
    "labour:event_edit": {
        "kind": "job_fair",
        "title": "taken over",
        "start_date": TODAY,
        "organiser": "x",
        "attended": 1,
        "attended_poverty_alleviated": 0,
    },
    "labour:hire_save": {"enterprise": 1, "hired": 9},
}

SEEN_OBJECTS: dict[str, Callable[[World], Any]] = {
    "attraction:board_move": lambda w: w.other.prospect,
    "attraction:prospect_move": lambda w: w.other.prospect,
    "attraction:prospect_sign": lambda w: w.other.prospect,
    "evaluation:record_action": lambda w: w.other.record,
    "servicedesk:ticket_act": lambda w: w.other.ticket,
    "servicedesk:portal_act": lambda w: w.other.ticket,
    "rules:edit": lambda w: w.rules_document,
    "labour:record_edit": _employment_record,
}
"""Routes whose form posts the revision the page showed: the sweep sends the object's current
one, so that only a permission check, never the stale-edit check, can refuse the request."""


def build_world() -> World:
    """Both counties, and the other county's campaign, decision, jobs, files and template."""
    from microparks.apps.admission.models import ConditionCheck
    from microparks.apps.admission.services import run_admission
    from microparks.apps.evaluation.models import Campaign, Result
    from microparks.apps.evaluation.services import (
        publish_campaign,
        run_evaluation,
        submit_objection,
    )
    from microparks.apps.industries.models import Industry
    from microparks.apps.jobs.models import Job
    from microparks.apps.matching.runs import save_run
    from microparks.apps.matching.services import run_matching
    from microparks.apps.rules.services import Draft, save_draft
    from microparks.apps.servicedesk.models import Article, Attachment
    from microparks.apps.suitability import services as suitability
    from microparks.apps.suitability.models import MappingTemplate
    from microparks.demo.suitability import load_demo_layers
    from tests.apps.attraction.helpers import declare

    section, _ = Industry.objects.get_or_create(
        code="C", defaults={"name": "制造业", "level": Industry.Level.SECTION}
    )
    industry, _ = Industry.objects.get_or_create(
        code="13", defaults={"name": "农副食品加工业", "level": "division", "parent": section}
    )
    home = make_county("home", "450101", CODES["home"], industry)
    other = make_county("other", "450202", CODES["other"], industry)
    official = other.users["official"]

    campaign = Campaign.objects.create(region=other.county, year=YEAR, scheme="huaian")
    run_evaluation(campaign, official)
    today = dt.date.today()
    publish_campaign(campaign, official, today)
    result = Result.objects.get(campaign=campaign, enterprise=other.enterprise)
    evidence = SimpleUploadedFile("lease.pdf", b"%PDF-1.4 lease", content_type="application/pdf")
    objection = submit_objection(
        result, other.users["enterprise"], "Our land is 8 mu.", today, attachment=evidence
    )

    declare(other.prospect)
    decision = run_admission(other.prospect, other.users["investment"])
    check = ConditionCheck(decision=decision, condition_key="sweep", evidence="on paper")
    check.attachment.save("evidence.pdf", ContentFile(b"%PDF-1.4 sweep"), save=False)
    check.save()

    load_demo_layers(other.county)
    scoring_job = suitability.run_scoring(other.county, official)

    job = Job.objects.create(
        kind="suitability.score",
        region=other.county,
        created_by=official,
        status=Job.Status.RUNNING,
        progress=40,
    )
    attachment = Attachment(
        ticket=other.ticket,
        name="meter.txt",
        size_bytes=5,
        content_type="text/plain",
        uploaded_by=other.users["enterprise"],
    )
    attachment.file.save("meter.txt", ContentFile(b"12345"), save=True)
    article = Article.objects.create(
        region=other.county,
        title="other county's power subsidy",
        body="Only for the other county.",
        categories="electricity",
    )
    template = MappingTemplate.objects.create(
        region=other.county,
        name="other bureau ledger",
        mapping={"code": "编号", "fields": {"name": "地块名称"}},
        columns=["编号", "地块名称"],
    )
    matching_run = save_run(official, other.county, run_matching(official, other.county))
    rules_document = save_draft(
        official,
        Draft("matching", "county", "County costs", "weights: {rent: 1}\n", region=other.county),
    )
    world = World(
        home,
        other,
        campaign,
        result,
        objection,
        decision,
        scoring_job,
        job,
        attachment,
        article,
        template,
        matching_run,
        rules_document,
    )
    # made here, not when first swept: the sweep's write check compares against the world
    _import_record(world, "attraction", "ProspectImport")
    _import_record(world, "enterprises", "EnterpriseImport")
    _vacancy(world)
    _employment_record(world)
    _job_seeker(world)
    _event_hire(world)
    _workshop_run(world)
    return world
