"""Chinese text conventions and local time on what people read (issue 18, item 5).

* no zh-hans translation has an ASCII colon right after a Chinese character or full-width
  sign (名称: → 名称：); a label and its value are joined by the translated separator;
* times stored in UTC are shown in the county's time (Asia/Shanghai): 01:00 UTC reads 09:00.
"""

from __future__ import annotations

import gettext
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.utils import translation

CJK_COLON = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]:")
AT = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
LOCAL = "2026-01-05 09:00"


def catalog() -> dict[Any, str]:
    mo = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as file:
        return dict(gettext.GNUTranslations(file)._catalog)  # type: ignore[attr-defined]


@pytest.mark.engine_neutral
def test_no_ascii_colon_after_chinese_in_any_translation() -> None:
    assert CJK_COLON.search("名称:")
    assert CJK_COLON.search("（键）:")
    assert not CJK_COLON.search("名称：")
    assert not CJK_COLON.search("EPSG:4547")
    bad = sorted(f"{k!r} → {v!r}" for k, v in catalog().items() if CJK_COLON.search(v))
    assert not bad, bad


@pytest.mark.engine_neutral
def test_labels_are_joined_by_a_full_width_colon_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert translation.pgettext("label", ": ") == "："
        assert forms.Form().label_suffix == "："  # every form's labels
    with translation.override("en"):
        assert translation.pgettext("label", ": ") == ": "
        assert forms.Form().label_suffix == ":"


@pytest.mark.engine_neutral
def test_a_stored_time_reads_in_local_time() -> None:
    from microparks.apps.audit.models import AuditEntry
    from microparks.apps.common.display import field_rows

    entry = AuditEntry(timestamp=AT, action="create", model="m", object_id="1", object_repr="x")
    assert str(entry).startswith(LOCAL)
    assert dict(field_rows(entry))[str(AuditEntry._meta.get_field("timestamp").verbose_name)] == (
        LOCAL
    )


@pytest.mark.django_db
def test_histories_show_local_time_and_names(home: Any) -> None:
    from microparks.apps.attraction.models import StageTransition
    from microparks.apps.enterprises.models import RecordEvent
    from microparks.apps.evaluation.views_review import value_rows

    user = home.users["investment"]
    user.first_name = "覃丽华"
    user.save()
    prospect = home.prospect
    moved = StageTransition.objects.create(
        prospect=prospect, from_stage=prospect.stage, to_stage=prospect.stage, by=user
    )
    StageTransition.objects.filter(pk=moved.pk).update(at=AT)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    html = client.get(f"/pipeline/{prospect.pk}/").content.decode()
    history = html[html.index("阶段记录") :]  # the stage history, at the page's end
    assert f"{LOCAL} · " in history
    assert "覃丽华" in history
    assert user.username not in history

    RecordEvent.objects.create(
        record=home.record,
        kind=RecordEvent.Kind.VALUE,
        field="tax_cny",
        old_value=1,
        new_value=2,
        user=user,
        at=AT,
    )
    with translation.override("zh-hans"):
        rows = {r["name"]: r for r in value_rows(home.record)}
    assert rows["tax_cny"]["history"].startswith(LOCAL)
    assert "覃丽华：1 → 2" in rows["tax_cny"]["history"]
