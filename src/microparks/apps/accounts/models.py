"""Users with a role and a region scope, and the county departments that handle tickets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import (
    RestrictedManager,
    RestrictedQuerySet,
    Role,
    Scope,
    TimeStampedModel,
)


class Department(TimeStampedModel):
    """A county or township body that handles tenants' requests (e.g. the power supply office)."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    categories = models.CharField(
        _("ticket categories handled"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated ticket categories routed here by default"),
    )

    objects = RestrictedManager()
    scope = Scope(region="region", department="pk", park="region__parks")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_department_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class RestrictedUserManager(UserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A platform user.

    The role says what they do; region, parks, department and enterprise say where.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_(
            "County officials and investment officers see this region and below; an employment "
            "service officer, the job seekers of this county"
        ),
    )
    parks = models.ManyToManyField(
        "parks.Park", verbose_name=_("managed parks"), blank=True, related_name="managers"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handlers",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = RestrictedUserManager()  # type: ignore[misc]
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        needs = {
            Role.OFFICIAL: ("region", self.region_id),
            Role.INVESTMENT: ("region", self.region_id),
            Role.LABOUR_SERVICE: ("region", self.region_id),
            Role.HANDLER: ("department", self.department_id),
            Role.ENTERPRISE: ("enterprise", self.enterprise_id),
        }
        if self.role in needs:
            field, value = needs[Role(self.role)]
            if value is None:
                raise ValidationError({field: _("This role needs this field.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A handler works in their department's region; recording it lets officials of that
        # region pick the handler (User.scope is by region).
        if self.department is not None and not self.region_id:
            self.region_id = self.department.region_id
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        # Chinese names are written family name first, with no space (韦建国, not 建国 韦).
        if any("\u4e00" <= ch <= "\u9fff" for ch in self.last_name + self.first_name):
            return f"{self.last_name}{self.first_name}".strip()
        return super().get_full_name()

    def region_ids(self) -> list[int]:
        """The ids of the user's region and all regions below it (cached per instance)."""
        if not hasattr(self, "_region_ids"):
            self._region_ids = self.region.descendant_ids() if self.region else []
        return self._region_ids

    def has_role(self, *roles: str) -> bool:
        """Whether the user is an administrator or holds one of ``roles``."""
        return self.is_superuser or self.role == Role.ADMIN or self.role in roles
