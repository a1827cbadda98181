"""Rewrite every job seeker's numbers under the first field key (after a key rotation)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from microparks.apps.audit.models import AuditEntry
from microparks.apps.audit.signals import log_access
from microparks.apps.labour.jobseekers_crypto import blind_index, reset_keys
from microparks.apps.labour.jobseekers_models import JobSeeker


class Command(BaseCommand):
    help = (
        "Encrypt every job seeker's phone and ID number again with the first key of "
        "MICROPARKS_FIELD_KEY and recompute the phone index; the older keys may then be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reset_keys()
        done = []
        with transaction.atomic():
            for seeker in JobSeeker.objects.select_for_update().order_by("pk"):
                # the field encrypts on the way in; one audit entry for all (nothing readable
                # changed)
                JobSeeker.objects.filter(pk=seeker.pk).update(
                    phone=seeker.phone,
                    id_number=seeker.id_number,
                    phone_index=blind_index(seeker.phone),
                )
                done.append(seeker.pk)
            log_access(
                AuditEntry.Action.UPDATE, None, JobSeeker, done, "encrypted with the current key"
            )
        self.stdout.write(
            self.style.SUCCESS(_("%(n)d job seeker record(s) encrypted again") % {"n": len(done)})
        )
