"""The editor's htmx requests: the live preview, "normalise", "add a row", switching tabs.

Every request carries the whole page form; nothing is stored. The preview turns the form into
a mapping, checks it exactly as saving would (:func:`~microparks.apps.rules.services.check_content`
of its YAML) and returns the feedback: shares and sums of the weights, the AHP consistency
ratio, and every problem in the user's language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from microparks.apps.rules import services
from microparks.apps.rules.editors import BASE, EDITORS, make
from microparks.apps.rules.editors.base import PREFIX, Editor
from microparks.apps.rules.summary import summarise
from microparks.io.rules import DocumentError, content_sha256, load_yaml

ACTION = f"{PREFIX}-action"
TARGET = f"{PREFIX}-target"
SUMMARISED = frozenset({"deadlines", "calendar", "admission"})
"""Kinds whose preview also lists what the document says (the others show their sums)."""


def respond(request: HttpRequest, kind: str) -> HttpResponse:
    """Answer one request of the editor of ``kind`` (``ed-action`` says which)."""
    post = request.POST.copy()
    action = post.get(ACTION, "preview")
    base_text = str(post.get(BASE, ""))
    if kind not in EDITORS:
        return HttpResponse(status=204)
    if action == "yaml":
        return _to_yaml(request, kind, base_text, post)
    if action == "from_yaml":
        return _from_yaml(request, kind, base_text, post)
    editor = make(kind, base_text, post)
    if editor is None:
        return panel(request, kind, base_text, None, _("The form cannot show this document."))
    if action == "normalise":
        for name, value in editor.normalised().items():
            post[name] = value
        return panel(request, kind, base_text, make(kind, base_text, post))
    if action == "add":
        target = str(post.get(TARGET, ""))
        if target in editor.parts or target == "years":
            editor.grow(post, target)
        return panel(request, kind, base_text, make(kind, base_text, post))
    return preview(request, kind, editor)


def preview(request: HttpRequest, kind: str, editor: Editor) -> HttpResponse:
    """The feedback fragment: figures as typed, then the form's or the document's problems."""
    feedback = editor.feedback()
    problems: list[str] = []
    lines: list[Any] = []
    if not editor.is_valid():
        problems = editor.errors()
    else:
        try:
            value = services.check_content(kind, editor.text()).value
        except DocumentError as exc:
            problems = [services.problem_text(p) for p in exc.problems]
        else:
            lines = summarise(kind, value) if kind in SUMMARISED else []
    context = {"feedback": feedback, "problems": problems, "lines": lines, "editor": editor}
    return render(request, "rules/editors/_feedback.html", context)


def panel(
    request: HttpRequest, kind: str, base_text: str, editor: Editor | None, notice: str = ""
) -> HttpResponse:
    """The form tab again (after normalising, adding a row, or reading the YAML tab)."""
    context = {"kind": kind, "editor": editor, "base_text": base_text, "notice": notice}
    return render(request, "rules/editors/_panel.html", context)


def _sha(text: str) -> str | None:
    try:
        data = load_yaml(text)
    except DocumentError:
        return None
    return content_sha256({k: v for k, v in data.items() if k != "kind"})


def _to_yaml(request: HttpRequest, kind: str, base_text: str, post: Any) -> HttpResponse:
    """Switching to the YAML tab: the form's YAML, if the form changed anything."""
    editor = make(kind, base_text, post)
    if editor is None or not editor.is_valid():
        return HttpResponse(status=204)
    text = editor.text()
    if _sha(text) == _sha(base_text):
        return HttpResponse(status=204)  # nothing changed: keep the text and its comments
    return render(request, "rules/editors/_yaml.html", {"kind": kind, "text": text})


def _from_yaml(request: HttpRequest, kind: str, base_text: str, post: Any) -> HttpResponse:
    """Switching to the form tab: the form shows the YAML tab's text if it was changed."""
    text = str(post.get("content", ""))
    sha = _sha(text)
    if sha is not None and sha == _sha(base_text):
        return HttpResponse(status=204)
    editor = make(kind, text) if sha is not None else None
    if editor is None:
        notice = _(
            "The YAML tab's text cannot be shown in the form (see the check); the form still "
            "shows the version it started from, and saving from this tab saves the form."
        )
        return panel(request, kind, base_text, make(kind, base_text, post), notice)
    return panel(request, kind, text, editor)
