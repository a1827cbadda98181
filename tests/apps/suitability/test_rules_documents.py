"""Scoring jobs run with a rules document, record it, and re-render from it alone.

A finished job's table, labels, weights, sensitivity and "About" sheet stay the same after a
new version of its scheme is activated; new jobs use the new version. An uploaded scheme is
saved as a draft document (checked; its problems shown) and a draft that a job tried is frozen.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microparks.apps.jobs.models import Job
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument, Status
from microparks.apps.sites.models import Site
from microparks.apps.suitability import exports, services
from microparks.apps.suitability.models import ScoringJob
from microparks.demo.suitability import load_demo_layers
from microparks.io.rules import dump_yaml, load_yaml

pytestmark = pytest.mark.django_db

SECOND = {
    "type": "Polygon",
    "coordinates": [[[107.86, 24.37], [107.861, 24.37], [107.861, 24.371], [107.86, 24.37]]],
}


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def scored(home):
    """Two ranked sites and the demo layers: a job has a table and a sensitivity analysis."""
    Site.objects.create(
        code="home-S2",
        name="second",
        kind="idle_land",
        region=home.township,
        geometry=SECOND,
        land_area_m2=40000,
        condition="vacant_land",
        planning_designation="industrial",
    )
    load_demo_layers(home.county)
    return home


def changed_scheme(doc: RulesDocument) -> str:
    """The document's YAML with the weights of its first two criteria swapped."""
    data = load_yaml(doc.content)
    first, second = data["criteria"][0], data["criteria"][1]
    assert first["weight"] != second["weight"]
    first["weight"], second["weight"] = second["weight"], first["weight"]  # still sum to 1
    return dump_yaml(data)


def new_version(admin, doc: RulesDocument) -> RulesDocument:
    """A new version of ``doc`` with changed weights, made active."""
    draft = rules.Draft(kind=doc.kind, name=doc.name, title=doc.title, content=changed_scheme(doc))
    return rules.activate(admin, rules.save_draft(admin, draft, parent=doc))


def table_html(content: bytes) -> str:
    match = re.search(r"<table class=\"data\">.*?</table>", content.decode(), re.S)
    assert match is not None
    return match.group(0)


def rendered(client, job):
    """What the job's pages show: table, labels, sensitivity, a site's lines, the About sheet."""
    page = client.get(reverse("suitability:job_detail", args=[job.pk]))
    site = job.scores.filter(vetoed=False).order_by("rank").first().site
    detail = client.get(reverse("suitability:score_detail", args=[job.pk, site.pk]))
    job.refresh_from_db()
    rows = list(job.scores.select_related("site").order_by("vetoed", "rank"))
    about = exports.about_frame(job, rows).to_dict("records")
    return {
        "table": table_html(page.content),
        "criteria": page.context["criteria"],
        "contributions": [(r.site_id, c) for r, c, _ in page.context["table"]],
        "sensitivity": page.context["sensitivity"],
        "lines": detail.context["lines"],
        "about": about,
        "heading": page.context["job"].rules.label,
    }


def test_a_job_runs_with_the_document_in_effect_and_records_it(client, home, scored):
    shipped = rules.in_effect("suitability", region=home.county)
    job = services.run_scoring(home.county, home.users["official"])
    assert job.rules == shipped
    assert job.scheme == {k: v for k, v in load_yaml(shipped.content).items() if k != "kind"}
    client.force_login(home.users["investment"])
    page = client.get(reverse("suitability:job_detail", args=[job.pk])).content.decode()
    assert shipped.label in page
    assert shipped.sha256[:10] in page
    index = client.get(reverse("suitability:index")).content.decode()
    assert shipped.label in index


def test_a_finished_job_re_renders_identically_after_a_new_version(client, home, scored):
    admin = home.users["admin"]
    old_doc = rules.in_effect("suitability", region=home.county)
    job = services.run_scoring(home.county, home.users["official"])
    assert job.status == ScoringJob.Status.DONE, job.message
    client.force_login(home.users["official"])
    before = rendered(client, job)
    assert before["sensitivity"] is not None

    newer = new_version(admin, old_doc)
    old_doc.refresh_from_db()
    assert old_doc.status == Status.RETIRED
    assert rules.in_effect("suitability", region=home.county) == newer

    assert rendered(client, job) == before
    assert before["heading"] == old_doc.label

    # a new job uses the new version, and its weights differ
    second = services.run_scoring(home.county, home.users["official"])
    assert second.rules == newer
    assert services.job_weights(second) != services.job_weights(job)
    after = rendered(client, second)
    assert after["heading"] == newer.label
    assert after["about"] != before["about"]


def test_a_used_document_cannot_be_deleted(home, scored):
    from django.db.models import ProtectedError

    doc = rules.in_effect("suitability", region=home.county)
    services.run_scoring(home.county, None)
    assert doc.is_used()
    with pytest.raises((ValidationError, ProtectedError)):
        doc.delete()


def draft_of(user, region, content=None, name="county-scheme"):
    shipped = rules.in_effect("suitability", region=region)
    return rules.save_draft(
        user,
        rules.Draft(
            kind="suitability",
            name=name,
            title="County scheme",
            content=content or changed_scheme(shipped),
            region=region,
        ),
    )


