"""Files uploaded from a page, read by the same readers as the command line's.

A reader takes a path: it tells CSV from workbook by the suffix and names the file in its
messages. :func:`uploaded_files` writes each upload under its own name into a temporary folder
of its own, for the reader to check before anything is stored (impact's input–output tables,
targeting's employment, census and input–output files); :func:`refusal_lines` turns a refusal
into one line per problem (file, row, field) in the reader's language.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _

from microparks.io.county_tables import TableRefusal

MAX_LINES = 20  # a refusal's lines shown on a page; the rest are counted


@contextmanager
def uploaded_files(files: Mapping[str, tuple[str, bytes]]) -> Iterator[dict[str, Path]]:
    """``{role: (file name, content)}`` as ``{role: path}``, each file under its own name.

    The folder and the files are removed on leaving the block.
    """
    with tempfile.TemporaryDirectory(prefix="microparks-upload-") as folder:
        paths: dict[str, Path] = {}
        for role, (name, content) in files.items():
            path = Path(folder) / role / (Path(name).name or role)
            path.parent.mkdir()
            path.write_bytes(content)
            paths[role] = path
        yield paths


def refusal_lines(exc: Exception) -> list[str]:
    """One line per problem of a refused file, at most :data:`MAX_LINES` and a count."""
    lines = exc.lines(_) if isinstance(exc, TableRefusal) else [str(exc)]
    if len(lines) > MAX_LINES:
        more = _("… and %(n)d more problems.") % {"n": len(lines) - MAX_LINES}
        lines = [*lines[:MAX_LINES], more]
    return lines
