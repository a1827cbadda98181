"""A county's targeting files uploaded from the targeting page, checked before they are kept.

Three inputs can be uploaded (:data:`KINDS`): the employment table of all counties (a county
census workbook or a long table ``region, industry, value[, year]``), the census pair for
national growth, and an input–output table with its concordance (else the shipped one). Each is
read by the same reader as the command line's (GBK or UTF-8, title rows above the header,
Chinese headers, 合计 rows skipped; :mod:`microparks.io.targeting_inputs`) and checked as the
ranking will use it; a refused upload keeps nothing and names each problem (file, row, field).

An accepted upload is kept as uploaded in the county's folder
(:func:`microparks.apps.targeting.inputs.county_dir`), where the page's ranking reads it, with
a note of who uploaded which file when and how many rows it has (``uploads.json``). Files are
replaced only once every file of the upload has been read.

Each file may be as large as the other tables imported from pages (``ledger`` kind:
``MICROPARKS_UPLOAD_MAX_MB_LEDGER``). Who: a county official for their county, or the
administrator for any (as the impact page's input–output tables).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.common.uploads import refusal_lines, uploaded_files
from microparks.apps.jobs.uploads import check_upload
from microparks.apps.regions.models import Region
from microparks.apps.targeting.inputs import county_dir
from microparks.core.targeting.pipeline import calc_growth_between
from microparks.core.targeting.score import ScoreInputError
from microparks.io.targeting_inputs import (
    read_chain_table,
    read_employment_table,
    read_growth_mapping,
)

UPLOADERS = frozenset({Role.OFFICIAL})  # and the administrator
NOTES = "uploads.json"


@dataclass(frozen=True)
class File:
    """One file of an upload: kept as ``stem.<its suffix>``."""

    stem: str
    label: Any
    required: bool = True


@dataclass(frozen=True)
class Kind:
    """An input that can be uploaded: what it is and its files."""

    label: Any
    files: tuple[File, ...]


KINDS = {
    "employment": Kind(
        gettext_lazy("Employment by industry of all counties"),
        (
            File(
                "employment",
                gettext_lazy(
                    "County census workbook, or a table of region code, industry code and "
                    "persons employed (and year)"
                ),
            ),
        ),
    ),
    "growth": Kind(
        gettext_lazy("County census pair (national growth)"),
        (
            File("growth_start", gettext_lazy("Earlier census (e.g. 2010)")),
            File("growth_end", gettext_lazy("Later census (e.g. 2020)")),
        ),
    ),
    "io_table": Kind(
        gettext_lazy("Input–output table"),
        (
            File("io_table", gettext_lazy("Symmetric input–output table")),
            File(
                "concordance",
                gettext_lazy(
                    "Concordance from GB/T 4754 codes to the table's sectors (optional: else the "
                    "shipped one, divisions to the US 2017 summary industries)"
                ),
                required=False,
            ),
        ),
    ),
}


def may_upload(user: Any) -> bool:
    """Whether ``user``'s role may upload targeting files (for a county they see)."""
    return isinstance(user, User) and user.has_role(*UPLOADERS)


def upload_county(user: Any, pk: int) -> Region:
    """The county ``pk`` if ``user`` may upload for it: PermissionDenied, or DoesNotExist."""
    if not may_upload(user):
        raise PermissionDenied
    county: Region = Region.objects.restrict(user).get(pk=pk, level=Region.Level.COUNTY)
    return county


def _check(kind: str, county: Region, paths: dict[str, Path]) -> int:
    """Read the files as the ranking will; the rows read. Raises ScoreInputError."""
    if kind == "employment":
        table = read_employment_table(paths["employment"])
        if county.code not in set(table.data["region"]):
            raise ScoreInputError(
                _("%(file)s: no rows of %(county)s (region code %(code)s).")
                % {"file": table.source.name, "county": county.name, "code": county.code}
            )
        return len(table.data)
    if kind == "growth":
        start = read_employment_table(paths["growth_start"], role="growth_start")
        end = read_employment_table(paths["growth_end"], role="growth_end")
        calc_growth_between(start, end, read_growth_mapping(paths["growth_start"]))
        return len(start.data) + len(end.data)
    chain = read_chain_table(paths["io_table"], concordance=paths.get("concordance"))
    return int(chain.A.shape[0])


