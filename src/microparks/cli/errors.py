"""How the commands refuse bad input: ``error: …`` on standard error and exit code 2."""

from __future__ import annotations

import typer


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` to standard error and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


__all__ = ["fail"]
