"""The messages of rules-document problems, as literals for the translation catalogue.

The messages themselves live in :mod:`microparks.io.rules.messages` (io has no Django);
``makemessages`` extracts only literals, so they are repeated here once, and a test keeps the
two lists equal.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

CATALOGUE = (
    _("(document)"),
    _("not valid YAML (line %(line)s, column %(column)s): %(reason)s"),
    _("the document is not UTF-8 or GBK text"),
    _("cannot read %(file)s: %(reason)s"),
    _("the document is empty"),
    _("the document is of kind %(found)s, not %(expected)s"),
    _("unknown kind of rules document %(kind)s"),
    _("expected a mapping (key: value)"),
    _("expected a list"),
    _("at least one entry is needed"),
    _("unknown keys %(keys)s (known: %(known)s)"),
    _("missing"),
    _("expected text, got %(value)s"),
    _("expected a number, got %(value)s"),
    _("must be a finite number, got %(value)s"),
    _("must be greater than 0, got %(value)s"),
    _("must be at least %(minimum)s, got %(value)s"),
    _("must be at most %(maximum)s, got %(value)s"),
    _("expected a whole number of at least %(minimum)s, got %(value)s"),
    _("expected true or false, got %(value)s"),
    _("expected a date (YYYY-MM-DD), got %(value)s"),
    _("%(value)s is not one of: %(choices)s"),
    _("%(value)s appears more than once"),
    _("the weights sum to %(total)s; they must sum to %(expected)s"),
    _("at least one weight must be greater than 0"),
    _("unknown %(what)s %(value)s (known: %(known)s)"),
    _("%(source)s criteria need %(field)s"),
    _("give either pairwise judgements or a weight for every criterion"),
    _("criteria without a weight: %(names)s"),
    _("the pairwise matrix must be %(n)s × %(n)s (one row and column per criterion)"),
    _("the pairwise judgements are not usable: %(reason)s"),
    _("the judgements are inconsistent: consistency ratio %(cr)s is above %(limit)s"),
    _("the value function is not usable: %(reason)s"),
    _("groups must cover firms once: one group for all, or one above size and one below"),
    _("thresholds need A ≥ B ≥ C"),
    _("the quotas of A, B and D add up to more than 100 %%"),
    _("policies may only be given for classes %(classes)s"),
    _("the deadlines must not decrease: acknowledge ≤ respond ≤ close"),
    _("the holiday range %(start)s to %(end)s is out of order or outside %(year)s"),
    _("the make-up working day %(date)s is not on a weekend"),
    _("%(date)s is both a day off and a working day"),
    _("expected office hours as ordered spans like 08:30-12:00, got %(value)s"),
    _("%(value)s is not listed under sources"),
    _("%(value)s is not a GB/T 4754 code"),
    _("%(value)s: quote industry codes ('0111', not 0111)"),
    _("at least one industry code is needed"),
    _("not in GB/T 4754-2017: %(codes)s"),
    _("duplicate rule id %(value)s"),
    _("missing (the rule set lists zh: give %(field)s in Chinese)"),
    _("words not in the glossary: %(words)s"),
    _("needs processes, materials or hazardous_storage_max_t"),
    _("%(value)s is not a category (%(choices)s)"),
    _("category codes must be unique"),
    _("%(value)s is not a site class"),
    _("needs min_tce or min_kwh"),
    _("list the tiers from the highest threshold down"),
    _("expected a list of names"),
    _("“%(word)s” is given for both %(first)s and %(second)s"),
    _("%(value)s is not a unit of %(quantity)s (%(units)s)"),
    _("a unit needs a quantity (%(quantities)s)"),
    _("values are listed only for fields of kind code"),
    _("the range is empty: min must not exceed max"),
    _("the first tier must start at worker 1"),
    _("each tier must start at a later worker than the one before"),
    _("a condition on a figure needs min"),
    _("each band must start at a higher ratio than the one before"),
    _("list the levels from 1 star up, one for each number of stars"),
)

#: The shipped documents' titles (English ids of io.rules.shipped.SHIPPED), for their pages.
SHIPPED_TITLES = (
    _("Default admission rules for micro-parks"),
    _("Default micro-park siting scheme"),
    _("Default targeting weights"),
    _("Default matching costs"),
    _("Huangyan (Taizhou, Zhejiang) ratio-to-benchmark"),
    _("Jingde (Xuancheng, Anhui) min–max"),
    _("Huai'an (Jiangsu) resource-intensive-use evaluation"),
    _("Default service-desk deadlines"),
    _("China's official working calendar"),
    _("Headers and values of idle-asset ledgers"),
    _("Headers and values of per-mu evaluation records"),
    _("Headers of tax-bureau and power-company files"),
    _("Headers and categories of programme spending"),
    _("Headers of park tenants' figures for the impact estimate"),
    _("Headers of programme cost–benefit tables"),
    _("Headers of region values (idle land, budget revenue)"),
    _("Headers of long tables by region and industry"),
    _("Headers of county census tables by industry section"),
    _("Headers of prospect tables for matching"),
    _("Headers of site tables for matching"),
    _("Headers and rows of input–output tables"),
    _("Headers of admission declarations"),
    _("Headers and values of enterprise directories"),
    _("Headers and values of investment-promotion project ledgers"),
    _("Employment-assistance workshops (sample county policy)"),
    _("Headers of the rural labour register"),
    _("Headers of quarterly employment sheets"),
    _("Park performance rubric (Hangzhou upgraded parks)"),
    _("Park star rating (sample criteria)"),
)

#: The notes the platform writes on the versions it loads (rules.shipped).
SHIPPED_NOTES = (_("Shipped with the platform"), _("Shipped with a new release"))

#: The shipped documents' sources (io.rules.shipped.SHIPPED), shown on their pages.
SHIPPED_SOURCES = (
    _(
        "环环评〔2021〕45号; 建设项目环境影响评价分类管理名录（2021年版）; 国家发展改革委令2023年第2号; 环固体〔2022〕17号; GB 18218-2018; local screening choices marked in the notes."
    ),
    _(
        "microparks default: criteria and weights chosen for micro-parks on idle land; vetoes for the ecological red line, permanent basic farmland and drinking-water sources."
    ),
    _(
        "microparks default (Hidalgo et al. 2007; Hausmann et al. 2014 for density and outlook gain; non-tradable industries after Jensen & Kletzer 2006, Delgado, Porter & Stern 2016 and Moretti 2010)."
    ),
    _("microparks default (docs/methods/matching.md)."),
    _(
        "黄岩区深化“亩均论英雄”改革工作领导小组办公室, 工业企业综合评价得分计算说明 (2022-09-20, 2023-09-25)."
    ),
    _(
        "旌德县科技商务经信局, 《旌德县亩均效益评价实施方案》政策解读 (2022-04-23); weights are platform defaults."
    ),
    _("淮安市工信局, 《淮安市工业企业资源集约利用综合评价办法》政策解读 (2024-05-31)."),
    _(
        "1/3/5 working days: the enterprise-service practice of Zhejiang's counties; urgent and low-priority rows are a deployment choice."
    ),
    _("国务院办公厅关于2023–2026年部分节假日安排的通知."),
    _(
        "自然资办发〔2019〕3号 (批而未供和闲置土地 ledgers); 闲置土地处置办法 (国土资源部令第53号); county 闲置厂房 ledgers; 2021 EIA classification list, art. 3 (sensitive areas)."
    ),
    _(
        "亩均效益综合评价 data items: 浙政办发〔2018〕18号, 苏政办发〔2019〕61号, the Huai'an and Jingde methods; 统计上大中小微型企业划分办法 for 规上."
    ),
    _(
        "亩均效益评价 data exchange of Zhejiang's counties (税务 and 电力 sheets by 统一社会信用代码); the Huai'an and Jingde methods."
    ),
    _(
        "County 财政专项资金 ledgers of micro-park programmes (年度, 项目类别, 金额, 园区, 依据文件); the platform's spending categories."
    ),
    _(
        "规模以上工业企业 statistical report B204 (工业总产值, 从业人员平均人数, 应付职工薪酬, 税金); GB/T 4754-2017 industry codes."
    ),
    _(
        "The spending categories of the programme; 建设项目经济评价方法与参数（第三版） cash-flow layout."
    ),
    _(
        "County 闲置土地 inventories (自然资办发〔2019〕3号); 一般公共预算收入 of the county finance yearbooks; GB/T 2260 region codes."
    ),
    _(
        "GB/T 2260 region codes and GB/T 4754-2017 industry codes; headers of county statistical yearbooks and economic-census tables (从业人员数, 营业收入, 增加值)."
    ),
    _(
        "GB/T 4754-2017 sections (门类); 第七次全国人口普查 county tables (NBS census yearbooks, compiled by Dong, Du & Liu, SSRN 4049338); county statistical yearbooks."
    ),
    _(
        "microparks matching columns (docs/methods/matching.md); county 招商项目 ledgers (用地需求, 用电负荷, 用水量, 用工人数)."
    ),
    _(
        "microparks matching columns (docs/methods/matching.md); the idle-asset ledger's headers (自然资办发〔2019〕3号); 标准厂房 rental listings (层高, 楼面荷载, 租金)."
    ),
    _(
        "中国投入产出表 row and column names (国家统计局国民经济核算司); Miller & Blair, Input–Output Analysis (2nd ed.), ch. 2."
    ),
    _(
        "GB 32100-2015 (统一社会信用代码); 统计上大中小微型企业划分办法（2017）; 规模以上工业企业 (国家统计局); GB/T 4754-2017 industry codes."
    ),
    _(
        "County 招商引资项目台账 columns (项目名称, 投资方, 计划总投资, 用地需求, 项目进展); the platform's pipeline stages; GB/T 4754-2017; GB/T 2589-2020."
    ),
    _(
        "国家发展改革委令2023年第2号 (energy review); 建设项目环境影响评价分类管理名录（2021年版） and 环环评〔2021〕45号 (pollutants, processes, sensitive sites); county 入园项目申报表 forms."
    ),
    _(
        "A sample, not a county's document: criteria and amounts typical of the counties' published 就业帮扶车间 (扶贫车间) 认定和奖补办法 (20 workers, 5 or 20 per cent poverty-alleviated, 6 months, the minimum wage; 1,000-1,500 CNY per worker a year, capped; a one-off award on designation). A county drafts its own from its 办法."
    ),
    _(
        "农村劳动力资源登记 and 防止返贫监测 registers of the county human-resources bureaus (劳动力人数, 外出务工人数, 在家可就业人数, 脱贫劳动力, 监测对象, age bands, 技能)."
    ),
    _(
        "企业用工情况 quarterly reports of the county human-resources bureaus (从业人数, 本县籍, 脱贫劳动力, 月平均工资); GB 32100-2015 (统一社会信用代码)."
    ),
    _(
        "《浙江省小微企业园绩效评价试行办法》 (浙中小企业办〔2018〕18号) and the Hangzhou upgraded-park rubric (杭州市小微企业园提升发展绩效评价细则); the platform's readings where the text is silent are noted in the document."
    ),
    _(
        "A sample, not a province's document: five star levels (1-2 county, 3 city, 4-5 province) with thresholds on the evaluation and the park's figures, after the yearly provincial notices (e.g. 浙经信企服〔2025〕142号), whose criteria vary by year."
    ),
)
