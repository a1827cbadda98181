"""The revision a record several people edit carries, counted by every write.

The model side of optimistic locking (:mod:`microparks.apps.common.revisions` has the checks,
the conflicts and their messages): kept apart so that :mod:`microparks.apps.base`, whose
querysets count revisions on ``update()``, does not import the shared web pieces.
"""

from __future__ import annotations

from typing import Any

from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _lazy

FIELD = "revision"
"""The name of the revision field, of the forms' hidden field and of the ETag's number."""


class Revisioned(models.Model):
    """A model whose saves are counted, so that an edit based on an old revision is refused."""

    revision = models.PositiveIntegerField(
        _lazy("revision"),
        default=1,
        editable=False,
        help_text=_lazy("Counts the saved changes; an edit based on an older one is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, counting the revision up from the stored one (the row locked meanwhile)."""
        update_fields = kwargs.get("update_fields")
        if self._state.adding or self.pk is None or update_fields == []:
            super().save(*args, **kwargs)
            return
        model = type(self)
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(model)):
            rows = model._base_manager.select_for_update().filter(pk=self.pk)
            stored = rows.values_list(FIELD, flat=True).first()
            if stored is not None:
                self.revision = stored + 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, FIELD}
            super().save(*args, **kwargs)


class CountedUpdates(models.QuerySet[Any]):
    """A queryset whose ``update()`` (and so ``bulk_update()``) counts revisioned rows up.

    In the queryset rather than at each caller: a caller that forgets would make a later stale
    edit pass silently, and no test would notice. ``Model.save`` writes through ``_update``,
    not ``update``, so a save is not counted twice. Only the managers built on this class
    count (a test holds every revisioned model's managers to it), so each revisioned model
    names ``objects`` its ``base_manager_name``: Django empties the ``SET_NULL`` links of a
    deleted department or handler through the base manager, and that write counts too.
    """

    def update(self, **kwargs: Any) -> int:
        if FIELD not in kwargs and is_revisioned(self.model):
            kwargs[FIELD] = models.F(FIELD) + 1
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]


def is_revisioned(model: type[models.Model] | models.Model) -> bool:
    """Whether ``model`` counts its revisions."""
    return isinstance(model, Revisioned) or (
        isinstance(model, type) and issubclass(model, Revisioned)
    )
