"""MkDocs hook: list the JSON API's endpoints from its own OpenAPI schema.

A page holding the marker ``<!-- microparks-api-reference -->`` gets a table of every endpoint
(method, path, summary) taken at build time from ``GET /api/openapi.json`` of the application,
served by Django's test client in a fresh process with a throw-away data directory (no database
is touched: the schema needs none).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

MARKER = "<!-- microparks-api-reference -->"

_COLLECT = r"""
import json, sys
import django
django.setup()
from django.test import Client
response = Client().get("/api/openapi.json")
if response.status_code != 200:
    raise SystemExit(f"GET /api/openapi.json answered {response.status_code}")
sys.stdout.write(response.content.decode("utf-8"))
"""


def collect_schema() -> dict[str, Any]:
    """The OpenAPI schema of the application, as served under ``/api/openapi.json``."""
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "microparks.config.settings",
            "MICROPARKS_DATA_DIR": data_dir,
        }
        env.pop("DATABASE_URL", None)
        env.pop("MICROPARKS_ENV", None)
        done = subprocess.run(
            [sys.executable, "-c", _COLLECT],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"reading the OpenAPI schema failed:\n{done.stderr}")
    schema: dict[str, Any] = json.loads(done.stdout)
    return schema


def render(schema: dict[str, Any]) -> str:
    """Markdown table: method, path, summary, one row per operation, in the schema's order."""
    lines = ["| method | path | what it does |", "|---|---|---|"]
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            summary = (operation.get("summary") or "").replace("|", "\\|")
            description = (operation.get("description") or "").strip().split("\n\n")[0]
            text = summary if not description else f"{summary}: {description}"
            text = " ".join(text.replace("|", "\\|").split())
            lines.append(f"| `{method.upper()}` | `{path}` | {text} |")
    return "\n".join(lines) + "\n"


_cache: dict[str, str] = {}


def on_pre_build(config: Any) -> None:
    """Read the schema afresh on every build (``mkdocs serve`` rebuilds in one process)."""
    _cache.clear()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the marker with the endpoint table."""
    if MARKER not in markdown:
        return markdown
    if "text" not in _cache:
        _cache["text"] = render(collect_schema())
    return markdown.replace(MARKER, _cache["text"])
