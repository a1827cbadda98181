"""Input–output tables uploaded from the impact page: checked as the command line checks them.

An official uploads the county's (usually the province's) symmetric table and the concordance
from GB/T 4754 codes to its sectors. Both are read and the multipliers computed before anything
is stored; a refused upload stores nothing and names every problem (file, row, column).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from microparks.apps.accounts.models import User
from microparks.apps.common.uploads import refusal_lines
from microparks.apps.impact.models import InputOutputTable
from microparks.apps.impact.services import read_uploaded, upload_digest
from microparks.core.impact import ConcordanceError
from microparks.io.io_tables import IOTableError


def upload_region(user: User | Any) -> Any:
    """The county an official uploads a table for; PermissionDenied for anyone else."""
    if not isinstance(user, User) or user.role not in InputOutputTable.scope.edit:
        raise PermissionDenied
    if user.region is None:
        raise PermissionDenied
    return user.region


def upload_table(
    user: User, *, title: str, source: str, table: UploadedFile, concordance: UploadedFile
) -> InputOutputTable:
    """Check and store a table for the official's county (the impact pages use it at once).

    Raises
    ------
    PermissionDenied
        If ``user`` is not an official with a county.
    ValidationError
        With one message per problem found in either file; nothing is stored.

    """
    region = upload_region(user)
    table_bytes, concordance_bytes = table.read(), concordance.read()
    table_name, concordance_name = str(table.name), str(concordance.name)
    try:
        read = read_uploaded(table_name, table_bytes, concordance_name, concordance_bytes)
    except IOTableError as exc:
        raise ValidationError(refusal_lines(exc)) from None
    except ConcordanceError as exc:
        raise ValidationError(
            _("The concordance does not fit the table: %(e)s") % {"e": exc.text(_)}
        ) from None
    except ValueError as exc:  # e.g. no Leontief inverse: not a table one can use
        raise ValidationError(
            _("The table cannot give multipliers: %(e)s") % {"e": str(exc)}
        ) from None
    row = InputOutputTable(
        region=region,
        title=title.strip(),
        source=source.strip(),
        table_name=table_name,
        table_file=table_bytes,
        concordance_name=concordance_name,
        concordance_file=concordance_bytes,
        sectors=len(read.concordance.sectors),
        sha256=upload_digest(table_bytes, concordance_bytes),
        uploaded_by=user,
    )
    row.full_clean()
    row.save()
    return row
