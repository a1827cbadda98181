"""Concurrent edits: a save based on an older revision is refused with what changed.

Two officials open the same record; the first saves; the second's save is refused with the
fields the first changed and both values, and the record keeps the first save. Then the API:
``ETag`` on GET, ``If-Match`` on PATCH (412 stale, 428 missing, ``*`` overwrites on purpose).
"""

from __future__ import annotations

import json
import re

import pytest
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse

from microparks.apps.common.revision_forms import SEEN
from microparks.apps.common.revisions import (
    EditConflict,
    check_revision,
    etag,
    if_match_revision,
)
from microparks.apps.revisioned import is_revisioned
from microparks.apps.sites.models import Site

pytestmark = pytest.mark.django_db

EDITED_BY_SEVERAL = ["sites.Site", "attraction.Prospect", "servicedesk.Ticket"]
EDITED_BY_SEVERAL += ["enterprises.AnnualRecord", "rules.RulesDocument"]


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def _form_data(response) -> dict:
    """What the browser would post back: the admin form's values, as the widgets render them."""
    form = response.context["adminform"].form
    data: dict = {}
    for name, field in form.fields.items():
        value, widget = form[name].value(), field.widget
        if value is None:
            continue
        if isinstance(widget, MultiWidget):  # a date and a time
            parts = value if isinstance(value, list) else widget.decompress(value)
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{name}_{i}"] = sub.format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, dict):
            data[name] = json.dumps(value)
        else:
            data[name] = widget.format_value(value) or ""
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_the_records_edited_by_several_people_count_revisions():
    from django.apps import apps

    assert all(is_revisioned(apps.get_model(label)) for label in EDITED_BY_SEVERAL)


def test_every_save_counts_the_revision_up(home):
    site = home.site
    assert site.revision == 1
    site.name = "renamed"
    site.save()
    assert site.revision == 2
    stale = Site.objects.get(pk=site.pk)
    site.save(update_fields=["name"])
    assert Site.objects.get(pk=site.pk).revision == 3
    stale.save()  # code saving an old copy still counts from the stored row
    assert Site.objects.get(pk=site.pk).revision == 4


def test_check_revision_names_the_changed_fields_with_both_values(home):
    site = home.site
    seen = site.revision
    other = Site.objects.get(pk=site.pk)  # another request's copy
    other.name, other.status = "taken by the other", Site.Status.LEASED
    other.save()
    with pytest.raises(EditConflict) as refused:
        check_revision(site, seen, {"name": "mine", "notes": "x"})
    changes = {c.field: c for c in refused.value.changes}
    assert set(changes) == {"name", "status"}
    assert (changes["name"].theirs, changes["name"].yours) == ("taken by the other", "mine")
    assert changes["status"].theirs == str(Site.Status.LEASED.label)
    assert changes["status"].yours is None
    assert "taken by the other" in str(refused.value)
    assert check_revision(site, seen + 1).pk == site.pk


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("*", "*"),
        ('"3"', 3),
        ('W/"3"', "bad"),
        ('"x", "4"', 4),
        ("3", "bad"),
    ],
)
def test_if_match_header(header, expected):
    assert if_match_revision(header) == expected


# --- admin change forms ---------------------------------------------------------------------


def test_admin_second_save_gets_the_conflict_and_the_first_save_stays(home):
    site = home.site
    first, second = _client(home.users["official"]), _client(home.users["admin"])
    url = _change_url(site)
    page_one, page_two = first.get(url), second.get(url)
    assert f'name="{SEEN}"' in page_one.content.decode()
    data_one, data_two = _form_data(page_one), _form_data(page_two)
    assert data_one[SEEN] == str(site.revision)

    data_one["name"] = "first official's name"
    saved = first.post(url, data_one)
    assert saved.status_code == 302, saved.context["adminform"].form.errors

    data_two["name"] = "second name"
    data_two["notes"] = "second notes"
    refused = second.post(url, data_two)
    assert refused.status_code == 200  # the form again, with the conflict
    body = refused.content.decode()
    assert "Someone else saved" in body
    assert "first official&#x27;s name" in body
    assert "second name" in body
    site.refresh_from_db()
    assert site.name == "first official's name"
    assert site.notes != "second notes"

    # saving again after the look keeps the second user's values, knowingly
    again = _form_data(refused)
    assert again[SEEN] == str(site.revision)
    assert again["name"] == "second name"
    assert second.post(url, again).status_code == 302
    site.refresh_from_db()
    assert (site.name, site.notes) == ("second name", "second notes")


