"""The national industry classification GB/T 4754-2017, shipped as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Scope


class Industry(models.Model):
    """A node of GB/T 4754-2017: section (门类), division (大类), group (中类) or class (小类)."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section")
        DIVISION = "division", _("Division")
        GROUP = "group", _("Group")
        CLASS = "class", _("Class")

    class Intensity(models.TextChoices):
        HIGH = "high", pgettext_lazy("intensity", "High")
        MEDIUM = "medium", pgettext_lazy("intensity", "Medium")
        LOW = "low", pgettext_lazy("intensity", "Low")

    code = models.CharField(
        _("code"),
        max_length=5,
        unique=True,
        help_text=_("Section letter, or 2-, 3- or 4-digit code"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    labour_intensity = models.CharField(
        _("labour intensity"), max_length=8, choices=Intensity.choices, blank=True
    )
    energy_class = models.CharField(
        _("energy intensity"), max_length=8, choices=Intensity.choices, blank=True
    )
    is_two_high = models.BooleanField(
        _("两高 sector"),
        default=False,
        help_text=_("High energy use and high emissions (环环评〔2021〕45号)"),
    )
    version = models.CharField(_("classification version"), max_length=20, default="GB/T 4754-2017")

    objects = RestrictedManager()
    scope = Scope(shared=True)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.local_name}"

    @property
    def local_name(self) -> str:
        """The name in the active language: English where the catalogue has one, else Chinese."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def section(self) -> Industry:
        """The top-level section (门类) this node belongs to."""
        node = self
        while node.parent is not None:
            node = node.parent
        return node
