"""MkDocs hook: join lines broken between two Chinese characters.

The sources are wrapped at about 100 columns, and HTML turns each line break inside a paragraph
into a space — between two Chinese characters that is a stray gap ("方法， 完整"). Before Markdown
runs, a line break (with the next line's indentation) between two CJK characters or full-width
punctuation marks is removed. Fenced and indented code is left alone.
"""

from __future__ import annotations

import re
from typing import Any

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d"
_BREAK = re.compile(rf"(?<=[{_CJK}])\n[ \t]*(?=[{_CJK}])")
_FENCE = re.compile(r"^( {0,3})(```+|~~~+).*?^\1\2[ \t]*$", re.M | re.S)


def join_cjk_lines(markdown: str) -> str:
    """The text with line breaks between CJK characters removed (outside fenced code)."""
    out, last = [], 0
    for fence in _FENCE.finditer(markdown):
        out.append(_BREAK.sub("", markdown[last : fence.start()]))
        out.append(fence.group(0))
        last = fence.end()
    out.append(_BREAK.sub("", markdown[last:]))
    return "".join(out)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Join the page's CJK lines."""
    return join_cjk_lines(markdown)
