"""The demo county's employment services: a few registered job seekers and the 帮扶车间 designation.

* :data:`SEEKERS`: invented people (names, numbers and ID numbers are made up; the ID numbers
  carry the county's code and a valid check character) registered by the employment service
  officer ``demo_labour`` with consent on paper, so that the register, its masking and the
  matching on a vacancy's page have something to show; found again by the phone's blind index,
  so a reload writes nothing;
* the designation of employment-assistance workshops under the county's policy in effect (the
  shipped sample) for each year with employment records, run once: a stored run never changes,
  so a reload leaves it as it is.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from microparks.apps.accounts.models import User
from microparks.apps.labour.jobseekers_crypto import blind_index
from microparks.apps.labour.jobseekers_models import CONSENT_VERSION, JobSeeker
from microparks.apps.labour.records import records_of_region
from microparks.apps.labour.workshop_models import WorkshopRun
from microparks.apps.labour.workshops import run_workshops
from microparks.apps.regions.models import Region
from microparks.core.labour.personal import id_check_character, normalise_phone
from microparks.demo.model import DemoCounty

OFFICER = "demo_labour"
SEEKERS = (  # (name, phone, township index, born, skills, work wanted, availability, days ago)
    ("韦秀兰", "13907730101", 0, "19850312", "缝纫、包装", "缝纫工", "full_time", 12),
    ("黄志强", "13907730102", 1, "19900706", "电焊", "电焊工", "full_time", 30),
    ("覃美玲", "13907730103", 2, "19950921", "电子装配", "电子装配工", "full_time", 5),
    ("蓝德华", "13907730104", 3, "19780114", "驾驶、叉车", "叉车司机", "full_time", 44),
    ("莫春花", "13907730105", 4, "", "竹编", "手工编织（可居家）", "part_time", 60),
    ("梁国平", "13907730106", 5, "", "种植、养殖", "农产品分拣", "seasonal", 21),
    ("陆小燕", "13907730107", 6, "19990503", "电子装配、质检", "质检员", "full_time", 3),
    ("潘永福", "13907730108", 7, "", "建筑", "普工", "full_time", 90),
)  # fmt: skip


def _id_number(county_code: str, born: str, serial: int) -> str:
    first17 = f"{county_code[:6]}{born}{serial:03d}"
    return first17 + id_check_character(first17)


def load_job_seekers(demo: DemoCounty, county: Region) -> int:
    """Register :data:`SEEKERS` not registered yet; rows written."""
    officer = User.objects.filter(username=OFFICER).first()
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    if officer is None or not townships:
        return 0
    known = set(JobSeeker.objects.filter(region=county).values_list("phone_index", flat=True))
    written = 0
    for n, (name, phone, place, born, skills, wanted, availability, ago) in enumerate(SEEKERS):
        if blind_index(normalise_phone(phone)) in known:
            continue
        day = demo.reference_date - dt.timedelta(days=ago)
        seeker = JobSeeker(
            region=county,
            township=townships[place % len(townships)],
            name=name,
            phone=phone,
            id_number=_id_number(county.code, born, 100 + n) if born else "",
            skills=skills,
            wanted_work=wanted,
            availability=availability,
            available_from=day + dt.timedelta(days=7),
            consent_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30))),
            consent_method=JobSeeker.ConsentMethod.PAPER,
            consent_by=officer,
            consent_version=CONSENT_VERSION,
        )
        seeker.full_clean(exclude=["phone_index", "delete_after"])
        seeker.save()
        written += 1
    return written


def load_workshop_runs(county: Region) -> int:
    """Run the designation for each year with records that has no run yet; runs written."""
    years = set(records_of_region(county).values_list("year", flat=True).distinct())
    done = set(WorkshopRun.objects.filter(region=county).values_list("year", flat=True))
    for year in sorted(years - done):  # in order: a firm's one-off award goes to its first year
        run_workshops(None, county, year)
    return len(years - done)


def load_demo_labour_services(demo: DemoCounty) -> int:
    """Store the demo's job seekers and workshop designations; rows written."""
    county = Region.objects.get(code=demo.county.code)
    return load_job_seekers(demo, county) + load_workshop_runs(county)
