"""What every domain app shares: roles, the region/role scope of a model, timestamps.

Every queryset that reaches a user goes through ``Model.objects.restrict(user, action)``
(NetBox's ``RestrictedQuerySet`` pattern). A model declares, in ``scope``, the lookup paths
from itself to the region, park, enterprise and department that scope it; ``restrict`` turns
the user's role and assignments into a filter on those paths. A role whose path the model lacks
sees nothing of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microparks.apps.revisioned import CountedUpdates

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Role(models.TextChoices):
    """The roles of DESIGN.md §5."""

    ADMIN = "admin", _("System administrator")
    OFFICIAL = "official", _("County official")
    INVESTMENT = "investment", _("Investment officer")
    PARK_MANAGER = "park_manager", _("Park manager")
    HANDLER = "handler", _("Department handler")
    ENTERPRISE = "enterprise", _("Enterprise user")
    # The county's public employment service (人社就业服务): the job-seeker register only, and
    # the labour pool and vacancies of its county to read.
    LABOUR_SERVICE = "labour_service", _("Employment service officer")


VIEW, CHANGE = "view", "change"
ALL_STAFF = frozenset({Role.OFFICIAL, Role.INVESTMENT, Role.PARK_MANAGER})


class ScopedUser(Protocol):
    """What ``restrict`` reads of a user: the account model (``accounts.User``) has it.

    Declared here rather than imported, so that the scope rules do not depend on the app that
    defines the account (which itself builds on :class:`Role` and :class:`Scope`).
    """

    @property
    def is_authenticated(self) -> bool: ...

    is_superuser: bool
    role: str
    region_id: int | None
    department_id: int | None
    enterprise_id: int | None
    parks: Any

    def region_ids(self) -> list[int]: ...


@dataclass(frozen=True)
class Scope:
    """Lookup paths from a model to what scopes it; ``None`` where there is no such link.

    ``region=None`` marks shared reference data (e.g. the industry classification) that every
    signed-in user may read. ``edit`` lists the roles (besides the administrator) that may
    change the model's rows within their scope.
    """

    region: str | None = None
    park: str | None = None
    enterprise: str | None = None
    department: str | None = None
    labour: str | None = None  # to the county, for the labour-service role (labour models only)
    edit: frozenset[str] = field(default_factory=frozenset)
    shared: bool = False


class RestrictedQuerySet(CountedUpdates):
    """A queryset that can be cut down to what a user may see or change.

    Its ``update()`` counts the revision of the records several people edit (``revisions``).
    """

    def restrict(self, user: ScopedUser | AnonymousUser, action: str = VIEW) -> Self:
        """Return the rows of this queryset that ``user`` may ``view`` or ``change``."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.ADMIN:
            return self
        scope: Scope = self.model.scope
        if action != VIEW and user.role not in scope.edit:
            return self.none()
        if scope.shared:
            return self
        lookup = _scope_lookup(user, scope)
        if lookup is None:
            return self.none()
        path, values = lookup
        # Filter through a subquery on pk: paths across to-many relations would repeat rows.
        inner = self.model._default_manager.filter(**{f"{path}__in": values}).values("pk")
        return self.filter(pk__in=inner)


def _scope_lookup(user: ScopedUser, scope: Scope) -> tuple[str, Any] | None:
    role = user.role
    if role in (Role.OFFICIAL, Role.INVESTMENT) and scope.region and user.region_id:
        return scope.region, user.region_ids()
    if role == Role.PARK_MANAGER and scope.park:
        return scope.park, user.parks.values("pk")
    if role == Role.HANDLER and scope.department and user.department_id:
        return scope.department, [user.department_id]
    if role == Role.ENTERPRISE and scope.enterprise and user.enterprise_id:
        return scope.enterprise, [user.enterprise_id]
    if role == Role.LABOUR_SERVICE and scope.labour and user.region_id:
        return scope.labour, user.region_ids()
    return None


def acting_user(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """The account that did something (created, imported, reviewed …).

    Kept as NULL when the account is deleted, so the row and its history stay; no reverse
    accessor on the user, who acts on many kinds of rows.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class TimeStampedModel(models.Model):
    """Creation and last-change times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)


class ImportRecord(TimeStampedModel):
    """One accepted import of a file (all or nothing), kept as provenance.

    Subclasses add the ``region`` (with their own reverse name), the ``vocabulary`` version the
    file was read with, and what else their import records.
    """

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    imported_by = acting_user(_("imported by"))

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({timezone.localtime(self.created_at):%Y-%m-%d})"
