"""Configuration is read in settings only: no other module reads the environment.

The shell may still set variables before Django starts (the WSGI/ASGI entry points name the
settings module; ``cli/django_setup.py`` points the settings at the ``--db`` file); those
write the environment for settings to read and are the only exceptions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import microparks

SRC = Path(microparks.__file__).resolve().parent
ALLOWED = {
    "config/settings.py",  # the one reader
    "config/asgi.py",  # setdefault("DJANGO_SETTINGS_MODULE") before Django starts
    "config/wsgi.py",
    "cli/django_setup.py",  # sets MICROPARKS_DB for --db before Django starts
    # passes its environment on to pg_dump/pg_restore with the settings' database added
    # (PGPASSWORD: the password stays off their command line); reads no setting of its own
    "cli/backup_database.py",
}
READERS = {"environ", "getenv", "environb", "getenvb"}


def _reads(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in READERS and isinstance(node.value, ast.Name) and node.value.id == "os"
    if isinstance(node, ast.ImportFrom):
        return node.module == "os" and any(a.name in READERS for a in node.names)
    return False


def _environment_reads(tree: ast.AST) -> list[int]:
    """Lines that touch ``os.environ``/``os.getenv`` or import them from ``os``."""
    return [node.lineno for node in ast.walk(tree) if _reads(node)]


def test_only_settings_read_the_environment():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in ALLOWED:
            continue
        for line in _environment_reads(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{name}:{line}")
    assert found == [], "read the environment in config/settings.py instead: " + ", ".join(found)
