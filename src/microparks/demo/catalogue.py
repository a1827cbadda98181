"""Fixed content of the demo county: places, parks, tenants' lines of business, industry
profiles, departments and request templates. The generator draws only numbers and picks from
these lists, so the county reads the same for every seed while its figures vary.

The county (青岚县, code 452999) is fictional: no prefecture 4529 exists in GB/T 2260.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTY_CODE = "452999"
COUNTY_NAME = "青岚县"
PROVINCE_NAME = "广西壮族自治区"
SEAT_LONLAT = (107.86, 24.37)
PHONE_AREA_CODE = "0778"
SOURCE_FILE = "青岚县闲置土地和闲置厂房普查台账（2023）.xlsx"


@dataclass(frozen=True)
class TownshipSpec:
    suffix: str  # last three digits of the 9-digit township code
    name: str
    population: int
    rural_share: float
    villages: tuple[str, ...]


TOWNSHIPS = (
    TownshipSpec("100", "青岚镇", 88_000, 0.46, ("城东", "那洪", "板烈", "坡心")),
    TownshipSpec("101", "长洲镇", 46_000, 0.86, ("长洲", "那桃", "六合", "弄平")),
    TownshipSpec("102", "六圩镇", 41_000, 0.88, ("六圩", "板升", "拉烈", "百旺")),
    TownshipSpec("103", "石门镇", 38_000, 0.90, ("石门", "那良", "弄京", "坡豪")),
    TownshipSpec("200", "板岭乡", 29_000, 0.93, ("板岭", "巴哈", "那马", "弄怀")),
    TownshipSpec("201", "瑶山乡", 24_000, 0.95, ("瑶山", "盘古", "上坳", "龙洞")),
    TownshipSpec("202", "水源乡", 27_000, 0.92, ("水源", "岩口", "那隆", "板价")),
    TownshipSpec("203", "古河乡", 31_000, 0.92, ("古河", "新圩", "坡荷", "那造")),
)


@dataclass(frozen=True)
class IndustryFamily:
    """Typical figures of a kind of small manufacturer in a poor county (orders of magnitude
    from county statistical yearbooks and park reports; ranges are drawn uniformly)."""

    jobs: tuple[int, int]  # latest-year average employees, before scaling to the county total
    floor_m2_per_job: float
    output_per_job_cny: tuple[float, float]
    value_added_share: tuple[float, float]
    tax_share_of_revenue: tuple[float, float]
    kwh_per_10k_cny: float  # electricity per 10,000 CNY of output
    fuel_tce_per_10k_cny: float  # coal, gas or biomass besides electricity
    water_t_per_10k_cny: float
    wastewater: bool  # reports COD and ammonia nitrogen
    vocs_t_per_100m_cny: float  # 0: no VOCs reported
    rd_share: tuple[float, float]  # R&D spending over revenue
    local_share: tuple[float, float]
    rural_share: tuple[float, float]
    origins: tuple[str, ...]  # where relocating firms come from
    relocated_share: float
    plot_share: float  # share of tenants that lease land and build their own plant


FAMILIES = {
    "agri": IndustryFamily(
        (30, 90), 40, (350_000, 800_000), (0.18, 0.25), (0.02, 0.035), 250, 0.06, 8.0,
        True, 0.0, (0.0, 0.006), (0.90, 0.98), (0.70, 0.90), ("广东省广州市", "湖南省长沙市"),
        0.2, 0.35,
    ),
    "electronics": IndustryFamily(
        (80, 220), 25, (250_000, 550_000), (0.15, 0.22), (0.025, 0.04), 120, 0.0, 1.2,
        False, 0.2, (0.015, 0.035), (0.80, 0.92), (0.55, 0.75),
        ("广东省深圳市", "广东省东莞市", "广东省惠州市"), 0.8, 0.0,
    ),
    "garment": IndustryFamily(
        (70, 180), 22, (120_000, 220_000), (0.25, 0.32), (0.02, 0.03), 90, 0.0, 0.6,
        False, 0.0, (0.0, 0.005), (0.85, 0.97), (0.70, 0.88),
        ("广东省广州市", "广东省佛山市", "浙江省温州市"), 0.6, 0.0,
    ),
    "leather": IndustryFamily(
        (90, 200), 24, (150_000, 280_000), (0.22, 0.30), (0.02, 0.03), 100, 0.0, 0.5,
        False, 1.0, (0.0, 0.008), (0.82, 0.95), (0.65, 0.85),
        ("福建省晋江市", "广东省东莞市", "浙江省温州市"), 0.8, 0.0,
    ),
    "auto": IndustryFamily(
        (50, 130), 40, (400_000, 800_000), (0.20, 0.27), (0.03, 0.045), 260, 0.02, 1.5,
        False, 0.8, (0.015, 0.03), (0.80, 0.90), (0.50, 0.70),
        ("广西壮族自治区柳州市", "广东省佛山市"), 0.7, 0.35,
    ),
    "craft": IndustryFamily(
        (20, 60), 28, (80_000, 160_000), (0.30, 0.40), (0.015, 0.025), 60, 0.0, 0.8,
        False, 0.0, (0.0, 0.005), (0.95, 1.00), (0.85, 0.97), ("广东省深圳市",), 0.1, 0.0,
    ),
    "furniture": IndustryFamily(
        (30, 80), 50, (180_000, 320_000), (0.22, 0.30), (0.02, 0.035), 180, 0.03, 0.5,
        False, 1.5, (0.0, 0.01), (0.88, 0.97), (0.75, 0.90), ("广东省佛山市",), 0.5, 0.5,
    ),
}

DIVISION_FAMILY = {
    "13": "agri", "14": "agri", "15": "agri", "17": "garment", "18": "garment",
    "19": "leather", "20": "craft", "24": "craft", "21": "furniture", "36": "auto",
    "33": "auto", "38": "electronics", "39": "electronics",
}


@dataclass(frozen=True)
class ParkSpec:
    township: str  # township code suffix
    name: str
    positioning: tuple[str, ...]  # GB/T 4754 divisions
    management_body: str
    opened: tuple[int, int, int]
    description: str
    tenants: tuple[tuple[str, str], ...]  # (GB/T 4754 class, line of business in the name)


PARKS = (
    ParkSpec(
        "100", "青岚县城东农产品加工小微园", ("13", "14", "15"), "青岚县工业园区管理委员会",
        (2019, 5, 18),
        "利用原县糖厂、原粮所仓库等闲置厂房改造，承接本地米粉、果蔬、食用菌、茶叶等农产品精深加工。",
        (
            ("1431", "米粉食品"), ("1431", "螺蛳粉食品"), ("1371", "脱水蔬菜"),
            ("1371", "酸笋食品"), ("1373", "果业"), ("1373", "坚果炒货"), ("1372", "食用菌"),
            ("1353", "腊味食品"), ("1422", "蜜饯"), ("1530", "茶业"), ("1469", "调味食品"),
            ("1391", "木薯淀粉"),
        ),
    ),
    ParkSpec(
        "100", "青岚电子信息小微园", ("39", "38"), "青岚县产业投资开发有限公司", (2021, 9, 28),
        "位于高速公路出口附近，盘活关停的原水泥制品厂用地，承接粤港澳大湾区电子组装产业转移。",
        (
            ("3984", "电声科技"), ("3984", "耳机"), ("3989", "电子元件"), ("3975", "光电"),
            ("3969", "智能科技"), ("3952", "音响"), ("3872", "照明电器"), ("3983", "传感技术"),
        ),
    ),
    ParkSpec(
        "101", "长洲纺织服装鞋业小微园", ("17", "18", "19"), "长洲镇人民政府园区服务中心",
        (2020, 6, 16),
        "盘活原乡镇企业旧厂房，承接东部服装、制鞋、箱包加工环节转移，吸纳返乡务工人员就近就业。",
        (
            ("1819", "服装"), ("1819", "制衣"), ("1819", "校服"), ("1829", "针织"),
            ("1829", "针织服饰"), ("1830", "帽业"), ("1771", "家纺"), ("1952", "鞋业"),
            ("1951", "布鞋"), ("1922", "箱包"), ("1929", "皮具"),
        ),
    ),
    ParkSpec(
        "102", "六圩汽车零部件小微园", ("36", "33"), "青岚县产业投资开发有限公司",
        (2022, 4, 20),
        "为邻近城市汽车产业园的整车和一级供应商配套，生产线束、冲压件、密封件和内饰件。",
        (
            ("3670", "汽车线束"), ("3670", "汽车座椅面套"), ("3670", "冲压件"),
            ("3670", "汽车密封件"), ("3670", "汽车内饰件"), ("3670", "紧固件"),
        ),
    ),
    ParkSpec(
        "201", "瑶山民族工艺小微园", ("24", "20", "21"), "瑶山乡小微园区服务中心",
        (2023, 3, 15),
        "利用撤并学校的闲置校舍和村集体建设用地，发展瑶绣、竹藤编织、银饰和竹藤家具。",
        (
            ("2436", "瑶绣"), ("2436", "刺绣工艺"), ("2435", "竹编工艺"), ("2435", "藤编工艺"),
            ("2041", "竹制品"), ("2110", "家具"), ("2120", "竹藤家具"), ("2438", "银饰"),
        ),
    ),
)

LEADING_FIRMS = (
    # County leading firms outside the parks, whose supply chains the parks may fill.
    ("1340", "糖业", "100"),
    ("1741", "茧丝绸", "101"),
)

BRANDS = (
    "华盛", "鑫源", "宏达", "瑶香", "桂韵", "恒通", "金岭", "绿源", "山韵", "盛祥", "永兴", "锦程",
    "德润", "佳联", "青禾", "岚山", "壮锦", "祥和", "富民", "兴农", "众创", "远航", "凯达", "立信",
    "华彩", "美嘉", "欣荣", "誉丰", "润泽", "嘉禾", "泰昌", "聚鑫", "宏图", "新宇", "明辉", "天成",
    "博远", "创达", "星辉", "科美", "和顺", "昌盛", "汇通", "瑞丰", "福临", "安泰", "广丰", "翔宇",
    "俊达", "通力", "腾飞", "顺达", "金桂", "南岭", "红水", "百越", "铜鼓", "凤岭", "云岚", "翠峰",
    "益民", "宏泰", "金穗", "丰源", "山水", "晨光", "华信", "联创", "长青", "鼎盛", "桂峰", "盛源",
    "康达", "万家", "旺达", "惠民", "龙腾", "兴旺", "泓泰", "雅韵",
)

SURNAMES = (
    "韦", "覃", "蒙", "莫", "黄", "陆", "农", "黎", "潘", "廖", "李", "王", "张", "刘", "陈",
    "杨", "赵", "吴", "周", "梁", "罗", "谢", "蓝", "卢", "唐",
)
GIVEN = (
    "国", "建", "海", "文", "明", "华", "丽", "红", "春", "秀", "志", "永", "军", "芳", "玉",
    "林", "东", "荣", "金", "燕", "勇", "平", "慧", "婷", "凤", "兰", "振", "宇", "浩", "霞",
)

FACTORY_ORIGINS = (
    "原县酒厂", "原农机厂", "原松香厂", "原缫丝厂", "原茶厂", "原供销社仓库", "原木材加工厂",
    "原砖厂", "原食品站", "原竹编厂", "原农贸市场仓储用房", "原电站配套厂房", "原预制板厂",
    "原饲料厂", "原碾米厂", "原烟叶收购站",
)
PARK_FACTORY_ORIGINS = (
    "原县糖厂", "原粮所仓库", "原水泥制品厂", "原纺织厂", "原乡镇企业厂房", "原农机修配厂",
    "原小学闲置校舍", "原林场加工车间",
)
ROADS = ("工业路", "城东大道", "迎宾路", "兴业路", "园区路", "南环路")


@dataclass(frozen=True)
class DepartmentSpec:
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

# (category, title, description, response); {park} is filled in by the generator.
TICKET_TEMPLATES = (
    ("electricity", "申请变压器增容", "新增生产线后用电负荷不足，申请将专用变压器由 315 kVA 增容至 630 kVA。",
     "已现场勘查并出具供电方案，增容工程已完成送电。"),
    ("electricity", "频繁停电影响生产", "近一个月线路跳闸三次，每次停电两小时以上，造成在制品报废。",
     "已更换故障线路开关并加装重合闸，近期运行正常。"),
    ("electricity", "申请执行大工业电价", "用电容量已达标准，申请由一般工商业电价改为两部制电价。",
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
