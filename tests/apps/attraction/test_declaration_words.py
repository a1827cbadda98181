"""The declaration form in the officer's words: 无 declares an empty list, items may be
separated by 、, and the site's sensitivity is chosen by name, not typed as a code."""

from __future__ import annotations

import pytest
from django.utils import translation

from microparks.apps.admission.models import Declaration
from microparks.apps.attraction.forms import DeclarationForm


@pytest.mark.django_db
def test_declared_lists_and_site_class_in_chinese() -> None:
    with translation.override("zh-hans"):
        form = DeclarationForm(
            {"processes": "无", "materials": "铬、 镍，铅", "site_sensitivity": "drinking_water"},
            instance=Declaration(),
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["processes"] == []
        assert form.cleaned_data["materials"] == ["铬", "镍", "铅"]
        assert form.cleaned_data["site_sensitivity"] == "drinking_water"
        labels = dict(form.fields["site_sensitivity"].choices)  # type: ignore[attr-defined]
        assert str(labels["general"]) == "不涉及环境敏感区"
        assert str(labels["sensitive"]) == "环境敏感区（未注明类型）"  # a kind not given
        shown = DeclarationForm(instance=Declaration(processes=[], materials=None))
        assert shown.initial["processes"] == "无"
        assert shown.initial["materials"] == ""
        assert not DeclarationForm(
            {"site_sensitivity": "nowhere"}, instance=Declaration()
        ).is_valid()


@pytest.mark.django_db
def test_a_stored_class_outside_the_choices_is_kept() -> None:
    form = DeclarationForm(instance=Declaration(site_sensitivity="riverside"))
    assert "riverside" in dict(form.fields["site_sensitivity"].choices)  # type: ignore[attr-defined]
