"""Route sweep: every URL of the project, anonymous and from another county.

The per-app tests check the routes their authors knew about; this module walks the URL
resolver (web pages and the django-ninja API under ``/api/``), so a route added later is
swept too:

* anonymous GET and POST of every route is a redirect to the login page (web), 401/403
  (API) or 405, never data and never a 500;
* every route that takes an object id is requested by a home-county user of each non-admin
  role with the *other* county's object: 403/404 (405 for a wrong method), never the object,
  never a 500, and an unsafe request changes nothing in the database.

A new route with an int argument fails :func:`test_other_county` until it is added to
:data:`ROUTE_OBJECTS` (or, if its int is not an object id, to :data:`NOT_OBJECT_IDS`).

The objects are built once per module (inside a transaction rolled back at the end) and each
test runs in a savepoint of it, as usual; this keeps ~850 requests to about 15 s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from microparks.apps.common.revision_forms import SEEN
from tests.apps.sweep_world import (
    API_BODIES,
    FORM_DATA,
    ROUTE_OBJECTS,
    SEEN_OBJECTS,
    YEAR,
    World,
    build_world,
)
from tests.conftest import CODES

# ---------------------------------------------------------------------------------------------
# The routes


@dataclass(frozen=True)
class Route:
    """One named URL pattern: ``namespace:name``, its converters, the methods its view takes."""

    name: str
    converters: dict[str, str]  # kwarg -> converter class name ("IntConverter", ...)
    api: bool
    extra_methods: tuple[str, ...] = ()  # e.g. PATCH of a ninja operation
    path: str = ""  # ninja names each operation; GET and POST of one path are two names

    @property
    def int_kwargs(self) -> list[str]:
        return [k for k, c in self.converters.items() if c == "IntConverter"]


# Routes that are not swept, with the reason. Everything else must refuse anonymous users.
ALLOWLIST: dict[str, str] = {
    # Django's auth views are the way in and out; they must be public.
    "login": "the sign-in page itself",
    "logout": "signing out (POST); harmless for an anonymous user",
    # Django's set_language only stores the chosen language in the session/cookie.
    "set_language": "language switch, holds no data",
    # Browsers ask for /favicon.ico before any page: it points at the static icon.
    "favicon": "redirect to the site's icon, holds no data",
    # The API's schema and Swagger page are public by design (microparks/apps/web/api.py): they
    # describe the API's shape, hold no data, and every operation still needs a session.
    "api:openapi-json": "public OpenAPI schema, no data",
    "api:openapi-view": "public Swagger page, no data",
    # ninja's root view only exists to build paths; it always raises 404 and serves nothing.
    "api:api-root": "always 404 (ninja's path anchor)",
}
# The Django admin has its own staff login and model permissions (tests/apps/test_admin.py).
ALLOWLIST_NAMESPACES = {"admin": "Django admin: own staff login and ModelAdmin permissions"}

# Routes whose int argument is not an object id. The enterprise portal's my-records pages take
# a *year* and always work on the signed-in user's own enterprise (views_portal._firm), so
# there is no other county's object to put in the URL; anonymous users are still swept.
NOT_OBJECT_IDS = {
    "evaluation:my_record",
    "evaluation:my_template",
    "evaluation:my_upload",
}


def _api_methods() -> dict[str, tuple[str, ...]]:
    """Operation name -> HTTP methods, from the ninja routers (the URL names are the names)."""
    from microparks.apps.web.api import api

    methods: dict[str, tuple[str, ...]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                methods[op.view_func.__name__] = tuple(op.methods)
    return methods


def _walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, ns)
        else:
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield name, entry


DUPLICATES: list[str] = []


def all_routes() -> list[Route]:
    """Every named route outside the allowlist (an unnamed route cannot be swept: it fails)."""
    api_methods = _api_methods()
    routes: dict[str, Route] = {}
    for name, pattern in _walk(get_resolver()):
        if name.split(":")[0] in ALLOWLIST_NAMESPACES or name in ALLOWLIST:
            continue
        converters = {
            k: type(v).__name__ for k, v in getattr(pattern.pattern, "converters", {}).items()
        }
        is_api = name.startswith("api:")
        own = api_methods.get(name.split(":")[-1], ()) if is_api else ()
        extra = tuple(m for m in own if m not in ("GET", "POST"))
        if name in routes:
            DUPLICATES.append(name)  # reverse() reaches only one of them
        routes.setdefault(name, Route(name, converters, is_api, extra, str(pattern.pattern)))
    return list(routes.values())


ROUTES = all_routes()
OBJECT_ROUTES = [r for r in ROUTES if r.int_kwargs and r.name not in NOT_OBJECT_IDS]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """Both counties and the other county's objects, built once for the module and rolled back
    at its end; each test still runs in its own savepoint (the ``db`` fixture)."""
    media = tmp_path_factory.mktemp("sweep-media")
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            JOBS_MODE="sync",
            MEDIA_ROOT=str(media),
        ),
        translation.override("en"),
    ):
        outer = transaction.atomic()
        with django_db_blocker.unblock():  # only here: the tests themselves ask for ``db``
            outer.__enter__()
            try:
                world = build_world()
            except BaseException as exc:
                outer.__exit__(type(exc), exc, exc.__traceback__)  # rolls back
                raise
        yield world
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# ---------------------------------------------------------------------------------------------
# Requests


def url_of(route: Route, w: World) -> str:
    """The route's URL with the other county's object (or a plausible value)."""
    if route.name in NOT_OBJECT_IDS:
        kwargs: dict[str, Any] = dict.fromkeys(route.int_kwargs, YEAR)
    elif route.int_kwargs:
        if route.name not in ROUTE_OBJECTS:
            pytest.fail(
                f"{route.name} takes an object id but is not in ROUTE_OBJECTS: "
                "add the new route to ROUTE_OBJECTS (or to NOT_OBJECT_IDS if its int is not "
                "an object id) in tests/apps/test_url_sweep.py"
            )
        kwargs = ROUTE_OBJECTS[route.name](w)
    else:
        kwargs = {}
    for key, conv in route.converters.items():
        kwargs.setdefault(key, "close" if conv in ("StringConverter", "SlugConverter") else "x")
    return reverse(route.name, kwargs=kwargs)


class ServerError(Exception):
    """A view raised: the test client's 500."""


