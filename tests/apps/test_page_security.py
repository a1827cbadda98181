"""Every page of the route sweep runs under the Content-Security-Policy as written.

The policy (``CONTENT_SECURITY_POLICY`` in the settings) refuses inline scripts, inline event
handlers, ``javascript:`` links, inline styles and style attributes. So every route, requested
by each role of the county that owns its object, answers with the policy's header and the
security headers, and no HTML page it serves holds any of those: data reach the scripts through
``json_script`` (``type="application/json"``, never run) or ``data-`` attributes.

The routes and their objects are the sweep's (``test_url_sweep.py``); the Django admin and the
API's Swagger page, outside the sweep, are checked here by name.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.apps import test_url_sweep as sweep
from tests.apps.sweep_world import World
from tests.apps.test_url_sweep import ROLES, ROUTES, Route, url_of

# Page markup and headers: the same whatever database the rows came from.
pytestmark = pytest.mark.engine_neutral

# The sweep's module fixture (both counties, built once, rolled back at the end), by this name.
sweep_world = sweep.world

PAGE_ROUTES = [r for r in ROUTES if not r.api]
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class _Inline(HTMLParser):
    """Collects what the policy would refuse in one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None  # the open inline script's description
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> (inline event handler)")
            elif name == "style":
                self.found.append(f'<{tag} style="{value}"> (style attribute)')
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}> (javascript: URL)")
        if tag == "style":
            self.found.append("<style> element (inline style)")
        if tag == "script" and "src" not in named:
            kind = (named.get("type") or "").strip().lower()
            if kind not in DATA_SCRIPT_TYPES:
                self._script = f"<script type={kind!r}>"
                self._script_text = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.found.append(f"{self._script}{self._script_text.strip()[:80]} (inline script)")
            self._script = None


def refused_inline(html: str) -> list[str]:
    """What in ``html`` the Content-Security-Policy would refuse (empty: nothing)."""
    parser = _Inline()
    parser.feed(html)
    parser.close()
    return parser.found


def header_problems(response: Any) -> list[str]:
    problems = []
    policy = response.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'"):
        if directive not in policy:
            problems.append(f"CSP without {directive!r}: {policy!r}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"CSP allows inline code: {policy!r}")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"Permissions-Policy {response.get('Permissions-Policy')!r}")
    return problems


def page_problems(response: Any) -> list[str]:
    """The headers' problems, and the body's when it is an HTML page."""
    problems = header_problems(response)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        problems += refused_inline(response.content.decode())
    return problems


# ---------------------------------------------------------------------------------------------
# The checker itself


def test_the_checker_finds_what_the_policy_refuses() -> None:
    bad = (
        '<script>alert(1)</script><script type="module">x()</script>'
        '<button onclick="go()">b</button><a href="javascript:go()">a</a>'
        '<div style="color: red"></div><style>p {}</style>'
    )
    found = refused_inline(bad)
    assert len(found) == 6, found
    good = (
        '<script src="/static/x.js" defer></script>'
        '<script id="d" type="application/json">{"a": "</p>"}</script>'
        '<div data-geojson="d" data-colour="#fff" hx-post="/x">online</div>'
    )
    assert refused_inline(good) == []


# ---------------------------------------------------------------------------------------------
# The pages


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda r: r.name)
def test_every_page_passes_the_policy(
    client: Client, sweep_world: World, db: Any, route: Route
) -> None:
    """GET by each role of the county that owns the object (the other county of the sweep):
    the headers on every answer (a page, a redirect, a refusal, a download), and no inline code
    in any page."""
    url = url_of(route, sweep_world)
    bad = []
    for role in ("admin", *ROLES):
        client.force_login(sweep_world.other.users[role])
        response = client.get(url)
        bad += [f"{role}: {response.status_code} {problem}" for problem in page_problems(response)]
    anonymous = Client().get(url)
    bad += [f"anonymous: {problem}" for problem in header_problems(anonymous)]
    assert not bad, f"{route.name} ({url}): {bad}"


ADMIN_PAGES = (
    "/admin/",
    "/admin/sites/site/",
    "/admin/sites/site/add/",
    "/admin/parks/park/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
)


def test_admin_pages_pass_the_policy(client: Client, sweep_world: World, db: Any) -> None:
    from microparks.apps.accounts.models import User

    root = User.objects.create_superuser("root-csp", "root@example.org", "pw-Test-12345")
    client.force_login(root)
    bad = {}
    for url in ADMIN_PAGES:
        response = client.get(url)
        problems = page_problems(response)
        if response.status_code != 200 or problems:
            bad[url] = (response.status_code, problems)
    assert not bad, bad


def test_the_api_docs_and_error_pages_pass_the_policy(client: Client) -> None:
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert page_problems(docs) == []
    assert header_problems(client.get("/no/such/page/")) == []
    assert refused_inline(render_to_string("500.html")) == []
