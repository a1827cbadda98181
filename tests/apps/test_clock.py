"""The rules' clock: real time unless a deployment sets it (MICROPARKS_CLOCK)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from microparks.apps.common import clock
from microparks.config.settings import _clock

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_unset_clock_is_the_real_time() -> None:
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()


def test_a_set_clock_is_what_rules_count_from() -> None:
    moment = dt.datetime(2026, 5, 20, 23, 30, tzinfo=dt.UTC)
    with override_settings(CLOCK=moment):
        assert clock.now() == moment
        assert clock.today() == dt.date(2026, 5, 21)  # already the 21st in Shanghai


def test_the_setting_reads_iso_moments_and_local_times() -> None:
    assert _clock("") is None
    assert _clock("2026-05-20T09:00+08:00") == dt.datetime(2026, 5, 20, 9, tzinfo=SHANGHAI)
    assert _clock("2026-05-20 09:00") == dt.datetime(2026, 5, 20, 9, tzinfo=SHANGHAI)
    with pytest.raises(ImproperlyConfigured, match="MICROPARKS_CLOCK"):
        _clock("next tuesday")
