"""Optimistic locking of the records several people edit.

Sites, prospects, tickets, annual records and rules documents are such records.

Each such model carries a ``revision``
(:class:`~microparks.apps.revisioned.Revisioned`), counted up by every save under a lock on
the row. A user's edit carries the revision it was based on (a hidden form field, the
API's ``If-Match``); :func:`check_revision` locks the stored row and refuses the edit with an
:class:`EditConflict` when someone saved in between, naming each field the other save changed
with the value now stored and the value the user sent. Nothing is overwritten silently: the
user reviews the other change and saves again on the new revision.

The changed fields come from the audit log (each save's entry records ``revision`` with the
other changed fields); a model whose saves are not audited falls back to the fields whose
stored value differs from what the user sent.

A hand-written ``F("revision") + 1`` on an ``UPDATE … WHERE revision = n`` would do as well;
the lock-then-compare form is kept because the conflict must list what changed, which needs
the stored row anyway. django-concurrency was not taken: its conflict handling has no field
diff and it patches the model's update path, which the audit log and imports also rely on.

Writes that bypass ``save`` count too: ``QuerySet.update`` (and ``bulk_update``, which runs
on it) adds ``revision = revision + 1`` on a revisioned model
(:class:`~microparks.apps.revisioned.CountedUpdates`, the base of the managers' querysets),
so an edit based on the row before such a write is refused like one before a save.

Actions that change a record without an edit form (a ticket's reply, a prospect's stage move)
carry the revision their page showed as a :class:`Seen`, checked by the service under the
row's lock before it changes anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.common.display import person_name
from microparks.apps.revisioned import FIELD

M = TypeVar("M", bound=models.Model)

AUDIT_LOOKBACK = 200
"""How many of a row's latest audit entries are searched for the changes since a revision."""


@dataclass(frozen=True)
class Seen:
    """The revision an action's page showed (``None``: it did not say) and what it sends."""

    revision: int | None
    yours: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def check(self, obj: M, *, lock: bool = True) -> M:
        """The stored row of ``obj``, or :class:`EditConflict` if it moved past the revision."""
        return check_revision(obj, self.revision, self.yours, lock=lock)


@dataclass(frozen=True)
class Change:
    """One field someone else changed since the user's revision."""

    field: str
    label: str
    theirs: str
    yours: str | None  # None: the user's edit did not send this field


class EditConflict(Exception):
    """An edit based on revision ``expected`` while ``current`` is at a later one."""

    def __init__(
        self,
        current: models.Model,
        expected: int | None,
        changes: list[Change],
        saved: Saved | None = None,
    ) -> None:
        self.current = current
        self.expected = expected
        self.changes = changes
        self.saved = saved
        super().__init__(self.message())

    @property
    def revision(self) -> int:
        return int(getattr(self.current, FIELD))

    def message(self, *, action: bool = False) -> str:
        """One line for the page: who changed what, with both values of each field.

        ``action``: the refusal of a step (a ticket's reply, a stage move) rather than of an
        edit form's save.
        """
        values = {"object": self.current, "theirs": self.revision, "yours": self.expected or "?"}
        if action:
            head = _(
                "Someone else changed %(object)s after you opened the page (revision "
                "%(theirs)s; the page showed %(yours)s). Nothing was done. Check the changes, "
                "then try again if the step still makes sense."
            )
        else:
            head = _(
                "Someone else saved %(object)s while you were editing it (revision %(theirs)s; "
                "yours was based on %(yours)s). Nothing of yours was saved. Check the changes, "
                "then save again to keep your values."
            )
        head = head % values
        lines = [head, *saved_line(self.saved), *(change_line(c) for c in self.changes)]
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        """The body of an API refusal (412)."""
        return {
            "detail": self.message().split("\n", 1)[0],
            "revision": self.revision,
            "changes": [c.__dict__ for c in self.changes],
        }


@dataclass(frozen=True)
class Saved:
    """Who made the latest save of a row, and when (from the audit log)."""

    by: Any
    at: Any


def saved_line(saved: Saved | None) -> list[str]:
    """``Saved by … at …`` (local time) for the refusal, or nothing when no one is on record."""
    if saved is None:
        return []
    at = timezone.localtime(saved.at).strftime("%Y-%m-%d %H:%M")
    return [_("Last saved by %(who)s at %(at)s.") % {"who": person_name(saved.by), "at": at}]


