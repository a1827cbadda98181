"""Every file of the malformed corpus through its command (tests/data/malformed/expected.yaml).

The CLI convention, over hundreds of spoiled inputs: no traceback, exit 0 (accepted) or 1
(refused) and never 2 (usage) or 70 (internal error), and a refusal is ``error: …`` lines on
standard error that name the file and the problem. The commands run in Chinese, their default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from microparks.cli.main import app

CORPUS = Path(__file__).resolve().parents[1] / "data" / "malformed"
MANIFEST: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))


def _cases(database: bool) -> list[Any]:
    """The files of the manifest; a known gap (``known_gap``) is a strict xfail."""
    cases = []
    for name, entry in sorted(MANIFEST.items()):
        if bool(entry.get("database")) != database:
            continue
        gap = entry.get("known_gap")
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        cases.append(pytest.param(name, marks=marks, id=name))
    return cases


FILES = _cases(database=False)
DATABASE_FILES = _cases(database=True)
runner = CliRunner()


def command_line(name: str, tmp_path: Path) -> list[str]:
    """The manifest's command for ``name`` with its placeholders filled in."""
    args = []
    for word in MANIFEST[name]["command"]:
        word = word.replace("{file}", str(CORPUS / name)).replace("{out}", str(tmp_path / "out"))
        if word.startswith("{good:"):
            word = str(CORPUS / "good" / word[len("{good:") : -1])
        args.append(word)
    return args


def check_outcome(name: str, result: Result) -> None:
    """The convention: no traceback, 0 or 1, refusals named, as the manifest expects."""
    entry = MANIFEST[name]
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{name}: traceback {result.exception!r}"
    )
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), f"{name}: exit {result.exit_code}\n{result.output}"
    expected = {"refused": {1}, "accepted": {0}, "either": {0, 1}}[entry["outcome"]]
    assert result.exit_code in expected, f"{name}: exit {result.exit_code}\n{result.output}"
    if result.exit_code == 1:
        errors = "\n".join(
            line for line in result.stderr.splitlines() if line.startswith("error: ")
        )
        assert errors, f"{name}: refused without an error line\n{result.output}"
        assert Path(name).name in errors, f"{name}: the refusal does not name the file\n{errors}"
        assert entry.get("reason", "") in errors, (
            f"{name}: {entry.get('reason')!r} not in\n{errors}"
        )


@pytest.mark.engine_neutral  # these commands read files and write files, never the database
@pytest.mark.parametrize("name", FILES)
def test_a_malformed_file_is_refused_by_name_or_accepted(name: str, tmp_path: Path) -> None:
    check_outcome(name, runner.invoke(app, command_line(name, tmp_path)))


@pytest.fixture
def county(db: Any) -> None:
    """The demo county 452999 (its polygon) with its townships, as the site imports need."""
    from microparks.apps.regions.models import Region
    from microparks.demo.generate import generate_demo

    demo = generate_demo().county
    parent = Region.objects.create(
        code=demo.code, name=demo.name, level="county", geometry=demo.geometry
    )
    for suffix, name in (("100", "青岚镇"), ("101", "长洲镇"), ("102", "六圩镇")):
        Region.objects.create(code=demo.code + suffix, name=name, level="township", parent=parent)


@pytest.mark.parametrize("name", DATABASE_FILES)
def test_a_malformed_site_file_writes_nothing_when_refused(
    name: str, tmp_path: Path, county: None
) -> None:
    from microparks.apps.sites.models import Site

    result = runner.invoke(app, command_line(name, tmp_path))
    check_outcome(name, result)
    if result.exit_code == 1:
        assert Site.objects.count() == 0, f"{name}: refused but {Site.objects.count()} sites"


def test_the_manifest_covers_the_corpus() -> None:
    on_disk = {
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file() and p.parent != CORPUS and p.parent.name not in {"good", "__pycache__"}
    }
    assert on_disk == set(MANIFEST)
    assert len(MANIFEST) >= 300


def test_an_unexpected_error_is_one_line_exit_70_and_a_traceback_with_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import microparks.cli.mcda as mcda_commands

    def broken(path: Path) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(mcda_commands, "read_pairwise_csv", broken)
    args = ["mcda", "weights", "--pairwise", str(CORPUS / "good" / "regions.csv")]
    result = runner.invoke(app, args)
    assert result.exit_code == 70
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: 内部错误（RuntimeError: a bug of ours）；加 --debug 重新运行")
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert "internal error (RuntimeError: a bug of ours); rerun with --debug" in english.stderr
    debug = runner.invoke(app, ["--debug", *args])
    assert isinstance(debug.exception, RuntimeError)


def test_usage_errors_still_exit_2() -> None:
    assert runner.invoke(app, ["mcda", "weights"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2
