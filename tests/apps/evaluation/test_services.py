import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.evaluation.models import Campaign, Objection, Result, Veto
from microparks.apps.evaluation.services import (
    EvaluationError,
    add_working_days,
    decide_objection,
    finalise_campaign,
    is_utility,
    publish_campaign,
    record_veto,
    run_evaluation,
    submit_objection,
)
from microparks.apps.industries.models import Industry
from microparks.apps.rules.services import in_effect
from tests.apps.evaluation.helpers import MU, add_tenant, campaign

pytestmark = pytest.mark.django_db
FRIDAY = dt.date(2025, 6, 6)


def test_objection_window_counts_official_working_days():
    assert add_working_days(FRIDAY, 3) == dt.date(2025, 6, 11)  # Mon, Tue, Wed
    assert add_working_days(dt.date(2025, 6, 9), 3) == dt.date(2025, 6, 12)
    assert add_working_days(FRIDAY, 0) == FRIDAY
    # National Day 2024: 1–7 October off, Saturday 12 October a make-up working day.
    assert add_working_days(dt.date(2024, 9, 30), 3) == dt.date(2024, 10, 10)
    assert add_working_days(dt.date(2024, 10, 10), 2) == dt.date(2024, 10, 12)


def test_utility_codes():
    assert is_utility("4411")
    assert is_utility("46")
    assert is_utility("D")
    assert not is_utility("13")


def test_run_huaian_by_hand(home):
    # home firm: 6667 m² (10 mu), tax 40 万元 → 4.0 万元/mu; tenants 1-4: 10 mu, 10-40 万元.
    for i, tax in enumerate([100_000, 200_000, 300_000, 400_000], start=1):
        add_tenant(home, i, tax)
    c = campaign(home)
    report = run_evaluation(c, home.users["official"])
    assert report.evaluated == 5
    assert report.skipped == []
    results = {r.enterprise.name: r for r in Result.objects.filter(campaign=c)}
    firm = results["home firm"]
    taxes = [4.0 * 10 / (6667 / MU), 1.0, 2.0, 3.0, 4.0]  # 万元/mu
    benchmark = 2 * sum(taxes) / 5
    assert firm.indicators["tax_per_mu"] == pytest.approx(taxes[0], rel=1e-6)
    assert firm.benchmarks["tax_per_mu"] == pytest.approx(benchmark, rel=1e-6)
    assert firm.item_scores["tax_per_mu"] == pytest.approx(45 * taxes[0] / benchmark, rel=1e-6)
    assert results["tenant 1"].evaluation_class == "D"
    assert firm.park == home.park
    assert firm.inputs_hash
    assert results["tenant 1"].policies["electricity_surcharge_cny"] == pytest.approx(0.3 * 1e6)
    # County average ≈ (4 + 1 + 2 + 3 + 4) / 5 万元/mu; tenant 1 pays 1.0 < a third of it? No:
    # 1.0 > 2.8 / 3 ≈ 0.93, so no low-tax flag.
    assert results["tenant 1"].low_efficiency == []
    c.refresh_from_db()
    assert c.rules == in_effect("evaluation", region=home.county, name="huaian")
    assert c.scheme_version == str(c.rules.version)
    assert all(r.rules == c.rules for r in results.values())
    assert results["tenant 1"].weights == [
        {"indicator": "tax_per_mu", "weight": 45.0, "cap": None},
        {"indicator": "revenue_per_mu", "weight": 35.0, "cap": None},
        {"indicator": "tax_per_tce", "weight": 20.0, "cap": None},
    ]
    assert AuditEntry.objects.filter(model="evaluation.result", action="create").count() == 5


def test_t_for_young_firms_and_utilities_and_skips(home):
    add_tenant(home, 1, 100_000, founded_date=dt.date(2023, 5, 1))
    water = Industry.objects.create(code="46", name="水的生产和供应业", level="division")
    u = add_tenant(home, 3, 100_000)
    u.industry = water
    u.save()
    add_tenant(home, 4, 100_000, year=2023)  # no 2024 record
    c = campaign(home)
    report = run_evaluation(c, home.users["official"])
    classes = dict(
        Result.objects.filter(campaign=c).values_list("enterprise__name", "evaluation_class")
    )
    assert classes["tenant 1"] == "T"
    assert classes["tenant 3"] == "T"
    assert "tenant 4" not in classes
    assert report.not_evaluated == 2
    assert any("tenant 4" in s for s in report.skipped)


def test_veto_makes_d_and_needs_evidence(home):
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)
    c = campaign(home)
    official = home.users["official"]
    with pytest.raises(EvaluationError):
        record_veto(c, home.enterprise, Veto.Reason.SAFETY, "  ", official)
    record_veto(c, home.enterprise, Veto.Reason.SAFETY, "Accident report 2024-17", official)
    run_evaluation(c, official)
    assert Result.objects.get(campaign=c, enterprise=home.enterprise).evaluation_class == "D"


def test_other_region_official_cannot_run(home, other):
    c = campaign(home)
    with pytest.raises(PermissionDenied):
        run_evaluation(c, other.users["official"])
    with pytest.raises(PermissionDenied):
        publish_campaign(c, home.users["investment"])


