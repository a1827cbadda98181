"""The whole JSON API fuzzed over its own OpenAPI schema, as each role (schemathesis).

Every operation of ``/api/openapi.json`` gets a few generated requests per role, sent in-process
to the WSGI application with a signed-in session and its CSRF token, over the two counties of
the shared fixtures. Each answer must be no server error and must conform to the schema (status
code documented, body of the documented shape, content type). Generation is seeded
(``derandomize``) and kept small so the run fits CI in a few minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from schemathesis.specs.openapi import checks as openapi_checks

from microparks.apps.base import Role
from microparks.config.wsgi import application

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI app is called directly: keep Django from closing the test's connection.

    Django's own test client does the same; without it every request's end closes the
    connection that holds the test's transaction (PostgreSQL then answers nothing but errors).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


EXAMPLES = 8
CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]


def _schema() -> Any:
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


def _session(user: Any) -> dict[str, dict[str, str]]:
    """Cookies and headers of a signed-in browser session of ``user``, CSRF token included."""
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


def _fuzz(operation: Any, auth: dict[str, dict[str, str]]) -> None:
    @given(case=operation.as_strategy())
    @hsettings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(app=application, **auth)
        case.validate_response(response, checks=CHECKS)

    run()


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_operation_as_each_role(role: str, home: Any, other: Any) -> None:
    auth = _session(home.users[role])
    failures: list[str] = []
    for result in _schema().get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation, auth)
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure, not the first
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
