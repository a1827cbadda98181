"""Site suitability: imports of idle assets, context layers, scoring jobs and their scores."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import (
    ImportRecord,
    RestrictedManager,
    Role,
    Scope,
    TimeStampedModel,
    acting_user,
)
from microparks.apps.bounds import SUITABILITY_SCORE, Bound, range_constraints
from microparks.apps.json_fields import StrictJSONField

EDIT = frozenset({Role.OFFICIAL})
SPEED_KMH = Bound(0, 300)
"""A travel speed (the labour shed's road and access speeds)."""


class AssetImport(ImportRecord):
    """One accepted import of idle assets from a file (all-or-nothing), kept as provenance."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="asset_imports",
    )
    layer = models.CharField(_("layer"), max_length=100, blank=True)
    source_crs = models.CharField(_("source CRS"), max_length=100)
    vocabulary = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("vocabulary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asset_imports",  # counts as a use: the version can no longer change
        help_text=_("The version of the ledger vocabulary the file was read with"),
    )

    objects = RestrictedManager()
    scope = Scope(region="region", edit=EDIT)

    class Meta:
        verbose_name = _("asset import")
        verbose_name_plural = _("asset imports")
        ordering = ["-created_at"]


class ContextLayer(TimeStampedModel):
    """A context layer of a region (roads, substations, villages, veto zones …) as GeoJSON."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="context_layers",
    )
    name = models.SlugField(_("layer name"), max_length=50)
    features = StrictJSONField(_("features"), help_text=_("GeoJSON FeatureCollection, EPSG:4326"))
    feature_count = models.PositiveIntegerField(_("features"), default=0)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    source_crs = models.CharField(_("source CRS"), max_length=100, blank=True)
    imported_by = acting_user(_("imported by"))

    objects = RestrictedManager()
    scope = Scope(region="region", edit=EDIT)

    class Meta:
        verbose_name = _("context layer")
        verbose_name_plural = _("context layers")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="context_layer_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ScoringJob(TimeStampedModel):
    """Scoring of a region's idle assets under one scheme (name, version and full text kept).

    ``rules`` is the rules document (version) the job ran with; ``scheme`` is its mapping as
    it was, which every page and export of the job reads. Jobs from before rules documents
    keep only the mapping (``rules`` is empty).
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="scoring_jobs",
    )
    scheme_name = models.CharField(_("scheme"), max_length=100)
    scheme_version = models.CharField(_("scheme version"), max_length=50)
    scheme = StrictJSONField(_("scheme definition"))
    rules = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("rules document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scoring_jobs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    input_hash = models.CharField(_("SHA-256 of the inputs"), max_length=64, blank=True)
    layers = StrictJSONField(_("layers used"), default=dict)
    sensitivity = StrictJSONField(
        _("sensitivity of the best site"),
        null=True,
        blank=True,
        help_text=_("Worked out when the job ran: best site, its stability, smallest flip"),
    )
    created_by = acting_user(_("created by"))

    objects = RestrictedManager()
    scope = Scope(region="region", edit=EDIT)

    class Meta:
        verbose_name = _("scoring job")
        verbose_name_plural = _("scoring jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        doc = self.rules if self.rules_id else None
        scheme = doc.label if doc is not None else f"{self.scheme_name} {self.scheme_version}"
        return f"{scheme} ({timezone.localtime(self.created_at):%Y-%m-%d %H:%M})"


class SiteScore(models.Model):
    """One site's result in a scoring job: score and rank, or the vetoes that excluded it."""

    job = models.ForeignKey(
        ScoringJob, verbose_name=_("scoring job"), on_delete=models.CASCADE, related_name="scores"
    )
    site = models.ForeignKey(
        "sites.Site",
        verbose_name=_("idle asset"),
        on_delete=models.CASCADE,
        related_name="suitability_scores",
    )
    score = models.FloatField(
        _("score"), null=True, blank=True, validators=SUITABILITY_SCORE.validators
    )
    rank = models.PositiveIntegerField(_("rank"), default=0, help_text=_("0: vetoed"))
    vetoed = models.BooleanField(_("vetoed"), default=False)
    vetoes = StrictJSONField(_("vetoes"), default=list)
    values = StrictJSONField(_("criterion values"), default=dict)
    utilities = StrictJSONField(_("utilities"), default=dict)
    contributions = StrictJSONField(_("contributions"), default=dict)

    objects = RestrictedManager()
    scope = Scope(region="job__region", edit=EDIT)

    class Meta:
        verbose_name = _("site score")
        verbose_name_plural = _("site scores")
        ordering = ["job", "vetoed", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["job", "site"], name="site_score_unique_site"),
            *range_constraints(score=SUITABILITY_SCORE),
        ]

    def __str__(self) -> str:
        return f"{self.site} — {self.score}"


