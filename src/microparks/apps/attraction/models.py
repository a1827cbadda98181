"""The investment-promotion pipeline (招商): prospects from lead to tax paid."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import (
    ImportRecord,
    RestrictedManager,
    Role,
    Scope,
    TimeStampedModel,
    acting_user,
)
from microparks.apps.bounds import (
    AREA_M2,
    ENERGY_TCE,
    MONEY_CNY,
    POWER_KVA,
    RENT_CNY_PER_M2_MONTH,
    WATER_T_PER_DAY,
    range_constraints,
)
from microparks.apps.json_fields import StrictJSONField
from microparks.apps.revisioned import Revisioned


def point_of(lon: float, lat: float) -> dict[str, Any]:
    """A GeoJSON Point in EPSG:4326 (longitude, latitude)."""
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def validate_point(value: Any) -> None:
    """Reject anything but a GeoJSON Point with longitude in [-180, 180], latitude in [-90, 90]."""
    if value in (None, ""):
        return
    coords = value.get("coordinates") if isinstance(value, dict) else None
    if (
        not isinstance(value, dict)
        or value.get("type") != "Point"
        or not isinstance(coords, list | tuple)
        or len(coords) != 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
    ):
        raise ValidationError(
            _('Enter a GeoJSON point: {"type": "Point", "coordinates": [longitude, latitude]}.'),
            code="point",
        )
    lon, lat = coords
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError(
            _("Longitude must lie in [-180, 180] and latitude in [-90, 90]; got %(lon)s, %(lat)s."),
            code="point_range",
            params={"lon": lon, "lat": lat},
        )


class Prospect(Revisioned, TimeStampedModel):
    """A firm in the attraction pipeline, with what it needs and what it commits to."""

    class Stage(models.TextChoices):
        LEAD = "lead", _("Lead")
        CONTACTED = "contacted", _("Contacted")
        VISITED = "visited", _("Visited")
        NEGOTIATING = "negotiating", _("Negotiating")
        ADMISSION = "admission", _("Admission review")
        SIGNED = "signed", _("Signed")
        REGISTERED = "registered", _("Registered")
        CONSTRUCTION = "construction", _("Under construction")
        PRODUCING = "producing", _("Producing")
        PAYING_TAX = "paying_tax", _("Paying tax")
        LOST = "lost", _("Lost")
        ABANDONED = "abandoned", _("Abandoned")

    class Source(models.TextChoices):
        RELOCATION = "relocation", _("Relocating from another region")
        CHAIN = "chain", _("Supplier of a leading firm")
        LOCAL = "local", _("Local entrepreneur")
        RETURNEE = "returnee", _("Returning migrant entrepreneur")
        FAIR = "fair", _("Investment fair")
        REFERRAL = "referral", _("Referral")
        OTHER = "other", _("Other")

    name = models.CharField(_("project name"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    company_name = models.CharField(
        _("company name"), max_length=200, help_text=_("Before the firm is registered here")
    )
    industry = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    target_park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("target park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    target_site = models.ForeignKey(
        "sites.Site",
        verbose_name=_("chosen site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
        help_text=_("The site the firm has chosen; its environmental sensitivity goes to the gate"),
    )
    location = StrictJSONField(
        _("location"),
        null=True,
        blank=True,
        validators=[validate_point],
        help_text=_("The firm's current plant or office: GeoJSON Point in EPSG:4326"),
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    origin_region = models.CharField(_("coming from"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    # requirements
    land_area_min_m2 = models.FloatField(
        _("land needed, minimum (m²)"), default=0, validators=AREA_M2.validators
    )
    land_area_max_m2 = models.FloatField(
        _("land needed, maximum (m²)"), null=True, blank=True, validators=AREA_M2.validators
    )
    floor_area_min_m2 = models.FloatField(
        _("floor space needed (m²)"), default=0, validators=AREA_M2.validators
    )
    power_kva = models.FloatField(
        _("power needed (kVA)"), default=0, validators=POWER_KVA.validators
    )
    water_t_per_day = models.FloatField(
        _("water needed (t/day)"), default=0, validators=WATER_T_PER_DAY.validators
    )
    max_rent_cny_per_m2_month = models.DecimalField(
        _("rent budget (CNY/m²/month)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=RENT_CNY_PER_M2_MONTH.validators,
    )
    jobs_needed = models.PositiveIntegerField(_("workers needed"), default=0)
    annual_energy_tce = models.FloatField(
        _("expected energy use (tce/year)"),
        null=True,
        blank=True,
        validators=ENERGY_TCE.validators,
    )
    # commitments
    investment_cny = models.DecimalField(
        _("committed investment (CNY)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=MONEY_CNY.validators,
    )
    committed_jobs = models.PositiveIntegerField(_("committed jobs"), default=0)
    committed_tax_cny_per_year = models.DecimalField(
        _("committed tax (CNY/year)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=MONEY_CNY.validators,
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = RestrictedManager()
    scope = Scope(
        region="region", park="target_park", edit=frozenset({Role.OFFICIAL, Role.INVESTMENT})
    )

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        # Deleting a department or a user empties its links through the base manager: counted.
        base_manager_name = "objects"
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(land_area_max_m2__isnull=True)
                | models.Q(land_area_max_m2__gte=models.F("land_area_min_m2")),
                name="prospect_land_range",
            ),
            *range_constraints(
                land_area_min_m2=AREA_M2,
                land_area_max_m2=AREA_M2,
                floor_area_min_m2=AREA_M2,
                power_kva=POWER_KVA,
                water_t_per_day=WATER_T_PER_DAY,
                max_rent_cny_per_m2_month=RENT_CNY_PER_M2_MONTH,
                annual_energy_tce=ENERGY_TCE,
                investment_cny=MONEY_CNY,
                committed_tax_cny_per_year=MONEY_CNY,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        site = self.target_site
        if (
            site is not None
            and self.target_park_id is not None
            and site.park_id
            not in (
                None,
                self.target_park_id,
            )
        ):
            raise ValidationError({"target_site": _("The chosen site is not in the target park.")})

    @property
    def lon_lat(self) -> tuple[float, float] | None:
        """The location as (longitude, latitude), or ``None``."""
        if not self.location:
            return None
        lon, lat = self.location["coordinates"]
        return float(lon), float(lat)


PIPELINE = (
    Prospect.Stage.LEAD,
    Prospect.Stage.CONTACTED,
    Prospect.Stage.VISITED,
    Prospect.Stage.NEGOTIATING,
    Prospect.Stage.ADMISSION,
    Prospect.Stage.SIGNED,
    Prospect.Stage.REGISTERED,
    Prospect.Stage.CONSTRUCTION,
    Prospect.Stage.PRODUCING,
    Prospect.Stage.PAYING_TAX,
)
"""The stages in order, from the first lead to tax paid."""
EXITS = (Prospect.Stage.LOST, Prospect.Stage.ABANDONED)
"""Where a prospect leaves the pipeline (with a reason)."""

_PROSPECT_SCOPE = Scope(
    region="prospect__region",
    park="prospect__target_park",
    edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}),
)


class StageTransition(models.Model):
    """A prospect's move from one stage to another: who, when, why, and any override."""

    prospect = models.ForeignKey(
        Prospect,
        verbose_name=_("prospect"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Prospect.Stage.choices)
    to_stage = models.CharField(_("to"), max_length=12, choices=Prospect.Stage.choices)
    reason = models.TextField(_("reason"), blank=True)
    override = models.BooleanField(
        _("admission overridden"),
        default=False,
        help_text=_("Signed by a county official without a passing admission decision"),
    )
    decision = models.ForeignKey(
        "admission.Decision",
        verbose_name=_("admission decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = acting_user(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = RestrictedManager()
    scope = _PROSPECT_SCOPE

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(override=False) | ~models.Q(reason=""),
                name="transition_override_justified",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prospect}: {self.from_stage} → {self.to_stage}"


class Activity(models.Model):
    """A visit, call, meeting or note on a prospect, with the next follow-up date."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        NOTE = "note", _("Note")

    prospect = models.ForeignKey(
        Prospect,
        verbose_name=_("prospect"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    by = acting_user(_("by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager()
    scope = _PROSPECT_SCOPE

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}: {self.prospect}"


class Commitment(TimeStampedModel):
    """What the firm committed to when it signed."""

    prospect = models.OneToOneField(
        Prospect,
        verbose_name=_("prospect"),
        on_delete=models.CASCADE,
        related_name="commitment",
    )
    signed_on = models.DateField(_("signed on"))
    investment_cny = models.DecimalField(
        _("investment (CNY)"), max_digits=16, decimal_places=2, validators=MONEY_CNY.validators
    )
    investment_cny_per_mu = models.DecimalField(
        _("investment intensity (CNY/mu)"),
        max_digits=14,
        decimal_places=2,
        validators=MONEY_CNY.validators,
    )
    jobs = models.PositiveIntegerField(_("jobs"))
    local_jobs = models.PositiveIntegerField(_("local jobs"))
    tax_cny_per_year = models.DecimalField(
        _("annual tax (CNY)"), max_digits=16, decimal_places=2, validators=MONEY_CNY.validators
    )
    tax_cny_per_mu = models.DecimalField(
        _("tax per mu (CNY/mu/year)"),
        max_digits=14,
        decimal_places=2,
        validators=MONEY_CNY.validators,
    )
    start_date = models.DateField(_("construction start"))
    production_date = models.DateField(_("production start"))

    objects = RestrictedManager()
    scope = _PROSPECT_SCOPE

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(local_jobs__lte=models.F("jobs")),
                name="commitment_local_jobs_le_jobs",
            ),
            models.CheckConstraint(
                condition=models.Q(production_date__gte=models.F("start_date")),
                name="commitment_production_after_start",
            ),
            *range_constraints(
                investment_cny=MONEY_CNY,
                investment_cny_per_mu=MONEY_CNY,
                tax_cny_per_year=MONEY_CNY,
                tax_cny_per_mu=MONEY_CNY,
            ),
        ]

    def __str__(self) -> str:
        return str(self.prospect)


class ProspectImport(ImportRecord):
    """One accepted import of a project ledger (招商项目台账), all or nothing, as provenance."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="prospect_imports",
    )
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    vocabulary = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("vocabulary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prospect_imports",  # counts as a use: the version can no longer change
        help_text=_("The version of the vocabulary the file was read with"),
    )

    objects = RestrictedManager()
    scope = Scope(region="region", edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}))

    class Meta:
        verbose_name = _("prospect import")
        verbose_name_plural = _("prospect imports")
        ordering = ["-created_at"]


