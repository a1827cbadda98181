"""MkDocs hook: fail the build if the site would load anything from outside the machine.

Government intranets have no internet: every script, style sheet, font, image or frame of the
built manual must come from the site itself. After the build, every HTML and CSS file of the
site is read, and any reference to a non-local ``http(s)://`` or protocol-relative ``//`` URL in
a place the browser *loads* (``<script src>``, ``<link href>`` other than a plain hyperlink
relation, ``<img src>``, ``<iframe src>``, ``url(…)`` and ``@import`` in CSS and ``style``
attributes) fails the build with the file and the URL. Hyperlinks (``<a href>``) to cited
sources are fine: the reader follows them only by choice.

Run alone on a built site: ``python docs/hooks/offline.py site``.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# <link rel=…> values that are hyperlinks, not resources the browser fetches.
LINK_RELS_NOT_LOADED = {"canonical", "alternate", "author", "help", "license", "next", "prev"}
LOADING_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""", re.I)


def is_external(url: str) -> bool:
    """Whether a URL points off this machine (``http(s)://other-host`` or ``//other-host``)."""
    url = url.strip()
    if url.startswith("//"):
        url = "http:" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def _css_urls(text: str) -> list[str]:
    return _CSS_URL.findall(text) + _CSS_IMPORT.findall(text)


class _Loads(HTMLParser):
    """Collects the URLs an HTML page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if not rels or not rels <= LINK_RELS_NOT_LOADED:
                self.urls.append(values.get("href", ""))
        for attr in LOADING_ATTRS.get(tag, ()):
            if attr in values:
                if attr == "srcset":
                    self.urls += [part.split()[0] for part in values[attr].split(",") if part]
                else:
                    self.urls.append(values[attr])
        if "style" in values:
            self.urls += _css_urls(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += _css_urls(data)


def external_loads(site: Path) -> list[str]:
    """``file: url`` for every external resource the built site would load."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.suffix.lower() not in {".html", ".htm", ".css"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix.lower() == ".css":
            urls = _css_urls(text)
        else:
            parser = _Loads()
            parser.feed(text)
            urls = parser.urls
        found += [f"{path.relative_to(site)}: {url}" for url in urls if is_external(url)]
    return found


def on_post_build(config: Any) -> None:
    """Refuse a site that would reach outside the machine."""
    from mkdocs.exceptions import PluginError

    found = external_loads(Path(config["site_dir"]))
    if found:
        listed = "\n  ".join(found[:50])
        raise PluginError(f"the site loads {len(found)} resources from outside:\n  {listed}")


if __name__ == "__main__":
    problems = external_loads(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    print("\n".join(problems) or "no external resources")
    sys.exit(1 if problems else 0)
