"""Store the demo county in the database: idempotent, atomic, validated.

Rows are matched on natural keys (codes, credit codes, usernames, names) and written only when
they differ from the generated data, so loading twice leaves exactly the same rows, ids and
timestamps, and writes nothing to the audit log the second time. Rows of the demo county that
the generator no longer produces (user edits, another seed) are deleted. Every row created or
changed goes through the model's ``full_clean()``, so the demo also proves the validators.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection, models, transaction

from microparks.apps.accounts.models import Department, User
from microparks.apps.accounts.services import check_demo_allowed
from microparks.apps.admission.gate import recheck
from microparks.apps.admission.models import Decision, Declaration, GateOverride, Outcome
from microparks.apps.admission.services import latest_decision
from microparks.apps.attraction.models import Activity, Prospect
from microparks.apps.audit.signals import log_bulk_created
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.impact.models import Spending
from microparks.apps.industries.models import Industry
from microparks.apps.industries.services import load_industries
from microparks.apps.labour.events_models import EventHire, LabourEvent
from microparks.apps.labour.jobseekers_models import JobSeeker
from microparks.apps.labour.models import EmploymentRecord, PoolVersion, Vacancy
from microparks.apps.labour.workshop_models import WorkshopResult, WorkshopRun
from microparks.apps.parks.models import Lease, Park, ParkUnit
from microparks.apps.regions.models import Region
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.sites.models import Site
from microparks.demo.desk import load_desk
from microparks.demo.endowments import load_demo_targeting
from microparks.demo.evaluation import load_demo_evaluation
from microparks.demo.generate import DEFAULT_SEED, REFERENCE_DATE, generate_demo
from microparks.demo.labour import load_demo_labour
from microparks.demo.labour_market import load_demo_labour_market
from microparks.demo.labour_services import load_demo_labour_services
from microparks.demo.model import DemoCounty, DemoProspect, DemoUser
from microparks.demo.spending import load_demo_spending
from microparks.demo.suitability import load_demo_shed, load_demo_suitability

BATCH = 500
"""Rows per query when the loader looks up or inserts many rows of one model."""

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
    def accounts(self) -> tuple[DemoUser, ...]:
        """The demo accounts (username, password, role, scope) that the load created."""
        return self.demo.users

    @property
    def changed(self) -> bool:
        """Whether the load wrote anything (a repeated load of the same seed writes nothing)."""
        return any(c.created or c.updated or c.deleted for c in self.counts.values())


def load_demo(
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    reference_date: dt.date = REFERENCE_DATE,
    training_server: bool = False,
    scale: int = 1,
) -> LoadReport:
    """Generate the demo county from ``seed`` as of ``reference_date``; store it in one transaction.

    Loads the GB/T 4754-2017 classification first (the demo's firms and parks refer to it).
    Refused in production mode (published passwords) unless on a ``training_server``.
    ``scale``: copies of the parks and firms (see :func:`generate_demo`).
    """
    check_demo_allowed(training_server)
    demo = generate_demo(seed, reference_date, scale)
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
        # quarterly employment records first: the evaluation reads a firm's jobs from them
        load_demo_labour_market(demo)
        load_demo_labour_services(demo)
        load_demo_evaluation(demo)
        load_demo_targeting(demo)
        load_demo_spending(demo)
        load_demo_labour(demo)
        load_demo_suitability(demo)
        load_demo_shed(demo)
    counts = {label: ModelCount(**c) for label, c in sorted(loader.counts.items())}
    report = LoadReport(seed, demo.fingerprint(), industries, counts, demo)
    if report.changed:
        refresh_planner_statistics()
    return report


def refresh_planner_statistics() -> None:
    """Let the database's planner see the rows just loaded (``ANALYZE``).

    Autovacuum analyses a PostgreSQL table only some time after a bulk load, and SQLite never
    does: until then the planner guesses a handful of rows per table and picks nested loops
    (the dashboard's trend query at 100x: 65 ms before, 22 ms after, on PostgreSQL).
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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
        stored: Any = None,
    ) -> Any:
        """Create or update the row matching ``key`` so that it holds ``values``.

        ``stored``: that row when the caller has already found it.
        """
        values = {k: v for k, v in values.items() if k not in key}
        obj = stored if stored is not None else model._default_manager.filter(**key).first()
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

    def upsert_many(
        self, model: type[models.Model], rows: list[tuple[dict[str, Any], dict[str, Any]]]
    ) -> list[Any]:
        """:meth:`upsert` for many rows of one model, in their order; new rows go in together.

        One query per :data:`BATCH` keys finds the stored rows; those that differ are saved one
        by one as in :meth:`upsert`. The new rows pass the field validators and ``clean()`` and
        are inserted by ``bulk_create`` with their audit entries (which ``bulk_create`` does
        not send); their foreign keys, unique and check constraints are left to the database,
        which refuses the insert (and the whole load) as surely as ``full_clean`` would,
        without one query per constraint and row: the cost that made the demo at scale slow.
        """
        if not rows:
            return []
        names = list(rows[0][0])
        keys = [tuple(key[n] for n in names) for key, _values in rows]
        if len(set(keys)) != len(keys):  # one row each: a repeat would be inserted twice
            raise ValueError(f"{model._meta.label}: the demo repeats a key")
        stored: dict[tuple[Any, ...], Any] = {}
        firsts = sorted({key[names[0]] for key, _values in rows}, key=str)
        for i in range(0, len(firsts), BATCH):
            found = model._default_manager.filter(**{f"{names[0]}__in": firsts[i : i + BATCH]})
            stored |= {tuple(getattr(o, n) for n in names): o for o in found}
        # links too are the database's to check: each would cost a query per row
        links = {f.name for f in model._meta.concrete_fields if f.is_relation}
        out, new = [], []
        for (key, values), natural in zip(rows, keys, strict=True):
            obj = stored.get(natural)
            if obj is None:
                obj = model(**key, **{k: v for k, v in values.items() if k not in key})
                obj.full_clean(exclude=links, validate_unique=False, validate_constraints=False)
                new.append(obj)
            else:
                obj = self.upsert(model, key, values, stored=obj)
            out.append(obj)
        for i in range(0, len(new), BATCH):
            created = model._default_manager.bulk_create(new[i : i + BATCH])
            _fetch_links(created, links)  # the audit entries name them (``str`` of the row)
            log_bulk_created(created)
        self.count(model, "created", len(new))
        self.kept.setdefault(model, set()).update(o.pk for o in out)
        return out

    def id_of(self, kind: str, key: Any) -> int | None:
        return None if key is None else self.ids[kind][key]

    # -- steps ---------------------------------------------------------------------------
    def regions(self) -> None:
        ids = self.ids.setdefault("region", {})
        for r in self.demo.regions:
            values = _plain(Region, r) | {"parent_id": self.id_of("region", r.parent_code)}
            ids[r.code] = self.upsert(Region, {"code": r.code}, values).pk
        codes = {e.industry_code for e in self.demo.enterprises}
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
            key = {"region_id": self.ids["region"][d.region_code], "name": d.name}
            ids[d.name] = self.upsert(Department, key, _plain(Department, d)).pk

    def parks(self) -> None:
        ids = self.ids.setdefault("park", {})
        for p in self.demo.parks:
            values = _plain(Park, p) | {"region_id": self.ids["region"][p.region_code]}
            positioning = [self.ids["industry"][c] for c in p.positioning]
            obj = self.upsert(Park, {"code": p.code}, values, m2m={"positioning": positioning})
            ids[p.code] = obj.pk

    def sites(self) -> None:
        rows = [
            (
                {"code": s.code},
                _plain(Site, s)
                | {
                    "region_id": self.ids["region"][s.region_code],
                    "park_id": self.id_of("park", s.park_code),
                },
            )
            for s in self.demo.sites
        ]
        self.ids["site"] = {o.code: o.pk for o in self.upsert_many(Site, rows)}

    def units(self) -> None:
        rows = [
            (
                {"park_id": self.ids["park"][u.park_code], "code": u.code},
                _plain(ParkUnit, u) | {"site_id": self.ids["site"][u.site_code]},
            )
            for u in self.demo.units
        ]
        units = self.upsert_many(ParkUnit, rows)
        self.ids["unit"] = {
            (u.park_code, u.code): o.pk for u, o in zip(self.demo.units, units, strict=True)
        }

    def enterprises(self) -> None:
        rows = [
            (
                {"credit_code": e.credit_code},
                _plain(Enterprise, e)
                | {
                    "industry_id": self.ids["industry"][e.industry_code],
                    "region_id": self.ids["region"][e.region_code],
                },
            )
            for e in self.demo.enterprises
        ]
        self.ids["enterprise"] = {o.credit_code: o.pk for o in self.upsert_many(Enterprise, rows)}

    def leases(self) -> None:
        rows = []
        for lease in self.demo.leases:
            unit = None if lease.unit_code is None else (lease.park_code, lease.unit_code)
            key = {
                "enterprise_id": self.ids["enterprise"][lease.credit_code],
                "site_id": self.ids["site"][lease.site_code],
                "start_date": lease.start_date,
            }
            values = _plain(Lease, lease) | {
                "park_id": self.ids["park"][lease.park_code],
                "unit_id": self.id_of("unit", unit),
            }
            rows.append((key, values))
        self.upsert_many(Lease, rows)

    def records(self) -> None:
        latest = self.demo.years[-1]
        rows = [
            (
                {"enterprise_id": self.ids["enterprise"][r.credit_code], "year": r.year},
                _plain(AnnualRecord, r)
                | {
                    "source": AnnualRecord.Source.DEMO,
                    "locked": r.year < latest,  # earlier years have been reviewed
                },
            )
            for r in self.demo.records
        ]
        self.upsert_many(AnnualRecord, rows)

    def users(self) -> None:
        ids = self.ids.setdefault("user", {})
        for u in self.demo.users:
            values = _plain(User, u, skip={"password"}) | {
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
                on_create=partial(User.set_password, raw_password=u.password),
            )
            if not self.created and not user.check_password(u.password):
                user.set_password(u.password)  # someone changed the demo password
                user.save(update_fields=["password"])
                self.count(User, "updated")
            ids[u.username] = user.pk

    def prospects(self) -> None:
        rows = [
            (
                {"region_id": self.ids["region"][p.region_code], "name": p.name},
                _plain(Prospect, p)
                | {
                    "enterprise_id": self.id_of("enterprise", p.credit_code),
                    "industry_id": self.ids["industry"][p.industry_code],
                    "target_park_id": self.id_of("park", p.target_park_code),
                    "target_site_id": self.id_of("site", p.target_site_code),
                    "owner_id": self.id_of("user", p.owner_username),
                },
            )
            for p in self.demo.prospects
        ]
        prospects = self.upsert_many(Prospect, rows)
        activities = [
            (
                {"prospect_id": prospect.pk, "date": a.date, "kind": a.kind},
                _plain(Activity, a) | {"by_id": self.id_of("user", p.owner_username)},
            )
            for p, prospect in zip(self.demo.prospects, prospects, strict=True)
            for a in p.activities
        ]
        self.upsert_many(Activity, activities)
        for p, prospect in zip(self.demo.prospects, prospects, strict=True):
            if p.declaration is not None:
                self.declare(prospect, p)
            self.admission(prospect, p)

    def declare(self, prospect: Prospect, p: DemoProspect) -> None:
        """Store the prospect's admission data."""
        assert p.declaration is not None
        values = _plain(Declaration, p.declaration) | {
            "processes": list(p.declaration.processes),
            "materials": list(p.declaration.materials),
            "extra_industry_codes": [],
        }
        self.upsert(Declaration, {"prospect_id": prospect.pk}, values)

    def admission(self, prospect: Prospect, p: DemoProspect) -> None:
        """The gate's decision on the prospect's data, as the pipeline's services run it.

        A rejection the story lets past the gate gets the official's override with its reason.
        """
        before = latest_decision(prospect)
        owner = User.objects.filter(pk=self.id_of("user", p.owner_username)).first()
        decision = recheck(prospect, owner)
        self.count(Decision, "unchanged" if decision == before else "created")
        if decision.outcome == Outcome.REJECT and p.override_by:
            by = self.id_of("user", p.override_by)
            values = {"reason": p.override_reason, "by_id": by}
            self.upsert(GateOverride, {"decision_id": decision.pk}, values)

    def tickets(self) -> None:
        rows = []
        # A stored ticket's deadlines are the desk's, counted from the rules documents by
        # load_desk when it was new; the model's estimate is only a new ticket's first value.
        stored = set(
            Ticket.objects.filter(
                enterprise_id__in=list(self.ids["enterprise"].values())
            ).values_list("enterprise_id", "received_at")
        )
        for t in self.demo.tickets:
            key = {
                "enterprise_id": self.ids["enterprise"][t.credit_code],
                "received_at": t.received_at,
            }
            values = _plain(Ticket, t) | {
                "park_id": self.ids["park"][t.park_code],
                "department_id": self.id_of("department", t.department_name),
                "assignee_id": self.id_of("user", t.assignee_username),
            }
            if (key["enterprise_id"], key["received_at"]) in stored:
                values.pop("due_at")
            rows.append((key, values))
        self.upsert_many(Ticket, rows)
        load_desk(self.demo.county.code)  # timelines and deadlines of new tickets, the library

    def cleanup(self) -> None:
        """Delete the demo county's rows that the generated data does not hold."""
        county = Region.objects.get(code=self.demo.county.code)
        regions = county.descendant_ids()
        firms, parks = self.kept.get(Enterprise, set()), self.kept.get(Park, set())
        townships = Region.objects.filter(parent=county).exclude(
            pk__in=self.kept.get(Region, set())
        )
        stale = [  # dependants first: most links between these models are protected
            # vacancies filed in the demo go with a firm or park the new data drops
            Vacancy.objects.filter(park__region__in=regions).exclude(
                enterprise__in=firms, park__in=parks
            ),
            # employment records, hires and events of a firm, park or township dropped go too
            EmploymentRecord.objects.filter(park__region__in=regions).exclude(
                enterprise__in=firms, park__in=parks
            ),
            EventHire.objects.filter(event__region=county).exclude(enterprise__in=firms),
            LabourEvent.objects.filter(region=county, township__in=townships),
            LabourEvent.objects.filter(park__region__in=regions).exclude(park__in=parks),
            # a designation naming a firm or park dropped goes whole (a run is never edited),
            # and a job seeker of a township dropped
            WorkshopRun.objects.filter(
                pk__in=WorkshopResult.objects.filter(run__region=county)
                .exclude(enterprise__in=firms, park__in=parks)
                .values("run")
            ),
            JobSeeker.objects.filter(region=county, township__in=townships),
            # a labour pool naming a township the new data drops goes with it
            PoolVersion.objects.filter(region=county, entries__township__in=townships).distinct(),
            Ticket.objects.filter(park__region__in=regions),
            Declaration.objects.filter(prospect__region__in=regions),
            Activity.objects.filter(prospect__region__in=regions),
            Prospect.objects.filter(region__in=regions),
            AnnualRecord.objects.filter(enterprise__region__in=regions),
            Lease.objects.filter(park__region__in=regions),
            Enterprise.objects.filter(region__in=regions),
            ParkUnit.objects.filter(park__region__in=regions),
            Site.objects.filter(region__in=regions),
            # spending on a park the new data drops goes with it (it protects the park)
            Spending.objects.filter(park__region__in=regions).exclude(
                park__in=self.kept.get(Park, set())
            ),
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


def _fetch_links(rows: list[models.Model], links: set[str]) -> None:
    """Attach the rows each of ``rows`` links to, one query per link instead of one per row."""
    for name in links:
        field = rows[0]._meta.get_field(name)
        assert isinstance(field, models.ForeignKey)  # concrete relations are foreign keys
        ids = {getattr(row, field.attname) for row in rows} - {None}
        target = field.related_model
        assert not isinstance(target, str)  # resolved once the apps are loaded
        found = target._default_manager.in_bulk(ids)
        for row in rows:
            related = found.get(getattr(row, field.attname))
            if related is not None:
                setattr(row, name, related)


def _same(model: type[models.Model], obj: models.Model, name: str, value: Any) -> bool:
    """Whether the stored ``name`` equals ``value`` once converted like the field would."""
    current = getattr(obj, name)
    if value is None or current is None:
        return value is None and current is None
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # values only name concrete fields
    return bool(field.to_python(value) == current)


def _plain(
    model: type[models.Model], item: Any, skip: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    """The fields of the demo dataclass ``item`` that are plain (non-relation) model fields."""
    names = {f.name for f in model._meta.concrete_fields if not f.is_relation} - set(skip)
    return {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name in names}
