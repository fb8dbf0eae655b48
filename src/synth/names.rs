//! Invented name parts and how they combine: host units, base names, people and partners.
//! Two-character brands come from BRAND_A × BRAND_B; no list holds a character that would spell
//! a well-known institution. A few parts carry polyphonic characters (长, 重, 银行, 厦) so pinyin
//! search meets them.

use super::one;
use crate::domain::codes::{Category, HostKind, Identity, RiskArea};
use crate::domain::policy::City;

#[rustfmt::skip]
const BRAND_A: &[&str] = &[
    "澄", "岚", "汀", "沅", "瀚", "曜", "澜", "峤", "泓", "鹭", "翎", "启", "舟", "睿", "衡", "棠",
    "榕", "樾", "芷", "霁", "珂", "璟", "钧", "砚", "岫", "湄", "溯", "晟", "昀", "朗", "长", "恒",
];
#[rustfmt::skip]
const BRAND_B: &[&str] = &[
    "湾", "澜", "峰", "川", "岳", "溪", "屿", "汀", "原", "林", "桥", "野", "湖", "港", "洲", "坪",
    "麓", "岩", "沙", "泽", "源", "禾", "石", "帆", "厦", "青", "穗",
];
#[rustfmt::skip]
const UNIVERSITY: &[&str] = &[
    "大学", "理工大学", "科技大学", "医科大学", "职业技术大学", "学院", "海洋大学", "农业大学",
];
#[rustfmt::skip]
const INSTITUTE: &[&str] = &[
    "材料科学", "海洋科学", "先进制造", "生物医药", "农业科学", "精准医学", "光电技术", "信息技术",
    "能源", "环境科学", "食品科学", "热带作物", "智能制造", "工业技术",
];
#[rustfmt::skip]
const INDUSTRY: &[&str] = &[
    "智能装备", "新能源", "生物", "半导体", "新材料", "电子", "海洋生物", "医疗器械", "储能", "光学",
    "数据", "环保", "重载装备", "重组蛋白药业", "银行金融", "绿色建筑", "水务", "农业", "精密机械",
    "激光", "机器人", "食品", "陶瓷", "纺织", "汽车电子", "通信", "软件",
];
const COMPANY: &[&str] = &["科技有限公司", "技术有限公司", "股份有限公司", "有限公司"];
const PRIVATE: &[&str] = &[
    "产业技术研究院",
    "国际技术转移促进中心",
    "创新研究院",
    "新型研发中心",
];
const OTHER: &[&str] = &["国际科技交流促进会", "科技服务中心", "科技合作促进会"];

#[rustfmt::skip]
const FIELDS_JR: &[&str] = &[
    "先进材料", "海洋生物", "智能装备", "精准医学", "新型显示", "氢能", "储能", "生物医药",
    "集成电路", "人工智能", "海洋工程", "量子信息", "合成生物", "脑科学", "激光制造", "重组蛋白药物",
];
#[rustfmt::skip]
const FIELDS_TT: &[&str] = &[
    "先进制造", "新能源", "智慧农业", "跨境电商", "生物医药", "节能环保", "智能制造", "现代种业",
    "新材料", "数字经济", "金融科技",
];
#[rustfmt::skip]
const FIELDS_F: &[&str] = &[
    "海洋渔业", "生态农业", "中医药", "文化科技", "绿色建筑", "智慧港口", "茶产业", "人才交流",
    "南药种植", "数字文化",
];
const TYPES_JR: &[&str] = &["联合研究中心", "联合实验室", "国际联合实验室"];
const TYPES_TT: &[&str] = &["技术转移中心", "国际技术转移中心", "创新合作中心"];
const TYPES_F: &[&str] = &[
    "国际合作基地",
    "科技合作基地",
    "离岸创新中心",
    "国际交流基地",
];

/// The language partner names are written in.
#[derive(Clone, Copy)]
pub(super) enum Lang {
    En,
    De,
    Fr,
    It,
    Es,
    Pt,
    Asia,
}

