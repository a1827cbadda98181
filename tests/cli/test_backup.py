"""``microparks backup`` and ``restore`` end to end, in subprocesses, on SQLite and PostgreSQL.

The demo county is the data: a backup restored into an empty database gives the same
``dumpdata`` (sorted) and the same files. PostgreSQL runs on 127.0.0.1:5432 with trust auth;
its test creates and drops its own databases, and skips only when the server is absent
outside CI.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

# Each test makes its own databases (SQLite files, a PostgreSQL database) in subprocesses.
pytestmark = pytest.mark.engine_neutral

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MICROPARKS = BIN / "microparks"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
BACKED_UP = ("media", "uploads", "targeting", "readiness")


def run(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MICROPARKS), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def environment(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MICROPARKS_DB"}}
    env.update(MICROPARKS_DATA_DIR=str(data_dir), COLUMNS="200")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def dumpdata(env: dict[str, str], db: Path | None = None) -> list[dict]:
    """Every row of the database as ``dumpdata`` gives it, sorted by model and key."""
    if db is not None:
        env = {**env, "MICROPARKS_DB": str(db)}
    result = subprocess.run(
        [sys.executable, "-m", "django", "dumpdata", "--format", "json"],
        env={**env, "DJANGO_SETTINGS_MODULE": "microparks.config.settings"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = json.loads(result.stdout)
    return sorted(rows, key=lambda r: (r["model"], str(r["pk"])))


def files_of(data_dir: Path) -> dict[str, str]:
    """The backed-up folders' files and their checksums."""
    return {
        path.relative_to(data_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in BACKED_UP
        for path in sorted((data_dir / folder).rglob("*"))
        if path.is_file()
    }


def add_files(data_dir: Path) -> None:
    """Files of every kind the data directory holds besides the demo's targeting files."""
    for name, data in {
        "media/servicedesk/2026/01/停电照片.jpg": b"\xff\xd8\xff\xe0 photo" * 100,
        "media/servicedesk/2026/01/报告.pdf": b"%PDF-1.7 report",
        "uploads/0b5e/台账.xlsx": b"PK\x03\x04 ledger",
        "readiness/ranking.parquet": b"PAR1 ranking",
        "cache/employment.pickle": b"rebuilt on demand",
    }.items():
        path = data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextmanager
def _only_one_at_a_time(lock: Path) -> Iterator[None]:
    """The test workers (pytest-xdist) wait for each other here (POSIX; elsewhere no wait)."""
    try:
        import fcntl
    except ImportError:  # Windows: each worker builds its own
        yield
        return
    with lock.open("w") as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def source(tmp_path_factory, worker_id) -> tuple[Path, Path, Path]:
    """The demo county in SQLite with files, and its backup: (data dir, database, backup).

    Built once for all test workers (a demo and a backup in subprocesses take a minute under
    load); the tests only read it, and copy what they change.
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    base = shared / f"backup-source-{os.getpid() if worker_id == 'master' else 'shared'}"
    data_dir, db = base / "data", base / "demo.sqlite3"
    with _only_one_at_a_time(shared / "backup-source.lock"):
        if not (base / "ready").exists():
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir(parents=True)
            env = environment(data_dir)
            loaded = run("demo", "--no-serve", "--db", str(db), env=env)
            assert loaded.returncode == 0, loaded.stderr
            add_files(data_dir)
            assert (data_dir / "field_key").exists()  # the demo's job seekers are encrypted
            made = run("backup", "--out", str(base / "backup"), "--db", str(db), env=env)
            assert made.returncode == 0, made.stderr
            (base / "ready").touch()
    return data_dir, db, base / "backup"


def test_sqlite_backup_restores_into_an_empty_database_identically(source, tmp_path):
    data_dir, db, backup = source
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"] == "sqlite"
    assert manifest["platform_version"]
    assert manifest["created"].endswith("+00:00")
    listed = {f["path"] for f in manifest["files"]}
    assert "files/media/servicedesk/2026/01/报告.pdf" in listed
    assert "files/data/targeting/employment.csv" in listed
    assert not [p for p in listed if "cache" in p or "secret_key" in p or "sqlite3-" in p]
    assert not [p for p in listed if "field_key" in p]

    target_dir, target_db = tmp_path / "data", tmp_path / "restored" / "microparks.sqlite3"
    env = environment(target_dir)
    restored = run("restore", str(backup), "--db", str(target_db), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "已恢复" in restored.stderr  # Chinese by default
    # the field key is never in a backup: the operator brings it back from where it is kept
    shutil.copy(data_dir / "field_key", target_dir / "field_key")
    source_rows = dumpdata(environment(data_dir), db)
    assert len(source_rows) > 3000
    assert dumpdata(env, target_db) == source_rows
    assert files_of(target_dir) == files_of(data_dir)
    assert len(files_of(data_dir)) == 7
    assert not (target_dir / "cache").exists()


def test_a_non_empty_target_is_refused_unless_forced(source, tmp_path):
    data_dir, db, backup = source
    env = environment(data_dir)
    refused = run("restore", str(backup), "--db", str(db), "--lang", "en", env=env)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "is not empty" in lines[0]
    assert "--force" in lines[0]
    assert "Traceback" not in refused.stderr

    # An empty database, but a file in the way that differs from the backup's
    target_dir = tmp_path / "data"
    photo = target_dir / "media/servicedesk/2026/01/报告.pdf"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"someone else's report")
    target_db = tmp_path / "empty.sqlite3"
    in_the_way = run("restore", str(backup), "--db", str(target_db), env=environment(target_dir))
    assert in_the_way.returncode == 1
    assert "报告.pdf" in in_the_way.stderr
    assert "内容与备份不同" in in_the_way.stderr
    assert photo.read_bytes() == b"someone else's report"

    # over a copy (database and files): the source is shared by the other tests
    full, full_dir = tmp_path / "full.sqlite3", tmp_path / "full-data"
    shutil.copy(db, full)
    shutil.copytree(data_dir, full_dir)
    forced = run("restore", str(backup), "--db", str(full), "--force", env=environment(full_dir))
    assert forced.returncode == 0, forced.stderr


def _copy_of(backup: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    return copy


def _tamper_manifest(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pdf = next(f for f in manifest["files"] if f["path"].endswith("报告.pdf"))
    pdf["sha256"] = hashlib.sha256(b"another report").hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _change_a_file(folder: Path) -> None:
    (folder / "files/media/servicedesk/2026/01/报告.pdf").write_bytes(b"%PDF-1.7 rEport")


def _drop_a_file(folder: Path) -> None:
    (folder / "files/data/targeting/employment.csv").unlink()


def _corrupt_the_database(folder: Path) -> None:
    with (folder / "database.sqlite3").open("r+b") as stream:
        stream.seek(5000)
        stream.write(b"\x00\x01\x02")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_tamper_manifest, "does not match its SHA-256 in the manifest"),
        (_change_a_file, "does not match its SHA-256 in the manifest"),
        (_drop_a_file, "is missing from the backup"),
    ],
    ids=["tampered manifest", "changed file", "missing file"],
)
def test_a_damaged_backup_is_found_by_the_check(source, tmp_path, damage, expected):
    # The check that restore runs before touching anything, in this process (each subprocess
    # costs a Django start); the command's refusal end to end is the next test.
    from microparks.io.backup import BackupError, read_manifest, verify_backup

    _data_dir, _db, backup = source
    folder = _copy_of(backup, tmp_path)
    verify_backup(folder, read_manifest(folder))  # the copy as made passes
    damage(folder)
    with pytest.raises(BackupError) as refused:
        verify_backup(folder, read_manifest(folder))
    assert expected in str(refused.value)


def test_a_damaged_backup_is_refused_before_anything_is_touched(source, tmp_path):
    _data_dir, _db, backup = source
    folder = _copy_of(backup, tmp_path)
    _corrupt_the_database(folder)
    target_dir, target_db = tmp_path / "data", tmp_path / "target.sqlite3"
    refused = run("restore", str(folder), "--db", str(target_db), env=environment(target_dir))
    assert refused.returncode == 1, refused.stderr
    assert "database.sqlite3 与备份清单" in refused.stderr
    assert "与备份清单中的 SHA-256 校验值不符" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not target_db.exists()
    assert not [p for p in target_dir.rglob("*") if p.name != "secret_key"]


def test_backup_refuses_a_folder_that_holds_something(source, tmp_path):
    data_dir, db, _backup = source
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    refused = run("backup", "--out", str(out), "--db", str(db), env=environment(data_dir))
    assert refused.returncode == 1
    assert "已存在且不是空文件夹" in refused.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no partial folder left behind


def test_the_sqlite_backup_is_one_consistent_moment_while_writers_write(source, tmp_path):
    _data_dir, demo_db, _backup = source
    db = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(demo_db)) as demo, closing(sqlite3.connect(db)) as live:
        demo.backup(live)
        live.execute("PRAGMA journal_mode=WAL")
        live.execute("CREATE TABLE writes (n INTEGER PRIMARY KEY, payload BLOB)")
        live.commit()
    stop = threading.Event()

    def write() -> None:  # a writer that commits row n in its own transaction, in order
        with closing(sqlite3.connect(db, timeout=30)) as connection:
            n = 0
            while not stop.is_set():
                n += 1
                connection.execute("INSERT INTO writes VALUES (?, ?)", (n, os.urandom(2000)))
                connection.commit()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        made = run(
            "backup", "--out", str(tmp_path / "b"), "--db", str(db), env=environment(tmp_path / "d")
        )
    finally:
        stop.set()
        writer.join()
    assert made.returncode == 0, made.stderr
    with closing(sqlite3.connect(tmp_path / "b" / "database.sqlite3")) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count, top = copy.execute("SELECT count(*), max(n) FROM writes").fetchone()
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert count > 0  # the writer was writing while the backup ran
    assert count == top  # every write up to one moment, none after it, none half


def test_a_missing_pg_dump_is_named(tmp_path):
    env = environment(tmp_path / "d", f"{PG_SERVER}/unused")
    env["PATH"] = str(tmp_path)  # no PostgreSQL client here
    refused = run("backup", "--out", str(tmp_path / "b"), "--lang", "en", env=env)
    assert refused.returncode == 1
    assert "pg_dump is not on PATH" in refused.stderr
    assert "postgresql-client" in refused.stderr
    assert not (tmp_path / "b").exists()


def test_every_message_has_its_chinese():
    from django.utils import translation

    messages = []
    for name in ("io/backup.py", "cli/backup.py", "cli/backup_database.py"):
        tree = ast.parse((ROOT / "src/microparks" / name).read_text(encoding="utf-8"))
        messages += [
            node.args[0].value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) in {"gettext_noop", "_"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ]
    assert len(messages) > 25
    with translation.override("zh-hans"):
        assert [m for m in messages if translation.gettext(m) == m] == []


# --- PostgreSQL ---------------------------------------------------------------------------------


def _postgres_is_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", 5432)) == 0


@pytest.fixture
def pg_databases():
    """Two fresh, empty PostgreSQL databases (source, target), dropped afterwards."""
    if not _postgres_is_up():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 (CI needs it)")
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    import psycopg

    names = [f"mp_backup_{tag}_{uuid.uuid4().hex[:8]}" for tag in ("source", "target")]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield [f"{PG_SERVER}/{name}" for name in names]
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sequences(url: str) -> dict[str, int | None]:
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT sequencename, last_value FROM pg_sequences").fetchall()
    return dict(rows)


def test_postgresql_backup_restores_into_an_empty_database_identically(
    pg_databases, source, tmp_path
):
    source_url, target_url = pg_databases
    data_dir = tmp_path / "source"
    env = environment(data_dir, source_url)
    loaded = run("demo", "--no-serve", env=env)
    assert loaded.returncode == 0, loaded.stderr
    add_files(data_dir)
    made = run("backup", "--out", str(tmp_path / "backup"), env=env)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "backup" / "database.pgdump").read_bytes()[:5] == b"PGDMP"

    target_dir = tmp_path / "target"
    target_env = environment(target_dir, target_url)
    _data_dir, _db, sqlite_backup = source
    wrong_kind = run("restore", str(sqlite_backup), "--lang", "en", env=target_env)
    assert wrong_kind.returncode == 1
    assert "holds a sqlite database" in wrong_kind.stderr

    restored = run("restore", str(tmp_path / "backup"), env=target_env)
    assert restored.returncode == 0, restored.stderr
    shutil.copy(data_dir / "field_key", target_dir / "field_key")  # kept apart, as above
    source_rows = dumpdata(env)
    assert dumpdata(target_env) == source_rows
    assert files_of(target_dir) == files_of(data_dir)
    assert _sequences(target_url) == _sequences(source_url)  # new rows get new keys

    again = run("restore", str(tmp_path / "backup"), "--lang", "en", env=target_env)
    assert again.returncode == 1
    assert "is not empty" in again.stderr
    forced = run("restore", str(tmp_path / "backup"), "--force", env=target_env)
    assert forced.returncode == 0, forced.stderr
    assert dumpdata(target_env) == source_rows
