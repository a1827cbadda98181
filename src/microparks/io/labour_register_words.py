"""The words of a 人社 labour register: its headers (a vocabulary), totals, township names.

:data:`VOCABULARY` is written in the form of a ``vocabulary`` rules document, so that it can
become one; :func:`match_township` finds a township by code or by name with or without its
suffix (青岚镇 or 青岚; 瑶山瑶族乡 or 瑶山). Used by :mod:`microparks.io.labour_register`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from microparks.core.vocabulary import Vocabulary, normalise_word
from microparks.io.errors import gettext_noop
from microparks.io.rules.vocabulary import parse_vocabulary

__all__ = [
    "AGE_BANDS",
    "AMBIGUOUS_TOWNSHIP",
    "COUNTS",
    "PARTS",
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


def _count(label: str, headers: list[str]) -> dict[str, Any]:
    return {
        "label": label,
        "headers": headers,
        "kind": "integer",
        "quantity": "people",
        "unit": "人",
        "range": {"min": 0},
    }


def _ages(low: int, high: int) -> list[str]:
    joins = ("-", "~", "～", "至", "到")
    return [f"{low}{j}{high}{y}" for y in ("岁", "周岁") for j in joins]


VOCABULARY_DOCUMENT: dict[str, Any] = {
    # Totals are not skipped by the reader, and 序号 columns are kept (a register writes 合计
    # there): the totals' figures are checked against their rows.
    "totals": [],
    "ignored": [],
    "fields": {
        "township": {
            "label": "township",
            "headers": [
                "乡镇",
                "乡镇名称",
                "乡（镇）",
                "乡镇（街道）",
                "乡（镇、街道）",
                "乡镇街道",
                "所属乡镇",
                "镇",
                "乡镇代码",
                "township",
            ],
        },
        "village": {
            "label": "village",
            "headers": [
                "村",
                "村名",
                "村名称",
                "行政村",
                "村（社区）",
                "村（居）",
                "村委会",
                "村（居）委会",
                "村居",
                "所属村",
                "village",
            ],
        },
        "labour": _count(
            "labour force",
            [
                "劳动力人数",
                "劳动力总数",
                "劳动力",
                "农村劳动力",
                "农村劳动力人数",
                "劳动力资源总数",
            ],
        ),
        "migrant": _count(
            "working away",
            ["外出务工人数", "外出务工", "外出务工劳动力", "外出就业人数", "转移就业人数", "外出"],
        ),
        "available": _count(
            "available at home",
            [
                "在家可就业人数",
                "在家可就业",
                "在家可就业劳动力",
                "在家可务工人数",
                "有就业意愿人数",
                "可就业人数",
            ],
        ),
        "poverty_alleviated": _count(
            "from poverty-alleviated households",
            ["脱贫劳动力", "脱贫劳动力人数", "脱贫人口劳动力", "脱贫户劳动力"],
        ),
        "monitored": _count(
            "monitored for relapse",
            ["监测对象", "监测对象劳动力", "监测对象人数", "防返贫监测对象"],
        ),
        "age_16_30": _count("aged 16-30", _ages(16, 30)),
        "age_31_45": _count("aged 31-45", _ages(31, 45)),
        "age_46_60": _count("aged 46-60", _ages(46, 60)),
        "age_over_60": _count(
            "aged over 60", ["60岁以上", "60岁及以上", "61岁以上", "61岁及以上", "60周岁以上"]
        ),
        "skills": {
            "label": "main skills",
            "headers": ["技能", "主要技能", "技能特长", "专业技能", "技能情况", "技能类型"],
        },
    },
}
"""The register's words, in the form of a ``vocabulary`` rules document (so it can become one)."""
VOCABULARY: Vocabulary = parse_vocabulary(VOCABULARY_DOCUMENT)

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