/// Foreign partner countries: name, the pair used in base names (中德…), the language of partner
/// names, and a weight for how often Guangdong bases work with them.
#[rustfmt::skip]
pub(super) const COUNTRIES: &[(&str, &str, Lang, u32)] = &[
    ("德国", "中德", Lang::De, 14), ("英国", "中英", Lang::En, 10), ("法国", "中法", Lang::Fr, 7),
    ("意大利", "中意", Lang::It, 5), ("荷兰", "中荷", Lang::En, 5), ("瑞典", "中瑞", Lang::En, 4),
    ("瑞士", "中瑞", Lang::De, 4), ("芬兰", "中芬", Lang::En, 3), ("丹麦", "中丹", Lang::En, 3),
    ("挪威", "中挪", Lang::En, 2), ("以色列", "中以", Lang::En, 5), ("新加坡", "中新", Lang::En, 7),
    ("日本", "中日", Lang::Asia, 6), ("韩国", "中韩", Lang::Asia, 5), ("俄罗斯", "中俄", Lang::En, 4),
    ("澳大利亚", "中澳", Lang::En, 5), ("新西兰", "中新", Lang::En, 2), ("加拿大", "中加", Lang::En, 4),
    ("巴西", "中巴", Lang::Pt, 2), ("泰国", "中泰", Lang::En, 3), ("马来西亚", "中马", Lang::En, 3),
    ("印度尼西亚", "中印尼", Lang::En, 2), ("越南", "中越", Lang::En, 2), ("沙特阿拉伯", "中沙", Lang::En, 1),
    ("匈牙利", "中匈", Lang::En, 2), ("波兰", "中波", Lang::En, 2), ("捷克", "中捷", Lang::En, 1),
    ("西班牙", "中西", Lang::Es, 2), ("葡萄牙", "中葡", Lang::Pt, 2), ("奥地利", "中奥", Lang::De, 2),
    ("比利时", "中比", Lang::Fr, 1), ("哈萨克斯坦", "中哈", Lang::En, 1),
];
/// 港澳 partners: encouraged, but not foreign for A5.2.
pub(super) const HK_MACAU: &[&str] = &["香港", "澳门"];

#[rustfmt::skip]
const ROOT_A: &[&str] = &[
    "Nord", "Ald", "Quell", "Val", "Harrow", "Veld", "Kest", "Lum", "Brenn", "Tor", "Sel", "Mar",
    "Ost", "Wyn", "Cal", "Bel", "Rim", "Sol", "Elm", "Hav",
];
#[rustfmt::skip]
const ROOT_B: &[&str] = &[
    "wind", "vik", "brunn", "doria", "mere", "haven", "moor", "ora", "stein", "lund", "dale",
    "mark", "sund", "gard", "holm", "crest",
];
const ROOT_ASIA: &[&str] = &[
    "Aokumo",
    "Shirane",
    "Kazeno",
    "Hoshizora",
    "Asanagi",
    "Seorin",
    "Hanul",
    "Daon",
    "Saebit",
];
#[rustfmt::skip]
const TOPIC_EN: &[&str] = &[
    "Advanced Materials", "Marine Science", "Photonics", "Robotics", "Biomedicine", "Energy Systems",
    "Agricultural Science", "Precision Engineering", "Digital Technology", "Water Technology",
];
#[rustfmt::skip]
const TOPIC_DE: &[&str] = &[
    "Werkstoffe", "Photonik", "Robotik", "Biomedizin", "Energiesysteme", "Agrarwissenschaft",
    "Präzisionstechnik",
];
const TOPIC_FR: &[&str] = &[
    "Matériaux",
    "Photonique",
    "Robotique",
    "Biomédecine",
    "Énergie",
];
const TOPIC_IT: &[&str] = &[
    "Materiali",
    "Fotonica",
    "Robotica",
    "Biomedicina",
    "Energia",
];
const TOPIC_ES: &[&str] = &[
    "Materiales",
    "Fotónica",
    "Robótica",
    "Biomedicina",
    "Energía",
];
const TOPIC_PT: &[&str] = &[
    "Materiais",
    "Fotónica",
    "Robótica",
    "Biomedicina",
    "Energia",
];

