"""A small closed-loop load generator: N client threads, each on its own keep-alive connection,
asking one page again and again and timing every answer.

Threads and ``http.client`` rather than locust: locust brings gevent, Flask, zmq and a dozen
more packages for what is here a few dozen lines, and its monkey-patching would time the
generator as much as the server. The generator is light next to a Django page (parsing a
response costs microseconds), but it shares the machine's two cores with the server: the
figures are what a client on the same machine sees.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

TIMEOUT = 60.0  # seconds: a slow page is measured, not cut off (gunicorn's own limit is 120)


@dataclass(frozen=True)
class Page:
    """One page or endpoint to load, as one role."""

    name: str  # as in the results table, e.g. "/parks/<id>/"
    role: str  # "official" or "tenant"
    path: str  # the real path, e.g. "/parks/12/"
    conditional: bool = False  # repeat with If-None-Match: 304 expected once an ETag exists


@dataclass
class Result:
    """Every answer to one page in one run."""

    page: Page
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0  # failed connections and unexpected statuses
    etag: bool = False  # the page answered with an ETag (for the conditional repeat)
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def req_per_s(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        return float(np.percentile(self.latencies_ms, q))

    def as_dict(self) -> dict[str, object]:
        return {
            "page": self.page.name,
            "role": self.page.role,
            "path": self.page.path,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "req_per_s": round(self.req_per_s, 2),
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "errors": self.errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "etag": self.etag,
            "error_samples": self.error_samples[:5],
        }


class Client:
    """One keep-alive connection with a session cookie jar (just the cookies it is given)."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.cookies = dict(cookies or {})
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send one request, reconnecting once if the server closed the kept-alive connection."""
        sent = {"Accept-Encoding": "identity", "Accept-Language": "zh-hans"} | (headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response.headers, data
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def sign_in(base: str, username: str, password: str) -> dict[str, str]:
    """Sign in through the login form (CSRF token and cookie) and return the session cookies."""
    client = Client(base)
    status, headers, body = client.request("GET", "/login/")
    if status != 200:
        raise RuntimeError(f"GET /login/ answered {status}")
    _take_cookies(client, headers)
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if found is None:
        raise RuntimeError("no CSRF token in the login form")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": found.group(1).decode(),
            "username": username,
            "password": password,
        }
    ).encode()
    status, headers, _ = client.request(
        "POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    _take_cookies(client, headers)
    client.close()
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"signing in as {username} failed (status {status})")
    return client.cookies


def _take_cookies(client: Client, headers: http.client.HTTPMessage) -> None:
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        client.cookies[name.strip()] = rest.split(";", 1)[0]


def fetch(base: str, cookies: dict[str, str], path: str) -> tuple[int, bytes]:
    """One GET, for finding ids in a page before the load starts."""
    client = Client(base, cookies)
    status, _, body = client.request("GET", path)
    client.close()
    return status, body


def run_page(
    base: str,
    page: Page,
    cookies: dict[str, str],
    clients: int,
    duration: float,
    per_client: int | None = None,
    warmup: int = 2,
) -> Result:
    """Load ``page`` with ``clients`` threads for ``duration`` seconds (or ``per_client``
    requests each), after ``warmup`` untimed requests per client (connections, caches)."""
    result = Result(page)
    headers: dict[str, str] = {}
    expected = {200}
    if page.conditional:
        status, answer_headers, _ = Client(base, cookies).request("GET", page.path)
        tag = answer_headers.get("ETag")
        if status == 200 and tag:
            result.etag = True
            headers["If-None-Match"] = tag
            expected = {304}
    lock = threading.Lock()
    clock = [0.0, 0.0]  # start, deadline: set by the barrier once every client is warmed up

    def start() -> None:
        clock[0] = time.perf_counter()
        clock[1] = clock[0] + duration

    start_line = threading.Barrier(clients, action=start)

    def client_loop() -> None:
        client = Client(base, cookies)
        for _ in range(warmup):
            try:
                client.request("GET", page.path, headers=headers)
            except OSError:
                client.close()
        start_line.wait()
        done = 0
        while (per_client is None and time.perf_counter() < clock[1]) or (
            per_client is not None and done < per_client
        ):
            began = time.perf_counter()
            try:
                status, _, _ = client.request("GET", page.path, headers=headers)
                problem = None if status in expected else f"status {status}"
            except (OSError, http.client.HTTPException) as exc:
                status, problem = 0, f"{type(exc).__name__}: {exc}"
                client.close()
            elapsed = (time.perf_counter() - began) * 1000
            done += 1
            with lock:
                result.latencies_ms.append(elapsed)
                result.statuses[status] += 1
                if problem:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(problem)
        client.close()

    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - clock[0]
    return result
