"""The JSON API under /api/ (django-ninja; OpenAPI docs served from ninja's own static files)."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(title="microparks API", version="1", auth=django_auth, urls_namespace="api")
