"""The API side of concurrent edits: ``ETag`` on reads, ``If-Match`` on writes.

A revisioned object's GET answers ``ETag: "<revision>"``. ``PATCH`` (and ``PUT``) must send it
back in ``If-Match``: a stale tag is refused with **412** and the changes since (the fields,
the values stored now and the values sent); a missing one with **428** (RFC 6585), since a
client that does not say what it read would overwrite blindly; ``If-Match: *`` overwrites on
purpose. Nothing is saved on a refusal.

Workflow actions (a ticket's steps, a prospect's stage move) honour ``If-Match`` when it is
sent (:func:`seen_from_if_match`, 412 with the changes when stale) and go on the state checks
alone without it: an action names its step, so a client that sends no tag cannot overwrite a
value it never read, and the clients written before the tags keep working.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from ninja import Schema, Status

from microparks.apps.common.revisions import Seen, check_if_match, etag, if_match_revision

ACTION_IF_MATCH_HELP = (
    "Send the ETag of the version you read in If-Match to be refused with 412 (and the "
    "changes) if the object changed since; without If-Match only the workflow's rules apply."
)
IF_MATCH_HELP = (
    'Send the ETag of the version you read in If-Match ("*" overwrites whatever is stored): '
    "412 if someone saved since (with the changes), 428 if If-Match is missing."
)


class ChangeOut(Schema):
    """One field someone else changed since the revision the client read."""

    field: str
    label: str
    theirs: str
    yours: str | None


class ConflictOut(Schema):
    """A write refused because the object changed since the client read it (412)."""

    detail: str
    revision: int
    changes: list[ChangeOut]


def with_etag(response: HttpResponse, obj: models.Model) -> None:
    """Put ``obj``'s ETag on the answer."""
    response["ETag"] = etag(obj)


def refuse_stale_write(request: HttpRequest, obj: models.Model, yours: dict[str, Any]) -> Any:
    """A 412 or 428 answer if the write may not go on, else ``None``.

    The row is locked from here on: call it inside the write's transaction.
    """
    refused = check_if_match(request.headers.get("If-Match"), obj, yours)
    return None if refused is None else Status(*refused)


def seen_from_if_match(request: HttpRequest, yours: dict[str, Any] | None = None) -> Seen | None:
    """What an action's ``If-Match`` says the client read; ``None`` (no check) without one.

    ``*`` also means no check; a tag that is not a revision of ours is stale (``Seen(None)``).
    """
    wanted = if_match_revision(request.headers.get("If-Match"))
    if wanted is None or wanted == "*":
        return None
    return Seen(wanted if isinstance(wanted, int) else None, yours or {})
