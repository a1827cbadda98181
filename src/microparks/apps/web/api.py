"""The JSON API under /api/ (django-ninja), with its OpenAPI schema and docs served offline.

Authentication is the Django session (``django_auth``): every endpoint needs a signed-in user
(401 otherwise), and unsafe methods need the CSRF token (the ``X-CSRFToken`` header, as the
htmx pages and the Swagger page send it). Each router reads through
``Model.objects.restrict(user)`` and writes through ``restrict(user, "change")``: an object
outside the user's role and region scope is a 404, never another region's row.

Endpoints (routers per app): ``summary`` here; ``parks`` in :mod:`microparks.apps.parks.api`;
``sites`` in :mod:`microparks.apps.sites.api`; ``enterprises`` in
:mod:`microparks.apps.enterprises.api`. Lists of sites and enterprises are paginated with
``limit``/``offset`` and answer ``{"items": [...], "count": n}``.

Errors: 401/403/404 answer ``{"detail": message}``; invalid input answers 422 with
``{"errors": {field: [message, ...]}}`` naming each bad field, and nothing is saved.

Units are in the field names (``land_area_m2``, ``tax_cny``); money is a JSON number in CNY.

Schema and docs are public: ``/api/openapi.json`` and ``/api/docs`` describe the shape of the
API and hold no data (the code is open source, so the schema is no secret), and integrators
can read them before they have an account; "Try it out" still needs a session. The docs page
loads Swagger UI from ninja's own static files (``"ninja"`` is in INSTALLED_APPS) and never
from a CDN; the online spec validator is switched off so the page makes no outside request.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.security import django_auth

from microparks.apps.attraction.api import router as attraction_router
from microparks.apps.common.api import ApiValidationError, StrictJSONRenderer, errors_from_ninja
from microparks.apps.enterprises.api import router as enterprises_router
from microparks.apps.evaluation.api import router as evaluation_router
from microparks.apps.labour.api import router as labour_router
from microparks.apps.parks.api import router as parks_router
from microparks.apps.parks.services import Summary, summarize
from microparks.apps.rules.api import router as rules_router
from microparks.apps.servicedesk.api import router as servicedesk_router
from microparks.apps.sites.api import router as sites_router

api = NinjaAPI(
    title="microparks API",
    version="1",
    description="Idle assets, micro-parks and enterprises of the counties you may see.",
    auth=django_auth,
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),
    renderer=StrictJSONRenderer(),  # no NaN or Infinity in any answer
)


@api.exception_handler(ApiValidationError)
def _invalid(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
    return api.create_response(request, {"errors": exc.errors}, status=422)


@api.exception_handler(NinjaValidationError)
def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"errors": errors_from_ninja(exc)}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Please sign in.")}, status=401)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


class YearFiguresOut(Schema):
    """Tenants' totals for one year."""

    year: int
    tenants: int
    jobs: int
    local_jobs: int
    rural_jobs: int
    tax_cny: float
    output_cny: float


class SummaryOut(Schema):
    """Headline figures of the parks the user may see: latest year with records, and trend."""

    parks: int
    tenants: int
    year: int | None
    jobs: int
    local_jobs: int
    rural_jobs: int
    tax_cny: float
    output_cny: float
    land_in_use_m2: float
    land_in_use_mu: float
    trend: list[YearFiguresOut]


summary_router = Router(tags=["summary"])


@summary_router.get("/summary", response=SummaryOut, summary="Headline figures")
def summary(request: HttpRequest) -> dict[str, object]:
    result: Summary = summarize(request.user)
    return result.as_dict()


api.add_router("/", summary_router)
api.add_router("/", parks_router)
api.add_router("/", sites_router)
api.add_router("/", enterprises_router)
api.add_router("/", attraction_router)
api.add_router("/", servicedesk_router)
api.add_router("/", evaluation_router)
api.add_router("/", rules_router)
api.add_router("/", labour_router)
