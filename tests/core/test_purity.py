"""The core is pure: no file, no environment, no YAML (documents are read by io)."""

from __future__ import annotations

import re
from pathlib import Path

import microparks.core

CORE = Path(microparks.core.__file__).parent
#: What reading a file, the environment or a document looks like in Python.
READING = re.compile(
    r"\bopen\(|\.read_text\(|\.read_bytes\(|\bimport yaml\b|\bimportlib\b|\bresources\.files\b"
    r"|\bos\.environ\b|\bgetenv\(|\bpd\.read_|\bnp\.load\("
)


def test_no_module_of_core_reads_files_or_the_environment():
    found = [
        f"{path.relative_to(CORE)}:{number}: {line.strip()}"
        for path in sorted(CORE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READING.search(line) and not line.lstrip().startswith("#")
    ]
    assert not found, "\n".join(found)


def test_no_data_files_are_read_from_core():
    """Data shipped with the platform lies beside its reader in io, not in core's packages."""
    data = [p.relative_to(CORE) for p in CORE.rglob("*") if p.suffix in {".yaml", ".yml", ".csv"}]
    assert not data, data
