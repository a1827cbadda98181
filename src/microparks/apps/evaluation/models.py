"""Yearly per-mu evaluation campaigns, each firm's result, objections and D vetoes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel, acting_user
from microparks.apps.bounds import AREA_M2, DERIVED, range_constraints
from microparks.apps.json_fields import StrictJSONField


class Campaign(TimeStampedModel):
    """One county's evaluation of one year under one scheme: draft → published → final."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published for objections")
        FINAL = "final", _("Final")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="evaluation_campaigns",
    )
    year = models.PositiveSmallIntegerField(
        _("year evaluated"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    scheme = models.CharField(
        _("scheme"), max_length=60, help_text=_("Short name of the evaluation scheme")
    )
    rules = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("scheme version"),
        on_delete=models.PROTECT,
        related_name="evaluation_campaigns",
        limit_choices_to={"kind": "evaluation"},
        help_text=_("The exact version of the scheme the results were computed with"),
    )
    scheme_version = models.CharField(_("scheme version"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    objection_days = models.PositiveSmallIntegerField(
        _("objection window (working days)"), default=3
    )
    benchmarks = StrictJSONField(
        _("benchmarks"),
        default=dict,
        blank=True,
        help_text=_("Benchmarks per group and indicator that override the scheme's"),
    )
    run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    objection_deadline = models.DateField(_("objections until"), null=True, blank=True)
    finalised_on = models.DateField(_("final on"), null=True, blank=True)
    publication = models.PositiveSmallIntegerField(
        _("publication round"),
        default=0,
        help_text=_("How many times the results were published (公示); 0 before the first"),
    )
    skipped = StrictJSONField(
        _("firms skipped"),
        default=list,
        blank=True,
        help_text=_("Firms with a record but no leased land in the year"),
    )

    objects = RestrictedManager()
    scope = Scope(
        region="region",
        park="results__park",
        enterprise="results__enterprise",
        edit=frozenset({Role.OFFICIAL}),
    )

    class Meta:
        verbose_name = _("evaluation campaign")
        verbose_name_plural = _("evaluation campaigns")
        ordering = ["-year", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "scheme"], name="one_campaign_per_region_year_scheme"
            )
        ]

    def __str__(self) -> str:
        # the scheme's title for reading (jobs, audit log, admin), not its short name
        scheme = self.rules.label if self.rules_id is not None else self.scheme
        return f"{self.region} {self.year} · {scheme}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A campaign named by its scheme alone takes the version in effect for its county.
        if self.rules_id is None and self.scheme:
            from microparks.apps.rules.services import in_effect

            self.rules = in_effect("evaluation", region=self.region, name=self.scheme)
        if self.rules_id is not None:
            self.scheme = self.rules.name
            self.scheme_version = self.scheme_version or str(self.rules.version)
        super().save(*args, **kwargs)


class Result(TimeStampedModel):
    """A firm's evaluation: indicators, benchmarks, item scores, total, class and its terms."""

    class Class(models.TextChoices):
        A = "A", _("A: priority development")
        B = "B", _("B: encouraged to improve")
        C = "C", _("C: regulated")
        D = "D", _("D: to be rectified")
        T = "T", _("T: not evaluated")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="results"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="evaluation_results",
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_results",
    )
    group = models.CharField(_("group"), max_length=40, blank=True)
    land_m2 = models.FloatField(_("land area (m²)"), validators=AREA_M2.validators)
    inputs = StrictJSONField(
        _("inputs"), default=dict, help_text=_("The figures evaluated, in base units")
    )
    sources = StrictJSONField(
        _("sources"),
        default=dict,
        blank=True,
        help_text=_("Where figures came from: jobs from employment records or the annual record"),
    )
    indicators = StrictJSONField(_("indicators"), default=dict)
    rules = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("scheme version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_results",
        help_text=_("The scheme version this result was computed with"),
    )
    weights = StrictJSONField(
        _("weights"),
        default=list,
        blank=True,
        help_text=_("The items of the firm's group as scored: indicator, weight and cap"),
    )
    benchmarks = StrictJSONField(_("benchmarks"), default=dict)
    item_scores = StrictJSONField(_("item scores"), default=dict)
    total = models.FloatField(
        _("total score"), null=True, blank=True, validators=DERIVED.validators
    )
    evaluation_class = models.CharField(_("class"), max_length=1, choices=Class.choices)
    policies = StrictJSONField(_("policy terms"), default=dict)
    low_efficiency = StrictJSONField(_("low-efficiency flags"), default=list, blank=True)
    inputs_hash = models.CharField(_("inputs hash"), max_length=64)
    grade_basis = models.CharField(
        _("graded by"),
        max_length=12,
        blank=True,
        help_text=_("quota, thresholds, or small_group (score bands for a group too small)"),
    )
    next_class = models.CharField(_("next class"), max_length=1, blank=True)
    next_total = models.FloatField(
        _("total score of the next class"), null=True, blank=True, validators=DERIVED.validators
    )
    notes = StrictJSONField(
        _("notes"),
        default=list,
        blank=True,
        help_text=_("Rules that applied in a degenerate case (one firm, equal values, no data)"),
    )
    publication = models.PositiveSmallIntegerField(
        _("publication round"),
        default=0,
        help_text=_("The publication (公示) round in which this result was last changed"),
    )

    objects = RestrictedManager()
    scope = Scope(
        region="campaign__region",
        park="park",
        enterprise="enterprise",
        edit=frozenset({Role.OFFICIAL}),
    )

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["campaign", "-total"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise"], name="one_result_per_campaign_firm"
            ),
            *range_constraints(land_m2=AREA_M2, total=DERIVED, next_total=DERIVED),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.campaign.year}: {self.evaluation_class}"


