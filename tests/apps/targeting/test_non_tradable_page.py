"""The targeting page on sections-only data: non-tradable sections marked and excluded, the
data's coarseness said in the user's language, and the non-tradables ranked on request."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from django.urls import reverse

from microparks.apps.industries.services import load_industries
from microparks.apps.targeting import inputs
from tests.apps.targeting.helpers import no_deployment_files

pytestmark = pytest.mark.django_db
SECTIONS = "ACFGKPR"


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    yield from no_deployment_files(settings, tmp_path)


@pytest.fixture
def sections(db, home, settings):
    """Employment by section (as the county census gives it) for the county and 30 peers."""
    load_industries()
    rng = np.random.default_rng(7)
    lines = ["region,industry,value"]
    for region in [home.county.code, *(f"4599{k:02d}" for k in range(30))]:
        lines += [f"{region},{s},{rng.gamma(0.8) * 100:.1f}" for s in SECTIONS]
    out = Path(settings.DATA_DIR) / "targeting" / inputs.EMPLOYMENT_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", "utf-8")


def test_sections_are_named_as_such_and_non_tradables_excluded_in_chinese(client, home, sections):
    client.force_login(home.users["official"])
    response = client.get(reverse("targeting:county"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    notices = {n.component: n.text for n in response.context["page"].notices}
    assert "就业数据只有 GB/T 4754 门类" in notices["sections"]
    assert "经济普查" in notices["sections"]
    assert notices["non_tradable"].startswith("非贸易行业（")
    assert "就业数据只有 GB/T 4754 门类" in html
    rows = {r["code"]: r for r in response.context["rows"]}
    for code in "KPR":  # real estate, education, culture and entertainment
        assert rows[code]["excluded"]
        assert rows[code]["non_tradable"]
        assert rows[code]["rank"] is None
    assert all(rows[c]["rank"] is not None for c in "ACG")
    assert "非贸易（本地服务）行业" in " ".join(rows["K"]["reasons"])
    assert "非贸易行业：不是招商对象" in html  # the mark beside the name
    assert 'data-code="K" class="excluded"' in html
    assert "也参与排序" in html  # the link that ranks them too


def test_the_page_ranks_them_on_request_still_marked(client, home, sections):
    client.force_login(home.users["official"])
    url = reverse("targeting:county")
    page = client.get(url, {"non_tradable": "include"}, HTTP_ACCEPT_LANGUAGE="en")
    rows = {r["code"]: r for r in page.context["rows"]}
    assert all(r["rank"] is not None for r in rows.values())
    assert rows["K"]["non_tradable"]
    assert not rows["K"]["excluded"]
    html = page.content.decode()
    assert "are ranked on request" in html
    assert "Exclude them again" in html
    assert "non-tradable: not a target" in html
    assert "The employment data holds only GB/T 4754 sections" in html


def test_division_data_has_no_sections_notice(client, home, db, settings):
    from tests.apps.targeting.helpers import write_employment

    load_industries()
    write_employment(settings, [home.county.code])  # manufacturing divisions
    client.force_login(home.users["official"])
    page = client.get(reverse("targeting:county"), HTTP_ACCEPT_LANGUAGE="en")
    components = [n.component for n in page.context["page"].notices]
    assert "sections" not in components
    assert "non_tradable" not in components  # no non-tradable industry in the table
