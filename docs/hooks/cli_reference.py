"""MkDocs hook: write the command-line reference from the commands' own ``--help`` output.

A page holding the marker ``<!-- microparks-cli-reference -->`` gets, in its place, every
``microparks`` command and sub-command with the text that ``microparks … --help`` prints.
The help is produced at build time in a fresh Python process (the interpreter running MkDocs,
i.e. the project's virtualenv) through click's own ``--help`` handling, with Typer's plain
(non-rich) formatter, so the reference never goes stale and never differs from the terminal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

MARKER = "<!-- microparks-cli-reference -->"
WIDTH = 100

# Runs in a child process so that TYPER_USE_RICH=0 is seen before typer is first imported.
_COLLECT = r"""
import json, sys
import typer.main
from typer.testing import CliRunner
from microparks.cli.main import app

root = typer.main.get_command(app)
runner = CliRunner()
out = []

def walk(cmd, path):
    result = runner.invoke(app, [*path, "--help"], prog_name="microparks",
                           terminal_width=int(sys.argv[1]), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"microparks {' '.join(path)} --help exited {result.exit_code}")
    short = cmd.get_short_help_str(limit=300) if path else (cmd.help or "").split("\n")[0]
    is_group = hasattr(cmd, "list_commands")  # typer vendors click: no isinstance(click.Group)
    out.append({"path": path, "help": result.output.rstrip(), "short": short, "group": is_group})
    if is_group:
        ctx = cmd.context_class(cmd, info_name=" ".join(["microparks", *path]))
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not getattr(sub, "hidden", False):
                walk(sub, [*path, name])

walk(root, [])
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def collect_help(width: int = WIDTH) -> list[dict[str, Any]]:
    """Every command's ``--help`` text, depth first, as ``{path, help, short, group}``."""
    env = {**os.environ, "TYPER_USE_RICH": "0", "NO_COLOR": "1", "COLUMNS": str(width)}
    done = subprocess.run(
        [sys.executable, "-c", _COLLECT, str(width)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"collecting the CLI help failed:\n{done.stderr}")
    commands: list[dict[str, Any]] = json.loads(done.stdout)
    return commands


def _anchor(path: list[str]) -> str:
    return "-".join(["microparks", *path])


def render(commands: list[dict[str, Any]]) -> str:
    """Markdown: a table of contents of the commands, then each command's help."""
    lines = ["| command | what it does |", "|---|---|"]
    for cmd in commands[1:]:
        name = " ".join(["microparks", *cmd["path"]])
        short = cmd["short"].replace("|", "\\|")
        lines.append(f"| [`{name}`](#{_anchor(cmd['path'])}) | {short} |")
    lines.append("")
    for cmd in commands:
        name = " ".join(["microparks", *cmd["path"]])
        level = "#" * min(2 + max(len(cmd["path"]) - 1, 0), 4)
        lines += [
            f"{level} `{name}` {{#{_anchor(cmd['path'])}}}",
            "",
            "```text",
            f"$ {name} --help",
            cmd["help"],
            "```",
            "",
        ]
    return "\n".join(lines)


_cache: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the marker with the generated reference (computed once per build)."""
    if MARKER not in markdown:
        return markdown
    if "text" not in _cache:
        _cache["text"] = render(collect_help())
    return markdown.replace(MARKER, _cache["text"])


def on_startup(command: str, dirty: bool) -> None:
    """``mkdocs serve`` rebuilds in one process: collect afresh on every build."""
    _cache.clear()


def on_pre_build(config: Any) -> None:
    """Forget the previous build's reference (commands may have changed)."""
    _cache.clear()
