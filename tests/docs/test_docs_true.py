"""The README and the manual say only true things: names, paths, commands, settings, examples.

The manual's links, pages and formulas are checked by its strict build (``make docs``); these
tests check what a build cannot: that the files, modules, commands and environment variables
named in the text exist, and that the Python examples run.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "microparks"
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))
TEXTS = [README, *PAGES]

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_PATH = re.compile(
    r"^(?:src/microparks/|microparks/)?"
    r"(?:core|io|apps|cli|demo|config|locale)/[\w./-]+\.(?:py|yaml|yml|csv|json|md|po|mo|js|css)$"
)
_REPO_PATH = re.compile(r"^(?:tests|benchmarks|docs|\.ci)/[\w./-]+\.\w+$")
_DOTTED = re.compile(r"^microparks(?:\.\w+)+$")
_ENV = re.compile(r"\b(MICROPARKS_[A-Z0-9_]+|DATABASE_URL)\b")


def _spans(path: Path) -> list[str]:
    return _CODE_SPAN.findall(path.read_text(encoding="utf-8"))


def test_readme_is_the_front_door_under_10_kb() -> None:
    assert README.stat().st_size < 10_000


@pytest.mark.parametrize("page", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_named_exist(page: Path) -> None:
    missing = []
    for span in _spans(page):
        if "<" in span or "*" in span:
            continue  # a pattern such as cn-<year>.yaml
        if _PATH.match(span):
            relative = span.removeprefix("src/microparks/").removeprefix("microparks/")
            if not (PACKAGE / relative).exists():
                missing.append(span)
        elif _REPO_PATH.match(span) and not (ROOT / span).exists():
            missing.append(span)
    assert not missing, f"{page.relative_to(ROOT)} names files that do not exist: {missing}"


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


@pytest.mark.parametrize("page", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_named_exist(page: Path) -> None:
    dotted = {s for s in _spans(page) if _DOTTED.match(s)}
    missing = sorted(name for name in dotted if not _resolves(name))
    assert not missing, f"{page.relative_to(ROOT)} names what does not exist: {missing}"


def test_every_environment_variable_is_documented() -> None:
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(_ENV.findall(path.read_text(encoding="utf-8")))
    for page in (DOCS / "reference" / "configuration.md", DOCS / "zh" / "deployment.md"):
        text = page.read_text(encoding="utf-8")
        undocumented = sorted(v for v in used if v not in text)
        assert not undocumented, f"{page.relative_to(ROOT)} lacks {undocumented}"


def test_environment_variables_named_in_the_docs_exist() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    source += (ROOT / "Makefile").read_text(encoding="utf-8")
    for page in TEXTS:
        named = set(_ENV.findall(page.read_text(encoding="utf-8")))
        unknown = sorted(v for v in named if v not in source)
        assert not unknown, f"{page.relative_to(ROOT)} names unknown variables {unknown}"


def _cli_commands() -> dict[tuple[str, ...], bool]:
    """Every command path of ``microparks``, and whether it is a group of sub-commands."""
    import typer.main

    from microparks.cli.main import app

    found: dict[tuple[str, ...], bool] = {}

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        found[path] = hasattr(cmd, "list_commands")
        if found[path]:
            ctx = cmd.context_class(cmd)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def test_commands_in_the_readme_and_guides_exist() -> None:
    commands = _cli_commands()
    pattern = re.compile(r"\bmicroparks((?: [a-z][a-z-]*)+)")
    pages = [README, DOCS / "en" / "guide" / "planner.md", DOCS / "zh" / "guide" / "planner.md"]
    for page in pages:
        for block in re.findall(r"```[a-z]*\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            for match in pattern.finditer(block):
                words = tuple(match.group(1).split())
                prefix = max((c for c in commands if words[: len(c)] == c), key=len)
                is_group = commands[prefix]
                assert prefix, f"{page.name}: 'microparks{match.group(1)}' is no command"
                assert not is_group or words == prefix, (
                    f"{page.name}: 'microparks{match.group(1)}' names no sub-command"
                )


def test_make_targets_in_the_readme_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    text = README.read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"`([^`]+)`", text) + re.findall(r"```\w*\n(.*?)```", text, re.S))
    named = set(re.findall(r"(?:^|\s|`)make ([a-z][\w-]*)", code, re.M))
    assert named <= targets, f"README names make targets that do not exist: {named - targets}"


@pytest.mark.parametrize("page", ["en/guide/planner.md", "zh/guide/planner.md"])
def test_python_examples_run(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, page, "exec"), {})  # our own documentation
