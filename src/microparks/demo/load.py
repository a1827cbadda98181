"""Store the demo county in the database: idempotent, atomic, validated.

Rows are matched on natural keys (codes, credit codes, usernames, names) and written only when
they differ from the generated data, so loading twice leaves exactly the same rows, ids and
timestamps, and writes nothing to the audit log the second time. Rows of the demo county that
the generator no longer produces (user edits, another seed) are deleted. Every row created or
changed goes through the model's ``full_clean()``, so the demo also proves the validators.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from microparks.apps.accounts.models import Department, User
from microparks.apps.attraction.models import Prospect
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.industries.models import Industry
from microparks.apps.industries.services import load_industries
from microparks.apps.parks.models import Lease, Park, ParkUnit
from microparks.apps.regions.models import Region
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.sites.models import Site
from microparks.demo.generate import DEFAULT_SEED, generate_demo
from microparks.demo.model import DemoCounty

Progress = Callable[[str, int, int], None]
"""Called as ``progress(step, done, total)`` after each step of the load."""

STEPS = (
    "industries",
    "regions",
    "departments",
    "parks",
    "sites",
    "units",
    "enterprises",
    "leases",
    "records",
    "users",
    "prospects",
    "tickets",
    "cleanup",
)


@dataclass(frozen=True)
class ModelCount:
    """What the load did to one model's rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        """Rows of the demo in this model after the load."""
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class LoadReport:
    """The outcome of :func:`load_demo`, with the provenance of the data loaded."""

    seed: int
    fingerprint: str
    industries: int
    counts: dict[str, ModelCount]
    demo: DemoCounty = field(repr=False)

    @property
    def changed(self) -> bool:
        """Whether the load wrote anything (a repeated load of the same seed writes nothing)."""
        return any(c.created or c.updated or c.deleted for c in self.counts.values())


def load_demo(seed: int = DEFAULT_SEED, progress: Progress | None = None) -> LoadReport:
    """Generate the demo county from ``seed`` and store it, in one transaction.

    Loads the GB/T 4754-2017 classification first (the demo's firms and parks refer to it).
    """
    demo = generate_demo(seed)
    loader = _Loader(demo)

    def step(i: int) -> None:
        if progress is not None:
            progress(STEPS[i], i + 1, len(STEPS))

    with transaction.atomic():
        industries = load_industries()
        step(0)
        for i, run in enumerate(loader.steps, start=1):
            run()
            step(i)
    counts = {label: ModelCount(**c) for label, c in sorted(loader.counts.items())}
    return LoadReport(seed, demo.fingerprint(), industries, counts, demo)


