"""The examples in the core's docstrings are documentation: they must run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import microparks.core

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(microparks.core.__path__, "microparks.core.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