#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "陈", "李", "黄", "张", "林", "王", "刘", "吴", "梁", "郑", "何", "罗", "周", "谢", "杨", "许",
    "郭", "邓", "冯", "曾", "蔡", "彭", "苏", "钟", "卢", "潘", "袁", "杜", "叶", "方", "谭", "廖",
    "温", "韩", "严", "龚", "骆", "邱", "余", "朱", "黎", "莫", "麦", "邝", "甘", "庞", "纪", "韦",
    "区", "单", "欧阳", "司徒",
];
#[rustfmt::skip]
const GIVEN: &[&str] = &[
    "嘉", "振", "沐", "婉", "承", "思", "家", "静", "启", "雨", "子", "蔚", "文", "立", "一", "书",
    "泽", "知", "浩", "若", "志", "欣", "景", "伟", "瑾", "卓", "晨", "海", "明", "颂", "晓", "雅",
    "宇", "航", "远", "清", "铭", "怡", "禾", "楷", "秋", "然", "琳", "妍", "行", "廷", "萱", "睿",
    "曦", "墨", "邦", "宁", "齐", "豪", "哲", "慧", "杰", "峰", "涛", "彤", "帆", "澄",
];
#[rustfmt::skip]
const FOREIGN_GIVEN: &[&str] = &[
    "马蒂亚斯", "安娜", "卢卡斯", "索菲亚", "亨里克", "伊莎贝拉", "托马斯", "艾玛", "拉斐尔", "克拉拉",
];
#[rustfmt::skip]
const FOREIGN_FAMILY: &[&str] = &[
    "克罗纳", "沃斯", "布伦纳", "林德伯格", "莫雷蒂", "杜邦", "哈特曼", "范德伯格", "彼得罗娃", "加西亚",
];

/// (area, description, mitigation) of confidential security-risk notes (A7.3, A15.3.4).
#[rustfmt::skip]
pub(super) const RISKS: &[(RiskArea, &str, &str)] = &[
    (RiskArea::KeyTechnology, "合作方所在国调整出口管制清单，联合研发所需核心器件可能断供", "评估替代方案并调整联合研发分工"),
    (RiskArea::KeyTechnology, "合作方人员要求获取核心工艺参数，超出合作协议约定范围", "按协议限定共享范围并加强涉密管理"),
    (RiskArea::Equipment, "进口检测设备的原厂维保服务受出口许可限制", "联系备选供应商并开展国产设备比对测试"),
    (RiskArea::Information, "联合项目管理平台出现未授权访问记录", "重置账号权限并开展信息安全审计"),
    (RiskArea::Data, "联合试验数据拟传输至境外合作方服务器，尚未完成数据出境安全评估", "暂停数据传输并启动数据出境安全评估申报"),
    (RiskArea::Data, "合作方拟使用境外云平台存储联合研究数据", "改用境内存储，仅共享脱敏汇总数据"),
    (RiskArea::GeneticResources, "合作方要求人类遗传资源样本原始数据出境分析", "改为境内联合分析并申请行政许可"),
    (RiskArea::Ethics, "联合临床前研究的伦理审查材料未同步提交合作方", "补交伦理审查并暂停相关实验"),
    (RiskArea::Integrity, "联合论文作者贡献声明与合作协议约定不一致", "双方重新确认贡献并提交更正"),
    (RiskArea::ForeignAffairs, "外方团队拟赴敏感区域开展联合考察，需外事审批", "调整考察安排并报外事部门备案"),
    (RiskArea::Other, "合作方发生股权变更，实际控制人情况待核实", "开展尽职调查并暂缓新合作事项"),
];

/// A host unit of the pool, shared by the bases that draw it.
#[derive(Clone)]
pub(super) struct Host {
    pub name: String,
    pub kind: HostKind,
    /// Index into the policy's cities.
    pub city: usize,
    /// How its bases' names begin: its brand, or a university's full name.
    pub prefix: String,
}

