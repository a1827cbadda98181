"""The rules documents shipped with the platform, loaded as version 1 of each kind on first start.

Each is a YAML file in ``shipped/<kind>/<name>.yaml`` citing its sources; :data:`SHIPPED` lists
them with a title and the source a page shows beside the version.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from microparks.core.calendar import WorkingCalendar, calendar_from
from microparks.io.rules.registry import ParsedDocument, read_document


@dataclass(frozen=True)
class Shipped:
    """A shipped document: kind, name, title (English msgid, translated by the pages), source."""

    kind: str
    name: str
    title: str
    source: str

    @property
    def path(self) -> Path:
        """The shipped YAML file (package data)."""
        return Path(str(resources.files("microparks.io.rules") / "shipped" / self.kind)) / (
            f"{self.name}.yaml"
        )

    def text(self) -> str:
        """The document's YAML as shipped."""
        return self.path.read_text(encoding="utf-8")


SHIPPED: tuple[Shipped, ...] = (
    Shipped(
        "admission",
        "default",
        "Default admission rules for micro-parks",
        "环环评〔2021〕45号; 建设项目环境影响评价分类管理名录（2021年版）; "
        "国家发展改革委令2023年第2号; 环固体〔2022〕17号; GB 18218-2018; local screening choices "
        "marked in the notes.",
    ),
    Shipped(
        "suitability",
        "default",
        "Default micro-park siting scheme",
        "microparks default: criteria and weights chosen for micro-parks on idle land; vetoes "
        "for the ecological red line, permanent basic farmland and drinking-water sources.",
    ),
    Shipped(
        "targeting",
        "default",
        "Default targeting weights",
        "microparks default (Hidalgo et al. 2007; Hausmann et al. 2014 for density and outlook "
        "gain; non-tradable industries after Jensen & Kletzer 2006, Delgado, Porter & Stern 2016 "
        "and Moretti 2010).",
    ),
    Shipped(
        "matching",
        "default",
        "Default matching costs",
        "microparks default (docs/methods/matching.md).",
    ),
    Shipped(
        "evaluation",
        "huangyan",
        "Huangyan (Taizhou, Zhejiang) ratio-to-benchmark",
        "黄岩区深化“亩均论英雄”改革工作领导小组办公室, 工业企业综合评价得分计算说明 (2022-09-20, "
        "2023-09-25).",
    ),
    Shipped(
        "evaluation",
        "jingde",
        "Jingde (Xuancheng, Anhui) min–max",
        "旌德县科技商务经信局, 《旌德县亩均效益评价实施方案》政策解读 (2022-04-23); weights are "
        "platform defaults.",
    ),
    Shipped(
        "evaluation",
        "huaian",
        "Huai'an (Jiangsu) resource-intensive-use evaluation",
        "淮安市工信局, 《淮安市工业企业资源集约利用综合评价办法》政策解读 (2024-05-31).",
    ),
    Shipped(
        "deadlines",
        "default",
        "Default service-desk deadlines",
        "1/3/5 working days: the enterprise-service practice of Zhejiang's counties; urgent and "
        "low-priority rows are a deployment choice.",
    ),
    Shipped(
        "calendar",
        "default",
        "China's official working calendar",
        "国务院办公厅关于2023–2026年部分节假日安排的通知.",
    ),
    Shipped(
        "vocabulary",
        "sites",
        "Headers and values of idle-asset ledgers",
        "自然资办发〔2019〕3号 (批而未供和闲置土地 ledgers); "
        "闲置土地处置办法 (国土资源部令第53号); county 闲置厂房 ledgers; "
        "2021 EIA classification list, art. 3 (sensitive areas).",
    ),
    Shipped(
        "vocabulary",
        "records",
        "Headers and values of per-mu evaluation records",
        "亩均效益综合评价 data items: 浙政办发〔2018〕18号, 苏政办发〔2019〕61号, the Huai'an "
        "and Jingde methods; 统计上大中小微型企业划分办法 for 规上.",
    ),
    Shipped(
        "vocabulary",
        "bureau",
        "Headers of tax-bureau and power-company files",
        "亩均效益评价 data exchange of Zhejiang's counties (税务 and 电力 sheets by "
        "统一社会信用代码); the Huai'an and Jingde methods.",
    ),
    Shipped(
        "vocabulary",
        "spending",
        "Headers and categories of programme spending",
        "County 财政专项资金 ledgers of micro-park programmes (年度, 项目类别, 金额, 园区, "
        "依据文件); the platform's spending categories.",
    ),
    Shipped(
        "vocabulary",
        "tenants",
        "Headers of park tenants' figures for the impact estimate",
        "规模以上工业企业 statistical report B204 (工业总产值, 从业人员平均人数, 应付职工薪酬, "
        "税金); GB/T 4754-2017 industry codes.",
    ),
    Shipped(
        "vocabulary",
        "programme",
        "Headers of programme cost–benefit tables",
        "The spending categories of the programme; 建设项目经济评价方法与参数（第三版） "
        "cash-flow layout.",
    ),
    Shipped(
        "vocabulary",
        "region_values",
        "Headers of region values (idle land, budget revenue)",
        "County 闲置土地 inventories (自然资办发〔2019〕3号); 一般公共预算收入 of the county "
        "finance yearbooks; GB/T 2260 region codes.",
    ),
    Shipped(
        "vocabulary",
        "long",
        "Headers of long tables by region and industry",
        "GB/T 2260 region codes and GB/T 4754-2017 industry codes; headers of county "
        "statistical yearbooks and economic-census tables (从业人员数, 营业收入, 增加值).",
    ),
    Shipped(
        "vocabulary",
        "census",
        "Headers of county census tables by industry section",
        "GB/T 4754-2017 sections (门类); 第七次全国人口普查 county tables (NBS census yearbooks, "
        "compiled by Dong, Du & Liu, SSRN 4049338); county statistical yearbooks.",
    ),
    Shipped(
        "vocabulary",
        "projects",
        "Headers of prospect tables for matching",
        "microparks matching columns (docs/methods/matching.md); "
        "county 招商项目 ledgers (用地需求, 用电负荷, 用水量, 用工人数).",
    ),
    Shipped(
        "vocabulary",
        "matching_sites",
        "Headers of site tables for matching",
        "microparks matching columns (docs/methods/matching.md); the idle-asset ledger's "
        "headers (自然资办发〔2019〕3号); 标准厂房 rental listings (层高, 楼面荷载, 租金).",
    ),
    Shipped(
        "vocabulary",
        "io_table",
        "Headers and rows of input–output tables",
        "中国投入产出表 row and column names (国家统计局国民经济核算司); "
        "Miller & Blair, Input–Output Analysis (2nd ed.), ch. 2.",
    ),
    Shipped(
        "vocabulary",
        "enterprises",
        "Headers and values of enterprise directories",
        "GB 32100-2015 (统一社会信用代码); 统计上大中小微型企业划分办法（2017）; 规模以上工业企业 "
        "(国家统计局); GB/T 4754-2017 industry codes.",
    ),
    Shipped(
        "vocabulary",
        "prospects",
        "Headers and values of investment-promotion project ledgers",
        "County 招商引资项目台账 columns (项目名称, 投资方, 计划总投资, 用地需求, 项目进展); the "
        "platform's pipeline stages; GB/T 4754-2017; GB/T 2589-2020.",
    ),
    Shipped(
        "vocabulary",
        "declarations",
        "Headers of admission declarations",
        "国家发展改革委令2023年第2号 (energy review); "
        "建设项目环境影响评价分类管理名录（2021年版） and 环环评〔2021〕45号 "
        "(pollutants, processes, sensitive sites); county 入园项目申报表 forms.",
    ),
    Shipped(
        "vocabulary",
        "labour_register",
        "Headers of the rural labour register",
        "农村劳动力资源登记 and 防止返贫监测 registers of the county human-resources bureaus "
        "(劳动力人数, 外出务工人数, 在家可就业人数, 脱贫劳动力, 监测对象, age bands, 技能).",
    ),
    Shipped(
        "vocabulary",
        "labour_records",
        "Headers of quarterly employment sheets",
        "企业用工情况 quarterly reports of the county human-resources bureaus (从业人数, 本县籍, "
        "脱贫劳动力, 月平均工资); GB 32100-2015 (统一社会信用代码).",
    ),
    Shipped(
        "workshop",
        "sample",
        "Employment-assistance workshops (sample county policy)",
        "A sample, not a county's document: criteria and amounts typical of the counties' "
        "published 就业帮扶车间 (扶贫车间) 认定和奖补办法 (20 workers, 5 or 20 per cent poverty-"
        "alleviated, 6 months, the minimum wage; 1,000-1,500 CNY per worker a year, capped; "
        "a one-off award on designation). A county drafts its own from its 办法.",
    ),
    Shipped(
        "park_rubric",
        "hangzhou",
        "Park performance rubric (Hangzhou upgraded parks)",
        "《浙江省小微企业园绩效评价试行办法》 (浙中小企业办〔2018〕18号) and the Hangzhou "
        "upgraded-park rubric (杭州市小微企业园提升发展绩效评价细则); the platform's readings "
        "where the text is silent are noted in the document.",
    ),
    Shipped(
        "park_stars",
        "sample",
        "Park star rating (sample criteria)",
        "A sample, not a province's document: five star levels (1-2 county, 3 city, 4-5 "
        "province) with thresholds on the evaluation and the park's figures, after the yearly "
        "provincial notices (e.g. 浙经信企服〔2025〕142号), whose criteria vary by year.",
    ),
)


def shipped_document(kind: str, name: str = "default") -> Shipped:
    """The shipped document of ``kind`` named ``name``.

    Raises
    ------
    KeyError
        If no such document is shipped.

    """
    for doc in SHIPPED:
        if doc.kind == kind and doc.name == name:
            return doc
    known = ", ".join(d.name for d in SHIPPED if d.kind == kind)
    raise KeyError(f"no shipped {kind} document {name!r} (shipped: {known})")


def load_shipped(kind: str, name: str = "default", **context: Any) -> Any:
    """The core object of a shipped document (for the CLI, tests and benchmarks)."""
    return read_shipped(kind, name, **context).value


def shipped_calendar() -> WorkingCalendar:
    """China's official working calendar as shipped (for the CLI, the demo and tests)."""
    doc = shipped_document("calendar")
    return calendar_from([load_shipped("calendar")], f"{doc.kind}:{doc.name}@shipped")


def read_shipped(kind: str, name: str = "default", **context: Any) -> ParsedDocument:
    """A shipped document, read and checked."""
    return read_document(kind, shipped_document(kind, name).text(), **context)
