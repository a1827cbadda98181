"""Personal numbers of the job-seeker register: checking, normalising and masking.

A resident identity card number (居民身份证号码, GB 11643-1999) has 17 digits and a check
character: the digits weighted by ``2**(17 - i) mod 11``, summed, mod 11, index the check
characters ``10X98765432``.

>>> id_check_character("11010519491231002")
'X'
>>> valid_id_number("11010519491231002x")
True
>>> mask_phone("13812345678")
'138****5678'
>>> mask_id_number("11010519491231002X")
'110***********002X'
"""

from __future__ import annotations

import re

ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(  # area, birth date (YYYYMMDD), sequence, check character
    r"^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[0-9X]$"
)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$")
_SEPARATORS = re.compile(r"[\s\-()（）]")


def id_check_character(first17: str) -> str:
    """The check character of the first 17 digits of an identity card number."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    """Without spaces, with an upper-case X."""
    return _SEPARATORS.sub("", value).upper()


def valid_id_number(value: str) -> bool:
    """Whether ``value`` is an 18-character identity card number with the right check character.

    >>> valid_id_number("110105194912310021")
    False
    """
    number = normalise_id_number(value)
    return bool(_ID_SHAPE.match(number)) and id_check_character(number[:17]) == number[17]


def normalise_phone(value: str) -> str:
    """Digits only, without the country code: ``+86 138-1234-5678`` → ``13812345678``."""
    digits = _SEPARATORS.sub("", value)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def valid_phone(value: str) -> bool:
    """A mobile number (11 digits from 13…19) or a landline with its area code (0…).

    >>> valid_phone("0771-5551234"), valid_phone("12345")
    (True, False)
    """
    digits = normalise_phone(value)
    return bool(_MOBILE.match(digits) or _LANDLINE.match(digits))


def _mask(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * max(len(value) - 2, 0) + value[-2:] if value else ""
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def mask_phone(value: str) -> str:
    """The first three and last four digits: ``138****5678``."""
    return _mask(normalise_phone(value), 3, 4)


def mask_id_number(value: str) -> str:
    """The first three and last four characters: ``110***********1234``."""
    return _mask(normalise_id_number(value), 3, 4)