@pytest.mark.parametrize(
    "label", ["attraction.Prospect", "servicedesk.Ticket", "enterprises.AnnualRecord"]
)
def test_admin_change_forms_of_the_other_records_refuse_a_stale_save(home, label):
    obj = {"attraction.Prospect": home.prospect, "servicedesk.Ticket": home.ticket}.get(
        label, home.record
    )
    client = _client(home.users["admin"])
    page = client.get(_change_url(obj))
    data = _form_data(page)
    type(obj).objects.get(pk=obj.pk).save()  # someone else saves meanwhile
    refused = client.post(_change_url(obj), data)
    assert refused.status_code == 200
    assert "Someone else saved" in refused.content.decode(), refused.context[
        "adminform"
    ].form.errors


# --- API ------------------------------------------------------------------------------------


def _patch(client, url, data, **headers):
    return client.patch(url, json.dumps(data), content_type="application/json", headers=headers)


def test_api_get_gives_the_etag_and_patch_honours_if_match(home):
    site = home.site
    first, second = _client(home.users["official"]), _client(home.users["official"])
    url = f"/api/sites/{site.pk}"
    tag_one = first.get(url)["ETag"]
    tag_two = second.get(url)["ETag"]
    assert tag_one == tag_two == etag(site)

    saved = _patch(first, url, {"name": "first"}, if_match=tag_one)
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] != tag_one

    stale = _patch(second, url, {"name": "second"}, if_match=tag_two)
    assert stale.status_code == 412
    body = stale.json()
    assert body["revision"] == site.revision + 1
    assert [(c["field"], c["theirs"], c["yours"]) for c in body["changes"]] == [
        ("name", "first", "second")
    ]
    site.refresh_from_db()
    assert site.name == "first"


def test_api_patch_without_if_match_is_428_and_star_overwrites(home):
    url = f"/api/sites/{home.site.pk}"
    client = _client(home.users["official"])
    missing = _patch(client, url, {"name": "blind"})
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]
    home.site.refresh_from_db()
    assert home.site.name != "blind"
    assert _patch(client, url, {"name": "on purpose"}, if_match="*").status_code == 200


@pytest.mark.parametrize(
    ("path", "attr"),
    [("/api/prospects/{}", "prospect"), ("/api/tickets/{}", "ticket"), ("/api/rules/{}", None)],
)
def test_api_get_of_each_revisioned_object_has_its_etag(home, path, attr):
    from microparks.apps.rules.models import RulesDocument

    obj = (
        getattr(home, attr)
        if attr
        else RulesDocument.objects.restrict(home.users["official"]).first()
    )
    response = _client(home.users["official"]).get(path.format(obj.pk))
    assert response.status_code == 200
    assert re.fullmatch(r'"\d+"', response["ETag"])
    assert response["ETag"] == etag(obj)


# --- rules documents: the draft edited on the rules page ------------------------------------


def test_rules_draft_second_save_gets_the_conflict(home):
    from microparks.apps.rules.models import RulesDocument
    from microparks.apps.rules.services import Draft, save_draft

    official = home.users["official"]
    draft = save_draft(
        official,
        Draft("matching", "county", "County costs", "weights: {rent: 1}\n", region=home.county),
    )
    first, second = _client(official), _client(home.users["investment"])
    url = reverse("rules:edit", args=[draft.pk])
    for client in (first, second):
        page = client.get(url)
        assert page.status_code == 200
        assert f'name="{SEEN}" value="{draft.revision}"' in page.content.decode()
    post = {"content": "weights: {rent: 1}\n", "source": "", "note": "", SEEN: draft.revision}
    saved = first.post(url, {**post, "title": "First title"})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**post, "title": "Second title"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Someone else saved" in body
    assert "First title" in body
    assert "Second title" in body
    assert RulesDocument.objects.get(pk=draft.pk).title == "First title"