class SignedRecheck(models.Model):
    """A re-check after signing whose decision is a reject, or newly sets conditions.

    The stage stays (the contract is signed); the prospect is flagged on its page and the board
    while this decision is its latest, and the county's officials are told
    (:class:`SignedRecheckNotice`). Created by :mod:`microparks.apps.attraction.after_signing`.
    """

    prospect = models.ForeignKey(
        Prospect,
        verbose_name=_("prospect"),
        on_delete=models.CASCADE,
        related_name="signed_rechecks",
    )
    decision = models.OneToOneField(
        "admission.Decision",
        verbose_name=_("admission decision"),
        on_delete=models.CASCADE,
        related_name="signed_recheck",
    )
    previous_outcome = models.CharField(_("previous outcome"), max_length=24, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Prospect.Stage.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager()
    scope = _PROSPECT_SCOPE

    class Meta:
        verbose_name = _("re-check after signing")
        verbose_name_plural = _("re-checks after signing")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.prospect)


class SignedRecheckNotice(models.Model):
    """An in-platform notice to one official of a failed re-check after signing."""

    recheck = models.ForeignKey(
        SignedRecheck,
        verbose_name=_("re-check after signing"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="signed_recheck_notices",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice of a re-check after signing")
        verbose_name_plural = _("notices of re-checks after signing")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recheck", "user"], name="signed_recheck_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.recheck}"
