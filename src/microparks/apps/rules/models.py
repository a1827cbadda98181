"""Rules documents: every rule the platform judges by, stored as immutable, versioned YAML.

A document belongs to a *lineage* (kind, name and where it applies: the whole platform, a
region or a park) and has a version number within it. Its content never changes once it is
active or once anything used it: editing makes a new version with the old one as parent. At most
one version of a lineage is active. Results (decisions, scoring jobs, evaluations, deadlines …)
point to the exact version they used (``on_delete=PROTECT``), so they re-render from it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import VIEW, RestrictedQuerySet, Role, Scope, acting_user
from microparks.apps.revisioned import Revisioned


class Kind(models.TextChoices):
    ADMISSION = "admission", _("Admission rules")
    SUITABILITY = "suitability", _("Suitability scheme")
    TARGETING = "targeting", _("Targeting weights")
    MATCHING = "matching", _("Matching costs")
    EVALUATION = "evaluation", _("Evaluation scheme")
    DEADLINES = "deadlines", _("Service-desk deadlines")
    CALENDAR = "calendar", _("Working calendar")
    VOCABULARY = "vocabulary", _("Vocabulary of a county's tables")
    WORKSHOP = "workshop", _("Employment-assistance workshops")
    PARK_RUBRIC = "park_rubric", _("Park performance rubric")
    PARK_STARS = "park_stars", _("Park star rating")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class RulesQuerySet(RestrictedQuerySet):
    """Officials see the documents of the platform and of their regions (above and below)."""

    def restrict(self, user: Any, action: str = VIEW) -> RulesQuerySet:
        """Rows ``user`` may view (platform-wide ones too) or change (their regions' only)."""
        if action != VIEW or not user.is_authenticated:
            return super().restrict(user, action)
        if user.is_superuser or user.role == Role.ADMIN:
            return self
        if user.role == Role.ENTERPRISE:
            return self.none()
        from microparks.apps.rules.scope import visible_filter

        return self.filter(visible_filter(user))


class RulesDocument(Revisioned):
    """One version of a rules document."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.SlugField(
        _("name"), max_length=60, help_text=_("Short name of the document, e.g. huangyan")
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content (YAML)"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules_documents",
        help_text=_("Empty: applies to the whole platform"),
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules_documents",
    )
    scope_key = models.CharField(max_length=24, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    source = models.TextField(_("source"), blank=True, help_text=_("What the rules rest on"))
    note = models.TextField(_("what changed"), blank=True)
    created_by = acting_user(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status_changed_by = acting_user(_("status changed by"))
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = models.Manager.from_queryset(RulesQuerySet)()
    scope = Scope(region="region", park="park", edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}))

    class Meta:
        verbose_name = _("rules document")
        verbose_name_plural = _("rules documents")
        # Deleting a department or a user empties its links through the base manager: counted.
        base_manager_name = "objects"
        ordering = ["kind", "name", "scope_key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "scope_key", "version"], name="rules_unique_version"
            ),
            models.UniqueConstraint(
                fields=["kind", "name", "scope_key"],
                condition=models.Q(status="active"),
                name="rules_one_active_version",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.scope_key = self.key_for(self.region_id, self.park_id)
        if self.pk is not None:
            self._check_unchanged()
        super().save(*args, **kwargs)

    def _check_unchanged(self) -> None:
        old = (
            RulesDocument.objects.filter(pk=self.pk)
            .values("content", "kind", "name", "scope_key", "version", "status")
            .first()
        )
        if old is None:
            return
        moved = any(old[k] != getattr(self, k) for k in ("kind", "name", "scope_key", "version"))
        if moved:
            raise ValidationError(_("A document keeps its kind, name, place and version."))
        if old["content"] != self.content and (old["status"] != Status.DRAFT or self.is_used()):
            raise ValidationError(
                _("This version is in use or active and cannot change; save a new version.")
            )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.status != Status.DRAFT or self.is_used():
            raise ValidationError(_("Only an unused draft can be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def label(self) -> str:
        """``title · v3`` in the page's language (shipped titles are translated)."""
        return gettext("%(title)s · v%(version)s") % {
            "title": gettext(self.title),
            "version": self.version,
        }

    @property
    def where(self) -> str:
        """Where the document applies, for pages."""
        if self.park_id is not None:
            return str(self.park)
        if self.region_id is not None:
            return str(self.region)
        return gettext("Whole platform")

    @staticmethod
    def key_for(region_id: int | None, park_id: int | None) -> str:
        """The lineage scope key: ``*`` (platform), ``r<id>`` (region), ``p<id>`` (park)."""
        if park_id is not None:
            return f"p{park_id}"
        return f"r{region_id}" if region_id is not None else "*"

    def is_used(self) -> bool:
        """Whether any result or later version refers to this version."""
        for relation in self._meta.related_objects:
            accessor = relation.get_accessor_name()
            if accessor and getattr(self, accessor).exists():
                return True
        return False

    @property
    def frozen(self) -> bool:
        """Whether the content may no longer change (active, retired, or used)."""
        return self.status != Status.DRAFT or (self.pk is not None and self.is_used())
