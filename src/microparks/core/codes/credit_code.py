"""Unified social credit code (统一社会信用代码), GB 32100-2015.

An 18-character code: registration authority (1), entity type (1), administrative division (6),
organisation code (9, GB 11714) and a check character (1). Characters come from a 31-symbol
alphabet without I, O, S, V, Z. The check character is

    C18 = 31 - (sum_{i=1..17} value(c_i) * W_i  mod 31),  with 31 mapped to 0,

where W_i = 3^(i-1) mod 31 (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28).
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


class CreditCodeError(ValueError):
    """A unified social credit code that is malformed or fails its check character.

    ``kind`` (``length``, ``alphabet`` or ``check``) and ``params`` let the shell word the
    message in the user's language.
    """

    def __init__(self, message: str, kind: str = "", **params: object) -> None:
        super().__init__(message)
        self.kind = kind
        self.params = params


def calc_credit_code_check(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a code.

    >>> calc_credit_code_check("91350100M000100Y4")
    '3'
    """
    if len(first17) != 17:
        raise CreditCodeError(f"expected 17 characters, got {len(first17)}")
    try:
        total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    except KeyError as exc:
        raise CreditCodeError(f"character {exc.args[0]!r} is not allowed") from None
    return ALPHABET[(31 - total % 31) % 31]


def check_credit_code(code: str) -> str:
    """Normalise a code (strip, upper-case) and raise :class:`CreditCodeError` if invalid."""
    norm = code.strip().upper()
    if len(norm) != 18:
        raise CreditCodeError(
            f"a credit code has 18 characters, this one has {len(norm)}", "length", length=len(norm)
        )
    bad = sorted({ch for ch in norm if ch not in _VALUE})
    if bad:
        chars = ", ".join(bad)
        raise CreditCodeError(
            f"characters {chars} are not allowed (I, O, S, V, Z never occur)",
            "alphabet",
            chars=chars,
        )
    expected = calc_credit_code_check(norm[:17])
    if norm[17] != expected:
        raise CreditCodeError(
            f"check character is {norm[17]}, expected {expected}",
            "check",
            found=norm[17],
            expected=expected,
        )
    return norm


def is_credit_code(code: str) -> bool:
    """Return whether ``code`` is a valid unified social credit code."""
    try:
        check_credit_code(code)
    except CreditCodeError:
        return False
    return True
