"""A NUL character in a JSON field's text is stored as U+FFFD on every database.

PostgreSQL's jsonb cannot hold ``\\u0000``: a failed import job whose row problems quoted a
spoiled cell (a NUL byte in a CSV) could not be saved there, while SQLite kept it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from microparks.apps.json_fields import StrictJSONEncoder

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_job_result_is_kept_as_the_replacement_character(home: Any) -> None:
    from microparks.apps.jobs.models import Job

    job = Job.objects.create(
        kind="evaluation.records_import",
        region=home.county,
        result={"problems": [{"row": 4, "field": "cod_t", "value": "1\x002"}], "k\x00": "\x00"},
    )
    job.refresh_from_db()
    assert job.result == {
        "problems": [{"row": 4, "field": "cod_t", "value": "1\ufffd2"}],
        "k\ufffd": "\ufffd",
    }


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("a\x00b", "a\ufffdb"),
        ("a\\u0000b", "a\\u0000b"),  # a backslash and "u0000" typed as text: left alone
        ("a\\\x00", "a\\\ufffd"),  # a backslash, then a NUL
        ("plain", "plain"),
    ],
)
def test_only_real_nul_characters_are_replaced(value: str, stored: str) -> None:
    assert json.loads(json.dumps(value, cls=StrictJSONEncoder)) == stored