def form_data(route: Route, world: World | None) -> dict[str, Any]:
    """What an unsafe web request posts: the route's form data, with the object's revision."""
    data = dict(FORM_DATA.get(route.name, {}))
    if world is not None and route.name in SEEN_OBJECTS:
        target = SEEN_OBJECTS[route.name](world)
        target.refresh_from_db()
        data[SEEN] = target.revision
    return data


def send(client: Client, route: Route, method: str, url: str, world: World | None = None) -> Any:
    """One request; an exception in the view (a 500) is raised as :class:`ServerError` so the
    caller can name the route and role."""
    try:
        return _send(client, route, method, url, world)
    except Exception as exc:
        raise ServerError(f"500 ({type(exc).__name__}: {exc})") from exc


def _send(client: Client, route: Route, method: str, url: str, world: World | None) -> Any:
    if method == "GET":
        return client.get(url)
    if route.api:
        # the body of whichever operation at this path takes the unsafe method
        names = [r.name for r in ROUTES if r.api and r.path == route.path]
        body = json.dumps(next((API_BODIES[n] for n in names if n in API_BODIES), {}))
        return client.generic(method, url, body, content_type="application/json")
    return client.post(url, form_data(route, world))


def methods_of(route: Route) -> tuple[str, ...]:
    return ("GET", "POST", *route.extra_methods)