def last_saved(current: models.Model) -> Saved | None:
    """The latest audited save of ``current``: who and when (``None`` when not audited)."""
    audit: Any = apps.get_model("audit", "AuditEntry")
    entry = (
        audit.objects.filter(model=current._meta.label_lower, object_id=str(current.pk))
        .filter(action__in=[audit.Action.UPDATE, audit.Action.CREATE])
        .select_related("user")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return None if entry is None else Saved(entry.user, entry.timestamp)


def change_line(change: Change) -> str:
    """``label: saved meanwhile “a”, yours “b”`` in the active language."""
    if change.yours is None:
        return _("%(label)s: now “%(theirs)s”") % change.__dict__
    return _("%(label)s: saved meanwhile “%(theirs)s”, yours “%(yours)s”") % change.__dict__


def check_revision(
    obj: M, expected: int | None, yours: Mapping[str, Any] | None = None, *, lock: bool = True
) -> M:
    """The stored row of ``obj`` (locked for the transaction) if it is still at ``expected``.

    Call it inside ``transaction.atomic()`` together with the save it guards, so no one saves
    in between.

    Raises
    ------
    EditConflict
        The stored revision is not ``expected`` (``None``: the edit did not say, also refused).

    """
    model = type(obj)
    rows = model._base_manager.filter(pk=obj.pk)
    current = (rows.select_for_update() if lock else rows).get()
    if expected is not None and expected == current.revision:  # type: ignore[attr-defined]
        return current
    changes = changes_since(current, expected, yours or {})
    raise EditConflict(current, expected, changes, last_saved(current))


def changes_since(
    current: models.Model, expected: int | None, yours: Mapping[str, Any]
) -> list[Change]:
    """The fields changed after revision ``expected``, with the stored and the user's values."""
    names = _audited_changes(current, expected)
    if not names:  # no audit trail: whatever differs from what the user sent
        names = [n for n in yours if _shown(current, n) != _given(current, n, yours[n])]
    changes = []
    for name in names:
        field = _field(current, name)
        if field is None or field.name in (FIELD, "updated_at", "created_at"):
            continue
        changes.append(
            Change(
                field=field.name,
                label=str(field.verbose_name),
                theirs=_shown(current, field.name),
                yours=_given(current, field.name, yours[field.name])
                if field.name in yours
                else None,
            )
        )
    return changes


def _audited_changes(current: models.Model, expected: int | None) -> list[str]:
    """Field attnames the audit log saw change in saves after revision ``expected``."""
    # By name: the audit app's admin builds on the admin base, which builds on this module.
    audit: Any = apps.get_model("audit", "AuditEntry")
    entries = audit.objects.filter(
        model=current._meta.label_lower,
        object_id=str(current.pk),
        action=audit.Action.UPDATE,
    ).order_by("-timestamp", "-pk")[:AUDIT_LOOKBACK]
    names: list[str] = []
    for entry in entries:
        moved = entry.changes.get(FIELD)
        if not moved or (expected is not None and int(moved[1]) <= expected):
            break
        names.extend(n for n in entry.changes if n not in names)
    return names


def _field(obj: models.Model, name: str) -> Any:
    for field in obj._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    return None


def _text(field: Any, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, models.Model):
        return str(value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def _shown(obj: models.Model, name: str) -> str:
    field = _field(obj, name)
    if field is None:
        return "—"
    return _text(field, getattr(obj, field.name))


def _given(obj: models.Model, name: str, value: Any) -> str:
    field = _field(obj, name)
    if field is not None and field.is_relation and not isinstance(value, models.Model):
        related = field.related_model._base_manager.filter(pk=value).first()
        return _text(field, related if related is not None else value)
    return _text(field, value)


# --- HTTP: ETag and If-Match ----------------------------------------------------------------


def etag(obj: models.Model) -> str:
    """The strong entity tag of a revisioned row: its revision, quoted."""
    return f'"{getattr(obj, FIELD)}"'


def if_match_revision(header: str | None) -> int | str | None:
    """The revision an ``If-Match`` header names: an int, ``"*"``, ``"bad"`` or ``None``.

    Several tags may be listed (RFC 9110 §13.1.1); a weak tag never matches (strong
    comparison), so it reads as ``"bad"`` like any tag that is not a revision of ours.
    """
    if header is None or not header.strip():
        return None
    tags = [t.strip() for t in header.split(",")]
    if "*" in tags:
        return "*"
    for tag in tags:
        inner = tag[1:-1] if len(tag) >= 2 and tag[0] == tag[-1] == '"' else ""
        if inner.isdigit():
            return int(inner)
    return "bad"


def check_if_match(header: str | None, obj: M, yours: Mapping[str, Any]) -> tuple[int, Any] | None:
    """``None`` when the write may go on, else the (status, body) to answer.

    Missing ``If-Match``: 428 (a client that does not say what it read would overwrite
    blindly); ``*``: the client overwrites on purpose; a stale or unknown tag: 412 with the
    changes since the revision it names. Locks the row: call inside the write's transaction.
    """
    wanted = if_match_revision(header)
    if wanted is None:
        return 428, {
            "detail": _("Send If-Match with the ETag of the version you read (or * to overwrite).")
        }
    if wanted == "*":
        return None
    try:
        check_revision(obj, wanted if isinstance(wanted, int) else None, yours)
    except EditConflict as conflict:
        return 412, conflict.as_json()
    return None
