"""The deployment guide's commands exist, with the options it gives them.

An operator copies these lines onto a county's server: a command, sub-command or option that
does not exist fails there, at night, in a backup timer. Checked: every ``microparks …`` (its
sub-command and each ``--option``), every ``django-admin …`` / ``manage.py …`` command, and the
settings file's variables.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "docs" / "reference" / "deployment.md", ROOT / "docs" / "zh" / "deployment.md"]
_BLOCK = re.compile(r"```[a-z]*\n(.*?)```", re.S)
_CODE = re.compile(r"`([^`\n]+)`")
# "microparks" where a shell runs it: first on the line, after a path's bin/, after && or exec
_MICROPARKS = re.compile(r"(?:^\s*|/bin/|&& |exec )microparks((?: [^\s#;&|')]+)+)")
_DJANGO = re.compile(r"(?:django-admin|manage\.py) ([a-z_]+)")


def _snippets(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return _BLOCK.findall(text) + _CODE.findall(_BLOCK.sub("", text))


def _commands() -> dict[tuple[str, ...], Any]:
    """Every command path of ``microparks`` and its Click command."""
    import typer.main

    from microparks.cli.main import app

    found: dict[tuple[str, ...], Any] = {}

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        found[path] = cmd
        if hasattr(cmd, "list_commands"):
            ctx = cmd.context_class(cmd)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def _invocations(page: Path) -> list[list[str]]:
    found = []
    for snippet in _snippets(page):
        for line in snippet.replace("\\\n", " ").splitlines():
            for match in _MICROPARKS.finditer(line):
                found.append(match.group(1).split())
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_microparks_command_and_option_exists(page):
    commands = _commands()
    invocations = _invocations(page)
    assert len(invocations) >= 8, invocations  # the guide does show the commands
    for words in invocations:
        path: tuple[str, ...] = ()
        for word in words:
            if (*path, word) not in commands:
                break
            path = (*path, word)
        assert path, f"{page.name}: 'microparks {' '.join(words)}' is no command"
        command = commands[path]
        assert not hasattr(command, "list_commands"), f"{page.name}: {words} names no sub-command"
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        given = {w.split("=")[0] for w in words if w.startswith("--")}
        assert given <= options, f"{page.name}: {words}: unknown options {given - options}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_django_command_exists(page):
    from django.core.management import get_commands

    named = {m for s in _snippets(page) for m in _DJANGO.findall(s)}
    assert {"migrate", "collectstatic", "check"} <= named
    assert named <= set(get_commands()), f"{page.name}: unknown {named - set(get_commands())}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_settings_file_names_only_real_settings(page):
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "microparks").rglob("*.py")
    )
    text = page.read_text(encoding="utf-8")
    block = next(b for b in _BLOCK.findall(text) if "/etc/microparks/microparks.env" in b)
    names = re.findall(r"^([A-Z][A-Z0-9_]+)=", block, re.M)
    assert {"MICROPARKS_ENV", "MICROPARKS_SECRET_KEY", "DATABASE_URL"} <= set(names)
    unknown = [n for n in names if n != "DJANGO_SETTINGS_MODULE" and n not in source]
    assert not unknown
