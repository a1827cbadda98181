"""Rural labour: the pool (农村劳动力资源) of a county in yearly versions, and firms' vacancies.

Each accepted import of the county's 人社 register is a :class:`PoolVersion` (file, SHA-256,
author, time; version 1, 2, … within a year); a new import of the same year adds a version and
the earlier ones stay readable. Its :class:`PoolEntry` rows hold the register's figures in
persons, one per village (or per township where the register has no villages).

A :class:`Vacancy` (岗位需求) is a firm's open posts in a park, filed in the tenant portal or by
the management body; one left open for :data:`STALE_DAYS` days becomes a service-desk ticket.

An :class:`EmploymentRecord` (用工季报) is a firm's headcount in a quarter, its local (本县) and
poverty-alleviated (脱贫户) parts and the average monthly wage, checked against the previous
quarter by :mod:`microparks.core.labour.records` (large moves are flagged, kept with the record).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import (
    ImportRecord,
    RestrictedManager,
    Role,
    Scope,
    TimeStampedModel,
    acting_user,
)
from microparks.apps.bounds import WAGE_CNY_PER_MONTH, range_constraints
from microparks.apps.json_fields import StrictJSONField
from microparks.apps.revisioned import Revisioned

EDITORS = frozenset({Role.OFFICIAL, Role.INVESTMENT})
"""Who imports a county's register (each into their own county)."""
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class PoolVersion(ImportRecord):
    """One accepted import of a county's labour register for a year: a version of the pool."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="labour_pool_versions",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    version = models.PositiveIntegerField(_("version"))
    totals_checked = models.PositiveIntegerField(
        _("total rows checked"),
        default=0,
        help_text=_("合计 and 小计 rows of the file, each checked against its rows"),
    )
    vocabulary = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("vocabulary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labour_pool_versions",  # counts as a use: the version can no longer change
        help_text=_("The version of the register's vocabulary the file was read with"),
    )

    objects = RestrictedManager()
    # Park managers read the pool of the county their parks' townships belong to.
    # The county's employment service reads the pool it places job seekers from.
    scope = Scope(region="region", park="region__children__parks", labour="region", edit=EDITORS)

    class Meta:
        verbose_name = _("labour pool version")
        verbose_name_plural = _("labour pool versions")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "version"], name="labour_pool_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} v{self.version}"


class PoolEntry(models.Model):
    """One row of a register: a village of a township (or the township, ``village`` empty)."""

    pool = models.ForeignKey(
        PoolVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="entries"
    )
    township = models.ForeignKey(
        "regions.Region", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.CharField(_("village"), max_length=100, blank=True)
    source_row = models.PositiveIntegerField(_("row in the file"))
    labour = models.PositiveIntegerField(_("labour force"))
    migrant = models.PositiveIntegerField(_("working away"), null=True, blank=True)
    available = models.PositiveIntegerField(_("available at home"))
    poverty_alleviated = models.PositiveIntegerField(
        _("from poverty-alleviated households"), null=True, blank=True
    )
    monitored = models.PositiveIntegerField(_("monitored for relapse"), null=True, blank=True)
    age_16_30 = models.PositiveIntegerField(_("aged 16-30"), null=True, blank=True)
    age_31_45 = models.PositiveIntegerField(_("aged 31-45"), null=True, blank=True)
    age_46_60 = models.PositiveIntegerField(_("aged 46-60"), null=True, blank=True)
    age_over_60 = models.PositiveIntegerField(_("aged over 60"), null=True, blank=True)
    skills = models.CharField(
        _("main skills"), max_length=500, blank=True, help_text=_("separated by 、")
    )

    objects = RestrictedManager()
    scope = Scope(
        region="pool__region",
        park="pool__region__children__parks",
        labour="pool__region",
        edit=EDITORS,
    )

    class Meta:
        verbose_name = _("labour pool row")
        verbose_name_plural = _("labour pool rows")
        ordering = ["pool", "source_row"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available__lte=F("labour")), name="labour_available_le_labour"
            ),
            models.CheckConstraint(
                condition=Q(migrant__isnull=True) | Q(migrant__lte=F("labour")),
                name="labour_migrant_le_labour",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.village}".strip()


VACANCY_EDITORS = frozenset({Role.OFFICIAL, Role.PARK_MANAGER, Role.ENTERPRISE})
"""Who files and updates vacancies: the firm itself (portal) and the management body."""
STALE_DAYS = 30
"""An open vacancy older than this is flagged to the management body as a service case."""


class Vacancy(TimeStampedModel):
    """A firm's open posts (岗位需求): what, how many, for what pay, from when."""

    class Shifts(models.TextChoices):
        DAY = "day", _("Day shift")
        TWO = "two", _("Two shifts")
        THREE = "three", _("Three shifts")
        FLEXIBLE = "flexible", _("Flexible hours")

    class Status(models.TextChoices):
        OPEN = "open", _("Hiring")
        FILLED = "filled", _("Filled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    park = models.ForeignKey(
        "parks.Park", verbose_name=_("park"), on_delete=models.PROTECT, related_name="vacancies"
    )
    post = models.CharField(_("post"), max_length=100)
    number = models.PositiveIntegerField(
        _("number of posts"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    wage_min_cny = models.PositiveIntegerField(
        _("lowest monthly wage (CNY)"), validators=[MaxValueValidator(1_000_000)]
    )
    wage_max_cny = models.PositiveIntegerField(
        _("highest monthly wage (CNY)"), validators=[MaxValueValidator(1_000_000)]
    )
    shifts = models.CharField(_("shifts"), max_length=12, choices=Shifts.choices)
    housing = models.BooleanField(_("housing provided"), default=False)
    shuttle = models.BooleanField(_("shuttle bus"), default=False)
    start_date = models.DateField(_("start date"))
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    filed_by = acting_user(_("filed by"))
    case = models.ForeignKey(
        "servicedesk.Ticket",
        verbose_name=_("service case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Opened when the vacancy stayed unfilled for 30 days"),
    )

    objects = RestrictedManager()
    scope = Scope(
        region="park__region",
        park="park",
        enterprise="enterprise",
        labour="park__region",
        edit=VACANCY_EDITORS,
    )

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_min_cny__lte=F("wage_max_cny")), name="vacancy_wage_range"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="vacancy_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.post}"


RECORD_EDITORS = frozenset({Role.OFFICIAL, Role.PARK_MANAGER, Role.ENTERPRISE})
"""Who files and corrects employment records: the firm (portal) and the management body."""
HEADCOUNT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100_000)]
QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class EmploymentRecord(Revisioned, TimeStampedModel):
    """A firm's employment in one quarter (用工季报), in the park it is a tenant of.

    ``flags`` keeps the warnings of the check against the previous quarter as
    ``[{"field", "template", "params"}]`` (English templates, translated when shown).
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="employment_records",
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="employment_records",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=QUARTER_VALIDATORS)
    headcount = models.PositiveIntegerField(_("headcount"), validators=HEADCOUNT_VALIDATORS)
    local = models.PositiveIntegerField(
        _("local (in-county) workers"), validators=HEADCOUNT_VALIDATORS
    )
    poverty_alleviated = models.PositiveIntegerField(
        _("workers from poverty-alleviated households"), validators=HEADCOUNT_VALIDATORS
    )
    wage_cny = models.DecimalField(
        _("average monthly wage (CNY)"),
        max_digits=10,
        decimal_places=2,
        validators=WAGE_CNY_PER_MONTH.validators,
    )
    flags = StrictJSONField(_("flags"), default=list, blank=True, editable=False)
    filed_by = acting_user(_("filed by"))
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True, editable=False)

    objects = RestrictedManager()
    scope = Scope(region="park__region", park="park", enterprise="enterprise", edit=RECORD_EDITORS)

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        base_manager_name = "objects"
        ordering = ["-year", "-quarter", "enterprise__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "quarter"], name="employment_record_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="employment_record_quarter"
            ),
            models.CheckConstraint(
                condition=Q(local__lte=F("headcount")) & Q(poverty_alleviated__lte=F("headcount")),
                name="employment_record_parts_le_headcount",
            ),
            models.CheckConstraint(
                condition=Q(headcount=0) | Q(wage_cny__gt=0),
                name="employment_record_wage_when_staffed",
            ),
            models.CheckConstraint(
                condition=Q(headcount__lte=100_000), name="employment_record_headcount_range"
            ),
            *range_constraints(wage_cny=WAGE_CNY_PER_MONTH),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}Q{self.quarter}"

    def clean(self) -> None:
        from microparks.apps.labour.records import figures_of
        from microparks.core.labour.records import check_quarter

        values = (self.year, self.quarter, self.headcount, self.local, self.poverty_alleviated)
        if None in values or self.wage_cny is None:
            return  # the field's own errors say what is missing
        problems = check_quarter(figures_of(self))
        if problems:
            raise ValidationError({p.field: p.message.text(gettext) for p in problems})


# The job-seeker register (personal data) keeps its own module.
# Job fairs and training courses with their hires keep their own module.
from microparks.apps.labour.events_models import EventHire, LabourEvent  # noqa: E402, F401
from microparks.apps.labour.jobseekers_models import JobSeeker  # noqa: E402, F401

# Employment-assistance workshop runs and results keep their own module.
from microparks.apps.labour.workshop_models import WorkshopResult, WorkshopRun  # noqa: E402, F401
