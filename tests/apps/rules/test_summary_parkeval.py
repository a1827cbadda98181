"""The account of the park rubric and star criteria on their pages, in Chinese."""

from __future__ import annotations

from django.utils import translation

from microparks.apps.rules.summary import summarise
from microparks.io.rules import load_shipped


def test_the_hangzhou_rubric_in_chinese() -> None:
    with translation.override("zh-hans"):
        lines = {
            x.label: x.value
            for x in summarise("park_rubric", load_shipped("park_rubric", "hangzhou"))
        }
    assert lines["产业集聚度"] == "超过 50% 得 0 分，此后每满 10% 加 10 分"
    assert lines["等次比例"] == "A 类不超过 20% · B 类不超过 30% · D 类不少于 5%"
    assert lines["直接评为 D 类"] == "发生较大及以上生产安全事故、报送数据弄虚作假"
    assert lines["服务能力"].startswith("园区服务站 5 · 一站式代办服务 5")


def test_the_sample_stars_in_chinese() -> None:
    with translation.override("zh-hans"):
        lines = summarise("park_stars", load_shipped("park_stars", "sample"))
    assert [x.label for x in lines][2:] == ["3 星级（市级）", "4 星级（省级）", "5 星级（省级）"]
    assert (
        lines[2].value
        == "总分不低于 50 · 等次为 A/B · 入园企业数 ≥ 30 · 规上企业数 ≥ 5 · 入驻率（%） ≥ 85"
    )
