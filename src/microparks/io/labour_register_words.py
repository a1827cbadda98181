"""The words of a 人社 labour register: its headers (a vocabulary), totals, township names.

:data:`VOCABULARY` is the shipped ``labour_register`` vocabulary rules document (a county may
adapt it: the imports read the version in effect for the county); :func:`match_township` finds
a township by code or by name with or without its suffix (青岚镇 or 青岚; 瑶山瑶族乡 or 瑶山).
Used by :mod:`microparks.io.labour_register`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from microparks.core.vocabulary import Vocabulary, normalise_word
from microparks.io.county_tables import shipped_vocabulary
from microparks.io.errors import gettext_noop

__all__ = [
    "AGE_BANDS",
    "AMBIGUOUS_TOWNSHIP",
    "COUNTS",
    "PARTS",
    "REGISTER_VOCABULARY",
    "SKILL_SPLIT",
    "TOTAL_WORDS",
    "UNKNOWN_TOWNSHIP",
    "VOCABULARY",
    "WHOLE_COUNTY",
    "match_township",
]

COUNTS = (
    "labour",
    "migrant",
    "available",
    "poverty_alleviated",
    "monitored",
    "age_16_30",
    "age_31_45",
    "age_46_60",
    "age_over_60",
)
"""The head-counts of a register row (persons), in the order pages show them."""
AGE_BANDS = ("age_16_30", "age_31_45", "age_46_60", "age_over_60")
"""The age bands: 16–30, 31–45, 46–60 and over 60 (a breakdown of 劳动力人数)."""
PARTS = ("migrant", "available", "poverty_alleviated", "monitored")
"""Counts that are part of 劳动力人数 (each at most it)."""


REGISTER_VOCABULARY = "labour_register"
"""The name of the register's shipped ``vocabulary`` rules document (a county may adapt it)."""
VOCABULARY: Vocabulary = shipped_vocabulary(REGISTER_VOCABULARY)
"""The register's words as shipped (``io/rules/shipped/vocabulary/labour_register.yaml``)."""

TOTAL_WORDS = ("合计", "总计", "共计", "小计", "总合计")
WHOLE_COUNTY = ("全县", "全县合计", "全区", "全区合计", "全市", "全市合计")
TOWNSHIP_SUFFIXES = ("民族乡", "街道办事处", "街道", "镇", "乡", "苏木")
SKILL_SPLIT = re.compile(r"[、,，;；/|\s]+")

UNKNOWN_TOWNSHIP = gettext_noop("no township of this name or code in the county")
AMBIGUOUS_TOWNSHIP = gettext_noop("more than one township of the county has this name")


ETHNIC = sorted(
    [
        "瑶",
        "苗",
        "壮",
        "回",
        "彝",
        "侗",
        "土家",
        "蒙古",
        "满",
        "藏",
        "维吾尔",
        "布依",
        "白",
        "哈尼",
        "傣",
        "黎",
        "畲",
        "仡佬",
        "水",
        "纳西",
        "羌",
        "土",
        "锡伯",
        "朝鲜",
        "达斡尔",
        "鄂温克",
        "鄂伦春",
        "仫佬",
        "毛南",
        "京",
        "景颇",
        "佤",
        "傈僳",
        "拉祜",
        "哈萨克",
        "柯尔克孜",
        "东乡",
        "撒拉",
        "保安",
        "裕固",
        "普米",
        "怒",
        "独龙",
        "门巴",
        "珞巴",
        "基诺",
        "德昂",
        "阿昌",
        "俄罗斯",
        "塔吉克",
        "乌孜别克",
        "塔塔尔",
        "赫哲",
        "高山",
    ],
    key=len,
    reverse=True,
)
"""Names of ethnic groups, as in a 民族乡's name (瑶山瑶族乡: 瑶山 + 瑶族 + 乡), longest first."""


def _stem(word: str) -> str:
    """A township's name without its suffix: 青岚镇 → 青岚, 瑶山瑶族乡 → 瑶山."""
    for suffix in TOWNSHIP_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            word = word[: -len(suffix)]
            break
    if word.endswith("族"):
        for group in ETHNIC:
            if word.endswith(group + "族") and len(word) > len(group) + 1:
                return word[: -len(group) - 1]
    return word


def match_township(text: str, townships: Mapping[str, str]) -> tuple[str | None, str]:
    """The code of the township ``text`` names among ``townships`` (code → name).

    A code matches itself; a name matches exactly (after :func:`normalise_word`) or without
    its suffix (镇, 乡, 民族乡, 街道): ``青岚`` and ``青岚镇`` are one township. Returns
    ``(code, '')`` or ``(None, reason)`` with :data:`UNKNOWN_TOWNSHIP` or
    :data:`AMBIGUOUS_TOWNSHIP`.
    """
    word = normalise_word(text)
    if text.strip() in townships:
        return text.strip(), ""
    exact = [c for c, n in townships.items() if normalise_word(n) == word]
    if len(exact) == 1:
        return exact[0], ""
    stems = [c for c, n in townships.items() if _stem(normalise_word(n)) == _stem(word)]
    if len(exact) > 1 or len(stems) > 1:
        return None, AMBIGUOUS_TOWNSHIP
    if stems:
        return stems[0], ""
    return None, UNKNOWN_TOWNSHIP