class MappingTemplate(TimeStampedModel):
    """A saved field mapping of one source's files (e.g. a bureau's idle-land ledger).

    ``mapping`` is :meth:`microparks.io.spatial.FieldMapping.as_dict` (``code`` and ``fields``:
    our field → the source's column); ``columns`` are the columns of the file it was saved
    from, so that a later file with the same columns finds it.
    """

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="mapping_templates",
    )
    name = models.CharField(
        _("source"), max_length=200, help_text=_("The source of the files, e.g. a bureau's ledger.")
    )
    mapping = StrictJSONField(_("field mapping"), default=dict)
    columns = StrictJSONField(_("columns of the file"), default=list)
    created_by = acting_user(_("created by"))

    objects = RestrictedManager()
    scope = Scope(region="region", edit=EDIT)

    class Meta:
        verbose_name = _("field-mapping template")
        verbose_name_plural = _("field-mapping templates")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="mapping_template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class LabourShed(TimeStampedModel):
    """Labour reachable from a county's sites and parks within 15 / 30 / 45 minutes by road.

    Worked out once per county as a job (:mod:`microparks.apps.suitability.labour`), never in
    a request: the site and park pages read one :class:`ShedFigure`. It records its inputs:
    the roads layer (name, SHA-256 of its features), the labour pool version, the thresholds
    and speeds, so that a page can say when the county's roads or pool changed since.
    """

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.CASCADE,
        related_name="labour_sheds",
    )
    pool = models.ForeignKey(
        "labour.PoolVersion",
        verbose_name=_("labour pool version"),
        null=True,
        on_delete=models.SET_NULL,  # derived figures: a pool the demo reload drops goes freely
        related_name="+",
    )
    pool_label = models.CharField(_("labour pool version"), max_length=40)
    roads_layer = models.CharField(_("road layer"), max_length=50)
    roads_sha256 = models.CharField(_("SHA-256 of the road layer"), max_length=64)
    minutes = StrictJSONField(_("minutes"), default=list)
    speed_kmh = models.FloatField(
        _("speed of roads without speed or class (km/h)"), validators=SPEED_KMH.validators
    )
    access_speed_kmh = models.FloatField(_("access speed (km/h)"), validators=SPEED_KMH.validators)
    nodes = models.PositiveIntegerField(_("road network nodes"), default=0)
    edges = models.PositiveIntegerField(_("road network edges"), default=0)
    inputs_sha256 = models.CharField(_("SHA-256 of the inputs"), max_length=64)
    created_by = acting_user(_("created by"))

    objects = RestrictedManager()
    scope = Scope(region="region", park="region__children__parks", edit=EDIT)

    class Meta:
        verbose_name = _("labour shed")
        verbose_name_plural = _("labour sheds")
        ordering = ["-created_at", "-pk"]
        constraints = [*range_constraints(speed_kmh=SPEED_KMH, access_speed_kmh=SPEED_KMH)]

    def __str__(self) -> str:
        return f"{self.region} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class ShedFigure(models.Model):
    """A site's or a park's labour within each of its shed's minutes (persons)."""

    shed = models.ForeignKey(
        LabourShed, verbose_name=_("labour shed"), on_delete=models.CASCADE, related_name="figures"
    )
    site = models.ForeignKey(
        "sites.Site",
        verbose_name=_("idle asset"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    labour = StrictJSONField(_("labour"), default=list)

    class Meta:
        verbose_name = _("labour shed figure")
        verbose_name_plural = _("labour shed figures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(site__isnull=True) ^ models.Q(park__isnull=True),
                name="shed_figure_site_or_park",
            ),
            models.UniqueConstraint(fields=["shed", "site"], name="shed_figure_unique_site"),
            models.UniqueConstraint(fields=["shed", "park"], name="shed_figure_unique_park"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id or self.park_id}: {self.labour}"