def upload(user: Any, county: Region, kind: str, files: dict[str, UploadedFile]) -> dict[str, Any]:
    """Check and keep the county's files of ``kind``; the note of the upload.

    Raises
    ------
    ValidationError
        One message per problem (file, row, field); nothing is kept.

    """
    spec = KINDS[kind]
    given = {f.stem: files[f.stem] for f in spec.files if files.get(f.stem)}
    missing = [f.stem for f in spec.files if f.required and f.stem not in given]
    if missing:
        raise ValidationError(_("Choose a file for each field."))
    for f in given.values():  # size and zip limits before anything is read
        check_upload(f, "ledger")
    contents = {stem: (str(f.name), f.read()) for stem, f in given.items()}
    with uploaded_files(contents) as paths:
        try:
            rows = _check(kind, county, paths)
        except (ScoreInputError, ValueError) as exc:
            raise ValidationError(refusal_lines(exc)) from None
    note = {
        "files": [name for name, _content in contents.values()],
        "rows": rows,
        "by": user.pk,
        "at": timezone.now().isoformat(),
    }
    _keep(county.code, kind, contents, note)
    return note


def _keep(
    code: str, kind: str, contents: dict[str, tuple[str, bytes]], note: dict[str, Any]
) -> None:
    """Write the files and the note: each to a temporary name first, then moved into place."""
    folder = county_dir(code)
    folder.mkdir(parents=True, exist_ok=True)
    notes = read_notes(code)
    notes[kind] = note
    pid = os.getpid()
    staged: list[tuple[Path, Path]] = []
    for stem, (name, content) in contents.items():
        target = folder / f"{stem}{Path(name).suffix.lower() or '.csv'}"
        tmp = folder / f".{target.name}.{pid}.tmp"
        tmp.write_bytes(content)
        staged.append((tmp, target))
    tmp_notes = folder / f".{NOTES}.{pid}.tmp"
    tmp_notes.write_text(json.dumps(notes, ensure_ascii=False, indent=1), "utf-8")
    stems = {f.stem for f in KINDS[kind].files}
    kept = {target for _tmp, target in staged}
    for old in folder.iterdir():  # the kind's earlier files under another suffix, or not given
        if old.name.split(".")[0] in stems and old not in kept and not old.name.startswith("."):
            old.unlink()
    for tmp, target in staged:
        tmp.replace(target)
    tmp_notes.replace(folder / NOTES)


def read_notes(code: str) -> dict[str, Any]:
    """The county's upload notes by kind (empty when none or unreadable)."""
    path = county_dir(code) / NOTES
    try:
        notes: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return notes if isinstance(notes, dict) else {}


@dataclass(frozen=True)
class InUse:
    """What the page says of one kind: the county's upload (files, rows, who, when) or none."""

    kind: str
    label: str
    fields: tuple[File, ...]
    files: tuple[str, ...]
    rows: int | None
    by: User | None
    at: datetime | None


def in_use(county: Region) -> list[InUse]:
    """For each kind, the county's upload in use (or an entry without files)."""
    notes = read_notes(county.code)
    users = User.objects.in_bulk([n.get("by") for n in notes.values() if n.get("by")])
    out = []
    for kind, spec in KINDS.items():
        note = notes.get(kind) or {}
        at = note.get("at")
        out.append(
            InUse(
                kind=kind,
                label=str(spec.label),
                fields=spec.files,
                files=tuple(note.get("files") or ()),
                rows=note.get("rows"),
                by=users.get(note.get("by")),
                at=datetime.fromisoformat(at) if at else None,
            )
        )
    return out
