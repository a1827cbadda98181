"""The files of a backup: what is collected, the manifest, and every check a restore relies on."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from microparks.io.backup import (
    MANIFEST,
    BackupError,
    FileEntry,
    Manifest,
    collect_files,
    conflicting_files,
    copy_file,
    read_manifest,
    restore_files,
    restore_targets,
    verify_backup,
    write_manifest,
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def backup(tmp_path: Path) -> tuple[Path, Manifest]:
    """A small backup: a database file and two files, one under media and one under data."""
    folder = tmp_path / "backup"
    files = {
        "database.sqlite3": b"SQLite format 3\x00...",
        "files/media/attachments/报告.pdf": b"%PDF-1.7 attachment",
        "files/data/uploads/job/ledger.csv": "名称,面积\n甲,1\n".encode(),
    }
    entries = []
    for name, data in files.items():
        _write(folder / name, data)
        entries.append(FileEntry(name, _sha(data), len(data)))
    manifest = Manifest("0.1.0", "sqlite", "2026-01-02T03:04:05+00:00", ("a.0001",), tuple(entries))
    write_manifest(folder, manifest)
    return folder, manifest


def test_the_manifest_reads_back_as_written(backup):
    folder, manifest = backup
    assert read_manifest(folder) == manifest
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert data["format"] == "microparks-backup"
    assert {"platform_version", "database", "created", "files"} <= set(data)
    assert data["files"][1] == {
        "path": "files/media/attachments/报告.pdf",
        "sha256": _sha(b"%PDF-1.7 attachment"),
        "size": 19,
    }


def test_an_intact_backup_verifies(backup):
    folder, manifest = backup
    seen: list[int] = []
    verify_backup(folder, manifest, seen.append)
    assert sum(seen) == sum(f.size for f in manifest.files)


def _edit_manifest(folder: Path, change) -> None:
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    change(data)
    (folder / MANIFEST).write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["files"][1].update(sha256="0" * 64), "does not match its SHA-256"),
        (lambda d: d["files"][1].update(size=3), "has 19 bytes; the manifest says 3"),
        (lambda d: d["files"].pop(2), "is not listed in the manifest"),
        (lambda d: d["files"][2].update(path="files/data/other.csv"), "ledger.csv is not listed"),
    ],
    ids=["checksum", "size", "file dropped", "file renamed"],
)
def test_a_tampered_manifest_is_refused(backup, change, expected):
    folder, _ = backup
    _edit_manifest(folder, change)
    manifest = read_manifest(folder)
    with pytest.raises(BackupError, match=expected):
        verify_backup(folder, manifest)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["files"][1].update(path="files/media/../../../etc/passwd"),
            "files\\[1\\].path",
        ),
        (lambda d: d["files"][1].update(path="/etc/passwd"), "files\\[1\\].path"),
        (lambda d: d["files"][1].update(path="notes.txt"), "files\\[1\\].path"),
        (lambda d: d["files"][1].update(sha256="xyz"), "files\\[1\\].sha256"),
        (lambda d: d["files"][1].update(size=-1), "files\\[1\\].size"),
        (lambda d: d["files"][1].update(size=True), "files\\[1\\].size"),
        (lambda d: d["files"].append(d["files"][1]), "field files"),
        (lambda d: d["files"].pop(0), "lists no database file database.sqlite3"),
        (lambda d: d.update(database="oracle"), "field database"),
        (lambda d: d.update(format_version=99), "format version 99"),
        (lambda d: d.update(format="something"), "not a microparks backup manifest"),
        (lambda d: d.pop("created"), "field created"),
    ],
)
def test_a_malformed_manifest_is_refused_naming_the_field(backup, change, expected):
    folder, _ = backup
    _edit_manifest(folder, change)
    with pytest.raises(BackupError, match=expected):
        read_manifest(folder)


def test_a_manifest_that_is_not_json_or_absent_is_refused(backup, tmp_path):
    folder, _ = backup
    (folder / MANIFEST).write_text('{"format": "microparks-backup", ', encoding="utf-8")
    with pytest.raises(BackupError, match="cannot be read"):
        read_manifest(folder)
    with pytest.raises(BackupError, match="is not a complete backup"):
        read_manifest(tmp_path)
    with pytest.raises(BackupError, match="is not a folder"):
        read_manifest(tmp_path / "nowhere")


@pytest.mark.parametrize("kind", ["changed", "missing", "added"])
def test_a_changed_missing_or_added_file_is_refused(backup, kind):
    folder, manifest = backup
    target = folder / "files/media/attachments/报告.pdf"
    if kind == "changed":
        target.write_bytes(b"%PDF-1.7 attachmenX")  # same size, another checksum
    elif kind == "missing":
        target.unlink()
    else:
        _write(folder / "files/media/extra.exe", b"MZ")
    with pytest.raises(BackupError) as error:
        verify_backup(folder, manifest)
    assert ("extra.exe" if kind == "added" else "报告.pdf") in str(error.value)


def test_messages_are_english_templates_translated_by_the_caller(backup):
    folder, manifest = backup
    (folder / "files/media/attachments/报告.pdf").unlink()
    with pytest.raises(BackupError) as error:
        verify_backup(folder, manifest)
    worded = error.value.text(lambda m: "缺少：" + m)
    assert worded.startswith("缺少：")
    assert "报告.pdf" in worded


def test_collect_files_leaves_out_what_is_excluded_and_earlier_backups(tmp_path, backup):
    data = tmp_path / "data"
    _write(data / "media/a.txt", b"a")
    _write(data / "uploads/1/b.csv", b"b")
    _write(data / "cache/c.bin", b"c")
    _write(data / "secret_key", b"k")
    _write(data / "microparks.sqlite3", b"db")
    earlier, _ = backup
    (data / "backups").mkdir()
    earlier.rename(data / "backups" / "monday")  # a backup kept in the data directory
    found = collect_files(
        {"media": data / "media", "data": data, "nothing": tmp_path / "absent"},
        exclude=[data / "media", data / "cache", data / "secret_key", data / "microparks.sqlite3"],
    )
    assert [name for name, _path in found] == ["files/data/uploads/1/b.csv", "files/media/a.txt"]


def test_copy_file_hashes_what_it_wrote(tmp_path):
    source = _write(tmp_path / "in.bin", bytes(range(256)) * 5000)
    sha256, size = copy_file(source, tmp_path / "out" / "deep" / "out.bin")
    assert (sha256, size) == (_sha(source.read_bytes()), 1_280_000)
    assert (tmp_path / "out/deep/out.bin").read_bytes() == source.read_bytes()


def test_files_are_restored_to_their_roots_leaving_no_temporary_file(backup, tmp_path):
    folder, manifest = backup
    roots = {"media": tmp_path / "m", "data": tmp_path / "d"}
    placed = restore_targets(manifest, roots)
    assert [t for _e, t in placed] == [
        tmp_path / "m/attachments/报告.pdf",
        tmp_path / "d/uploads/job/ledger.csv",
    ]
    assert conflicting_files(placed) == []
    _write(tmp_path / "m/attachments/报告.pdf", b"another file")
    assert conflicting_files(placed) == [tmp_path / "m/attachments/报告.pdf"]
    restore_files(folder, placed)
    assert (tmp_path / "m/attachments/报告.pdf").read_bytes() == b"%PDF-1.7 attachment"
    assert conflicting_files(placed) == []
    assert not list(tmp_path.rglob(".*restoring"))


def test_a_file_changed_after_the_check_is_not_restored_half(backup, tmp_path):
    folder, manifest = backup
    roots = {"media": tmp_path / "m", "data": tmp_path / "d"}
    placed = restore_targets(manifest, roots)
    (folder / "files/data/uploads/job/ledger.csv").write_bytes(b"swapped after the check")
    with pytest.raises(BackupError, match="changed while it was restored"):
        restore_files(folder, placed)
    assert not [
        p for p in tmp_path.rglob("*") if p.is_file() and tmp_path / "backup" not in p.parents
    ]
