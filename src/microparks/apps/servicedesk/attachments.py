"""Checks on files attached to tickets: count, size, type and content that matches the name.

Nothing is stored here; :mod:`microparks.apps.servicedesk.services` stores files that pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from microparks.apps.jobs.uploads import check_upload

MAX_ATTACHMENTS = 5
# Extension → leading bytes the file must start with (None: text that must decode as UTF-8).
ALLOWED_TYPES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".txt": None,
}


class AttachmentRefused(Exception):
    """An uploaded file is too large, of a disallowed type or not what its name says."""


def check_attachments(files: Sequence[UploadedFile]) -> None:
    """Refuse a batch of uploads unless every file is allowed."""
    if len(files) > MAX_ATTACHMENTS:
        raise AttachmentRefused(
            _("At most %(n)d files may be attached at once.") % {"n": MAX_ATTACHMENTS}
        )
    for f in files:
        name = f.name or ""
        ext = name[name.rfind(".") :].lower() if "." in name else ""
        if ext not in ALLOWED_TYPES:
            raise AttachmentRefused(
                _("%(name)s: this file type is not allowed (allowed: %(types)s).")
                % {"name": name, "types": ", ".join(sorted(ALLOWED_TYPES))}
            )
        try:  # size (settings UPLOAD_MAX_BYTES["attachment"]); a .docx or .xlsx that is a zip bomb
            check_upload(f, "attachment")
        except ValidationError as exc:
            raise AttachmentRefused(" ".join(exc.messages)) from exc
        f.seek(0)
        head = f.read(2048)
        f.seek(0)
        magic = ALLOWED_TYPES[ext]
        if magic is None:
            try:
                head.decode("utf-8")
            except UnicodeDecodeError:
                ok = len(head) == 2048  # a multi-byte character cut at the end of the sample
            else:
                ok = b"\x00" not in head
        else:
            ok = head.startswith(magic)
        if not ok:
            raise AttachmentRefused(
                _("%(name)s does not contain what its name says.") % {"name": name}
            )