def test_publication_objection_and_final(home, other):
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)
    c = campaign(home)
    official = home.users["official"]
    with pytest.raises(EvaluationError, match="Run the evaluation"):
        publish_campaign(c, official, FRIDAY)
    run_evaluation(c, official)
    publish_campaign(c, official, FRIDAY)
    c.refresh_from_db()
    assert c.status == Campaign.Status.PUBLISHED
    assert c.objection_deadline == dt.date(2025, 6, 11)
    result = Result.objects.get(campaign=c, enterprise=home.enterprise)
    firm_user = home.users["enterprise"]
    # Only the firm itself objects.
    with pytest.raises(PermissionDenied):
        submit_objection(result, other.users["enterprise"], "wrong", FRIDAY)
    with pytest.raises(PermissionDenied):
        submit_objection(result, official, "wrong", FRIDAY)
    with pytest.raises(EvaluationError, match="window"):
        submit_objection(result, firm_user, "late", dt.date(2025, 6, 12))
    objection = submit_objection(result, firm_user, "Our land is 8 mu, not 10.", FRIDAY)
    # Decided by an official of the region only.
    with pytest.raises(PermissionDenied):
        decide_objection(objection, firm_user, True, "self-approved")
    with pytest.raises(PermissionDenied):
        decide_objection(objection, other.users["official"], True, "")
    with pytest.raises(EvaluationError, match="objection window"):
        finalise_campaign(c, official, dt.date(2025, 6, 11))
    with pytest.raises(EvaluationError, match="Decide every objection"):
        finalise_campaign(c, official, dt.date(2025, 6, 12))
    decide_objection(objection, official, True, "Lease corrected; re-run.")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert objection.decided_by == official
    # A re-run keeps the objection attached to the updated result.
    run_evaluation(c, official)
    assert Objection.objects.filter(result__enterprise=home.enterprise).count() == 1
    with pytest.raises(EvaluationError, match="decided already"):
        decide_objection(objection, official, False, "")
    finalise_campaign(c, official, dt.date(2025, 6, 12))
    c.refresh_from_db()
    assert c.status == Campaign.Status.FINAL
    with pytest.raises(EvaluationError):
        run_evaluation(c, official)
    changes = AuditEntry.objects.filter(model="evaluation.campaign", action="update")
    assert any(e.changes.get("status") == ["published", "final"] for e in changes)


def test_park_ranking(home, other):
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)
    c = campaign(home)
    run_evaluation(c, home.users["official"])
    from microparks.apps.evaluation.ranking import rank_parks

    figures, parks = rank_parks(Result.objects.filter(campaign=c))
    assert list(parks) == [home.park.pk]
    row = figures.table.loc[home.park.pk]
    assert row["firms"] == 5
    assert row["tax_ratio"] == pytest.approx(1.0)  # one park: it is the county
    assert row["tier"] == 0.0


def test_park_occupancy(home):
    from microparks.apps.evaluation.ranking import park_occupancy
    from microparks.apps.parks.models import ParkUnit

    for i, status in enumerate(["leased", "leased", "available", "reserved"]):
        ParkUnit.objects.create(
            park=home.park, site=home.site, code=f"U{i}", floor_area_m2=500, status=status
        )
    assert park_occupancy([home.park.pk]) == {home.park.pk: 0.5}


def test_low_efficiency_flags_low_tax_and_repeated_d(home):
    for i, tax in enumerate([10_000, 400_000, 400_000, 400_000], start=1):
        add_tenant(home, i, tax, year=2023)
        record = AnnualRecord.objects.get(enterprise__name=f"tenant {i}")
        AnnualRecord.objects.create(
            **{
                f.attname: getattr(record, f.attname)
                for f in AnnualRecord._meta.concrete_fields
                if f.attname not in ("id", "year", "created_at", "updated_at")
            },
            year=2024,
        )
    official = home.users["official"]
    first = campaign(home, year=2023)
    run_evaluation(first, official)
    publish_campaign(first, official, FRIDAY)
    second = campaign(home, year=2024)
    run_evaluation(second, official)
    # County: (0.1 + 4 + 4 + 4 + 4.0) / 5 ≈ 3.2 万元/mu; tenant 1 pays 0.1 < 3.2 / 3 and is
    # the D of both years.
    low = Result.objects.get(campaign=second, enterprise__name="tenant 1")
    assert low.evaluation_class == "D"
    assert low.low_efficiency == ["low_tax", "repeated_d"]
    assert Result.objects.get(campaign=second, enterprise__name="tenant 2").low_efficiency == []


def test_the_objection_window_counts_the_countys_own_days_off(home, other):
    from microparks.apps.rules.services import Draft, activate, save_draft

    official = home.users["official"]
    local = "days_off:\n  - {date: 2025-06-09, name: 县庆}\n"
    activate(
        official,
        save_draft(official, Draft("calendar", "county", "县日历", local, region=home.county)),
    )
    assert add_working_days(FRIDAY, 3, home.county) == dt.date(2025, 6, 12)  # Monday off
    assert add_working_days(FRIDAY, 3, other.county) == dt.date(2025, 6, 11)