def test_an_official_tries_a_draft_which_the_job_freezes(client, home, scored):
    official = home.users["official"]
    draft = draft_of(official, home.county)
    assert not draft.frozen
    client.force_login(official)
    index = client.get(reverse("suitability:index"))
    assert draft in index.context["scoring_form"].fields["rules"].queryset
    client.post(reverse("suitability:job_new"), {"region": home.county.pk, "rules": draft.pk})
    job = ScoringJob.objects.get()
    assert job.rules == draft
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.frozen
    draft.content = rules.in_effect("suitability", region=home.county).content
    with pytest.raises(ValidationError):
        draft.save()


def test_an_active_document_of_a_region_below_does_not_apply_above(client, home, scored):
    admin = home.users["admin"]
    town_doc = rules.activate(admin, draft_of(admin, home.township, name="town-scheme"))
    client.force_login(admin)
    client.post(reverse("suitability:job_new"), {"region": home.county.pk, "rules": town_doc.pk})
    assert not ScoringJob.objects.exists()
    client.post(reverse("suitability:job_new"), {"region": home.township.pk, "rules": town_doc.pk})
    assert ScoringJob.objects.get().rules == town_doc


def test_other_officials_cannot_pick_someone_elses_draft(client, home, other, scored):
    draft = draft_of(home.users["official"], home.county)
    for user in (other.users["official"], home.users["investment"]):
        assert draft not in _choices(user)
    colleague = type(home.users["official"]).objects.create_user(
        username="home_official_2", password="pw-Test-12345", role="official", region=home.county
    )
    assert draft not in _choices(colleague)  # a draft is its author's until it is active
    client.force_login(other.users["official"])
    client.post(reverse("suitability:job_new"), {"region": other.county.pk, "rules": draft.pk})
    assert not ScoringJob.objects.exists()


def _choices(user):
    from microparks.apps.suitability.schemes import scheme_choices

    return list(scheme_choices(user))


def _upload(client, region, text, name="mine.yaml"):
    scheme = io.BytesIO(text.encode())
    scheme.name = name
    return client.post(reverse("suitability:job_new"), {"region": region.pk, "scheme": scheme})


def test_an_uploaded_scheme_is_saved_as_a_draft_and_run(client, home, scored):
    shipped = rules.in_effect("suitability", region=home.county)
    client.force_login(home.users["official"])
    text = changed_scheme(shipped).replace("name: default", "name: my-scheme")
    _upload(client, home.county, text)
    doc = RulesDocument.objects.get(kind="suitability", name="my-scheme")
    assert (doc.status, doc.region, doc.version) == (Status.DRAFT, home.county, 1)
    assert doc.created_by == home.users["official"]
    job = ScoringJob.objects.get()
    assert job.rules == doc
    assert job.status == ScoringJob.Status.DONE
    # the same file again: the next version of that document, the first as its parent
    _upload(client, home.county, text)
    again = RulesDocument.objects.filter(name="my-scheme").order_by("-version").first()
    assert (again.version, again.parent) == (2, doc)


def test_an_invalid_upload_names_its_problems_and_stores_nothing(client, home, scored):
    client.force_login(home.users["official"])
    documents = RulesDocument.objects.count()
    text = "name: x\nversion: '1'\nmethod: wsm\ncriteria:\n  - name: area\n    weight: 2\n"
    response = _upload(client, home.county, text)
    assert response["Location"] == reverse("suitability:index")
    page = client.get(reverse("suitability:index")).content.decode()
    assert "The scheme was refused" in page
    assert "criteria[0]" in page  # the problem's path
    assert RulesDocument.objects.count() == documents
    assert not Job.objects.exists()
    assert not ScoringJob.objects.exists()


def test_a_document_and_an_upload_together_are_refused(client, home, scored):
    client.force_login(home.users["official"])
    shipped = rules.in_effect("suitability", region=home.county)
    scheme = io.BytesIO(shipped.content.encode())
    scheme.name = "x.yaml"
    client.post(
        reverse("suitability:job_new"),
        {"region": home.county.pk, "rules": shipped.pk, "scheme": scheme},
    )
    assert not Job.objects.exists()


def test_jobs_from_before_documents_still_render(client, home, scored):
    job = services.run_scoring(home.county, None)
    ScoringJob.objects.filter(pk=job.pk).update(rules=None, scheme_version="2026.1")
    client.force_login(home.users["official"])
    page = client.get(reverse("suitability:job_detail", args=[job.pk]))
    assert page.status_code == 200
    assert "2026.1" in page.content.decode()
    response = client.get(reverse("suitability:job_export_xlsx", args=[job.pk]))
    assert response.status_code == 200


def test_layers_and_units_read_in_chinese(client, home, scored):
    job = services.run_scoring(home.county, home.users["official"])
    client.force_login(home.users["official"])
    index = client.get(reverse("suitability:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = index.content.decode()
    assert "永久基本农田" in text  # basic_farmland, with its name kept small beside it
    assert "<code>basic_farmland</code>" in text
    site = job.scores.filter(vetoed=False).order_by("rank").first().site
    url = reverse("suitability:score_detail", args=[job.pk, site.pk])
    lines = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").context["lines"]
    units = {label: unit for label, unit, *_rest in lines}
    assert set(units.values()) <= {"", "米", "人", "元/平方米", "亩"}
    assert "人" in units.values()