class Veto(TimeStampedModel):
    """A direct D (一票否决) with its evidence."""

    class Reason(models.TextChoices):
        SAFETY = "safety", _("Major safety accident")
        FALSIFIED = "falsified", _("Falsified data")
        ENVIRONMENT = "environment", _("Environmental violation")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="vetoes"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="evaluation_vetoes",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    evidence = models.TextField(_("evidence"))
    reference = models.CharField(
        _("document reference"), max_length=200, blank=True, help_text=_("e.g. a penalty decision")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedManager()
    scope = Scope(
        region="campaign__region", enterprise="enterprise", edit=frozenset({Role.OFFICIAL})
    )

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("vetoes")
        ordering = ["campaign", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise", "reason"], name="one_veto_per_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.get_reason_display()}"


def objection_path(instance: Objection, filename: str) -> str:
    return f"evaluation/objections/{instance.result_id}/{filename}"


class Objection(TimeStampedModel):
    """A firm's objection to its published result, decided by an official."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Objection upheld")
        REJECTED = "rejected", _("Objection not upheld (dismissed)")

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="objections"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("objection"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = acting_user(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=objection_path, max_length=300, blank=True
    )
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)

    objects = RestrictedManager()
    scope = Scope(
        region="result__campaign__region",
        enterprise="result__enterprise",
        edit=frozenset({Role.OFFICIAL, Role.ENTERPRISE}),
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.result.enterprise}: {self.get_status_display()}"


class Submission(TimeStampedModel):
    """A firm's filing of its annual record for a year: draft → submitted → accepted/returned.

    ``values`` holds what the firm typed (a draft may be incomplete); on submission they are
    validated and written into the enterprise's :class:`~microparks.apps.enterprises.models.
    AnnualRecord` with their provenance. A submitted record cannot be edited by the firm until
    an official returns it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="record_submissions",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    values = StrictJSONField(_("values as filled"), default=dict, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_by = acting_user(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = acting_user(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = RestrictedManager()
    scope = Scope(
        region="enterprise__region",
        park="enterprise__leases__park",
        enterprise="enterprise",
        edit=frozenset({Role.OFFICIAL, Role.ENTERPRISE}),
    )

    class Meta:
        verbose_name = _("record submission")
        verbose_name_plural = _("record submissions")
        ordering = ["-year", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_submission_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}: {self.get_status_display()}"


class Publication(models.Model):
    """One publication (公示) of a campaign's results with its objection window.

    A re-run during 公示 that changes results opens the next one; earlier ones stay as history.
    """

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    number = models.PositiveSmallIntegerField(_("round"))
    published_on = models.DateField(_("published on"))
    objection_deadline = models.DateField(_("objections until"))
    changed = models.PositiveIntegerField(
        _("results changed"), default=0, help_text=_("Results that differ from the round before")
    )
    published_by = acting_user(_("published by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager()
    scope = Scope(
        region="campaign__region",
        park="campaign__results__park",
        enterprise="campaign__results__enterprise",
        edit=frozenset({Role.OFFICIAL}),
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_publication_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.number}"


class Reminder(models.Model):
    """A reminder (催报) sent to a firm that has not filed its annual record for the campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reminders"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="evaluation_reminders",
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = acting_user(_("sent by"))

    objects = RestrictedManager()
    scope = Scope(
        region="campaign__region", enterprise="enterprise", edit=frozenset({Role.OFFICIAL})
    )

    class Meta:
        verbose_name = _("filing reminder")
        verbose_name_plural = _("filing reminders")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.campaign.year}"


class Notice(models.Model):
    """An in-platform message to a firm's user about its evaluation.

    The service desk's notifications belong to tickets (a ticket and a ticket event each); an
    evaluation notice points at a campaign and, where there is one, the firm's result.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Results published")
        REPUBLISHED = "republished", _("Results published again")
        DECIDED = "decided", _("Objection decided")
        REMINDER = "reminder", _("Reminder to file")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="evaluation_notices",
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="notices"
    )
    result = models.ForeignKey(
        Result,
        verbose_name=_("result"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    detail = models.TextField(
        _("detail"), blank=True, help_text=_("The decision's reasons, for a decided objection")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = RestrictedManager()
    scope = Scope(region="campaign__region", enterprise="user__enterprise")

    class Meta:
        verbose_name = _("evaluation notice")
        verbose_name_plural = _("evaluation notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.campaign}"
