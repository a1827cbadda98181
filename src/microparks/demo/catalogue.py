"""Fixed content of the demo county: places, parks, tenants' lines of business and names.

The generator draws numbers and picks from these lists (and from ``profiles`` and
``casework``), so the county reads the same for every seed while its figures vary.

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
    """A township: the last three digits of its code, name, population, villages."""

    suffix: str
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
class ParkSpec:
    """A park of the demo and its tenants' lines of business (GB/T 4754 class, name part)."""

    township: str  # township code suffix
    name: str
    positioning: tuple[str, ...]  # GB/T 4754 divisions
    management_body: str
    opened: tuple[int, int, int]
    description: str
    tenants: tuple[tuple[str, str], ...]


# fmt: off
PARKS = (
    ParkSpec(
        township="100", name="青岚县城东农产品加工小微园", positioning=("13", "14", "15"),
        management_body="青岚县工业园区管理委员会", opened=(2019, 5, 18),
        description="利用原县糖厂、原粮所仓库等闲置厂房改造，承接本地米粉、果蔬、食用菌、茶叶等"
        "农产品精深加工。",
        tenants=(
            ("1431", "米粉食品"), ("1431", "螺蛳粉食品"), ("1371", "脱水蔬菜"),
            ("1371", "酸笋食品"), ("1373", "果业"), ("1373", "坚果炒货"), ("1372", "食用菌"),
            ("1353", "腊味食品"), ("1422", "蜜饯"), ("1530", "茶业"), ("1469", "调味食品"),
            ("1391", "木薯淀粉"),
        ),
    ),
    ParkSpec(
        township="100", name="青岚电子信息小微园", positioning=("39", "38"),
        management_body="青岚县产业投资开发有限公司", opened=(2021, 9, 28),
        description="位于高速公路出口附近，盘活关停的原水泥制品厂用地，承接粤港澳大湾区电子"
        "组装产业转移。",
        tenants=(
            ("3984", "电声科技"), ("3984", "耳机"), ("3989", "电子元件"), ("3975", "光电"),
            ("3969", "智能科技"), ("3952", "音响"), ("3872", "照明电器"), ("3983", "传感技术"),
        ),
    ),
    ParkSpec(
        township="101", name="长洲纺织服装鞋业小微园", positioning=("17", "18", "19"),
        management_body="长洲镇人民政府园区服务中心", opened=(2020, 6, 16),
        description="盘活原乡镇企业旧厂房，承接东部服装、制鞋、箱包加工环节转移，吸纳返乡务工"
        "人员就近就业。",
        tenants=(
            ("1819", "服装"), ("1819", "制衣"), ("1819", "校服"), ("1829", "针织"),
            ("1829", "针织服饰"), ("1830", "帽业"), ("1771", "家纺"), ("1952", "鞋业"),
            ("1951", "布鞋"), ("1922", "箱包"), ("1929", "皮具"),
        ),
    ),
    ParkSpec(
        township="102", name="六圩汽车零部件小微园", positioning=("36", "33"),
        management_body="青岚县产业投资开发有限公司", opened=(2022, 4, 20),
        description="为邻近城市汽车产业园的整车和一级供应商配套，生产线束、冲压件、密封件和"
        "内饰件。",
        tenants=(
            ("3670", "汽车线束"), ("3670", "汽车座椅面套"), ("3670", "冲压件"),
            ("3670", "汽车密封件"), ("3670", "汽车内饰件"), ("3670", "紧固件"),
        ),
    ),
    ParkSpec(
        township="201", name="瑶山民族工艺小微园", positioning=("24", "20", "21"),
        management_body="瑶山乡小微园区服务中心", opened=(2023, 3, 15),
        description="利用撤并学校的闲置校舍和村集体建设用地，发展瑶绣、竹藤编织、银饰和竹藤"
        "家具。",
        tenants=(
            ("2436", "瑶绣"), ("2436", "刺绣工艺"), ("2435", "竹编工艺"), ("2435", "藤编工艺"),
            ("2041", "竹制品"), ("2110", "家具"), ("2120", "竹藤家具"), ("2438", "银饰"),
        ),
    ),
)

# County leading firms outside the parks, whose supply chains the parks may fill.
LEADING_FIRMS = (("1340", "糖业", "100"), ("1741", "茧丝绸", "101"))

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
# fmt: on
