"""Set the values of an annual record and remember, per value, where each came from.

Every change of a record's figures goes through :func:`set_values`, which validates the record,
saves it and writes one :class:`RecordEvent` per value with its source, the user, the time, the
file it came from or the official's reason. Both the record and its events are saved through the
models, so the audit log keeps them too. A locked record is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, RecordEvent


class RecordLockedError(Exception):
    """The record is locked; an official must unlock it (with a reason) first."""

    def __init__(self, record: AnnualRecord) -> None:
        super().__init__(
            _("The %(year)d record of %(firm)s is locked.")
            % {"year": record.year, "firm": record.enterprise}
        )


def json_value(value: Any) -> Any:
    """A record value as JSON: numbers as numbers, blank as ``None``."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


@transaction.atomic
def set_values(
    record: AnnualRecord,
    values: Mapping[str, Any],
    *,
    source: str,
    user: Any,
    file_name: str = "",
    note: str = "",
    only_changed: bool = False,
) -> list[str]:
    """Assign ``values`` to ``record``, validate and save it, and log each value's provenance.

    Parameters
    ----------
    record
        A new (unsaved) or stored annual record; a stored one must not be locked.
    values
        Field name (one of :data:`VALUE_FIELDS`) → new value.
    source
        An :class:`AnnualRecord.Source` value; it also becomes the record's overall source.
    user
        Who made the change (``None`` for the system).
    file_name, note
        The file the values came from; the reason of a correction.
    only_changed
        Log only values that differ from the stored ones (a re-upload of a whole county's
        sheet); otherwise every given value is logged (a firm's submission confirms each).

    Returns
    -------
    list of str
        The fields logged.

    Raises
    ------
    RecordLockedError
        The stored record is locked.
    django.core.exceptions.ValidationError
        The record is invalid with the new values (nothing is saved).

    """
    unknown = set(values) - set(VALUE_FIELDS)
    if unknown:
        raise ValueError(f"not record values: {sorted(unknown)}")
    old = _stored_values(record, values)
    for name, value in values.items():
        setattr(record, name, value)
    record.source = source
    record.full_clean()
    record.save()
    record.refresh_from_db()
    return _log_values(
        record,
        old,
        source=source,
        user=user,
        file_name=file_name,
        note=note,
        only_changed=only_changed,
    )


def _log_values(
    record: AnnualRecord,
    old: Mapping[str, Any],
    *,
    source: str,
    user: Any,
    file_name: str,
    note: str,
    only_changed: bool,
) -> list[str]:
    """One value event per field of ``old`` (the fields set), with its old and new value.

    All events of one change carry the same time; the file name is cut to the column's 200
    characters.
    """
    now = timezone.now()
    logged = []
    for name in old:
        new = json_value(getattr(record, name))
        if only_changed and record.pk is not None and old[name] == new:
            continue
        RecordEvent.objects.create(
            record=record,
            kind=RecordEvent.Kind.VALUE,
            field=name,
            old_value=old[name],
            new_value=new,
            source=source,
            file_name=file_name[:200],
            note=note,
            user=user if getattr(user, "is_authenticated", False) else None,
            at=now,
        )
        logged.append(name)
    return logged


def _stored_values(record: AnnualRecord, values: Mapping[str, Any]) -> dict[str, Any]:
    """The stored values of the fields about to change (all ``None`` for a new record).

    The stored row is locked for the transaction, so that a concurrent change waits, and a
    locked record is refused before anything is assigned.
    """
    if record.pk is None:
        return dict.fromkeys(values)
    stored = AnnualRecord.objects.select_for_update().get(pk=record.pk)
    if stored.locked:
        raise RecordLockedError(stored)
    return {f: json_value(getattr(stored, f)) for f in values}


def log_step(record: AnnualRecord, kind: str, user: Any, note: str = "") -> RecordEvent:
    """Log a review step of ``record`` (submitted, returned, accepted, locked, unlocked)."""
    return RecordEvent.objects.create(
        record=record,
        kind=kind,
        note=note,
        user=user if getattr(user, "is_authenticated", False) else None,
    )


def provenance(
    record: AnnualRecord, events: Iterable[RecordEvent] | None = None
) -> dict[str, RecordEvent]:
    """The latest value event of each field of ``record`` (its current provenance).

    ``events`` are the record's events when the caller has fetched them already (a list of
    records prefetches them all in one query); otherwise they are read here.
    """
    if events is None:
        events = record.events.filter(kind=RecordEvent.Kind.VALUE).select_related("user")
    latest: dict[str, RecordEvent] = {}
    values = (e for e in events if e.kind == RecordEvent.Kind.VALUE)
    for event in sorted(values, key=lambda e: (e.at, e.pk)):
        latest[event.field] = event
    return latest
