"""Web pages at scale (issue 20): build the demo N times larger, serve it as in production,
load the main pages and API endpoints as a county official and as a tenant, and write req/s,
p50/p95/p99 and errors per page into ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/web/bench_web.py --scale 10 --db both
    .venv/bin/python benchmarks/web/bench_web.py --smoke      # 1x, SQLite, a few requests

Each database gets its own data directory under ``--data-dir`` (SQLite file, collected static
files, server log) and, for PostgreSQL, its own database ``bench_web_<N>x`` on ``--pg``; a
built scale is kept and reused (``--rebuild`` builds it again). The server is
``microparks serve --workers N`` in production mode (``MICROPARKS_ENV=production``, plain HTTP
on loopback: ``MICROPARKS_INSECURE_COOKIES``; the demo's published accounts on a training
server: ``MICROPARKS_TRAINING_SERVER``). ``--src DIR`` serves another checkout's code (a
``git worktree`` of an older commit: ``PYTHONPATH=DIR``) for before/after figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from webload import Page, Result, fetch, run_page, sign_in
from webreport import RunInfo, table, write

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = {
    "official": ("demo_official", "Qinglan-official-2026"),  # county scope
    "tenant": ("demo_enterprise", "Qinglan-enterprise-2026"),  # enterprise user
}
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.smoke:
        args.workers, args.clients = min(args.workers, 1), min(args.clients, 2)
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    src = Path(args.src).resolve() if args.src else ROOT / "src"
    failed = False
    report: list[dict[str, object]] = []
    for scale in args.scale:
        for database in databases:
            name = f"{database}-{scale}x" + (f"-{args.tag}" if args.tag else "")
            env = _environment(args, database, scale, Path(args.data_dir) / name)
            print(f"== {name}: building the {scale}x demo (kept for later runs)", flush=True)
            _build(env, scale, args.rebuild, database, args.pg)
            if args.build_only:
                continue
            load_before = os.getloadavg()[0]
            began = time.monotonic()
            with _server(env, args.workers, Path(env["MICROPARKS_DATA_DIR"])) as base:
                print(f"   serving after {time.monotonic() - began:.0f} s", flush=True)
                results = _measure(base, args)
            info = RunInfo(
                when=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
                database={"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database],
                scale=scale,
                commit=_commit(src),
                server=_server_label(args.workers),
                clients=args.clients,
                duration=f"{args.per_client} requests per client"
                if args.smoke
                else f"{args.duration:g} s",
                load_before=load_before,
                load_after=os.getloadavg()[0],
                label=args.label,
            )
            block = table(info, results)
            print(block, flush=True)
            if args.results != "-":
                write(Path(args.results), block)
            failed = failed or any(r.errors for r in results)
            report.append({"run": name, "pages": [r.as_dict() for r in results]})
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    return 1 if failed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--scale", type=int, nargs="+", default=[10], help="demo sizes, e.g. 10 100 (default 10)")
    add("--db", choices=["sqlite", "postgresql", "both"], default="both")
    add("--clients", type=int, default=8, help="concurrent clients (default 8)")
    add("--workers", type=int, default=2, help="server worker processes (default 2: gunicorn)")
    add("--duration", type=float, default=20, help="seconds of load per page (default 20)")
    add("--smoke", action="store_true", help="a few requests per page, 1 worker, 2 clients")
    add("--per-client", type=int, default=3, help="requests per client and page with --smoke")
    add("--data-dir", default="/tmp/microparks-bench-web", help="where the data is built")
    add("--pg", default=PG_DEFAULT, help=f"PostgreSQL server URL (default {PG_DEFAULT})")
    add("--src", help="serve this source folder instead (PYTHONPATH), e.g. a git worktree's src")
    add("--tag", default="", help="suffix of the data folder and database (e.g. base)")
    add("--label", default="", help="words added to the results heading")
    add("--rebuild", action="store_true", help="build the data again even if it exists")
    add("--build-only", action="store_true", help="build the data, measure nothing")
    add("--results", default=str(ROOT / "benchmarks" / "RESULTS.md"), help="'-': do not write")
    add("--json", help="also write the figures to this JSON file")
    return parser


def _environment(
    args: argparse.Namespace, database: str, scale: int, data_dir: Path
) -> dict[str, str]:
    """Production settings, plain HTTP on loopback, the demo allowed (training server)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROPARKS_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {
        "MICROPARKS_ENV": "production",
        "MICROPARKS_SECRET_KEY": "bench-web-not-secret-" + "x" * 40,
        "MICROPARKS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MICROPARKS_INSECURE_COOKIES": "1",
        "MICROPARKS_TRAINING_SERVER": "1",
        "MICROPARKS_DATA_DIR": str(data_dir),
        "MICROPARKS_JOBS": "thread",
    }
    if database == "postgresql":
        env["DATABASE_URL"] = f"{args.pg.rstrip('/')}/{_pg_name(scale, args.tag)}"
    if args.src:
        env["PYTHONPATH"] = str(Path(args.src).resolve())
    return env


