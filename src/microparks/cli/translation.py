"""The commands' language: the platform's translation catalogue outside Django.

Commands print in Chinese by default (``--lang en`` for English), from the same compiled
catalogue as the web pages, so that a row problem reads the same in both.
"""

from __future__ import annotations

import gettext
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import typer

Lang = Literal["zh", "en"]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of the messages.")]
DJANGO_LANGUAGE = {"zh": "zh-hans", "en": "en"}
"""Django's language code for each ``--lang`` (commands that start Django activate it)."""


def translator(lang: Lang) -> gettext.NullTranslations:
    """The platform's catalogue (the compiled Django .mo file) for ``lang``."""
    if lang == "en":
        return gettext.NullTranslations()
    folder = Path(str(resources.files("microparks") / "locale"))
    return gettext.translation("django", localedir=folder, languages=["zh_Hans"], fallback=True)
