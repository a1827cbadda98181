"""A plain ``pip install microparks`` provides every module the package imports.

Every third-party top-level import anywhere in ``src/microparks`` (lazy imports inside functions
included: they are what a command reaches at run time) must come from a distribution listed in
``[project] dependencies`` — not from an extra (``dev``, ``docs``) nor only through another
package's dependencies. Modules are mapped to distributions with
:func:`importlib.metadata.packages_distributions`.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import microparks

SRC = Path(microparks.__file__).resolve().parent
PYPROJECT = SRC.parents[1] / "pyproject.toml"


def _normalise(name: str) -> str:
    """PEP 503 name: ``Django`` → ``django``, ``python_calamine`` → ``python-calamine``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert found, requirement
    return _normalise(found.group(1))


def _project() -> dict[str, object]:
    project: dict[str, object] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return project


def runtime_distributions() -> set[str]:
    """The normalised names of ``[project] dependencies``."""
    return {_requirement_name(r) for r in _project()["dependencies"]}  # type: ignore[attr-defined]


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module → the files under ``src/microparks`` that import it."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("__future__", "microparks"):
                    continue
                found.setdefault(top, set()).add(str(path.relative_to(SRC)))
    return found


def test_every_third_party_import_is_a_runtime_dependency() -> None:
    runtime = runtime_distributions()
    providers = packages_distributions()
    missing = []
    for module, files in sorted(third_party_imports().items()):
        dists = {_normalise(d) for d in providers.get(module, [])}
        if not dists & runtime:
            where = ", ".join(sorted(files)[:3])
            shown = ", ".join(sorted(dists)) or "not installed"
            missing.append(f"{module} (from {shown}; imported in {where})")
    assert not missing, "imported but not a run-time dependency: " + "; ".join(missing)


def test_the_check_sees_lazy_imports_and_the_parquet_engine() -> None:
    """The walk finds imports inside functions, and pyarrow (Parquet) is a run-time dependency."""
    imports = third_party_imports()
    assert "core/targeting/codes.py" in imports["pyarrow"]  # imported inside a function
    assert "pyarrow" in runtime_distributions()
    extras = _project()["optional-dependencies"]
    dev = {_requirement_name(r) for r in extras["dev"]}  # type: ignore[index]
    # Research and test tools stay in the extras, out of a plain install.
    assert {"pytest", "pymrio", "ecomplexity"} <= dev
    assert not {"pytest", "pymrio", "ecomplexity", "mkdocs"} & runtime_distributions()
