"""A form per kind of rules document, beside the YAML, with live feedback.

Each kind has an :class:`~.base.Editor` (one module per kind): from the mapping of the version
it starts from to form fields, and from the cleaned fields back to a mapping that keeps every
key the form does not edit. The pages show the form as the first tab ("Form") and the YAML as
the second; whichever tab is open when the official saves gives the text, and either way the
text goes through the same save path (checked by the kind's parser, stored as a new version).

:func:`bind` is what the writing views call; :func:`respond` answers the editor's htmx requests
(preview, normalise, add a row, switch tabs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from microparks.apps.rules import kinds
from microparks.apps.rules.editors.admission import AdmissionEditor
from microparks.apps.rules.editors.base import PREFIX, Editor
from microparks.apps.rules.editors.calendar import CalendarEditor
from microparks.apps.rules.editors.deadlines import DeadlinesEditor
from microparks.apps.rules.editors.evaluation import EvaluationEditor
from microparks.apps.rules.editors.matching import MatchingEditor
from microparks.apps.rules.editors.parkeval import RubricEditor, StarsEditor
from microparks.apps.rules.editors.suitability import SuitabilityEditor
from microparks.apps.rules.editors.targeting import TargetingEditor
from microparks.apps.rules.editors.vocabulary import VocabularyEditor
from microparks.apps.rules.editors.workshop import WorkshopEditor
from microparks.io.rules import DocumentError, load_yaml

EDITORS: dict[str, type[Editor]] = {
    e.kind: e
    for e in (
        AdmissionEditor,
        SuitabilityEditor,
        TargetingEditor,
        MatchingEditor,
        EvaluationEditor,
        DeadlinesEditor,
        CalendarEditor,
        VocabularyEditor,
        WorkshopEditor,
        RubricEditor,
        StarsEditor,
    )
}
FORM, YAML = "form", "yaml"
BASE = f"{PREFIX}-base"
"""The hidden field with the YAML the form starts from (its keys are kept on saving)."""
MODE = "mode"
"""The tab open when the page is sent (``form`` or ``yaml``; without it, ``yaml``)."""


def _mapping(text: str) -> dict[str, Any]:
    try:
        return load_yaml(text)
    except DocumentError:
        if not text.strip():
            return {}
        raise


def make(kind: str, base_text: str, data: Mapping[str, Any] | None = None) -> Editor | None:
    """The editor of ``kind`` starting from ``base_text``; ``None`` if the form cannot show it."""
    cls = EDITORS.get(kind)
    if cls is None:
        return None
    try:
        return cls(_mapping(base_text), data, kinds.context(kind))
    except (DocumentError, TypeError, ValueError, AttributeError, KeyError):
        return None


@dataclass
class EditorPage:
    """The editor of a writing page, and the request data the version form is bound to."""

    kind: str
    base_text: str
    editor: Editor | None
    mode: str
    data: Any

    def accept(self, form: Any) -> bool:
        """Whether the page may be saved.

        If the form tab's entries are invalid, ``form`` gets each problem (the field named as
        on the page) and nothing is stored.
        """
        if self.mode != FORM or self.editor is None:
            return True
        if self.editor.is_valid():
            return True
        for error in self.editor.errors():
            form.add_error(None, error)
        return False


def bind(kind: str, post: Any, base_text: str, opened: str = FORM) -> EditorPage:
    """The editor for a writing page.

    On a POST from the form tab, ``data`` carries the YAML the form gives as ``content`` (the
    text of the YAML tab is then not used). ``opened`` is the tab a new page opens with (the
    form, unless it cannot show the document).
    """
    if post is not None:
        base_text = str(post.get(BASE, base_text))
    editor = make(kind, base_text, post)
    if post is None:
        mode = opened if editor is not None else YAML
    else:
        mode = FORM if post.get(MODE) == FORM and editor is not None else YAML
    data = post
    if post is not None and mode == FORM and editor is not None and editor.is_valid():
        data = post.copy()
        data["content"] = editor.text()
    return EditorPage(kind, base_text, editor, mode, data)


__all__ = ["BASE", "EDITORS", "FORM", "MODE", "YAML", "EditorPage", "bind", "make"]
