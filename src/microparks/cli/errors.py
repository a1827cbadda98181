"""How the commands end: the exit codes, ``error: …`` lines, and the one guard for surprises.

Every ``microparks`` command exits with

* ``0`` (:data:`EXIT_OK`) when it did its work;
* ``1`` (:data:`EXIT_INPUT`) when the input or the data is wrong: one ``error: …`` line a
  problem on standard error, naming the file, row and field where there is one;
* ``2`` (:data:`EXIT_USAGE`) when the command line is wrong (Typer's own usage errors, and
  options that do not go together);
* ``70`` (:data:`EXIT_INTERNAL`, ``EX_SOFTWARE`` of sysexits.h) when something unexpected
  failed: a bug of ours, not of the input. :class:`GuardedGroup` turns any such exception
  into one line with a hint to rerun with ``--debug``, which shows the traceback instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, TyperException

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
"""Distinct from 1 so that a script can tell "fix your file" from "report a bug"."""

_UNEXPECTED = {
    "zh": "内部错误（{kind}: {detail}）；加 --debug 重新运行可查看详细信息，并请报告此问题",
    "en": "internal error ({kind}: {detail}); rerun with --debug for the traceback and report it",
}
_DETAIL_LENGTH = 200


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``error: message`` to standard error and return the exit to raise.

    ``code`` is :data:`EXIT_USAGE` for a wrong command line and :data:`EXIT_INPUT` for a
    wrong file or value.
    """
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def refuse(message: str) -> typer.Exit:
    """:func:`fail` with :data:`EXIT_INPUT`: the input or data is wrong."""
    return fail(message, EXIT_INPUT)


def refuse_all(problems: Sequence[str]) -> typer.Exit:
    """Print each problem as its own ``error: …`` line and return the exit (code 1)."""
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    return typer.Exit(EXIT_INPUT)


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _DETAIL_LENGTH else flat[: _DETAIL_LENGTH - 1] + "…"


def _lang_of(args: Sequence[str]) -> str:
    """``en`` when the command line asks for English (``--lang en`` or ``--lang=en``)."""
    words = list(args)
    for i, word in enumerate(words):
        if word == "--lang=en" or (word == "--lang" and words[i + 1 : i + 2] == ["en"]):
            return "en"
    return "zh"


def unexpected(exc: BaseException, args: Sequence[str] = ()) -> typer.Exit:
    """The one line for an exception no command expected; the exit to raise.

    A file that cannot be opened or written (an :class:`OSError` naming its file) is the
    user's to fix, so it is refused with :data:`EXIT_INPUT`; anything else is ours
    (:data:`EXIT_INTERNAL`).
    """
    if isinstance(exc, OSError) and exc.filename is not None:
        return refuse(f"{exc.filename}: {exc.strerror or exc}")
    detail = _one_line(str(exc)) or "-"
    message = _UNEXPECTED[_lang_of(args)].format(kind=type(exc).__name__, detail=detail)
    return fail(message, EXIT_INTERNAL)


class GuardedGroup(TyperGroup):
    """The ``microparks`` group: no traceback unless ``--debug`` (see the module's codes).

    Typer's exits, aborts and usage errors pass through untouched; any other exception of a
    sub-command becomes :func:`unexpected`. ``--debug`` (the app's callback puts it in
    ``ctx.params``) lets the exception through, so Python prints the traceback.
    """

    def invoke(self, ctx: Any) -> Any:
        """Run the sub-command; turn an unexpected exception into one line and an exit code."""
        # The sub-command's words, read before the group consumes them: the language of the
        # message. (Click keeps them in this private attribute until the group resolves them.)
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except (typer.Exit, Abort, TyperException, KeyboardInterrupt, EOFError):
            raise  # Typer's own: an exit, an abort, a usage error (printed by Typer, code 2)
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            raise unexpected(exc, args) from None


__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "GuardedGroup",
    "fail",
    "refuse",
    "refuse_all",
    "unexpected",
]
