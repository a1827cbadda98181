"""Attachments: size- and type-limited, refused with a message, nothing half-saved."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from microparks.apps.servicedesk import attachments
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.models import Attachment, Ticket, TicketEvent
from tests.apps.servicedesk.conftest import file_ticket

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_valid_files_are_stored(desk: Any, settings: Any) -> None:
    files = [
        upload("meter.pdf", PDF, "application/pdf"),
        upload("photo.PNG", PNG, "image/png"),
        upload("note.txt", "电表编号 3".encode(), "text/plain"),
    ]
    ticket = file_ticket(desk, files=files)
    stored = list(ticket.attachments.all())
    assert [a.name for a in stored] == ["meter.pdf", "photo.PNG", "note.txt"]
    assert stored[0].size_bytes == len(PDF)
    assert Path(stored[0].file.path).read_bytes() == PDF
    assert Path(stored[0].file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    assert list(ticket.events.values_list("kind", flat=True)) == ["received", "attached"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([upload("virus.exe", b"MZ\x90\x00")], "file type is not allowed"),
        ([upload("noext", b"hello")], "file type is not allowed"),
        ([upload("fake.pdf", b"MZ\x90\x00 not a pdf")], "does not contain what its name says"),
        ([upload("bin.txt", b"ab\x00cd")], "does not contain what its name says"),
        ([upload(f"f{i}.pdf", PDF) for i in range(6)], "At most 5 files"),
    ],
)
def test_bad_files_refused_and_nothing_saved(
    desk: Any, files: list[Any], message: str, settings: Any
) -> None:
    tickets, events = Ticket.objects.count(), TicketEvent.objects.count()
    with pytest.raises(attachments.AttachmentRefused, match=message):
        file_ticket(desk, files=[upload("ok.pdf", PDF), *files])
    assert (Ticket.objects.count(), TicketEvent.objects.count()) == (tickets, events)
    assert Attachment.objects.count() == 0
    assert not Path(settings.MEDIA_ROOT).exists()


def test_oversize_refused(desk: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "attachment": 1024 * 1024}
    big = upload("scan.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(attachments.AttachmentRefused, match="at most 1 MB"):
        file_ticket(desk, files=[big])
    assert Ticket.objects.filter(title="Power cut every afternoon").count() == 0
    assert not Path(settings.MEDIA_ROOT).exists()


def test_zip_bomb_disguised_as_a_workbook_is_not_stored(desk: Any, settings: Any) -> None:
    """A 'workbook' of 100 MB of zeros zipped to ~100 kB: refused on its directory, unread."""
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (100 * 1024 * 1024))
    bomb = upload("report.xlsx", packed.getvalue())
    assert len(packed.getvalue()) < 1024 * 1024  # under the size limit: the ratio catches it
    with pytest.raises(attachments.AttachmentRefused, match=r"inflates .* times"):
        file_ticket(desk, files=[bomb])
    assert Attachment.objects.count() == 0
    assert not Path(settings.MEDIA_ROOT).exists()


def test_answer_with_bad_file_changes_nothing(desk: Any) -> None:
    ticket = file_ticket(desk)
    sv.do_ask(desk.users["park_manager"], ticket, "Photo?")
    with pytest.raises(attachments.AttachmentRefused):
        sv.do_answer(desk.users["enterprise"], ticket, "here", [upload("x.exe", b"MZ")])
    ticket.refresh_from_db()
    assert ticket.waiting_since is not None
    assert not ticket.events.filter(kind="answer").exists()