pub(super) fn host(rng: &mut fastrand::Rng, kind: HostKind, city: usize, cities: &[City]) -> Host {
    let a = one(rng, BRAND_A);
    let b = one(rng, BRAND_B);
    let b = if a == b { "湾" } else { b };
    let brand = format!("{a}{b}");
    let name = match kind {
        HostKind::University => format!("{brand}{}", one(rng, UNIVERSITY)),
        HostKind::Institute => {
            let suffix = if rng.f32() < 0.6 {
                "研究院"
            } else {
                "研究所"
            };
            format!("{brand}{}{suffix}", one(rng, INSTITUTE))
        }
        HostKind::Enterprise => {
            // Companies are often registered with their city: 深圳市澄湾储能科技有限公司.
            let city = match cities.get(city) {
                Some(c) if rng.f32() < 0.4 => format!("{}市", c.name),
                _ => String::new(),
            };
            format!("{city}{brand}{}{}", one(rng, INDUSTRY), one(rng, COMPANY))
        }
        HostKind::PrivateNonEnterprise => format!("{brand}{}", one(rng, PRIVATE)),
        HostKind::Other => format!("{brand}{}", one(rng, OTHER)),
    };
    let prefix = if kind == HostKind::University && rng.bool() {
        name.clone()
    } else {
        brand
    };
    Host {
        name,
        kind,
        city,
        prefix,
    }
}

/// The technical fields (技术领域) bases of a category work in.
pub(super) fn fields(category: Category) -> &'static [&'static str] {
    match category {
        Category::JointResearch => FIELDS_JR,
        Category::TechTransfer => FIELDS_TT,
        Category::Featured => FIELDS_F,
    }
}

/// `{prefix}{pair}{field}{kind}`, e.g. 澄湾中德先进材料联合研究中心; the pair is left out at times.
pub(super) fn base_name(
    rng: &mut fastrand::Rng,
    prefix: &str,
    pair: &str,
    category: Category,
) -> String {
    let types = match category {
        Category::JointResearch => TYPES_JR,
        Category::TechTransfer => TYPES_TT,
        Category::Featured => TYPES_F,
    };
    let pair = if rng.f32() < 0.55 { pair } else { "" };
    let field = one(rng, fields(category));
    format!("{prefix}{pair}{field}{}", one(rng, types))
}

pub(super) fn person(rng: &mut fastrand::Rng, identity: Identity) -> String {
    if identity == Identity::Foreign {
        let given = one(rng, FOREIGN_GIVEN);
        return format!("{given}·{}", one(rng, FOREIGN_FAMILY));
    }
    let mut name = one(rng, SURNAMES).to_string();
    name.push_str(one(rng, GIVEN));
    if rng.f32() < 0.8 {
        name.push_str(one(rng, GIVEN));
    }
    name
}

pub(super) fn partner(rng: &mut fastrand::Rng, lang: Lang) -> String {
    let root = format!("{}{}", one(rng, ROOT_A), one(rng, ROOT_B));
    match lang {
        Lang::En => format!("{root} Institute of {}", one(rng, TOPIC_EN)),
        Lang::De => format!("{root} Institut für {}", one(rng, TOPIC_DE)),
        Lang::Fr => format!("Institut {root} de {}", one(rng, TOPIC_FR)),
        Lang::It => format!("Istituto {root} di {}", one(rng, TOPIC_IT)),
        Lang::Es => format!("Instituto {root} de {}", one(rng, TOPIC_ES)),
        Lang::Pt => format!("Instituto {root} de {}", one(rng, TOPIC_PT)),
        Lang::Asia => format!("{} {} Co., Ltd.", one(rng, ROOT_ASIA), one(rng, TOPIC_EN)),
    }
}

/// A Hong Kong or Macau laboratory.
pub(super) fn hk_macau_partner(rng: &mut fastrand::Rng) -> String {
    let root = format!("{}{}", one(rng, ROOT_A), one(rng, ROOT_B));
    format!("{root} {} Laboratory Ltd", one(rng, TOPIC_EN))
}
