"""MkDocs hook: TeX formulas (``$…$`` inline, ``$$…$$`` display) to MathML at build time.

Browsers draw MathML themselves (MathML Core), so the manual needs no MathJax or KaTeX script
and loads nothing from outside. Code (fenced blocks, indented blocks and inline code spans) is
left alone. The conversion is done by the pip package ``latex2mathml``; a formula it cannot
convert fails the build, naming the page and the formula.

Formulas are swapped for placeholders before Markdown runs (so that ``_`` and ``*`` inside them
are not read as emphasis, nor ``|`` as a table border) and put back into the HTML afterwards.
"""

from __future__ import annotations

import html
import re
from typing import Any

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

_FENCE = re.compile(r"^( {0,3})(```+|~~~+).*?^\1\2[ \t]*$", re.M | re.S)
_INDENTED = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t).*(?:\n|\Z))+")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")
_TOKEN = "MPMATH{:05d}X"
_TOKEN_RE = re.compile(r"(<p>)?MPMATH(\d{5})X(</p>)?")

_pages: dict[str, dict[int, str]] = {}


def _mathml(tex: str, display: bool, where: str) -> str:
    try:
        markup = convert(tex.strip(), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises several exception types
        raise PluginError(f"{where}: cannot convert the formula {tex!r} ({exc})") from exc
    # Keep the TeX as the accessible text of the formula (also what a copy gets).
    return markup.replace("<math ", f'<math alttext="{html.escape(tex.strip())}" ', 1)


def _protect(text: str, pattern: re.Pattern[str], kept: list[str]) -> str:
    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    return pattern.sub(keep, text)


def convert_markdown(markdown: str, where: str) -> tuple[str, dict[int, str]]:
    """Swap every formula outside code for a placeholder; return the text and the MathML."""
    if "$" not in markdown:
        return markdown, {}
    kept: list[str] = []
    text = _protect(markdown, _FENCE, kept)
    text = _protect(text, _INDENTED, kept)
    text = _protect(text, _CODE_SPAN, kept)
    formulas: dict[int, str] = {}

    def put(match: re.Match[str], display: bool) -> str:
        number = len(formulas)
        formulas[number] = _mathml(match.group(1), display, where)
        token = _TOKEN.format(number)
        return f"\n\n{token}\n\n" if display else token

    text = _DISPLAY.sub(lambda m: put(m, True), text)
    text = _INLINE.sub(lambda m: put(m, False), text)
    while "\x00" in text:
        text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return text, formulas


def restore_html(content: str, formulas: dict[int, str]) -> str:
    """Put the MathML where the placeholders ended up; a display formula replaces its <p>."""

    def back(match: re.Match[str]) -> str:
        markup = formulas[int(match.group(2))]
        if match.group(1) and match.group(3):
            return f'<div class="math-display">{markup}</div>'
        return (match.group(1) or "") + markup + (match.group(3) or "")

    return _TOKEN_RE.sub(back, content)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the formulas of a page by placeholders (kept for ``on_page_content``)."""
    text, formulas = convert_markdown(markdown, page.file.src_uri)
    _pages[page.file.src_uri] = formulas
    return text


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    """Put the page's formulas back as MathML."""
    formulas = _pages.pop(page.file.src_uri, {})
    return restore_html(html_text, formulas) if formulas else html_text