class _Loader:
    def __init__(self, demo: DemoCounty) -> None:
        self.demo = demo
        self.counts: dict[str, Counter[str]] = {}
        self.ids: dict[str, dict[Any, int]] = {}
        self.kept: dict[type[models.Model], set[int]] = {}
        self.created = False  # whether the last upsert created its row
        self.steps = (
            self.regions,
            self.departments,
            self.parks,
            self.sites,
            self.units,
            self.enterprises,
            self.leases,
            self.records,
            self.users,
            self.prospects,
            self.tickets,
            self.cleanup,
        )

    # -- helpers -------------------------------------------------------------------------
    def count(self, model: type[models.Model], what: str, n: int = 1) -> None:
        self.counts.setdefault(model._meta.label, Counter())[what] += n

    def upsert(
        self,
        model: type[models.Model],
        key: dict[str, Any],
        values: dict[str, Any],
        m2m: dict[str, Iterable[int]] | None = None,
        on_create: Callable[[Any], None] | None = None,
    ) -> Any:
        """Create or update the row matching ``key`` so that it holds ``values``."""
        obj = model._default_manager.filter(**key).first()
        self.created = obj is None
        if obj is None:
            obj = model(**key, **values)
            if on_create is not None:
                on_create(obj)
            obj.full_clean()
            obj.save()
            self.count(model, "created")
        elif changed := [k for k, v in values.items() if not _same(model, obj, k, v)]:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
            self.count(model, "updated")
        else:
            self.count(model, "unchanged")
        for name, ids in (m2m or {}).items():
            manager = getattr(obj, name)
            wanted = set(ids)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
        self.kept.setdefault(model, set()).add(obj.pk)
        return obj

    def id_of(self, kind: str, key: Any) -> int | None:
        return None if key is None else self.ids[kind][key]

    # -- steps ---------------------------------------------------------------------------
    def regions(self) -> None:
        ids = self.ids.setdefault("region", {})
        for r in self.demo.regions:
            obj = self.upsert(
                Region,
                {"code": r.code},
                {
                    "name": r.name,
                    "level": r.level,
                    "parent_id": self.id_of("region", r.parent_code),
                    "population": r.population,
                    "rural_population": r.rural_population,
                    "working_age_population": r.working_age_population,
                    "area_km2": r.area_km2,
                    "geometry": r.geometry,
                },
            )
            ids[r.code] = obj.pk
        codes = {c for e in self.demo.enterprises for c in [e.industry_code]}
        codes |= {p.industry_code for p in self.demo.prospects}
        codes |= {c for p in self.demo.parks for c in p.positioning}
        found = dict(Industry.objects.filter(code__in=codes).values_list("code", "pk"))
        missing = sorted(codes - set(found))
        if missing:
            raise LookupError(f"industry codes missing from the classification: {missing}")
        self.ids["industry"] = found

    def departments(self) -> None:
        ids = self.ids.setdefault("department", {})
        for d in self.demo.departments:
            region = self.ids["region"][d.region_code]
            obj = self.upsert(
                Department, {"region_id": region, "name": d.name}, {"categories": d.categories}
            )
            ids[d.name] = obj.pk

    def parks(self) -> None:
        ids = self.ids.setdefault("park", {})
        for p in self.demo.parks:
            obj = self.upsert(
                Park,
                {"code": p.code},
                {
                    "name": p.name,
                    "region_id": self.ids["region"][p.region_code],
                    "status": p.status,
                    "management_body": p.management_body,
                    "rule_set": p.rule_set,
                    "opened_date": p.opened_date,
                    "public_investment_cny": p.public_investment_cny,
                    "description": p.description,
                },
                m2m={"positioning": [self.ids["industry"][c] for c in p.positioning]},
            )
            ids[p.code] = obj.pk

    def sites(self) -> None:
        ids = self.ids.setdefault("site", {})
        for s in self.demo.sites:
            values = {
                name: getattr(s, name)
                for name in (
                    "name",
                    "kind",
                    "geometry",
                    "address",
                    "land_area_m2",
                    "floor_area_m2",
                    "ownership",
                    "planning_designation",
                    "condition",
                    "building_year",
                    "power_capacity_kva",
                    "water_supply_t_per_day",
                    "road_access",
                    "asking_rent_cny_per_m2_month",
                    "asking_price_cny",
                    "status",
                    "source_file",
                    "source_date",
                    "notes",
                )
            }
            values["region_id"] = self.ids["region"][s.region_code]
            values["park_id"] = self.id_of("park", s.park_code)
            ids[s.code] = self.upsert(Site, {"code": s.code}, values).pk

    def units(self) -> None:
        ids = self.ids.setdefault("unit", {})
        for u in self.demo.units:
            park = self.ids["park"][u.park_code]
            obj = self.upsert(
                ParkUnit,
                {"park_id": park, "code": u.code},
                {
                    "site_id": self.ids["site"][u.site_code],
                    "floor_area_m2": u.floor_area_m2,
                    "land_area_m2": u.land_area_m2,
                    "ceiling_height_m": u.ceiling_height_m,
                    "floor_load_kn_m2": u.floor_load_kn_m2,
                    "power_capacity_kva": u.power_capacity_kva,
                    "rent_cny_per_m2_month": u.rent_cny_per_m2_month,
                    "status": u.status,
                },
            )
            ids[(u.park_code, u.code)] = obj.pk

    def enterprises(self) -> None:
        ids = self.ids.setdefault("enterprise", {})
        for e in self.demo.enterprises:
            values = {
                name: getattr(e, name)
                for name in (
                    "name",
                    "size",
                    "is_above_size",
                    "is_chain_leader",
                    "origin_region",
                    "founded_date",
                    "address",
                    "contact_name",
                    "contact_phone",
                    "contact_email",
                )
            }
            values["industry_id"] = self.ids["industry"][e.industry_code]
            values["region_id"] = self.ids["region"][e.region_code]
            ids[e.credit_code] = self.upsert(Enterprise, {"credit_code": e.credit_code}, values).pk

    def leases(self) -> None:
        for lease in self.demo.leases:
            unit = None if lease.unit_code is None else (lease.park_code, lease.unit_code)
            self.upsert(
                Lease,
                {
                    "enterprise_id": self.ids["enterprise"][lease.credit_code],
                    "site_id": self.ids["site"][lease.site_code],
                    "start_date": lease.start_date,
                },
                {
                    "park_id": self.ids["park"][lease.park_code],
                    "unit_id": self.id_of("unit", unit),
                    "land_area_m2": lease.land_area_m2,
                    "floor_area_m2": lease.floor_area_m2,
                    "end_date": lease.end_date,
                    "rent_cny_per_year": lease.rent_cny_per_year,
                },
            )

    def records(self) -> None:
        latest = self.demo.years[-1]
        for r in self.demo.records:
            values = {
                name: getattr(r, name)
                for name in (
                    "output_cny",
                    "value_added_cny",
                    "revenue_cny",
                    "tax_cny",
                    "jobs",
                    "local_jobs",
                    "rural_jobs",
                    "wages_cny",
                    "electricity_kwh",
                    "energy_tce",
                    "water_t",
                    "cod_t",
                    "ammonia_n_t",
                    "so2_t",
                    "nox_t",
                    "vocs_t",
                    "rd_spend_cny",
                )
            }
            values["source"] = AnnualRecord.Source.DEMO
            values["locked"] = r.year < latest  # earlier years have been reviewed
            key = {"enterprise_id": self.ids["enterprise"][r.credit_code], "year": r.year}
            self.upsert(AnnualRecord, key, values)

    def users(self) -> None:
        ids = self.ids.setdefault("user", {})
        for u in self.demo.users:
            values = {
                "role": u.role,
                "first_name": u.first_name,
                "last_name": u.last_name,
                "email": u.email,
                "is_staff": u.is_staff,
                "is_superuser": u.is_superuser,
                "is_active": True,
                "region_id": self.id_of("region", u.region_code),
                "department_id": self.id_of("department", u.department_name),
                "enterprise_id": self.id_of("enterprise", u.credit_code),
            }
            user = self.upsert(
                User,
                {"username": u.username},
                values,
                m2m={"parks": [self.ids["park"][c] for c in u.park_codes]},
                on_create=lambda obj, pw=u.password: obj.set_password(pw),
            )
            if not self.created and not user.check_password(u.password):
                user.set_password(u.password)  # someone changed the demo password
                user.save(update_fields=["password"])
                self.count(User, "updated")
            ids[u.username] = user.pk

    def prospects(self) -> None:
        region = self.ids["region"]
        for p in self.demo.prospects:
            values = {
                name: getattr(p, name)
                for name in (
                    "company_name",
                    "stage",
                    "source",
                    "origin_region",
                    "land_area_min_m2",
                    "land_area_max_m2",
                    "floor_area_min_m2",
                    "power_kva",
                    "water_t_per_day",
                    "max_rent_cny_per_m2_month",
                    "jobs_needed",
                    "annual_energy_tce",
                    "investment_cny",
                    "committed_jobs",
                    "committed_tax_cny_per_year",
                    "next_follow_up",
                    "notes",
                )
            }
            values.update(
                enterprise_id=self.id_of("enterprise", p.credit_code),
                industry_id=self.ids["industry"][p.industry_code],
                target_park_id=self.id_of("park", p.target_park_code),
                owner_id=self.id_of("user", p.owner_username),
            )
            self.upsert(Prospect, {"region_id": region[p.region_code], "name": p.name}, values)

    def tickets(self) -> None:
        for t in self.demo.tickets:
            values = {
                name: getattr(t, name)
                for name in (
                    "category",
                    "channel",
                    "priority",
                    "title",
                    "description",
                    "status",
                    "due_at",
                    "responded_at",
                    "closed_at",
                    "response",
                    "satisfaction",
                    "satisfaction_comment",
                )
            }
            values.update(
                park_id=self.ids["park"][t.park_code],
                department_id=self.id_of("department", t.department_name),
                assignee_id=self.id_of("user", t.assignee_username),
            )
            key = {
                "enterprise_id": self.ids["enterprise"][t.credit_code],
                "received_at": t.received_at,
            }
            self.upsert(Ticket, key, values)

    def cleanup(self) -> None:
        """Delete the demo county's rows that the generated data does not hold."""
        county = Region.objects.get(code=self.demo.county.code)
        regions = county.descendant_ids()
        stale = [  # dependants first: most links between these models are protected
            Ticket.objects.filter(park__region__in=regions),
            Prospect.objects.filter(region__in=regions),
            AnnualRecord.objects.filter(enterprise__region__in=regions),
            Lease.objects.filter(park__region__in=regions),
            Enterprise.objects.filter(region__in=regions),
            ParkUnit.objects.filter(park__region__in=regions),
            Site.objects.filter(region__in=regions),
            Park.objects.filter(region__in=regions),
            Department.objects.filter(region__in=regions),
            Region.objects.filter(parent=county),
        ]
        for qs in stale:
            rows = list(qs.exclude(pk__in=self.kept.get(qs.model, set())))
            for row in rows:  # one by one, so that the audit log records each deletion
                row.delete()
            if rows:
                self.count(qs.model, "deleted", len(rows))


def _same(model: type[models.Model], obj: models.Model, name: str, value: Any) -> bool:
    """Whether the stored ``name`` equals ``value`` once converted like the field would."""
    current = getattr(obj, name)
    if value is None or current is None:
        return value is None and current is None
    return bool(model._meta.get_field(name).to_python(value) == current)
