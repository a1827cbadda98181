"""The job-seeker register's work: masked rows, the export table, matching, erasure, purge.

Every read of personal data goes through :func:`log_read` (an audit entry naming the user and
the records); erasure and the retention purge delete the row and leave in the audit log only
that record no. N went, why, when and by whom (``apps/audit/signals.log_delete``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.audit.models import AuditEntry
from microparks.apps.audit.signals import log_access
from microparks.apps.common.exports import verbose_name
from microparks.apps.labour.jobseekers_models import JobSeeker
from microparks.core.labour.personal import mask_id_number, mask_phone
from microparks.io.labour_register_words import SKILL_SPLIT

ERASED_ON_REQUEST = "on request"
ERASED_AT_RETENTION_END = "retention period over"


def log_read(user: Any, action: str, ids: list[int], what: str, **details: Any) -> None:
    """One audit entry for a read of job seekers' records (list, page, export, matching)."""
    log_access(action, user, JobSeeker, ids, what, **details)


def masked(seeker: JobSeeker) -> dict[str, Any]:
    """What a list shows of a job seeker: the numbers masked."""
    return {
        "seeker": seeker,
        "phone": mask_phone(seeker.phone),
        "id_number": mask_id_number(seeker.id_number) if seeker.id_number else "",
    }


def skills_of(text: str) -> list[str]:
    """The skills written in a field, separated as in the 人社 register (、 , ; / | or spaces)."""
    return [s for s in SKILL_SPLIT.split(text) if s]


def filtered(rows: QuerySet[JobSeeker], township: str | None, skill: str | None) -> Any:
    """The rows of a township (its id) and with a skill (part of the text)."""
    if township and township.isdigit():
        rows = rows.filter(township_id=int(township))
    if skill:
        rows = rows.filter(skills__icontains=skill.strip())
    return rows


def matches(rows: QuerySet[JobSeeker], skills_text: str, townships: list[int]) -> Any:
    """Active job seekers having one of the skills, or (no skills asked) of the townships."""
    wanted = skills_of(skills_text)
    rows = rows.filter(status=JobSeeker.Status.ACTIVE)
    fit = Q()
    for skill in wanted:
        fit |= Q(skills__icontains=skill) | Q(wanted_work__icontains=skill)
    if wanted:
        return rows.filter(fit)
    return rows.filter(township_id__in=townships)


EXPORT_FIELDS = (
    "name",
    "phone",
    "id_number",
    "township",
    "skills",
    "wanted_work",
    "availability",
    "available_from",
    "status",
    "consent_at",
    "consent_method",
    "consent_version",
    "delete_after",
)


def export_table(rows: QuerySet[JobSeeker]) -> pd.DataFrame:
    """The register as a table for download, the phone and ID numbers masked."""
    records = []
    for seeker in rows.select_related("township"):
        records.append(
            [
                seeker.pk,
                seeker.name,
                mask_phone(seeker.phone),
                mask_id_number(seeker.id_number) if seeker.id_number else "",
                seeker.township.name,
                seeker.skills,
                seeker.wanted_work,
                seeker.get_availability_display(),
                seeker.available_from,
                seeker.get_status_display(),
                timezone.localtime(seeker.consent_at).strftime("%Y-%m-%d %H:%M"),
                seeker.get_consent_method_display(),
                seeker.consent_version,
                seeker.delete_after,
            ]
        )
    columns = [_("No."), *(verbose_name(JobSeeker, f) for f in EXPORT_FIELDS)]
    return pd.DataFrame(records, columns=columns)


def erase(seeker: JobSeeker, reason: str) -> int:
    """Delete the record; the audit log keeps its number, the reason, the time, the user."""
    pk = seeker.pk
    seeker._audit_action = AuditEntry.Action.ERASE  # type: ignore[attr-defined]
    seeker._audit_reason = reason  # type: ignore[attr-defined]
    seeker.delete()
    return pk


def purge_expired(today: Any = None) -> list[int]:
    """Erase every record whose ``delete_after`` has passed (all at once); their numbers."""
    today = today or timezone.localdate()
    erased = []
    with transaction.atomic():
        for seeker in JobSeeker.objects.filter(delete_after__lt=today).order_by("pk"):
            erased.append(erase(seeker, ERASED_AT_RETENTION_END))
    return erased