def _to_login(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


# What a sign-in itself writes (force_login stamps last_login and writes the audit log's
# sign-in entry); everything else must stay put.
SIGN_IN_FIELDS = {"accounts.User": {"last_login"}}
SIGN_IN_ROWS = {"audit.AuditEntry": {"action__in": ["login", "logout"]}}


def _snapshot_models() -> list[Any]:
    """Every model of the project's apps, with the many-to-many tables (a park's positioning)."""
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m.__module__.startswith("microparks.apps")
    ]


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every project table (the test database holds a few hundred)."""
    out = {}
    for m in _snapshot_models():
        skip = SIGN_IN_FIELDS.get(m._meta.label, set())
        fields = [f.attname for f in m._meta.concrete_fields if f.name not in skip]
        rows = m._default_manager.exclude(**SIGN_IN_ROWS.get(m._meta.label, {}))
        out[m._meta.label] = list(rows.order_by("pk").values(*fields))
    return out


_BASELINE: list[tuple[World, dict[str, list[dict[str, Any]]]]] = []


def baseline(world: World) -> dict[str, list[dict[str, Any]]]:
    """The world's rows as built: every test runs in a savepoint rolled back at its end, so
    one snapshot serves as long as the world stands (a snapshot reads every table: ~0.2 s).
    The world is built again when a worker comes back to this module: held by identity."""
    if not _BASELINE or _BASELINE[0][0] is not world:
        _BASELINE[:] = [(world, snapshot())]
    return _BASELINE[0][1]


def changed(before: dict[str, list[dict[str, Any]]]) -> list[str]:
    after = snapshot()
    return [label for label, rows in before.items() if after[label] != rows]


# ---------------------------------------------------------------------------------------------
# Tests


def test_routes_are_found() -> None:
    names = {r.name for r in ROUTES}
    # the walk reaches the web pages of every app and the API
    for expected in ("web:dashboard", "api:get_site", "servicedesk:attachment", "jobs:detail"):
        assert expected in names
    assert not [r for r in ROUTES if r.name.endswith(":None") or r.name == "None"], (
        "an unnamed route cannot be swept: give it a name"
    )
    assert not DUPLICATES, f"two routes share a name, only one can be swept: {DUPLICATES}"


def test_allowlist_is_current() -> None:
    """An allowlisted route that no longer exists should leave the allowlist."""
    names = {name for name, _ in _walk(get_resolver())}
    assert set(ALLOWLIST) <= names


def test_a_write_is_seen(world: World, db: Any) -> None:
    """The write check of the sweep can fail: a changed row is named by its table."""
    before = baseline(world)
    assert changed(before) == []
    type(world.other.park).objects.filter(pk=world.other.park.pk).update(name="changed")
    assert changed(before) == ["parks.Park"]


def test_every_object_route_has_its_object() -> None:
    missing = [r.name for r in OBJECT_ROUTES if r.name not in ROUTE_OBJECTS]
    assert not missing, f"add the new route(s) to ROUTE_OBJECTS: {missing}"
    stale = set(ROUTE_OBJECTS) - {r.name for r in OBJECT_ROUTES}
    assert not stale, f"ROUTE_OBJECTS names routes that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous(client: Client, world: World, db: Any, route: Route) -> None:
    url = url_of(route, world)
    bad = []
    for method in methods_of(route):
        try:
            response = send(client, route, method, url)
        except ServerError as exc:
            bad.append(f"{method} {url} -> {exc}")
            continue
        status = response.status_code
        # the API answers 401 (403 for a refused CSRF check); pages send to the login page
        ok = status in (401, 403, 405) if route.api else (status == 405 or _to_login(response))
        if not ok:
            where = response.get("Location", "")
            bad.append(f"{method} {url} -> {status} {where}")
    assert not bad, f"{route.name} answers anonymous users: {bad}"


ROLES = ("official", "investment", "park_manager", "handler", "enterprise", "labour_service")


def _refusal(response: Any) -> str:
    """'' if ``response`` refuses (403/404/405 or to the login page), else what it was."""
    status = response.status_code
    # 405: the route does not take this method (e.g. GET of a POST-only action)
    if status in (403, 404, 405) or _to_login(response):
        return ""
    where = response.get("Location", "")
    body = response.content[:200].decode(errors="replace") if status == 422 else ""
    return f"{status} {where}{body}".rstrip()


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_other_county(client: Client, world: World, db: Any, route: Route) -> None:
    """Each non-admin home role, every method, with the other county's object: refused, and
    nothing written anywhere (all project tables are compared after each unsafe request)."""
    url = url_of(route, world)
    before = baseline(world)
    bad = []
    for role in ROLES:
        client.force_login(world.home.users[role])
        for method in methods_of(route):
            try:
                answer = _refusal(send(client, route, method, url, world))
            except ServerError as exc:
                answer = str(exc)
            if answer:
                bad.append(f"{role}: {method} -> {answer}")
    # Checked once after every role and method (each snapshot reads every table): a write
    # names the route; rerun it with one role in ROLES to see whose request wrote.
    if touched := changed(before):
        bad.append(f"a role's request changed {touched}")
    assert not bad, f"{route.name} ({url}) with the other county's object: {bad}"


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_objects_are_real(client: Client, world: World, db: Any, route: Route) -> None:
    """The control: the other county's own users reach the object, so the 404s above come
    from the scoping, not from a URL that points at nothing."""
    url = url_of(route, world)
    seen = {}
    for role in ("admin", *ROLES):
        client.force_login(world.other.users[role])
        status = client.get(url).status_code
        seen[role] = status
        if status in (200, 302, 405):  # 405: a POST-only action, not requested here
            return
    pytest.fail(f"{route.name} ({url}): no user of the object's own county reaches it: {seen}")


# ---------------------------------------------------------------------------------------------
# Names of the other county on the pages a user may see (choice lists, filters, autocomplete)

ROUTES_WITHOUT_IDS = [r for r in ROUTES if not r.int_kwargs]


def names_of(tag: str) -> list[str]:
    """What identifies a county's objects on a page: the names and codes make_county gives."""
    things = ("county", "town", "park", "factory", "firm", "power office", "project", "newco")
    return [f"{tag} {t}" for t in things] + [f"{tag}-P1", f"{tag}-S1", CODES[tag]]


