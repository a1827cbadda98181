"""Fixed content of the demo's casework: departments, request templates and the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DepartmentSpec:
    """A county body and the ticket categories routed to it by default."""

    name: str
    categories: str


DEPARTMENTS = (
    DepartmentSpec("青岚供电所", "electricity"),
    DepartmentSpec("青岚县自来水公司", "water"),
    DepartmentSpec("青岚县人力资源和社会保障局", "labour"),
    DepartmentSpec("青岚县自然资源局", "land"),
    DepartmentSpec("青岚县发展和改革局", "policy"),
    DepartmentSpec("青岚县工业和信息化局", "other"),
    DepartmentSpec("青岚县行政审批局", "permits"),
    DepartmentSpec("青岚县应急管理局", "safety"),
    DepartmentSpec("青岚县财政局", "finance"),
)

# fmt: off
TICKET_TEMPLATES = (  # (category, title, description, response)
    ("electricity", "申请变压器增容",
     "新增生产线后用电负荷不足，申请将专用变压器由 315 kVA 增容至 630 kVA。",
     "已现场勘查并出具供电方案，增容工程已完成送电。"),
    ("electricity", "频繁停电影响生产",
     "近一个月线路跳闸三次，每次停电两小时以上，造成在制品报废。",
     "已更换故障线路开关并加装重合闸，近期运行正常。"),
    ("electricity", "申请执行大工业电价",
     "用电容量已达标准，申请由一般工商业电价改为两部制电价。",
     "已核定容量并变更电价执行方式。"),
    ("water", "供水压力不足", "二楼车间用水高峰期水压不足，影响清洗工序。",
     "已调整管网阀门并加装加压泵，水压恢复正常。"),
    ("water", "申请接入污水管网", "新建车间需接入园区污水管网，请协调接驳位置和排水许可。",
     "已确定接驳点，排水许可已办理。"),
    ("labour", "招聘缝纫工 50 名", "订单增加，需招聘熟练缝纫工 50 名，请协助组织招聘会。",
     "已在长洲镇和周边乡镇组织专场招聘会，现场达成意向 62 人。"),
    ("labour", "申请以工代训补贴", "新招用脱贫劳动力 28 人并开展岗前培训，申请以工代训补贴。",
     "材料审核通过，补贴已拨付。"),
    ("labour", "员工技能培训需求", "需要组织电子装配和焊接技能培训，请人社部门安排培训机构。",
     "已安排县职业技术学校开班培训两期。"),
    ("land", "申请办理不动产登记", "自建厂房已竣工验收，申请办理不动产权证。",
     "已受理并办结，不动产权证已发放。"),
    ("land", "扩建用地需求", "企业计划扩建仓库，需要相邻地块约 5 亩，请协调用地。",
     "已纳入园区二期用地计划，待规划调整后供地。"),
    ("policy", "申请标准厂房租金减免", "按照园区招商优惠政策，申请第二年厂房租金减半。",
     "已按政策核定减免金额并兑现。"),
    ("policy", "申报技术改造补助", "购置自动化设备 300 万元，申请县级技改补助。",
     "已纳入年度技改项目库，补助资金按程序拨付。"),
    ("permits", "办理排污许可登记", "新增生产工序，需要变更排污许可登记。",
     "已指导企业完成排污登记变更。"),
    ("permits", "申请食品生产许可证延续", "食品生产许可证即将到期，申请延续。",
     "已现场核查并办理延续。"),
    ("safety", "消防设施整改指导", "消防检查提出喷淋系统整改意见，请派员指导。",
     "应急和消防部门已现场指导，整改已完成。"),
    ("finance", "申请小微企业担保贷款", "需要流动资金贷款 200 万元，申请县融资担保公司担保。",
     "已对接县融资担保公司和合作银行，贷款已发放。"),
    ("finance", "申请贷款贴息", "申请创业担保贷款贴息。", "材料审核通过，贴息已拨付。"),
    ("other", "园区道路照明不足", "园区内道路夜间照明不足，员工下夜班存在安全隐患。",
     "园区已增设路灯 12 盏。"),
)
PLOT_ONLY = {"申请办理不动产登记"}  # only tenants who built on leased land ask for this
FAMILY_ONLY = {  # templates that fit only some industries
    "申请食品生产许可证延续": {"agri"},
    "招聘缝纫工 50 名": {"garment", "leather"},
    "员工技能培训需求": {"electronics", "auto"},
}

PIPELINE = (  # stage, GB/T 4754 class, product, target park (index) or None, source, from, notes
    ("lead", "3984", "蓝牙耳机", 1, "relocation", "广东省深圳市",
     "在深圳招商推介会上接触，企业计划转移组装环节。"),
    ("contacted", "1819", "童装", 2, "relocation", "广东省广州市",
     "经商会介绍，企业关注用工成本和物流时效。"),
    ("lead", "2436", "民族服饰刺绣", 4, "returnee", "",
     "返乡创业人员，计划带动刺绣手工艺人居家就业。"),
    ("contacted", "3670", "汽车线束", 3, "chain", "广西壮族自治区柳州市",
     "邻近城市整车企业一级供应商推荐的二级配套商。"),
    ("visited", "1432", "预制菜", 0, "fair", "广东省广州市",
     "已来县考察城东园区，关注冷链和食品检测配套。"),
    ("visited", "3989", "电感元件", 1, "relocation", "广东省东莞市",
     "已实地考察两次，要求三个月内交付标准厂房。"),
    ("visited", "1952", "运动鞋", 2, "relocation", "福建省晋江市",
     "考察长洲园区，关注熟练工供给。"),
    ("negotiating", "3360", "电镀加工", 3, "chain", "广东省佛山市",
     "含电镀工序，属重点排污环节，需评估是否符合园区准入。"),
    ("negotiating", "2110", "定制家具", 4, "relocation", "广东省佛山市",
     "正在洽谈喷涂工序的废气治理方案和用地面积。"),
    ("negotiating", "1530", "茶饮原料", 0, "local", "", "本地茶叶合作社牵头，洽谈厂房租金减免。"),
    ("admission", "1713", "棉印染", 2, "relocation", "浙江省绍兴市",
     "印染工序用水量和废水排放量大，已提交准入审查。"),
    ("admission", "3975", "LED封装", 1, "relocation", "广东省深圳市",
     "已提交准入申请材料，待审查能耗和投资强度。"),
    ("construction", "1829", "针织运动服", 2, "relocation", "广东省佛山市",
     "已签订入园协议，厂房装修中。"),
    ("signed", "1373", "水果分选加工", 0, "local", "", "已签订投资协议，计划年内投产。"),
    ("lost", "3011", "水泥制造", None, "fair", "",
     "属两高行业，不符合小微园区准入要求，终止洽谈。"),
    ("lost", "3984", "电声器件", 1, "relocation", "广东省东莞市",
     "企业最终落户邻县，对方提供更长的免租期。"),
)
# fmt: on
HEAVY = {  # what the pipeline's heavy industries need, beyond a small plant's profile
    "3011": {
        "annual_energy_tce": 48_000.0,
        "land_area_min_m2": 100_000.0,
        "water_t_per_day": 900.0,
    },
    "1713": {"water_t_per_day": 800.0},
    "3360": {"water_t_per_day": 150.0},
}
# Rejected projects a county official let past the gate (admission.GateOverride), with the
# written reason; every other rejected project stays at contacted or left the pipeline.
GATE_OVERRIDES: dict[str, tuple[str, str]] = {
    "3360": (
        "demo_official",
        "县政府2026年第9次招商引资专题会议同意继续洽谈：该项目为柳州整车一级供应商的镀锌件配套，"
        "电镀、钝化工序须全部委托市级集中电镀中心加工，园区内只保留机加工和装配；"
        "签约前须提交委托加工协议并重新申报准入。",
    ),
}
# What the firms declared for the admission gate (see ``admission.Declaration``): annual
# emissions (t), processes, materials and hazardous chemicals stored (t). Each of these
# prospects gets a decision from the default rule set when the demo is loaded.
DECLARED: dict[str, dict[str, Any]] = {
    "3360": {  # electroplating with chromium: rejected (heavy metals)
        "emissions_t": {"cod": 3.2, "nh3_n": 0.3, "so2": 0.1, "nox": 0.4, "vocs": 0.6},
        "processes": ["degreasing", "electroplating", "passivation"],
        "materials": ["chromium", "nickel", "zinc"],
        "hazardous_chemicals_t": 18.0,
    },
    "2110": {  # custom furniture, water-based coatings: admitted
        "emissions_t": {"cod": 0.2, "nh3_n": 0.02, "so2": 0.05, "nox": 0.1, "vocs": 1.2},
        "processes": ["cutting", "edge banding", "spray coating"],
        "materials": ["wood-based panels", "water-based paint"],
        "hazardous_chemicals_t": 1.5,
    },
    "1713": {  # cotton dyeing: referred (dyeing belongs in a dyeing park; EIA report)
        "emissions_t": {"cod": 38.0, "nh3_n": 3.1, "so2": 0.5, "nox": 1.2, "vocs": 0.8},
        "processes": ["desizing", "bleaching", "dyeing", "finishing"],
        "materials": ["cotton fabric", "reactive dyes", "caustic soda"],
        "hazardous_chemicals_t": 12.0,
    },
    "3975": {  # LED packaging: admitted on condition of an EIA report form
        "emissions_t": {"cod": 0.4, "nh3_n": 0.04, "so2": 0.0, "nox": 0.0, "vocs": 0.5},
        "processes": ["die bonding", "wire bonding", "encapsulation"],
        "materials": ["led chips", "silicone", "gold wire"],
        "hazardous_chemicals_t": 0.5,
    },
    "1829": {  # knitted sportswear: admitted
        "emissions_t": {"cod": 0.3, "nh3_n": 0.03, "so2": 0.0, "nox": 0.0, "vocs": 0.1},
        "processes": ["cutting", "sewing", "pressing"],
        "materials": ["knitted fabric"],
        "hazardous_chemicals_t": 0.0,
    },
    "1373": {  # fruit sorting: admitted on condition of an EIA report form
        "emissions_t": {"cod": 1.5, "nh3_n": 0.1, "so2": 0.0, "nox": 0.0, "vocs": 0.0},
        "processes": ["washing", "sorting", "packing", "cold storage"],
        "materials": ["fresh fruit", "cartons"],
        "hazardous_chemicals_t": 2.0,
    },
    "3011": {  # cement: rejected (两高, building materials)
        "emissions_t": {"cod": 1.0, "nh3_n": 0.1, "so2": 180.0, "nox": 620.0, "vocs": 2.0},
        "processes": ["clinker calcination", "grinding"],
        "materials": ["limestone", "coal"],
        "hazardous_chemicals_t": 40.0,
    },
}
