"""Forms that edit a revisioned record carry the revision they showed, and refuse a stale save.

The hidden field :data:`SEEN` holds the record's revision when the page was opened. On save the
stored row is locked and compared (:func:`~microparks.apps.common.revisions.check_revision`);
when someone saved in between, the form is invalid with one error naming every field the other
save changed and both values, the user's input stays in the form, and the hidden field moves to
the new revision: saving again (after a look at the changes) keeps the user's values knowingly.

Action forms (a ticket's reply, a prospect's stage move) post the same hidden field; the view
reads it with :func:`seen_in` and the service checks it under the row's lock
(:class:`~microparks.apps.common.revisions.Seen`); a refusal is shown with :func:`add_conflict`,
or with :func:`conflict_lines` on the page and :func:`rebase` on the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from microparks.apps.common.revisions import (
    EditConflict,
    Seen,
    change_line,
    check_revision,
    saved_line,
)
from microparks.apps.revisioned import FIELD

SEEN = "revision_seen"
"""The hidden field's name (a model form may not name the model's non-editable ``revision``)."""


def seen_field(html_id: str = "") -> forms.IntegerField:
    """The hidden field with the revision the page showed.

    ``html_id``: for a page with several such forms, whose automatic ids would repeat.
    """
    widget = forms.HiddenInput(attrs={"id": html_id} if html_id else None)
    return forms.IntegerField(widget=widget, required=False, min_value=0)


def seen_in(data: Mapping[str, Any], yours: Mapping[str, Any] | None = None) -> Seen:
    """The revision a posted action form showed (``None`` when missing or not a number)."""
    try:
        revision = seen_field().clean(data.get(SEEN))
    except ValidationError:
        revision = None
    return Seen(revision, yours or {})


def conflict_lines(conflict: EditConflict, *, action: bool = False) -> list[str]:
    """The refusal's lines for a page: what happened, then one line per changed field.

    ``action``: said of a step taken from the page (nothing was done), not of a form's save.
    """
    head = conflict.message(action=action).split("\n", 1)[0]
    return [head, *saved_line(conflict.saved), *(change_line(c) for c in conflict.changes)]


def add_conflict(form: forms.BaseForm, conflict: EditConflict) -> None:
    """Show the refusal on ``form`` and move its hidden revision to the one now stored."""
    form.add_error(None, conflict_lines(conflict))
    rebase(form, conflict)


def rebase(form: forms.BaseForm, conflict: EditConflict) -> None:
    """Move ``form``'s hidden revision to the one now stored: sending it again is knowing."""
    data: Any = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix(SEEN)] = str(conflict.revision)
    form.data = data


def refuse_stale(form: forms.BaseForm, obj: models.Model, yours: Mapping[str, Any]) -> bool:
    """Add the conflict to ``form`` and return True if ``obj`` moved past the shown revision.

    Call from the form's ``clean`` or the view, inside the transaction that then saves.
    """
    try:
        check_revision(obj, form.cleaned_data.get(SEEN), yours)
    except EditConflict as conflict:
        add_conflict(form, conflict)
        return True
    return False


class RevisionCheckedModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form that shows the instance's revision and refuses a save based on an older one."""

    revision_seen = seen_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(SEEN, getattr(self.instance, FIELD))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is not None and not getattr(self, "_errors", None):
            refuse_stale(self, self.instance, {k: v for k, v in data.items() if k != SEEN})
        return data


def revision_checked(form: type[forms.ModelForm]) -> type[forms.ModelForm]:  # type: ignore[type-arg]
    """``form`` with the revision check mixed in (for an admin's ``form``)."""
    if issubclass(form, RevisionCheckedModelForm):
        return form
    return type(form.__name__, (RevisionCheckedModelForm, form), {"__module__": form.__module__})