def _pg_name(scale: int, tag: str) -> str:
    return f"bench_web_{scale}x" + (f"_{tag}" if tag else "")


def _build(env: dict[str, str], scale: int, rebuild: bool, database: str, server: str) -> None:
    """Load the demo at ``scale`` unless this folder already holds it (a marker file)."""
    marker = Path(env["MICROPARKS_DATA_DIR"]) / f"built-{scale}x"
    if marker.exists() and not rebuild:
        if not _newer_migrations(marker, Path(env.get("PYTHONPATH") or ROOT / "src")):
            return
        command = [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"migrating the kept data failed:\n{done.stdout}\n{done.stderr}")
        marker.touch()
        return
    if database == "postgresql":
        _create_database(server, env["DATABASE_URL"].rsplit("/", 1)[1], drop=rebuild)
    command = [sys.executable, "-m", "microparks.cli.main", "demo", "--scale", str(scale)]
    command += ["--no-serve", "--training-server", "--lang", "en"]
    began = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"building the demo failed:\n{done.stdout}\n{done.stderr}")
    print(f"   built in {time.monotonic() - began:.0f} s", flush=True)
    marker.write_text(dt.datetime.now(dt.UTC).isoformat())


def _newer_migrations(marker: Path, src: Path) -> bool:
    """Whether a migration file changed since the data was built (then it is migrated)."""
    built = marker.stat().st_mtime
    files = (src / "microparks" / "apps").glob("*/migrations/*.py")
    return any(f.stat().st_mtime > built for f in files)


def _create_database(server: str, name: str, drop: bool) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as connection:
        if drop:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _server(env: dict[str, str], workers: int, data_dir: Path) -> Iterator[str]:
    """``microparks serve --workers N`` on a free port, stopped (with its workers) afterwards."""
    port = _free_port()
    command = [sys.executable, "-m", "microparks.cli.main", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    base = f"http://127.0.0.1:{port}"
    with (data_dir / "server.log").open("w") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_for(base, process, data_dir / "server.log")
            yield base
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    end = time.monotonic() + 180  # collecting the static files takes a while the first time
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text()}")
        with contextlib.suppress(OSError):
            if fetch(base, {}, "/login/")[0] == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer in time:\n{log.read_text()}")


def _pages(base: str, official: dict[str, str], tenant: dict[str, str]) -> list[Page]:
    """The main pages, with the ids of the first park and the tenant's own firm."""
    park = _first_id(base, official, "/parks/", rb'href="/parks/(\d+)/"')
    firm = _first_id(base, tenant, "/enterprises/", rb'href="/enterprises/(\d+)/"')
    return [
        Page("/", "official", "/"),
        Page("/parks/", "official", "/parks/"),
        Page("/parks/<id>/", "official", f"/parks/{park}/"),
        Page("/sites/", "official", "/sites/"),
        Page("/enterprises/", "official", "/enterprises/"),
        Page("/servicedesk/tickets/", "official", "/servicedesk/tickets/"),
        Page("/api/sites", "official", "/api/sites"),
        Page("/api/sites.geojson", "official", "/api/sites.geojson"),
        Page("/api/sites.geojson, If-None-Match", "official", "/api/sites.geojson", True),
        Page("/api/enterprises", "official", "/api/enterprises"),
        Page("/api/tickets", "official", "/api/tickets"),
        Page("/", "tenant", "/"),
        Page("/enterprises/<own>/", "tenant", f"/enterprises/{firm}/"),
        Page("/servicedesk/portal/", "tenant", "/servicedesk/portal/"),
        Page("/api/tickets", "tenant", "/api/tickets"),
    ]


def _first_id(base: str, cookies: dict[str, str], path: str, pattern: bytes) -> str:

    status, body = fetch(base, cookies, path)
    found = re.search(pattern, body)
    if status != 200 or found is None:
        raise SystemExit(f"no id found in {path} (status {status})")
    return found.group(1).decode()


def _measure(base: str, args: argparse.Namespace) -> list[Result]:
    sessions = {role: sign_in(base, *account) for role, account in ACCOUNTS.items()}
    results = []
    for page in _pages(base, sessions["official"], sessions["tenant"]):
        result = run_page(
            base,
            page,
            sessions[page.role],
            args.clients,
            args.duration,
            per_client=args.per_client if args.smoke else None,
            warmup=0 if args.smoke else 2,
        )
        print(
            f"   {page.role:8} {page.name:36} {result.req_per_s:7.1f} req/s  "
            f"p95 {result.percentile(95):7.0f} ms  errors {result.errors}",
            flush=True,
        )
        results.append(result)
    return results


def _server_label(workers: int) -> str:
    if workers > 1:
        return f"gunicorn, {workers} workers × 4 threads (gthread)"
    return "waitress, 1 process × 4 threads"


def _commit(src: Path) -> str:
    """The served code's commit, saying so when its tree has uncommitted changes."""

    def git(*words: str) -> str:
        done = subprocess.run(["git", "-C", str(src), *words], capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".")
    return f"commit {commit}" + (" + uncommitted changes in src/" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())
