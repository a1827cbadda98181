"""The manual's build hooks (docs/hooks): offline check, formulas, CJK line joining."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

HOOKS = Path(__file__).resolve().parents[2] / "docs" / "hooks"


def _hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_hook_{name}", HOOKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def offline() -> ModuleType:
    return _hook("offline")


def test_offline_refuses_scripts_styles_and_fonts_from_outside(
    offline: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "a.html").write_text(
        '<html><head><script src="https://cdn.example.com/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">'
        '<style>@font-face { src: url("https://fonts.gstatic.com/l.woff2") }</style></head>'
        '<body><img src="http://tiles.example.com/1/2/3.png"></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "b.css").write_text(
        '@import "https://cdn.example.com/b.css"; .x { background: url(img/ok.png) }',
        encoding="utf-8",
    )
    found = offline.external_loads(tmp_path)
    assert len(found) == 5
    assert any("cdn.example.com/x.js" in f for f in found)
    assert any("fonts.googleapis.com" in f for f in found)
    assert any("fonts.gstatic.com" in f for f in found)
    assert any("tiles.example.com" in f for f in found)
    assert any(f.startswith("css/b.css: https://cdn.example.com/b.css") for f in found)


def test_offline_accepts_local_resources_and_links_to_sources(
    offline: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "a.html").write_text(
        '<html><head><script src="js/base.js"></script><link rel="stylesheet" href="css/x.css">'
        '<link rel="canonical" href="https://example.org/manual/">'
        '<script src="http://127.0.0.1:8000/live.js"></script></head>'
        '<body><a href="https://www.gov.cn/zhengce/">a cited source</a>'
        '<img src="data:image/png;base64,AAAA"></body></html>',
        encoding="utf-8",
    )
    assert offline.external_loads(tmp_path) == []


def test_formulas_become_mathml_and_code_is_left_alone() -> None:
    pytest.importorskip("latex2mathml")
    formulas = _hook("formulas")
    text = (
        "Inline $LQ_{ci} = x_i / x$ and a cost of $5 and $6.\n\n"
        "$$\\sum_k w_k x_k$$\n\n"
        "Code `$MICROPARKS_DATA_DIR/cache` stays.\n\n"
        "```sh\necho $HOME $PATH\n```\n"
    )
    markdown, found = formulas.convert_markdown(text, "page.md")
    assert len(found) == 2
    assert "$MICROPARKS_DATA_DIR/cache" in markdown
    assert "echo $HOME $PATH" in markdown
    assert "a cost of $5 and $6." in markdown
    html = formulas.restore_html(f"<p>{markdown.split(chr(10))[0]}</p><p>MPMATH00001X</p>", found)
    assert html.count("<math") == 2
    assert '<div class="math-display">' in html


def test_cjk_line_breaks_are_joined_outside_code() -> None:
    cjk = _hook("cjk")
    text = (
        "下面用中文概述各项方法，\n  完整的公式见英文页。\n"
        "English\n line.\n\n```\n第一行\n第二行\n```\n"
    )
    joined = cjk.join_cjk_lines(text)
    assert "各项方法，完整的公式" in joined
    assert "English\n line." in joined
    assert "第一行\n第二行" in joined
