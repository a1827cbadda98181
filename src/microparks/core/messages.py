"""Messages born in pure code, worded in the user's language by the web and the commands.

``core`` does not import Django. A message is an English template marked with
:func:`gettext_noop` and the params that fill it (``%(name)s``); the shell translates the
template with its catalogue and fills it in. Django's ``makemessages`` extracts calls of a
function named ``gettext_noop`` wherever it is defined.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["Message", "MessageError", "gettext_noop", "joined", "text_of"]

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Mark an English template for the translation catalogue; returns it unchanged."""
    return message


def _identity(message: str) -> str:
    return message


def _filled(template: str, params: Mapping[str, Any], translate: Translate) -> str:
    message = translate(template)
    if not params:
        return message
    return message % {k: _param(v, translate) for k, v in params.items()}


def _param(value: Any, translate: Translate) -> Any:
    """A param as shown: a message (or several, ``; ``-joined) in the user's language too."""
    if isinstance(value, Message):
        return value.text(translate)
    if isinstance(value, tuple) and value and all(isinstance(v, Message) for v in value):
        return "; ".join(v.text(translate) for v in value)
    return value


class Message(str):
    """An English message (the ``str`` itself) that knows its template and params.

    Being a ``str``, it goes wherever the English text went (tables, JSON, files);
    :meth:`text` gives it in another language. A param may itself be a :class:`Message`, or a
    tuple of them (shown ``; ``-joined), translated alike.
    """

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, params: Mapping[str, Any] | None = None) -> Message:
        """The message ``template % params`` (in English) that remembers both."""
        filled = dict(params or {})
        self = super().__new__(cls, _filled(template, filled, _identity))
        self.template, self.params = template, filled
        return self

    def text(self, translate: Translate = _identity) -> str:
        """The message with its template translated by ``translate`` (English as is)."""
        return _filled(self.template, self.params, translate)


class MessageError(ValueError):
    """An error of pure code whose message is a :class:`Message` (``str`` gives the English)."""

    def __init__(self, template: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = Message(template, params)
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)

    def text(self, translate: Translate = _identity) -> str:
        """The message in the language of ``translate``."""
        return self.message.text(translate)


def text_of(exc: BaseException, translate: Translate) -> str:
    """An exception's message in the user's language when it carries one, else ``str(exc)``.

    A :class:`KeyError` of ours carries a :class:`MessageError`'s text too (see
    :class:`MessageError`); other exceptions are shown as they are.
    """
    text = getattr(exc, "text", None)
    if callable(text):
        return str(text(translate))
    return str(exc)


def joined(names: Sequence[Any]) -> str:
    """Names as listed in a message: ``a, b, c``."""
    return ", ".join(str(n) for n in names)
