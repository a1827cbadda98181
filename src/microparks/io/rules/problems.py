"""Problems of a rules document, each with its path, and the reader that collects them.

Every parser of a rules document reads through a :class:`Reader`, which records every problem
(``groups.above_size.items[2].weight: must be greater than 0``) instead of stopping at the
first, so an official sees all that is wrong at once. A problem keeps its message as an English
template with named parameters (see :mod:`.messages`): the web layer translates the template
and fills it in, so the message reaches the user in their language with the field named.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from microparks.io.rules import messages as m


@dataclass(frozen=True)
class Problem:
    """One problem: where (``path``), what (an English template) and its values."""

    path: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, translate: Callable[[str], str] = str) -> str:
        """The message filled in, its template translated by ``translate`` (English as is)."""
        message = translate(self.message)
        return message % dict(self.params) if self.params else message

    def line(self, translate: Callable[[str], str] = str) -> str:
        """``path: message``, the whole document named as such when there is no path."""
        return f"{self.path or translate(m.WHOLE_DOCUMENT)}: {self.text(translate)}"

    def __str__(self) -> str:
        """``weights.labour: must not be negative (got -1)``."""
        return self.line()


class DocumentError(ValueError):
    """A rules document that cannot be used; ``problems`` lists each one with its path."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Reader:
    """Collects every problem of a document; typed getters return a usable default on error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str, **params: Any) -> None:
        """Record a problem at ``path``."""
        self.problems.append(Problem(path, message, params))

    def check(self) -> None:
        """Raise :class:`DocumentError` if any problem was recorded."""
        if self.problems:
            raise DocumentError(self.problems)

    def failed_at(self, prefix: str) -> bool:
        """Whether a problem was recorded at ``prefix`` or below it."""
        return any(
            p.path == prefix or p.path.startswith((f"{prefix}.", f"{prefix}["))
            for p in self.problems
        )

    def mapping(self, value: Any, path: str, keys: Collection[str] | None = None) -> dict[str, Any]:
        """``value`` as a dict; a problem if it is not a mapping or (with ``keys``) has others."""
        if not isinstance(value, Mapping):
            self.fail(path, m.EXPECTED_MAPPING)
            return {}
        if keys is not None:
            unknown = sorted(str(k) for k in value if k not in keys)
            if unknown:
                self.fail(path, m.UNKNOWN_KEYS, keys=", ".join(unknown), known=", ".join(keys))
        return {str(k): v for k, v in value.items()}

    def items(self, value: Any, path: str, required: bool = False) -> list[Any]:
        """``value`` as a list (``None`` is empty); a problem if not one (or empty if required)."""
        if value is None:
            if required:
                self.fail(path, m.MISSING)
            return []
        if not isinstance(value, list):
            self.fail(path, m.EXPECTED_LIST)
            return []
        if required and not value:
            self.fail(path, m.EMPTY_LIST)
        return value

    def text(self, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> str:
        """``data[key]`` as stripped text; a problem if missing (when required) or not text."""
        where = _join(path, key)
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(where, m.MISSING)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(where, m.EXPECTED_TEXT, value=_shown(value))
            return ""
        return str(value).strip()

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        required: bool = True,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        positive: bool = False,
        default: float | None = None,
    ) -> float | None:
        """``data[key]`` as a finite number within bounds (``default`` when absent).

        ``minimum`` is inclusive (0 by default: most rules' numbers are amounts), ``positive``
        makes 0 a problem too; ``maximum`` is inclusive.
        """
        where = _join(path, key)
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where, m.MISSING)
            return default
        return self.as_number(value, where, minimum, maximum, positive)

    def as_number(
        self,
        value: Any,
        where: str,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        positive: bool = False,
    ) -> float | None:
        """``value`` itself as a number within bounds; ``None`` and a problem otherwise."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, m.EXPECTED_NUMBER, value=_shown(value))
            return None
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            self.fail(where, m.NOT_FINITE, value=_shown(value))
            return None
        if positive and number <= 0:
            self.fail(where, m.NOT_POSITIVE, value=_shown(value))
            return None
        if minimum is not None and number < minimum:
            self.fail(where, m.BELOW_MINIMUM, value=_shown(value), minimum=f"{minimum:g}")
            return None
        if maximum is not None and number > maximum:
            self.fail(where, m.ABOVE_MAXIMUM, value=_shown(value), maximum=f"{maximum:g}")
            return None
        return number

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        default: int,
        minimum: int = 0,
    ) -> int:
        """``data[key]`` as a whole number ≥ ``minimum`` (``default`` when absent)."""
        where = _join(path, key)
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(where, m.EXPECTED_WHOLE_NUMBER, value=_shown(value), minimum=minimum)
            return default
        return int(value)

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        choices: Sequence[str],
        default: str | None = None,
    ) -> str:
        """``data[key]``, one of ``choices`` (``default`` when absent; required without one)."""
        where = _join(path, key)
        value = data.get(key, default)
        if value is None:
            self.fail(where, m.MISSING)
            return choices[0]
        if value not in choices:
            self.fail(where, m.NOT_A_CHOICE, value=_shown(value), choices=", ".join(choices))
            return default if default is not None else choices[0]
        return str(value)

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        """``data[key]`` as true/false (``default`` when absent)."""
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(_join(path, key), m.EXPECTED_BOOLEAN, value=_shown(value))
            return default
        return value

    def date(self, value: Any, where: str) -> dt.date | None:
        """``value`` as a date (a YAML date or ``YYYY-MM-DD`` text)."""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(where, m.EXPECTED_DATE, value=_shown(value))
            return None

    def weights_sum(self, total: float, path: str, expected: float, tolerance: float) -> None:
        """A problem unless ``total`` is ``expected`` within ``tolerance``."""
        if abs(total - expected) > tolerance:
            self.fail(path, m.WEIGHTS_SUM, total=f"{total:g}", expected=f"{expected:g}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
