"""Every stored number is finite and in range, and every JSON field holds strict JSON.

The meta tests walk every concrete model of the project, so a new float, decimal or JSON field
without its bound or its strict encoder fails here. The database tests run on SQLite and, with
``DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DatabaseError, connection, models, transaction

from microparks.apps.bounds import AREA_M2
from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.evaluation.services import run_evaluation
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import enqueue, register
from microparks.apps.json_fields import StrictJSONEncoder, StrictJSONField, finite_or_none
from microparks.apps.sites.models import Site
from microparks.apps.validators import validate_finite
from tests.apps.evaluation.helpers import add_tenant
from tests.apps.evaluation.helpers import campaign as make_campaign
from tests.conftest import POLYGON

BAD_FLOATS = [math.inf, -math.inf, math.nan, 1e308]


def _project_fields(kind: type[models.Field[Any, Any]]) -> list[tuple[Any, Any]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("microparks."):
            continue
        for model in config.get_models():
            if model._meta.proxy:
                continue
            found += [(model, f) for f in model._meta.local_fields if isinstance(f, kind)]
    return found


def _range_of(model: Any, name: str) -> tuple[Any, Any]:
    wanted = f"{model._meta.app_label}_{model._meta.model_name}_{name}_range"
    for constraint in model._meta.constraints:
        if constraint.name == wanted:
            terms = dict(constraint.condition.children)
            assert set(terms) == {f"{name}__gte", f"{name}__lte"}, constraint
            return terms[f"{name}__gte"], terms[f"{name}__lte"]
    raise AssertionError(f"{model._meta.label}.{name} has no constraint {wanted}")


def test_every_number_field_has_its_range_in_the_database_and_in_its_validators():
    fields = _project_fields(models.FloatField) + _project_fields(models.DecimalField)
    assert len(fields) >= 59, "the walk found too few number fields to mean anything"
    for model, field in fields:
        lo, hi = _range_of(model, field.name)
        where = f"{model._meta.label}.{field.name}"
        assert math.isfinite(lo), where
        assert math.isfinite(hi), where
        assert lo < hi, where
        assert validate_finite in field.validators, where
        mins = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
        maxs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
        assert (mins, maxs) == ([lo], [hi]), where
        if isinstance(field, models.DecimalField):
            # The bound must fit the column, or a value the model allows overflows it.
            assert hi < 10 ** (field.max_digits - field.decimal_places), where


def test_every_json_field_encodes_strictly():
    fields = _project_fields(models.JSONField)
    assert len(fields) >= 40
    for model, field in fields:
        where = f"{model._meta.label}.{field.name}"
        assert isinstance(field, StrictJSONField), where
        assert issubclass(field.encoder, StrictJSONEncoder), where


# --- numbers --------------------------------------------------------------------------------


def _site(code: str, region: Any, **values: Any) -> Site:
    fields = {
        "code": code,
        "name": code,
        "kind": Site.Kind.IDLE_LAND,
        "region": region,
        "geometry": POLYGON,
        "land_area_m2": 1000.0,
        "condition": Site.Condition.VACANT_LAND,
    }
    return Site(**(fields | values))


def _refused(action: Any, by: Any = DatabaseError) -> None:
    with pytest.raises(by), transaction.atomic():
        action()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD_FLOATS)
def test_full_clean_says_in_words_that_a_number_is_not_finite_or_too_large(home, bad):
    site = _site("B-1", home.township, land_area_m2=bad)
    with pytest.raises(ValidationError) as info:
        site.full_clean()
    errors = info.value.message_dict
    assert list(errors) == ["land_area_m2"]
    if math.isfinite(bad):
        assert "less than or equal to 10000000" in " ".join(errors["land_area_m2"])
    else:
        assert "finite number" in errors["land_area_m2"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD_FLOATS)
def test_save_and_bulk_create_refuse_a_non_finite_or_huge_number(home, bad):
    _refused(lambda: _site("B-2", home.township, land_area_m2=bad).save())
    _refused(lambda: AnnualRecord.objects.filter(pk=home.record.pk).update(energy_tce=bad))
    good, wrong = _site("B-3", home.township), _site("B-4", home.township, floor_area_m2=bad)
    _refused(lambda: Site.objects.bulk_create([good, wrong]))
    assert not Site.objects.filter(code__startswith="B-").exists()
    home.record.refresh_from_db()
    assert math.isfinite(home.record.energy_tce)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD_FLOATS)
def test_bulk_update_refuses_a_non_finite_or_huge_number(home, bad):
    home.site.power_capacity_kva = bad
    _refused(lambda: Site.objects.bulk_update([home.site], ["power_capacity_kva"]))
    assert Site.objects.get(pk=home.site.pk).power_capacity_kva == 0


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("1e20")])
def test_a_decimal_column_refuses_non_finite_and_overflowing_values(home, bad):
    site = _site("B-5", home.township, asking_price_cny=bad)
    with pytest.raises(ValidationError) as info:
        site.full_clean()
    assert list(info.value.message_dict) == ["asking_price_cny"]
    # Django itself refuses a NaN or infinite Decimal (ValidationError); the database the rest.
    by = DatabaseError if bad.is_finite() else ValidationError
    _refused(lambda: Site.objects.filter(pk=home.site.pk).update(asking_price_cny=bad), by)


@pytest.mark.django_db
def test_a_nullable_number_never_stores_nan_as_a_number(home):
    """PostgreSQL refuses NaN; SQLite turns a NaN float into NULL (unknown), never a number."""
    try:
        with transaction.atomic():
            AnnualRecord.objects.filter(pk=home.record.pk).update(cod_t=math.nan)
    except DatabaseError:
        assert connection.vendor != "sqlite"
    else:
        assert connection.vendor == "sqlite"
        assert AnnualRecord.objects.get(pk=home.record.pk).cod_t is None
    _refused(lambda: AnnualRecord.objects.filter(pk=home.record.pk).update(cod_t=math.inf))


@pytest.mark.django_db
def test_the_bounds_themselves_are_accepted(home):
    site = _site("B-6", home.township, land_area_m2=AREA_M2.hi, floor_area_m2=AREA_M2.lo)
    site.full_clean()
    site.save()
    assert Site.objects.get(code="B-6").land_area_m2 == AREA_M2.hi


# --- JSON -----------------------------------------------------------------------------------


def _job(region: Any, **values: Any) -> Job:
    return Job(kind="test", region=region, params={"n": 1}, **values)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_full_clean_names_the_json_field_holding_nan(home, bad):
    job = _job(home.county, result={"score": [1.0, bad]})
    with pytest.raises(ValidationError) as info:
        job.full_clean()
    errors = info.value.message_dict
    assert list(errors) == ["result"]
    assert "NaN and Infinity are not JSON" in errors["result"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_saving_nan_in_json_is_a_value_error_naming_the_field(home, bad):
    def refused(action: Any) -> None:
        message = r"jobs\.Job\.result: NaN and Infinity are not JSON"
        with pytest.raises(ValueError, match=message), transaction.atomic():
            action()

    refused(lambda: _job(home.county, result={"x": bad}).save())
    refused(lambda: Job.objects.bulk_create([_job(home.county), _job(home.county, result=[bad])]))
    job = _job(home.county, result={"x": 1.0})
    job.save()
    refused(lambda: Job.objects.filter(pk=job.pk).update(result=[bad]))
    job.result = {"x": bad}
    refused(lambda: Job.objects.bulk_update([job], ["result"]))
    assert Job.objects.get(pk=job.pk).result == {"x": 1.0}
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_a_missing_number_is_stored_as_null(home):
    job = _job(home.county, result={"x": None, "y": 2.5})
    job.full_clean()
    job.save()
    assert Job.objects.get(pk=job.pk).result == {"x": None, "y": 2.5}


# --- computed results store None for a missing number ---------------------------------------


def test_finite_or_none_replaces_non_finite_numbers_in_depth():
    value = {"a": [1.5, math.nan, (math.inf, 2)], "b": np.float64(-np.inf), "c": np.float32(0.5)}
    assert finite_or_none(value) == {"a": [1.5, None, [None, 2]], "b": None, "c": 0.5}
    assert finite_or_none({"ok": True, "n": 3, "s": "NaN", "d": Decimal("1.5")}) == {
        "ok": True,
        "n": 3,
        "s": "NaN",
        "d": Decimal("1.5"),
    }


@register("tests.nan_report")
def _nan_report(job: Job, progress: Any) -> dict[str, Any]:
    return {"mean": float("nan"), "rows": [{"score": np.float64(np.inf)}, {"score": 0.25}]}


@pytest.mark.django_db
def test_a_job_reporting_nan_finishes_with_null(home):
    job = enqueue("tests.nan_report", region=home.county, user=None, params={"n": 1})
    assert job.status == Job.Status.DONE
    assert job.result == {"mean": None, "rows": [{"score": None}, {"score": 0.25}]}


@pytest.mark.django_db
def test_a_min_max_range_over_no_data_is_left_out_and_named(home):
    """Jingde scores revenue per tonne emitted; tenants without emissions give no range at all
    (once a range of NaN): none is stored, and the result's notes name the rule applied."""
    for i in range(3):
        add_tenant(home, i + 1, tax_cny=100_000 * (i + 1))
    campaign = make_campaign(home, scheme="jingde")
    run_evaluation(campaign)
    results = list(campaign.results.exclude(evaluation_class="T"))
    assert results
    for result in results:
        assert "revenue_per_emission_t" not in result.benchmarks
        assert {"code": "no_data", "indicator": "revenue_per_emission_t"} in result.notes
        assert math.isfinite(result.total)
