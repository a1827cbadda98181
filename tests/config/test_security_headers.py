"""The security headers block of the settings: HTTPS in production (HSTS, secure cookies, the
proxy's header), the map tile host in the Content-Security-Policy, and the hashes that let
plotly.js's two stylesheets through."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import plotly
from django.conf import settings

PRODUCTION = {
    "MICROPARKS_ENV": "production",
    "MICROPARKS_SECRET_KEY": "k" * 50,
    "MICROPARKS_ALLOWED_HOSTS": "microparks.county.example",
}
# Settings as a subprocess sees them, and what a request through the middleware gets back.
PROBE = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "microparks.config.settings"
import django
django.setup()
from django.conf import settings as s
from django.test import Client
out = {name: getattr(s, name) for name in (
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER", "MAP_TILE_HOSTS")}
out["img-src"] = s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
client = Client(HTTP_HOST=s.ALLOWED_HOSTS[0])
for name, extra in (("https", {"HTTP_X_FORWARDED_PROTO": "https"}), ("http", {})):
    r = client.get("/static/common/site.css", **extra)
    out[name] = {"status": r.status_code, "location": r.get("Location", ""),
                 "hsts": r.get("Strict-Transport-Security", "")}
print(json.dumps(out))
"""


def probe(tmp_path: Path, env: dict[str, str]) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MICROPARKS_")}
    clean.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "MICROPARKS_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_behind_nginx_is_https_only(tmp_path: Path) -> None:
    seen = probe(tmp_path, PRODUCTION | {"MICROPARKS_PROXY_SSL_HEADER": "X-Forwarded-Proto"})
    assert (seen["SESSION_COOKIE_SECURE"], seen["CSRF_COOKIE_SECURE"]) == (True, True)
    assert seen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert seen["SECURE_HSTS_SECONDS"] == 31_536_000
    assert seen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert seen["https"]["status"] == 200
    assert seen["https"]["hsts"] == "max-age=31536000; includeSubDomains"
    assert seen["http"]["status"] == 301  # plain HTTP that reached Django goes to HTTPS
    assert seen["http"]["location"].startswith("https://microparks.county.example/")
    assert seen["http"]["hsts"] == ""  # HSTS only ever on HTTPS


def test_production_without_the_proxy_header_does_not_loop(tmp_path: Path) -> None:
    """Without the header Django cannot tell HTTPS from HTTP: it must not redirect (the proxy's
    own HTTP request would loop), and it trusts no client's X-Forwarded-Proto."""
    seen = probe(tmp_path, PRODUCTION | {"MICROPARKS_HSTS_SECONDS": "3600"})
    assert (seen["SECURE_SSL_REDIRECT"], seen["SECURE_PROXY_SSL_HEADER"]) == (False, None)
    assert seen["SECURE_HSTS_SECONDS"] == 3600
    assert (seen["http"]["status"], seen["https"]["hsts"]) == (200, "")


def test_intranet_without_tls(tmp_path: Path) -> None:
    seen = probe(tmp_path, PRODUCTION | {"MICROPARKS_INSECURE_COOKIES": "1"})
    assert (seen["SESSION_COOKIE_SECURE"], seen["CSRF_COOKIE_SECURE"]) == (False, False)
    assert (seen["SECURE_HSTS_SECONDS"], seen["SECURE_SSL_REDIRECT"]) == (0, False)


def test_a_bad_hsts_value_stops_the_start(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MICROPARKS_")}
    result = subprocess.run(
        [sys.executable, "-c", "import microparks.config.settings"],
        env={**clean, "MICROPARKS_DATA_DIR": str(tmp_path), "MICROPARKS_HSTS_SECONDS": "1 year"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "MICROPARKS_HSTS_SECONDS must be a whole number of seconds, not '1 year'" in (
        result.stderr
    )


def test_the_tile_server_may_serve_images(tmp_path: Path) -> None:
    tiles = {"MICROPARKS_TILE_URL": "https://{s}.tiles.county.example:8443/{z}/{x}/{y}.png"}
    seen = probe(tmp_path, tiles)
    assert seen["img-src"] == ["'self'", "data:", "https://*.tiles.county.example:8443"]
    listed = probe(tmp_path, tiles | {"MICROPARKS_TILE_HOSTS": "https://a.gis, https://b.gis"})
    assert listed["img-src"] == ["'self'", "data:", "https://a.gis", "https://b.gis"]


def test_tile_hosts_of_a_url_template() -> None:
    from microparks.config.settings import _tile_hosts

    assert _tile_hosts("http://10.0.0.7:8080/tiles/{z}/{x}/{y}.png") == ["http://10.0.0.7:8080"]
    assert _tile_hosts("https://tile{s}.gis.example/{z}/{x}/{y}.png") == ["https://*.gis.example"]
    assert _tile_hosts("/tiles/{z}/{x}/{y}.png") == []  # this server: 'self' covers it
    assert _tile_hosts("") == []
    assert settings.MAP_TILE_HOSTS == []  # the tests' deployment has no tile server


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_style_hashes_are_those_of_the_installed_plotly() -> None:
    """plotly.js adds <style> elements with fixed text; a new plotly may change them (then put
    the hashes printed here into PLOTLY_STYLE_HASHES; the browser test names any other)."""
    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    text = bundle.read_text(encoding="utf-8")
    assert 'n.appendChild(document.createTextNode(""))' in text  # the empty one, then insertRule
    fixed = re.findall(
        r'createElement\("style"\);\w+\.id="\w+",\w+\.textContent=(\'(?:[^\'\\]|\\.)*\')', text
    )
    expected = {_csp_hash(""), *(_csp_hash(ast.literal_eval(css)) for css in fixed)}
    assert set(settings.PLOTLY_STYLE_HASHES) == expected
    assert set(settings.PLOTLY_STYLE_HASHES) <= set(
        settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    )
