"""The examples in the targeting docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "microparks.core.targeting.specialisation",
    "microparks.core.targeting.relatedness",
    "microparks.core.targeting.complexity",
    "microparks.core.targeting.shiftshare",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
