"""The admin never names another county's objects to a county official.

For every registered ModelAdmin: the changelist (its filter side bar included), the add and
change forms (every choice list) and the autocomplete view of each autocomplete field. The
other county's objects come from the URL sweep's world (campaigns, results, decisions, jobs …
besides the ``other`` county of ``tests/conftest.py``); a page fails if it holds the name of
any row that only the other county's official may see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape

from tests.apps.sweep_world import World, build_world

pytestmark = pytest.mark.django_db

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """Both counties and the other county's objects, built once and rolled back at the end."""
    media = tmp_path_factory.mktemp("admin-scoping-media")
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            JOBS_MODE="sync",
            MEDIA_ROOT=str(media),
        ),
        translation.override("en"),
    ):
        outer = transaction.atomic()
        with django_db_blocker.unblock():
            outer.__enter__()
            try:
                world = build_world()
            except BaseException as exc:
                outer.__exit__(type(exc), exc, exc.__traceback__)
                raise
        yield world
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def foreign_names(world: World, django_db_blocker: Any) -> set[str]:
    """The names of the rows only the other county's official may see (as shown in pages)."""
    home, other = world.home.users["official"], world.other.users["official"]
    names: set[str] = set()
    seen_at_home: set[str] = set()
    with django_db_blocker.unblock(), translation.override("en"):
        for model in admin.site._registry:
            manager = model._default_manager
            if not hasattr(manager, "restrict"):
                continue
            mine = set(manager.restrict(home).values_list("pk", flat=True))
            for row in manager.restrict(other):
                (seen_at_home if row.pk in mine else names).add(str(row))
    # A name a home row also carries (a shared title, a year) says nothing about the other county.
    return {n for n in names - seen_at_home if "other" in n.lower()}


def _leaks(body: str, names: set[str]) -> list[str]:
    """The names that stand in ``body`` as whole words ("other park", not "another park")."""
    found = set()
    for name in names:
        for form in {name, escape(name)}:
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", body):
                found.add(name)
    return sorted(found)


def _url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _official(client: Any, world: World) -> Any:
    client.force_login(world.home.users["official"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_world_has_names_to_leak(foreign_names):
    # the test can fail: the other county's park, campaign and firm are among the names checked
    assert {"other park", "other firm"} <= foreign_names
    assert any(n.startswith("other county 2024 · ") for n in foreign_names)  # the campaign
    assert any("other county" in n for n in foreign_names)


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=lambda m: getattr(m, "__name__", ""))
def test_changelist_and_filters_show_only_home_objects(
    client, world, foreign_names, model, model_admin
):
    response = _official(client, world).get(_url(model, "changelist"))
    assert response.status_code in (200, 403)  # 403: the model is not open to officials
    assert _leaks(response.content.decode(), foreign_names) == []


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=lambda m: getattr(m, "__name__", ""))
def test_add_and_change_forms_offer_only_home_choices(
    client, world, foreign_names, model, model_admin
):
    _official(client, world)
    official = world.home.users["official"]
    add = client.get(_url(model, "add"))
    assert add.status_code in (200, 403)  # 403: officials may not add these rows
    pages = [add] if add.status_code == 200 else []
    manager = model._default_manager
    own = manager.restrict(official).first() if hasattr(manager, "restrict") else None
    if own is not None:
        pages.append(client.get(_url(model, "change", own.pk)))
    for page in pages:
        assert page.status_code == 200
        assert _leaks(page.content.decode(), foreign_names) == []


AUTOCOMPLETE = [
    (model, name)
    for model, model_admin in ADMINS
    for owner in (model_admin, *(i(model, admin.site) for i in model_admin.inlines))
    for name in owner.autocomplete_fields
]


@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETE, ids=str)
def test_autocomplete_offers_only_home_objects(client, world, foreign_names, model, field):
    _official(client, world)
    source = model
    for inline in admin.site._registry[model].inlines:
        if field in inline.autocomplete_fields:
            source = inline.model
    try:
        path = reverse("admin:autocomplete")
    except NoReverseMatch:  # pragma: no cover - the admin always has it
        pytest.fail("no autocomplete view")
    params = {"app_label": source._meta.app_label, "model_name": source._meta.model_name}
    for term in ("", "other"):
        response = client.get(path, {**params, "field_name": field, "term": term})
        if response.status_code == 403:
            continue  # the official may not edit this model: no choices at all
        assert response.status_code == 200
        texts = [row["text"] for row in response.json()["results"]]
        assert _leaks("\n".join(texts), foreign_names) == []