def _leaks(client: Client, url: str, tag: str) -> list[str]:
    try:
        response = client.get(url, follow=True)
    except Exception as exc:  # a 500 is reported by the route, not hidden as a leak
        return [f"500 ({type(exc).__name__}: {exc})"]
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    return [name for name in names_of(tag) if name in body]


@pytest.mark.engine_neutral  # what a page names: scoping is the same on every engine
@pytest.mark.parametrize("route", ROUTES_WITHOUT_IDS, ids=lambda r: r.name)
def test_lists_show_no_other_county(client: Client, world: World, db: Any, route: Route) -> None:
    """Every list, form, filter and choice list a home user opens names nothing of the other
    county: not its parks, firms, projects, sites, townships, departments or credit codes."""
    url = url_of(route, world)
    bad = []
    for role in ROLES:
        client.force_login(world.home.users[role])
        if found := _leaks(client, url, "other"):
            bad.append(f"{role}: {found}")
    assert not bad, f"{route.name} ({url}) shows the other county's objects: {bad}"


@pytest.mark.engine_neutral  # what a page names: scoping is the same on every engine
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_object_pages_show_no_other_county(
    client: Client, world: World, db: Any, route: Route
) -> None:
    """An object's page (its edit form's choice lists too), opened by the object's own county,
    names nothing of the county next door (here the sweep's *home* county)."""
    url = url_of(route, world)
    bad = []
    for role in ROLES:
        client.force_login(world.other.users[role])
        if found := _leaks(client, url, "home"):
            bad.append(f"{role}: {found}")
    assert not bad, f"{route.name} ({url}) shows the home county's objects: {bad}"


@pytest.mark.engine_neutral  # what a page names: scoping is the same on every engine
def test_lists_do_show_own_county(client: Client, world: World, db: Any) -> None:
    """The control: the same pages name the user's own county's objects, so the sweep above
    looks where the names would be (lists, filters and choice lists render them)."""
    seen: dict[str, set[str]] = {}
    names = names_of("home")

    def enough() -> bool:  # every name found, on more than ten pages: the control holds
        return len(seen) == len(set(names)) and len(set().union(*seen.values())) > 10

    for role in ROLES:
        client.force_login(world.home.users[role])
        for route in ROUTES_WITHOUT_IDS:
            for name in _leaks(client, url_of(route, world), "home"):
                seen.setdefault(name, set()).add(route.name)
            if enough():
                return
    never = [name for name in names if name not in seen]
    assert not never, f"no page shows these names even to their own county: {never}"
    pages = set().union(*seen.values())
    assert len(pages) > 10, pages
