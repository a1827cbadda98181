"""Every message a rules document can be refused with reaches officials in Chinese."""

from __future__ import annotations

from django.utils import translation

from microparks.apps.rules.models import Kind
from microparks.apps.rules.problem_messages import CATALOGUE
from microparks.io.rules import messages


def test_the_catalogue_lists_every_message_of_io():
    defined = {v for k, v in vars(messages).items() if k.isupper() and isinstance(v, str)}
    assert set(CATALOGUE) == defined


def test_every_message_and_kind_has_its_chinese():
    with translation.override("en"):
        english = [str(label) for _v, label in Kind.choices]
    with translation.override("zh-hans"):
        missing = [m for m in CATALOGUE if translation.gettext(m) == m]
        missing += [e for e in english if translation.gettext(e) == e]
    assert not missing


def test_the_shipped_titles_and_sources_are_listed_and_translated():
    from microparks.apps.rules.problem_messages import SHIPPED_SOURCES, SHIPPED_TITLES
    from microparks.io.rules import SHIPPED

    assert set(SHIPPED_TITLES) == {s.title for s in SHIPPED}
    assert set(SHIPPED_SOURCES) == {s.source for s in SHIPPED}
    with translation.override("zh-hans"):
        assert all(translation.gettext(t) != t for t in SHIPPED_TITLES + SHIPPED_SOURCES)
