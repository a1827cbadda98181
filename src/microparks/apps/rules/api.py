"""Rules documents in the JSON API: read the versions a user may see, with their YAML.

Writing stays on the Rules pages, where every version is checked and shown before it is saved.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from microparks.apps.common.api import DetailOut, ObjectId
from microparks.apps.common.revision_api import with_etag
from microparks.apps.rules.models import Kind, RulesDocument, Status

router = Router(tags=["rules"])


class RulesDocumentOut(Schema):
    """One version of a rules document (without its text)."""

    id: int
    kind: str = Field(description=f"One of {', '.join(Kind.values)}")
    name: str
    version: int
    title: str
    status: str = Field(description=f"One of {', '.join(Status.values)}")
    region: str | None = Field(description="Region code; null for the whole platform")
    park: str | None = Field(description="Park code, for a park's admission rules")
    sha256: str = Field(description="SHA-256 of the canonical content (JSON, sorted keys)")
    parent_id: int | None
    source: str
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_region(obj: RulesDocument) -> str | None:
        return obj.region.code if obj.region is not None else None

    @staticmethod
    def resolve_park(obj: RulesDocument) -> str | None:
        return obj.park.code if obj.park is not None else None


class RulesDocumentDetailOut(RulesDocumentOut):
    """A version with its YAML."""

    content: str


@router.get("/rules", response=list[RulesDocumentOut], summary="Rules documents")
def list_documents(
    request: HttpRequest, kind: str | None = None, status: str | None = None
) -> list[RulesDocument]:
    rows = (
        RulesDocument.objects.restrict(request.user)
        .select_related("region", "park")
        .defer("region__geometry")
    )
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return list(rows)


@router.get(
    "/rules/{int:document_id}",
    response={200: RulesDocumentDetailOut, 404: DetailOut},
    summary="One rules document version",
)
def get_document(
    request: HttpRequest, response: HttpResponse, document_id: ObjectId
) -> RulesDocument:
    rows = (
        RulesDocument.objects.restrict(request.user)
        .select_related("region", "park")
        .defer("region__geometry")
    )
    found: RulesDocument = get_object_or_404(rows, pk=document_id)
    with_etag(response, found)
    return found
