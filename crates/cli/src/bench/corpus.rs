//! The synthetic corpus and the fixed query set of `gongkai bench search`.
//!
//! The documents imitate what agencies publish (notices, budgets, penalty
//! decisions, approvals, reports …) so that each engine meets the vocabulary
//! it would meet in production: long compounds full of two-character words,
//! 文号 and 索引号, a few documents in traditional characters and a few with
//! full-width digits. Everything comes from a fixed seed, so a run can be
//! repeated and its numbers checked.
//!
//! Each query has *planted* targets: documents at fixed positions, generated
//! like the others but containing the planted text. The planted vocabulary
//! (listed per query in [`Spec::absent`]) occurs nowhere else, so "found
//! every target" is a meaningful recall figure even where nothing else
//! matches; common queries (预算 …) also match many other documents, and
//! recall counts only their planted targets among all the matches.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use gongkai_domain::catalogue::TopTopic;
use gongkai_domain::vocabulary::Article20Item;
use gongkai_search::SearchDoc;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The seed of every document (mixed with the document's id).
pub const SEED: u64 = 0x676f_6e67_6b61_6921;

/// The smallest corpus the planted targets fit in with room between them.
pub const MIN_ITEMS: u64 = 1_000;

/// A published item as the benchmark generates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchDoc {
    pub id: u64,
    /// From the province down to the publishing agency.
    pub agency_path: Vec<i64>,
    pub agency_name: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub keywords: Vec<String>,
    pub issuers: Vec<String>,
    pub document_number: Option<String>,
    pub index_number: Option<String>,
    pub published_on: NaiveDate,
    pub article20: Option<String>,
    pub topic: Option<String>,
    pub validity: String,
}

impl BenchDoc {
    /// The document as gongkai's index takes it (the catalogue's item page
    /// is `/items/{id}`).
    pub fn to_search_doc(&self) -> SearchDoc {
        SearchDoc {
            id: self.id,
            agency_path: self.agency_path.clone(),
            agency_name: self.agency_name.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            keywords: self.keywords.clone(),
            issuers: self.issuers.clone(),
            document_number: self.document_number.clone(),
            index_number: self.index_number.clone(),
            published_on: self.published_on,
            article20: self.article20.clone(),
            topic: self.topic.clone(),
            validity: self.validity.clone(),
            url: format!("/items/{}", self.id),
        }
    }

    /// Summary and body as one text, as gongkai joins them (the SQL
    /// engines' `body` column).
    pub fn full_text(&self) -> String {
        format!("{}\n{}", self.summary, self.body)
    }

    /// Keywords, issuers, agency, 文号 and 索引号, one per line (the SQL
    /// engines' `meta` column; gongkai indexes the same values).
    pub fn meta(&self) -> String {
        let mut parts: Vec<&str> = self.keywords.iter().map(String::as_str).collect();
        parts.extend(self.issuers.iter().map(String::as_str));
        parts.push(&self.agency_name);
        parts.extend(self.document_number.as_deref());
        parts.extend(self.index_number.as_deref());
        parts.join("\n")
    }
}

/// What a query tests (shown in the output next to each query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// A rare two-character dictionary word, planted inside longer words.
    TwoCharacterWord,
    /// A query with many matches besides the planted targets.
    Common,
    /// Several words separated by spaces, each of which must occur.
    MultiWord,
    /// Typed in traditional characters, published in simplified ones.
    TraditionalToSimplified,
    /// Typed in simplified characters, published in traditional ones.
    SimplifiedToTraditional,
    /// Half-width digits typed, full-width published, and the reverse.
    Width,
    /// A 文号 in one of the bracket styles people type.
    DocumentNumber,
    /// A 索引号 typed exactly.
    IndexNumber,
    /// A quoted phrase.
    Phrase,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::TwoCharacterWord => "两字词",
            Category::Common => "常见词",
            Category::MultiWord => "多词",
            Category::TraditionalToSimplified => "繁→简",
            Category::SimplifiedToTraditional => "简→繁",
            Category::Width => "全角/半角",
            Category::DocumentNumber => "文号",
            Category::IndexNumber => "索引号",
            Category::Phrase => "短语",
        }
    }
}

/// A query of the fixed set, with the documents it must find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchQuery {
    pub text: String,
    pub category: Category,
    /// The planted targets (document ids) for the corpus size asked for.
    pub targets: Vec<u64>,
    /// An identifier query: its single target must be the first result.
    pub must_be_first: bool,
}

// ---------------------------------------------------------------------------
// Agencies

/// A place: its name in simplified and traditional characters, the name
/// without its suffix (for company names), and the character that starts
/// its agencies' 文号 (青山市财政局 → 青财发).
struct Place {
    name: &'static str,
    trad: &'static str,
    base: &'static str,
    short: &'static str,
}

const fn place(
    name: &'static str,
    trad: &'static str,
    base: &'static str,
    short: &'static str,
) -> Place {
    Place {
        name,
        trad,
        base,
        short,
    }
}

const PROVINCE: Place = place("江南省", "江南省", "江南", "江");

const CITIES: [Place; 12] = [
    place("青山市", "青山市", "青山", "青"),
    place("临江市", "臨江市", "临江", "临"),
    place("云岭市", "雲嶺市", "云岭", "云"),
    place("石桥市", "石橋市", "石桥", "石"),
    place("东湖市", "東湖市", "东湖", "东"),
    place("北屏市", "北屏市", "北屏", "北"),
    place("南塘市", "南塘市", "南塘", "南"),
    place("金川市", "金川市", "金川", "金"),
    place("枫林市", "楓林市", "枫林", "枫"),
    place("远洲市", "遠洲市", "远洲", "远"),
    place("宁湾市", "寧灣市", "宁湾", "宁"),
    place("碧水市", "碧水市", "碧水", "碧"),
];

/// The counties on the platform, with the index of their city.
const COUNTIES: [(Place, usize); 6] = [
    (place("白沙县", "白沙縣", "白沙", "白"), 0),
    (place("柳河县", "柳河縣", "柳河", "柳"), 0),
    (place("桃源县", "桃源縣", "桃源", "桃"), 1),
    (place("松溪县", "松溪縣", "松溪", "松"), 2),
    (place("梅岭县", "梅嶺縣", "梅岭", "梅"), 3),
    (place("杏坪县", "杏坪縣", "杏坪", "杏"), 5),
];

/// Towns and townships named in bodies.
const TOWNSHIPS: [(&str, &str); 22] = [
    ("清水镇", "清水鎮"),
    ("红岩乡", "紅岩鄉"),
    ("马坪镇", "馬坪鎮"),
    ("龙潭镇", "龍潭鎮"),
    ("凤凰乡", "鳳凰鄉"),
    ("双河镇", "雙河鎮"),
    ("黄石镇", "黃石鎮"),
    ("柏树乡", "柏樹鄉"),
    ("新田镇", "新田鎮"),
    ("长岭镇", "長嶺鎮"),
    ("杨柳乡", "楊柳鄉"),
    ("花桥镇", "花橋鎮"),
    ("三江镇", "三江鎮"),
    ("永兴乡", "永興鄉"),
    ("平安镇", "平安鎮"),
    ("东坡乡", "東坡鄉"),
    ("河口镇", "河口鎮"),
    ("石龙镇", "石龍鎮"),
    ("安乐乡", "安樂鄉"),
    ("高桥镇", "高橋鎮"),
    ("荷塘乡", "荷塘鄉"),
    ("大坪乡", "大坪鄉"),
];

/// A department: city/county name, its traditional form, the province's
/// name (厅 rather than 局), its traditional form, the 文号 abbreviation and
/// its usual topic.
struct Department {
    local: &'static str,
    local_trad: &'static str,
    provincial: &'static str,
    provincial_trad: &'static str,
    short: &'static str,
    topic: TopTopic,
}

const fn dept(
    local: &'static str,
    local_trad: &'static str,
    provincial: &'static str,
    provincial_trad: &'static str,
    short: &'static str,
    topic: TopTopic,
) -> Department {
    Department {
        local,
        local_trad,
        provincial,
        provincial_trad,
        short,
        topic,
    }
}

/// The departments, most common first (a city has the first 15 to 20).
const DEPARTMENTS: [Department; 20] = [
    dept(
        "财政局",
        "財政局",
        "财政厅",
        "財政廳",
        "财",
        TopTopic::Finance,
    ),
    dept(
        "交通运输局",
        "交通運輸局",
        "交通运输厅",
        "交通運輸廳",
        "交",
        TopTopic::IndustryTransport,
    ),
    dept(
        "生态环境局",
        "生態環境局",
        "生态环境厅",
        "生態環境廳",
        "环",
        TopTopic::ConstructionEnvironment,
    ),
    dept(
        "市场监督管理局",
        "市場監督管理局",
        "市场监督管理局",
        "市場監督管理局",
        "市监",
        TopTopic::MarketSafety,
    ),
    dept(
        "卫生健康委员会",
        "衛生健康委員會",
        "卫生健康委员会",
        "衛生健康委員會",
        "卫",
        TopTopic::HealthSports,
    ),
    dept(
        "教育局",
        "教育局",
        "教育厅",
        "教育廳",
        "教",
        TopTopic::ScienceEducation,
    ),
    dept(
        "自然资源和规划局",
        "自然資源和規劃局",
        "自然资源厅",
        "自然資源廳",
        "自然",
        TopTopic::LandEnergy,
    ),
    dept(
        "住房和城乡建设局",
        "住房和城鄉建設局",
        "住房和城乡建设厅",
        "住房和城鄉建設廳",
        "建",
        TopTopic::ConstructionEnvironment,
    ),
    dept(
        "人力资源和社会保障局",
        "人力資源和社會保障局",
        "人力资源和社会保障厅",
        "人力資源和社會保障廳",
        "人社",
        TopTopic::LabourPersonnel,
    ),
    dept(
        "农业农村局",
        "農業農村局",
        "农业农村厅",
        "農業農村廳",
        "农",
        TopTopic::Agriculture,
    ),
    dept(
        "水利局",
        "水利局",
        "水利厅",
        "水利廳",
        "水",
        TopTopic::Agriculture,
    ),
    dept(
        "民政局",
        "民政局",
        "民政厅",
        "民政廳",
        "民",
        TopTopic::CivilAffairs,
    ),
    dept(
        "司法局",
        "司法局",
        "司法厅",
        "司法廳",
        "司",
        TopTopic::PublicSecurityJustice,
    ),
    dept(
        "应急管理局",
        "應急管理局",
        "应急管理厅",
        "應急管理廳",
        "应急",
        TopTopic::MarketSafety,
    ),
    dept(
        "医疗保障局",
        "醫療保障局",
        "医疗保障局",
        "醫療保障局",
        "医保",
        TopTopic::HealthSports,
    ),
    dept(
        "文化广电旅游局",
        "文化廣電旅遊局",
        "文化和旅游厅",
        "文化和旅遊廳",
        "文旅",
        TopTopic::CultureMedia,
    ),
    dept(
        "商务局",
        "商務局",
        "商务厅",
        "商務廳",
        "商",
        TopTopic::CommerceCustomsTourism,
    ),
    dept(
        "统计局",
        "統計局",
        "统计局",
        "統計局",
        "统",
        TopTopic::Economy,
    ),
    dept(
        "林业局",
        "林業局",
        "林业局",
        "林業局",
        "林",
        TopTopic::Agriculture,
    ),
    dept(
        "审计局",
        "審計局",
        "审计厅",
        "審計廳",
        "审",
        TopTopic::Finance,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    City,
    County,
}

impl Level {
    fn word(self, trad: bool) -> &'static str {
        match (self, trad) {
            (Level::Province, _) => "省",
            (Level::City, _) => "市",
            (Level::County, false) => "县",
            (Level::County, true) => "縣",
        }
    }
}

/// An agency of the synthetic tree.
#[derive(Debug, Clone)]
pub struct Agency {
    pub id: i64,
    pub path: Vec<i64>,
    pub name: String,
    name_trad: String,
    place: &'static str,
    place_trad: &'static str,
    place_base: &'static str,
    /// 文号 abbreviation (青财).
    short: String,
    /// 18-character code (统一社会信用代码 style), the first part of the
    /// agency's 索引号.
    pub code: String,
    level: Level,
    topic: TopTopic,
}

fn agency_code(id: i64, region: &str) -> String {
    const CHECK: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let serial = 1_000_000 + id * 7_919 % 8_999_999;
    let check = CHECK[(id as usize * 13 + region.len()) % CHECK.len()] as char;
    format!("11{region}MB{serial:07}{check}")
}

/// The agency tree: the province, 12 cities and 6 counties, each with its
/// government and 15–20 departments (~340 agencies).
pub fn agencies() -> Vec<Agency> {
    let mut out: Vec<Agency> = Vec::new();
    let province = add_government(&mut out, &[], &PROVINCE, Level::Province, "360000", 20);
    let mut city_paths = Vec::new();
    for (i, city) in CITIES.iter().enumerate() {
        let region = format!("36{:02}00", i + 1);
        city_paths.push(add_government(
            &mut out,
            &province,
            city,
            Level::City,
            &region,
            15 + i % 6,
        ));
    }
    for (j, (county, city)) in COUNTIES.iter().enumerate() {
        let region = format!("36{:02}{:02}", city + 1, j + 21);
        add_government(
            &mut out,
            &city_paths[*city],
            county,
            Level::County,
            &region,
            15,
        );
    }
    out
}

/// Adds a people's government and its first `depts` departments below
/// `parent`; returns the government's path.
fn add_government(
    out: &mut Vec<Agency>,
    parent: &[i64],
    p: &Place,
    level: Level,
    region: &str,
    depts: usize,
) -> Vec<i64> {
    let id = out.len() as i64 + 1;
    let mut path = parent.to_vec();
    path.push(id);
    out.push(Agency {
        id,
        path: path.clone(),
        name: format!("{}人民政府", p.name),
        name_trad: format!("{}人民政府", p.trad),
        place: p.name,
        place_trad: p.trad,
        place_base: p.base,
        short: format!("{}政", p.short),
        code: agency_code(id, region),
        level,
        topic: TopTopic::General,
    });
    for d in DEPARTMENTS.iter().take(depts) {
        let dept_id = out.len() as i64 + 1;
        let mut dept_path = path.clone();
        dept_path.push(dept_id);
        let (name, trad) = if level == Level::Province {
            (d.provincial, d.provincial_trad)
        } else {
            (d.local, d.local_trad)
        };
        out.push(Agency {
            id: dept_id,
            path: dept_path,
            name: format!("{}{}", p.name, name),
            name_trad: format!("{}{}", p.trad, trad),
            place: p.name,
            place_trad: p.trad,
            place_base: p.base,
            short: format!("{}{}", p.short, d.short),
            code: agency_code(dept_id, region),
            level,
            topic: d.topic,
        });
    }
    path
}

// ---------------------------------------------------------------------------
// Vocabulary. None of it may contain the planted words of the queries (see
// `specs`); the corpus test checks it.

const WORKS: [(&str, &str); 30] = [
    ("政府信息公开", "政府資訊公開"),
    ("安全生产", "安全生產"),
    ("乡村振兴", "鄉村振興"),
    ("营商环境优化", "營商環境優化"),
    ("医疗保障", "醫療保障"),
    ("义务教育", "義務教育"),
    ("农村公路建设", "農村公路建設"),
    ("生态环境保护", "生態環境保護"),
    ("食品安全监管", "食品安全監管"),
    ("城乡低保", "城鄉低保"),
    ("就业创业", "就業創業"),
    ("河长制", "河長制"),
    ("森林防火", "森林防火"),
    ("防汛抗旱", "防汛抗旱"),
    ("耕地保护", "耕地保護"),
    ("农村人居环境整治", "農村人居環境整治"),
    ("信访工作", "信訪工作"),
    ("公共文化服务", "公共文化服務"),
    ("城市更新", "城市更新"),
    ("老旧小区改造", "老舊小區改造"),
    ("住房公积金管理", "住房公積金管理"),
    ("社会救助", "社會救助"),
    ("政务服务", "政務服務"),
    ("校园安全", "校園安全"),
    ("高标准农田建设", "高標準農田建設"),
    ("污水处理", "汙水處理"),
    ("大气污染防治", "大氣污染防治"),
    ("行政执法监督", "行政執法監督"),
    ("招商引资", "招商引資"),
    ("统计调查", "統計調查"),
];

const LAWS: [(&str, &str); 12] = [
    (
        "中华人民共和国政府信息公开条例",
        "中華人民共和國政府信息公開條例",
    ),
    ("中华人民共和国预算法", "中華人民共和國預算法"),
    ("中华人民共和国行政处罚法", "中華人民共和國行政處罰法"),
    ("中华人民共和国安全生产法", "中華人民共和國安全生產法"),
    ("优化营商环境条例", "優化營商環境條例"),
    ("中华人民共和国义务教育法", "中華人民共和國義務教育法"),
    (
        "医疗保障基金使用监督管理条例",
        "醫療保障基金使用監督管理條例",
    ),
    (
        "中华人民共和国乡村振兴促进法",
        "中華人民共和國鄉村振興促進法",
    ),
    ("中华人民共和国公路法", "中華人民共和國公路法"),
    ("中华人民共和国环境保护法", "中華人民共和國環境保護法"),
    ("中华人民共和国食品安全法", "中華人民共和國食品安全法"),
    ("社会救助暂行办法", "社會救助暫行辦法"),
];

const SUBJECTS: [(&str, &str); 12] = [
    ("财政专项资金", "財政專項資金"),
    ("政府采购", "政府採購"),
    ("公共资源交易", "公共資源交易"),
    ("国有资产", "國有資產"),
    ("行政执法", "行政執法"),
    ("建设工程招标投标", "建設工程招標投標"),
    ("政务服务事项", "政務服務事項"),
    ("公益林", "公益林"),
    ("农村集体资产", "農村集體資產"),
    ("公共租赁住房", "公共租賃住房"),
    ("医疗保障定点机构", "醫療保障定點機構"),
    ("学生资助", "學生資助"),
];

const PROJECTS: [&str; 8] = [
    "农村公路建设项目",
    "污水处理厂提标改造项目",
    "中心小学教学楼建设项目",
    "高标准农田建设项目",
    "老旧小区改造项目",
    "乡镇卫生院改扩建项目",
    "城区排水管网改造项目",
    "体育公园建设项目",
];

const FUNDS: [&str; 7] = [
    "乡村振兴衔接",
    "义务教育经费保障",
    "城乡低保",
    "就业补助",
    "农村公路建设",
    "大气污染防治",
    "医疗救助",
];

const HAZARDS: [&str; 5] = [
    "防汛",
    "森林火灾",
    "生产安全事故",
    "突发环境事件",
    "食品安全事故",
];

const GOALS: [&str; 6] = [
    "补齐短板",
    "提升服务效能",
    "强化监督检查",
    "完善制度机制",
    "优化资源配置",
    "防范化解风险",
];

const UNITS: [&str; 4] = ["区县人民政府", "有关部门", "乡镇人民政府", "直属单位"];

const DOCTYPES: [(&str, &str); 5] = [
    ("办法", "辦法"),
    ("方案", "方案"),
    ("意见", "意見"),
    ("规定", "規定"),
    ("细则", "細則"),
];

const PERSONS: [(&str, &str); 10] = [
    ("王伟", "王偉"),
    ("李娜", "李娜"),
    ("张敏", "張敏"),
    ("刘洋", "劉洋"),
    ("陈静", "陳靜"),
    ("杨帆", "楊帆"),
    ("赵磊", "趙磊"),
    ("黄芳", "黃芳"),
    ("周涛", "周濤"),
    ("吴刚", "吳剛"),
];

const COMPANIES: [&str; 8] = [
    "宏达", "恒信", "顺发", "鑫源", "华康", "瑞丰", "永盛", "金鼎",
];
const COMPANY_KINDS: [&str; 6] = [
    "商贸有限公司",
    "建筑工程有限公司",
    "食品店",
    "餐饮管理有限公司",
    "大药房",
    "物流有限公司",
];
const VIOLATIONS: [&str; 6] = [
    "未按规定建立食品安全追溯制度",
    "超限运输",
    "未依法取得排污许可证排放污染物",
    "销售不合格产品",
    "未按规定开展安全生产教育培训",
    "使用未经检验的特种设备",
];

const KEYWORDS: [&str; 24] = [
    "信息公开",
    "安全生产",
    "乡村振兴",
    "营商环境",
    "医疗保障",
    "义务教育",
    "农村公路",
    "生态环境",
    "食品安全",
    "低保",
    "就业",
    "河长制",
    "森林防火",
    "防汛",
    "耕地保护",
    "人居环境",
    "信访",
    "公共文化",
    "城市更新",
    "公积金",
    "社会救助",
    "政务服务",
    "财政预算",
    "政府采购",
];

/// Sentences any document may contain (simplified).
const SENTENCES: [&str; 15] = [
    "为进一步加强{work}工作，根据《{law}》和有关规定，结合本{level}实际，制定本{doctype}。",
    "各单位要高度重视{work}，明确责任分工，细化工作措施，确保各项任务按期完成。",
    "{year}年，全{level}共完成{work}项目{n}个，累计投入资金{money}万元。",
    "本{doctype}自{date}起施行，有效期{k}年。",
    "请各{unit}于{date}前将工作总结报送{agency}。",
    "对在{work}中发现的问题，要建立台账，限期整改，实行销号管理。",
    "加强{work}与{work2}的统筹衔接，推动高质量发展。",
    "联系人：{person}，联系电话：{phone}。",
    "依据《中华人民共和国政府信息公开条例》第二十条规定，现将有关情况予以公开。",
    "重点围绕{goal}、{goal2}等方面，持续推进{work}。",
    "在{township}、{township2}等地开展{work}试点，取得了阶段性成效。",
    "根据{docref}文件精神，结合工作实际，提出如下意见。",
    "各地要加大资金投入，落实{work}各项保障措施。",
    "{agency}将定期对{work}情况开展督导检查，并通报结果。",
    "全年共开展{work}培训{n}场次，培训人员{n}人次。",
];

/// The same in traditional characters (hand-written, as an agency in a
/// traditional-script region, or a pasted document, would publish them).
const SENTENCES_TRAD: [&str; 10] = [
    "為進一步加強{work}工作，根據《{law}》等有關規定，結合本地實際，制定本{doctype}。",
    "各單位要高度重視，明確責任分工，細化工作措施，確保各項任務按期完成。",
    "{year}年，全{level}共完成{work}項目{n}個，累計投入資金{money}萬元。",
    "本{doctype}自{date}起施行，有效期{k}年。",
    "對在{work}中發現的問題，要建立台賬，限期整改，實行銷號管理。",
    "在{township}、{township2}等地開展{work}試點，取得了階段性成效。",
    "聯繫人：{person}，聯繫電話：{phone}。",
    "依據《中華人民共和國政府信息公開條例》第二十條規定，現將有關情況予以公開。",
    "加強{work}與{work2}的統籌銜接，推動高質量發展。",
    "請各有關單位於{date}前將工作總結報送{agency}。",
];

const TITLES_TRAD: [&str; 6] = [
    "關於進一步加強政府資訊公開工作的通知",
    "關於做好{year}年{work}工作的通知",
    "{agency}{year}年部門預算公開",
    "關於開展{year}年{work}專項檢查的通知",
    "關於{year}年{work}情況的報告",
    "{place}{subject}管理辦法",
];

const SUMMARIES_TRAD: [&str; 3] = [
    "本文件明確了{work}的工作目標、主要任務和保障措施，自印發之日起施行。",
    "為貫徹落實《{law}》，推進{work}，{agency}制定本{doctype}，請遵照執行。",
    "介紹{year}年{work}開展情況、存在的問題及下一步工作安排。",
];
const SUMMARY_PAD_TRAD: &str = "文件全文及附件詳見正文，如有疑問請與發布機構聯繫。";

const SUMMARIES: [&str; 4] = [
    "本文件明确了{work}的工作目标、主要任务和保障措施，自印发之日起施行。",
    "为贯彻落实《{law}》，推进{work}，{agency}制定本{doctype}，共{k}章{n}条。",
    "介绍{year}年{work}开展情况、存在的问题及下一步工作安排。",
    "对{work}工作作出部署，要求各地压实责任、强化督导，确保取得实效。",
];
const SUMMARY_PAD: &str = "全文及附件详见正文，如有疑问请与发布机构联系。";

/// A kind of document: its titles, summaries and own sentences, where it
/// belongs in the catalogue, and the kind of 文号 it carries, if any.
struct Kind {
    weight: u32,
    titles: &'static [&'static str],
    summaries: &'static [&'static str],
    sentences: &'static [&'static str],
    article20: Article20Item,
    /// None: the publishing department's topic.
    topic: Option<TopTopic>,
    /// Between 发 and 罚: what follows the abbreviation in the 文号.
    number: &'static [&'static str],
    /// How often such a document has a 文号, in percent.
    numbered: u32,
}

const KINDS: [Kind; 10] = [
    Kind {
        weight: 14,
        titles: &[
            "关于印发《{place}{subject}管理办法》的通知",
            "《{place}{subject}管理办法》政策解读",
            "关于征求《{place}{subject}管理办法（征求意见稿）》意见的公告",
        ],
        summaries: &[],
        sentences: &["本办法所称{subject}，是指由{agency}负责管理的相关事项。"],
        article20: Article20Item::Regulations,
        topic: None,
        number: &["发", "规"],
        numbered: 85,
    },
    Kind {
        weight: 22,
        titles: &[
            "关于做好{year}年{work}工作的通知",
            "关于开展{year}年{work}专项检查的通知",
            "关于进一步加强{work}的实施意见",
        ],
        summaries: &[],
        sentences: &["各{unit}要结合实际制定具体实施方案，于{date}前报送{agency}备查。"],
        article20: Article20Item::SocialPolicies,
        topic: None,
        number: &["发", "办发", "函"],
        numbered: 80,
    },
    Kind {
        weight: 12,
        titles: &[
            "{agency}{year}年部门预算公开",
            "{agency}{year}年部门决算公开",
            "关于{year}年{fund}资金分配情况的公示",
        ],
        summaries: &[
            "{agency}公开{year}年部门预算，包括收支总体情况、项目支出绩效目标和“三公”经费等内容。",
        ],
        sentences: &[
            "{year}年部门预算收入{money}万元，支出{money}万元，其中基本支出{money}万元，项目支出{money}万元。",
            "“三公”经费预算{money}万元，比上年减少{k}%。",
        ],
        article20: Article20Item::Budget,
        topic: Some(TopTopic::Finance),
        number: &["发"],
        numbered: 25,
    },
    Kind {
        weight: 10,
        titles: &["行政处罚决定书"],
        summaries: &["对{party}{violation}的违法行为依法作出行政处罚，现予公开。"],
        sentences: &[
            "当事人{party}{violation}，违反了《{law}》有关规定。",
            "{agency}依法对当事人作出罚款{n}00元的行政处罚。",
        ],
        article20: Article20Item::Enforcement,
        topic: Some(TopTopic::MarketSafety),
        number: &["罚"],
        numbered: 100,
    },
    Kind {
        weight: 8,
        titles: &["关于{place}{project}的批复"],
        summaries: &[],
        sentences: &[
            "你单位报来的《关于{project}的请示》收悉。经研究，原则同意该项目。",
            "项目总投资{money}万元，建设工期{k}个月。",
        ],
        article20: Article20Item::MajorProjects,
        topic: Some(TopTopic::ConstructionEnvironment),
        number: &["函", "复"],
        numbered: 90,
    },
    Kind {
        weight: 10,
        titles: &[
            "{agency}{year}年政府信息公开工作年度报告",
            "关于{year}年{work}情况的报告",
            "{agency}关于{year}年{work}工作总结",
        ],
        summaries: &[],
        sentences: &[
            "本报告根据《中华人民共和国政府信息公开条例》要求编制。",
            "本年度主动公开政府信息{n}条，办理依申请公开{k}件。",
        ],
        article20: Article20Item::OtherStatutory,
        topic: Some(TopTopic::General),
        number: &["发"],
        numbered: 20,
    },
    Kind {
        weight: 5,
        titles: &["{place}{year}年国民经济和社会发展统计公报"],
        summaries: &[],
        sentences: &[
            "全年地区生产总值{money}亿元，比上年增长{k}.{k}%。",
            "城乡居民人均可支配收入{n}00元。",
        ],
        article20: Article20Item::Statistics,
        topic: Some(TopTopic::Economy),
        number: &[],
        numbered: 0,
    },
    Kind {
        weight: 7,
        titles: &[
            "关于公布{year}年{agency}权责清单的通知",
            "{agency}行政事业性收费项目清单",
        ],
        summaries: &[],
        sentences: &["清单实行动态调整，调整情况及时向社会公布。"],
        article20: Article20Item::Fees,
        topic: None,
        number: &["发", "办发"],
        numbered: 60,
    },
    Kind {
        weight: 6,
        titles: &["{place}{hazard}应急预案"],
        summaries: &[],
        sentences: &["本预案适用于本{level}行政区域内{hazard}的预防和应急处置。"],
        article20: Article20Item::Emergencies,
        topic: Some(TopTopic::PublicSecurityJustice),
        number: &["办发"],
        numbered: 70,
    },
    Kind {
        weight: 6,
        titles: &["{agency}{year}年公开招聘工作人员公告"],
        summaries: &[],
        sentences: &["本次公开招聘工作人员{n}名，报名时间为{date}至{date}。"],
        article20: Article20Item::CivilServiceRecruitment,
        topic: Some(TopTopic::LabourPersonnel),
        number: &[],
        numbered: 0,
    },
];

// ---------------------------------------------------------------------------
// The queries and what is planted for them

/// The script a planted document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Simplified,
    Traditional,
    /// Simplified, with full-width digits.
    FullWidth,
}

enum Plant {
    /// One target per sentence, inserted into the body of a document in
    /// `script`; each decoy sentence goes into one more document, which is
    /// not a target.
    Sentences {
        script: Script,
        sentences: &'static [&'static str],
        decoys: &'static [&'static str],
    },
    /// One document of `agency`, published in `year` under `published`.
    DocumentNumber {
        agency: &'static str,
        year: i32,
        published: &'static str,
    },
    /// One document of `agency` with the 索引号 `{code}/{year}-{serial}`
    /// (the query is that 索引号).
    IndexNumber {
        agency: &'static str,
        year: i32,
        serial: u32,
    },
}

struct Spec {
    /// The query (for an index number: empty, it is the planted 索引号).
    text: &'static str,
    category: Category,
    plant: Plant,
    /// Strings (simplified, half-width) that no document outside the
    /// planted ones may contain.
    #[cfg_attr(not(test), expect(dead_code, reason = "checked by the corpus test"))]
    absent: &'static [&'static str],
}

const fn sentences(script: Script, sentences: &'static [&'static str]) -> Plant {
    Plant::Sentences {
        script,
        sentences,
        decoys: &[],
    }
}

/// The fixed query set. Planted text is written as people write it: the
/// two-character words inside longer words and ordinary sentences (山体滑坡
/// 隐患点), never alone between punctuation.
const SPECS: [Spec; 24] = [
    Spec {
        text: "滑坡",
        category: Category::TwoCharacterWord,
        plant: sentences(
            Script::Simplified,
            &[
                "组织力量对辖区内山体滑坡隐患点开展拉网式排查。",
                "汛期前完成{township}滑坡治理工程验收。",
                "及时发布滑坡、泥石流等地质灾害预警信息。",
                "对受滑坡威胁的农户实施避险搬迁。",
            ],
        ),
        absent: &["滑坡"],
    },
    Spec {
        text: "粮仓",
        category: Category::TwoCharacterWord,
        plant: sentences(
            Script::Simplified,
            &[
                "对辖区内粮仓开展防火安全检查。",
                "新建高标准粮仓两座，新增仓容一万吨。",
                "落实粮仓安全度夏各项措施。",
                "严把粮仓入库质量关。",
                "{township}粮仓维修改造工程已竣工。",
            ],
        ),
        absent: &["粮仓"],
    },
    Spec {
        text: "古树",
        category: Category::TwoCharacterWord,
        plant: sentences(
            Script::Simplified,
            &[
                "全县共普查登记古树名木三百余株，逐株建立档案。",
                "严禁擅自砍伐、移植古树。",
                "落实古树保护责任，设立保护标志。",
                "对濒危古树实施抢救性复壮。",
            ],
        ),
        absent: &["古树"],
    },
    Spec {
        text: "蝗虫",
        category: Category::TwoCharacterWord,
        plant: sentences(
            Script::Simplified,
            &[
                "做好蝗虫等重大病虫害监测预警。",
                "组织开展蝗虫统防统治。",
                "今年以来未发现蝗虫成片发生。",
            ],
        ),
        absent: &["蝗虫"],
    },
    Spec {
        text: "预算",
        category: Category::Common,
        plant: sentences(
            Script::Simplified,
            &[
                "严格执行年度预算，硬化预算约束。",
                "部门预算批复后{k}日内向社会公开。",
                "加强预算绩效管理，提高资金使用效益。",
                "预算调整须报本级人大常委会审查批准。",
            ],
        ),
        absent: &[],
    },
    Spec {
        text: "政府信息公开",
        category: Category::Common,
        plant: sentences(
            Script::Simplified,
            &[
                "认真做好政府信息公开申请办理工作。",
                "本年度共收到政府信息公开申请{n}件。",
                "把政府信息公开工作纳入绩效考核。",
                "进一步规范政府信息公开平台建设。",
            ],
        ),
        absent: &[],
    },
    Spec {
        text: "行政处罚 决定书",
        category: Category::Common,
        plant: sentences(
            Script::Simplified,
            &[
                "依法向当事人送达行政处罚决定书。",
                "行政处罚决定书自作出之日起七日内公开。",
                "当事人对行政处罚决定书不服的，可依法申请行政复议。",
                "现将行政处罚决定书全文予以公开。",
            ],
        ),
        absent: &[],
    },
    Spec {
        text: "渡口 安全 整治",
        category: Category::MultiWord,
        plant: sentences(
            Script::Simplified,
            &[
                "对全县渡口开展安全隐患排查整治。",
                "整治无证渡船，确保渡口通航安全。",
                "渡口安全专项整治行动共检查渡船{n}艘。",
                "落实渡口安全管理责任，限期整治存在的问题。",
            ],
        ),
        absent: &["渡口", "渡船"],
    },
    Spec {
        text: "古镇 消防 隐患",
        category: Category::MultiWord,
        plant: sentences(
            Script::Simplified,
            &[
                "对古镇木结构民居开展消防安全隐患排查。",
                "古镇内消防通道被占用等隐患已全部整改。",
                "加强古镇消防设施建设，及时消除火灾隐患。",
                "在古镇开展消防隐患大排查。",
            ],
        ),
        absent: &["古镇"],
    },
    Spec {
        text: "電動自行車 充電",
        category: Category::TraditionalToSimplified,
        plant: sentences(
            Script::Simplified,
            &[
                "规范电动自行车充电行为，严禁在楼道内停放、充电。",
                "新建电动自行车集中充电桩{n}个。",
                "开展电动自行车违规充电专项检查。",
                "电动自行车入户充电引发火灾的，依法追究责任。",
            ],
        ),
        absent: &["电动自行车", "充电"],
    },
    Spec {
        text: "異地就醫 備案",
        category: Category::TraditionalToSimplified,
        plant: sentences(
            Script::Simplified,
            &[
                "参保人员异地就医备案可通过线上办理。",
                "简化异地就医备案手续，实现备案后直接结算。",
                "{year}年办理异地就医备案{n}人次。",
                "长期居住在外地的参保人员，可申请异地就医备案。",
            ],
        ),
        absent: &["异地就医"],
    },
    Spec {
        text: "养老服务补贴",
        category: Category::SimplifiedToTraditional,
        plant: sentences(
            Script::Traditional,
            &[
                "為高齡、失能老年人按月發放養老服務補貼。",
                "養老服務補貼實行申請、審核、公示制度。",
                "{year}年共發放養老服務補貼{money}萬元，惠及老年人{n}名。",
                "對冒領養老服務補貼的，依法追回並取消資格。",
            ],
        ),
        absent: &["养老", "补贴"],
    },
    Spec {
        text: "危险化学品",
        category: Category::SimplifiedToTraditional,
        plant: sentences(
            Script::Traditional,
            &[
                "開展危險化學品安全專項整治，嚴防重特大事故。",
                "對全市危險化學品生產、儲存企業進行全面排查。",
                "危險化學品運輸車輛須按規定路線和時段通行。",
                "建立危險化學品重大危險源監測預警系統。",
            ],
        ),
        absent: &["化学品"],
    },
    Spec {
        text: "2023年第4季度",
        category: Category::Width,
        plant: sentences(
            Script::FullWidth,
            &[
                "现将2023年第4季度政府信息公开工作情况公布如下。",
                "2023年第4季度共办理政务服务事项{n}件。",
                "{agency}2023年第4季度财政收支情况良好。",
                "2023年第4季度全市安全生产形势总体平稳。",
            ],
        ),
        absent: &["季度"],
    },
    Spec {
        text: "２０２１年第３季度",
        category: Category::Width,
        plant: sentences(
            Script::Simplified,
            &[
                "2021年第3季度共受理群众来信来访{n}件。",
                "现将2021年第3季度重点工作完成情况通报如下。",
                "2021年第3季度，全县规模以上工业增加值增长{k}%。",
                "{agency}2021年第3季度政务公开工作要点已印发。",
            ],
        ),
        absent: &["季度"],
    },
    Spec {
        text: "白交发〔2023〕117号",
        category: Category::DocumentNumber,
        plant: Plant::DocumentNumber {
            agency: "白沙县交通运输局",
            year: 2023,
            published: "白交发〔2023〕117号",
        },
        absent: &["白交发〔2023〕117号"],
    },
    Spec {
        text: "青财发[2022]131号",
        category: Category::DocumentNumber,
        plant: Plant::DocumentNumber {
            agency: "青山市财政局",
            year: 2022,
            published: "青财发〔2022〕131号",
        },
        absent: &["青财发〔2022〕131号"],
    },
    Spec {
        text: "临环发(2024)142号",
        category: Category::DocumentNumber,
        plant: Plant::DocumentNumber {
            agency: "临江市生态环境局",
            year: 2024,
            published: "临环发〔2024〕142号",
        },
        absent: &["临环发〔2024〕142号"],
    },
    Spec {
        text: "云卫发（2021）109号",
        category: Category::DocumentNumber,
        plant: Plant::DocumentNumber {
            agency: "云岭市卫生健康委员会",
            year: 2021,
            published: "云卫发[2021]109号",
        },
        absent: &["云卫发〔2021〕109号"],
    },
    Spec {
        text: "石教发【2020】123号",
        category: Category::DocumentNumber,
        plant: Plant::DocumentNumber {
            agency: "石桥市教育局",
            year: 2020,
            published: "石教发〔2020〕123号",
        },
        absent: &["石教发〔2020〕123号"],
    },
    Spec {
        text: "",
        category: Category::IndexNumber,
        plant: Plant::IndexNumber {
            agency: "青山市生态环境局",
            year: 2024,
            serial: 318,
        },
        absent: &[],
    },
    Spec {
        text: "",
        category: Category::IndexNumber,
        plant: Plant::IndexNumber {
            agency: "桃源县民政局",
            year: 2020,
            serial: 77,
        },
        absent: &[],
    },
    Spec {
        text: "\"农村公路养护\"",
        category: Category::Phrase,
        plant: Plant::Sentences {
            script: Script::Simplified,
            sentences: &[
                "加强农村公路养护管理，落实县道、乡道、村道养护责任。",
                "{year}年安排农村公路养护资金{money}万元。",
                "推行农村公路养护市场化改革。",
                "将农村公路养护纳入年度考核。",
            ],
            // The words apart: not the phrase, so not targets (an engine
            // that matches them is not wrong about recall, but its results
            // are less precise).
            decoys: &[
                "推进农村公路建设，同时做好桥梁日常养护。",
                "农村公路通达率达到百分之百，沿线绿化带养护到位。",
                "做好农村公路沿线路灯的养护。",
            ],
        },
        absent: &["养护"],
    },
    Spec {
        text: "\"老旧小区加装电梯\"",
        category: Category::Phrase,
        plant: Plant::Sentences {
            script: Script::Simplified,
            sentences: &[
                "支持老旧小区加装电梯，每台给予二十万元补助。",
                "{year}年全市完成老旧小区加装电梯{n}台。",
                "老旧小区加装电梯须经本单元业主同意。",
                "简化老旧小区加装电梯审批流程。",
            ],
            decoys: &[
                "在老旧小区改造中，对具备条件的楼栋加装扶手，并检修电梯。",
                "老旧小区新增停车位{n}个，加装路灯，检修电梯。",
                "对电梯开展安全检查，并为老旧小区加装监控。",
            ],
        },
        absent: &["加装"],
    },
];

/// One planted document: which query, and which of its sentences (or a
/// decoy).
#[derive(Debug, Clone, Copy)]
struct Slot {
    spec: usize,
    /// The target's number within its query, or a decoy's number after the
    /// targets.
    index: usize,
    decoy: bool,
}

fn targets_of(spec: &Spec) -> (usize, usize) {
    match &spec.plant {
        Plant::Sentences {
            sentences, decoys, ..
        } => (sentences.len(), decoys.len()),
        Plant::DocumentNumber { .. } | Plant::IndexNumber { .. } => (1, 0),
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Where the planted documents go for a corpus of `items`: slot g of P owns
/// the g-th P-th of the corpus and takes a pseudo-random position in it.
/// Slots are ordered target-number first, so each query's targets are
/// spread over the whole corpus, not bunched together.
fn slots(items: u64) -> Vec<(u64, Slot)> {
    let mut all = Vec::new();
    let longest = SPECS
        .iter()
        .map(|s| {
            let (t, d) = targets_of(s);
            t + d
        })
        .max()
        .unwrap_or(0);
    for index in 0..longest {
        for (spec, s) in SPECS.iter().enumerate() {
            let (t, d) = targets_of(s);
            if index < t + d {
                all.push(Slot {
                    spec,
                    index,
                    decoy: index >= t,
                });
            }
        }
    }
    let p = all.len() as u64;
    let width = items / p;
    all.into_iter()
        .enumerate()
        .map(|(g, slot)| {
            let g = g as u64;
            let id = 1 + g * items / p + splitmix(SEED ^ g) % width.max(1);
            (id, slot)
        })
        .collect()
}

fn agency_by_name<'a>(agencies: &'a [Agency], name: &str) -> &'a Agency {
    agencies
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no agency {name} in the synthetic tree"))
}

fn planted_index_number(agencies: &[Agency], agency: &str, year: i32, serial: u32) -> String {
    format!(
        "{}/{year}-{serial:05}",
        agency_by_name(agencies, agency).code
    )
}

/// The fixed query set with its targets in a corpus of `items` documents.
pub fn queries(items: u64) -> Vec<BenchQuery> {
    let agencies = agencies();
    let slots = slots(items);
    SPECS
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let targets: Vec<u64> = slots
                .iter()
                .filter(|(_, s)| s.spec == i && !s.decoy)
                .map(|(id, _)| *id)
                .collect();
            let text = match spec.plant {
                Plant::IndexNumber {
                    agency,
                    year,
                    serial,
                } => planted_index_number(&agencies, agency, year, serial),
                _ => spec.text.to_string(),
            };
            BenchQuery {
                text,
                category: spec.category,
                targets,
                must_be_first: matches!(
                    spec.category,
                    Category::DocumentNumber | Category::IndexNumber
                ),
            }
        })
        .collect()
}

/// The strings (simplified, half-width) no document except the planted ones
/// contains, with the query they belong to.
#[cfg(test)]
fn absent_markers() -> Vec<(usize, &'static str)> {
    SPECS
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.absent.iter().map(move |m| (i, *m)))
        .collect()
}

// ---------------------------------------------------------------------------
// Generation

/// Generates the corpus of `items` documents, calling `tick` after each.
pub fn generate(items: u64, mut tick: impl FnMut()) -> Vec<BenchDoc> {
    let mut g = Generator::new(items);
    (1..=items)
        .map(|id| {
            let d = g.document(id);
            tick();
            d
        })
        .collect()
}

struct Generator {
    agencies: Vec<Agency>,
    plants: HashMap<u64, Slot>,
    /// 文号 and 索引号 the planted documents carry: the counters of the
    /// other documents skip them.
    reserved: HashSet<String>,
    index_serials: HashMap<(i64, i32), u32>,
    number_serials: HashMap<(i64, &'static str, i32), u32>,
}

/// Values that stay the same within one document.
struct Ctx<'a> {
    agency: &'a Agency,
    agencies: &'a [Agency],
    year: i32,
    trad: bool,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("non-empty vocabulary")
}

fn choose<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items.choose(rng).copied().expect("non-empty vocabulary")
}

fn either<'a>(rng: &mut StdRng, items: &'a [(&'a str, &'a str)], trad: bool) -> &'a str {
    let (s, t) = pick(rng, items);
    if trad { t } else { s }
}

impl Ctx<'_> {
    fn push_value(&self, key: &str, rng: &mut StdRng, out: &mut String) {
        use std::fmt::Write;
        let t = self.trad;
        match key {
            "agency" => out.push_str(if t {
                &self.agency.name_trad
            } else {
                &self.agency.name
            }),
            "place" => out.push_str(if t {
                self.agency.place_trad
            } else {
                self.agency.place
            }),
            "level" => out.push_str(self.agency.level.word(t)),
            "year" => {
                let _ = write!(out, "{}", self.year);
            }
            "work" | "work2" => out.push_str(either(rng, &WORKS, t)),
            "law" => out.push_str(either(rng, &LAWS, t)),
            "subject" => out.push_str(either(rng, &SUBJECTS, t)),
            "doctype" => out.push_str(either(rng, &DOCTYPES, t)),
            "person" => out.push_str(either(rng, &PERSONS, t)),
            "township" | "township2" => out.push_str(either(rng, &TOWNSHIPS, t)),
            "project" => out.push_str(choose(rng, &PROJECTS)),
            "fund" => out.push_str(choose(rng, &FUNDS)),
            "hazard" => out.push_str(choose(rng, &HAZARDS)),
            "goal" | "goal2" => out.push_str(choose(rng, &GOALS)),
            "unit" => out.push_str(choose(rng, &UNITS)),
            "party" => {
                out.push_str(self.agency.place_base);
                out.push_str(choose(rng, &COMPANIES));
                out.push_str(choose(rng, &COMPANY_KINDS));
            }
            "violation" => out.push_str(choose(rng, &VIOLATIONS)),
            "n" => {
                let _ = write!(out, "{}", rng.gen_range(2..300));
            }
            "k" => {
                let _ = write!(out, "{}", rng.gen_range(2..10));
            }
            "money" => {
                let _ = write!(
                    out,
                    "{}.{:02}",
                    rng.gen_range(10..9_999),
                    rng.gen_range(0..100)
                );
            }
            "date" => {
                let _ = write!(
                    out,
                    "{}年{}月{}日",
                    self.year,
                    rng.gen_range(1..=12),
                    rng.gen_range(1..=28)
                );
            }
            "phone" => {
                let _ = write!(
                    out,
                    "0{}-{}",
                    rng.gen_range(570..=579),
                    rng.gen_range(81_000_000..89_999_999)
                );
            }
            // A 文号 cited in the text: serials up to 60, below every
            // planted one.
            "docref" => {
                let a = pick(rng, self.agencies);
                let year = rng.gen_range(2015..=self.year);
                let _ = write!(out, "{}发〔{year}〕{}号", a.short, rng.gen_range(1..=60));
            }
            other => unreachable!("unknown placeholder {{{other}}}"),
        }
    }

    /// `template` with each `{name}` replaced by a value drawn for it.
    fn fill(&self, template: &str, rng: &mut StdRng) -> String {
        let mut out = String::with_capacity(template.len() + 48);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("closed placeholder");
            self.push_value(&rest[open + 1..close], rng, &mut out);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

fn full_width_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn random_date(rng: &mut StdRng, year: i32) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    };
    start + chrono::Days::new(rng.gen_range(0..days))
}

impl Generator {
    fn new(items: u64) -> Generator {
        let agencies = agencies();
        let mut reserved = HashSet::new();
        for spec in &SPECS {
            match spec.plant {
                Plant::DocumentNumber { published, .. } => {
                    reserved.insert(gongkai_search::fold::fold_text(published));
                }
                Plant::IndexNumber {
                    agency,
                    year,
                    serial,
                } => {
                    reserved.insert(planted_index_number(&agencies, agency, year, serial));
                }
                Plant::Sentences { .. } => {}
            }
        }
        Generator {
            agencies,
            plants: slots(items).into_iter().collect(),
            reserved,
            index_serials: HashMap::new(),
            number_serials: HashMap::new(),
        }
    }

    fn next_index_number(&mut self, agency: usize, year: i32) -> String {
        let a = &self.agencies[agency];
        let serial = self.index_serials.entry((a.id, year)).or_insert(0);
        loop {
            *serial += 1;
            let n = format!("{}/{year}-{:05}", a.code, *serial);
            if !self.reserved.contains(&n) {
                return n;
            }
        }
    }

    fn next_document_number(
        &mut self,
        agency: usize,
        kind: &'static str,
        year: i32,
        rng: &mut StdRng,
    ) -> String {
        let a = &self.agencies[agency];
        let serial = self.number_serials.entry((a.id, kind, year)).or_insert(0);
        let (open, close) = match rng.gen_range(0..100) {
            0..=89 => ('〔', '〕'),
            90..=95 => ('[', ']'),
            _ => ('(', ')'),
        };
        loop {
            *serial += 1;
            let n = format!("{}{kind}{open}{year}{close}{}号", a.short, *serial);
            if !self.reserved.contains(&gongkai_search::fold::fold_text(&n)) {
                return n;
            }
        }
    }

    fn document(&mut self, id: u64) -> BenchDoc {
        let mut rng = StdRng::seed_from_u64(SEED ^ splitmix(id));
        let plant = self.plants.get(&id).copied();
        let spec = plant.map(|p| &SPECS[p.spec]);

        let mut agency = rng.gen_range(0..self.agencies.len());
        let mut year = rng.gen_range(2019..=2025);
        let roll = rng.gen_range(0..100);
        let mut script = match roll {
            0..=2 => Script::Traditional,
            3..=7 => Script::FullWidth,
            _ => Script::Simplified,
        };
        match spec.map(|s| &s.plant) {
            Some(Plant::Sentences { script: s, .. }) => script = *s,
            Some(Plant::DocumentNumber {
                agency: name,
                year: y,
                ..
            })
            | Some(Plant::IndexNumber {
                agency: name,
                year: y,
                ..
            }) => {
                agency = self
                    .agencies
                    .iter()
                    .position(|a| a.name == *name)
                    .expect("planted agency exists");
                year = *y;
                script = Script::Simplified;
            }
            None => {}
        }
        let published_on = random_date(&mut rng, year);
        let trad = script == Script::Traditional;

        let kind = {
            let total: u32 = KINDS.iter().map(|k| k.weight).sum();
            let mut at = rng.gen_range(0..total);
            KINDS
                .iter()
                .find(|k| {
                    if at < k.weight {
                        true
                    } else {
                        at -= k.weight;
                        false
                    }
                })
                .expect("weights cover the range")
        };

        // 文号: the kind's, most of the time.
        let mut document_number = None;
        if !kind.number.is_empty() && rng.gen_range(0..100) < kind.numbered {
            let k = *pick(&mut rng, kind.number);
            let n = self.next_document_number(agency, k, year, &mut rng);
            document_number = Some(n);
        }
        if let Some(Plant::DocumentNumber { published, .. }) = spec.map(|s| &s.plant) {
            document_number = Some(published.to_string());
        }
        let index_number = match spec.map(|s| &s.plant) {
            Some(Plant::IndexNumber {
                agency,
                year,
                serial,
            }) => planted_index_number(&self.agencies, agency, *year, *serial),
            _ => self.next_index_number(agency, year),
        };

        let a = self.agencies[agency].clone();
        let ctx = Ctx {
            agency: &a,
            agencies: &self.agencies,
            year,
            trad,
        };
        let ctx_ref = &ctx;

        let title = if trad {
            ctx_ref.fill(choose(&mut rng, &TITLES_TRAD), &mut rng)
        } else {
            let t = ctx_ref.fill(choose(&mut rng, kind.titles), &mut rng);
            match (&document_number, kind.article20) {
                (Some(n), Article20Item::Enforcement) => format!("{t}（{n}）"),
                _ => t,
            }
        };

        let (summaries, pad, body_sentences): (&[&str], &str, &[&str]) = if trad {
            (&SUMMARIES_TRAD, SUMMARY_PAD_TRAD, &SENTENCES_TRAD)
        } else if kind.summaries.is_empty() {
            (&SUMMARIES, SUMMARY_PAD, &SENTENCES)
        } else {
            (kind.summaries, SUMMARY_PAD, &SENTENCES)
        };
        let mut summary = ctx_ref.fill(choose(&mut rng, summaries), &mut rng);
        if summary.chars().count() < 60 {
            summary.push_str(pad);
        }

        let target_len = rng.gen_range(150..400);
        let mut parts: Vec<String> = Vec::new();
        if !trad {
            for s in kind.sentences {
                if rng.gen_bool(0.7) {
                    parts.push(ctx_ref.fill(s, &mut rng));
                }
            }
        }
        let mut len: usize = parts.iter().map(|p| p.chars().count()).sum();
        while len < target_len {
            let s = ctx_ref.fill(choose(&mut rng, body_sentences), &mut rng);
            len += s.chars().count();
            parts.push(s);
        }
        if let (
            Some(p),
            Some(Plant::Sentences {
                sentences, decoys, ..
            }),
        ) = (plant, spec.map(|s| &s.plant))
        {
            let template = if p.decoy {
                decoys[p.index - sentences.len()]
            } else {
                sentences[p.index]
            };
            let planted = ctx_ref.fill(template, &mut rng);
            let at = rng.gen_range(0..=parts.len());
            parts.insert(at, planted);
        }
        let mut body = parts.concat();

        let keyword_count = rng.gen_range(2..=4);
        let keywords: Vec<String> = KEYWORDS
            .choose_multiple(&mut rng, keyword_count)
            .map(|k| k.to_string())
            .collect();
        let mut issuers = vec![a.name.clone()];
        if rng.gen_range(0..10) == 0 {
            let other = pick(&mut rng, &self.agencies);
            if other.id != a.id {
                issuers.push(other.name.clone());
            }
        }

        let mut title = title;
        if script == Script::FullWidth {
            title = full_width_digits(&title);
            summary = full_width_digits(&summary);
            body = full_width_digits(&body);
        }

        let validity = match rng.gen_range(0..100) {
            0..=84 => "in_force",
            85..=94 => "lapsed",
            _ => "repealed",
        };
        BenchDoc {
            id,
            agency_path: a.path.clone(),
            agency_name: a.name.clone(),
            title,
            summary,
            body,
            keywords,
            issuers,
            document_number,
            index_number: Some(index_number),
            published_on,
            article20: Some(kind.article20.code().to_string()),
            topic: Some(kind.topic.unwrap_or(a.topic).code().to_string()),
            validity: validity.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_has_about_300_agencies_with_distinct_codes() {
        let a = agencies();
        assert!((280..=360).contains(&a.len()), "{}", a.len());
        let codes: HashSet<&str> = a.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(codes.len(), a.len());
        assert!(a.iter().all(|x| x.code.chars().count() == 18));
        let shorts: HashSet<&str> = a.iter().map(|x| x.short.as_str()).collect();
        assert_eq!(shorts.len(), a.len(), "文号 abbreviations are unique");
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(generate(1_500, || {}), generate(1_500, || {}));
        assert_eq!(queries(1_500), queries(1_500));
    }

    #[test]
    fn targets_are_distinct_and_spread() {
        for items in [MIN_ITEMS, 3_000, 20_000, 1_000_000] {
            let s = slots(items);
            let ids: HashSet<u64> = s.iter().map(|(id, _)| *id).collect();
            assert_eq!(ids.len(), s.len(), "{items}");
            assert!(s.iter().all(|(id, _)| (1..=items).contains(id)));
            for q in queries(items) {
                assert!((1..=5).contains(&q.targets.len()), "{q:?}");
                if q.targets.len() > 1 {
                    let spread = q.targets.iter().max().unwrap() - q.targets.iter().min().unwrap();
                    assert!(spread > items / 3, "{items}: {q:?}");
                }
            }
        }
    }

    #[test]
    fn planted_vocabulary_occurs_only_in_planted_documents() {
        let items = 20_000;
        let docs = generate(items, || {});
        let planted: HashMap<u64, Slot> = slots(items).into_iter().collect();
        let markers = absent_markers();
        let mut traditional = 0;
        let mut full_width = 0;
        let mut numbered = 0;
        for d in &docs {
            let text = gongkai_search::fold::fold_text(&format!(
                "{}\n{}\n{}",
                d.title,
                d.full_text(),
                d.meta()
            ));
            for (spec, marker) in &markers {
                if text.contains(marker) {
                    let owner = planted.get(&d.id).map(|s| s.spec);
                    // Two specs may share a marker (季度).
                    let ok = owner.is_some_and(|o| SPECS[o].absent.contains(marker));
                    assert!(ok, "doc {} contains {marker} (query {spec}): {text}", d.id);
                }
            }
            if d.title.contains(['關', '門', '辦']) {
                traditional += 1;
            }
            if d.body.chars().any(|c| ('０'..='９').contains(&c)) {
                full_width += 1;
            }
            numbered += usize::from(d.document_number.is_some());
        }
        let pct = |n: usize| n as f64 * 100.0 / items as f64;
        assert!(
            (2.0..4.5).contains(&pct(traditional)),
            "{}",
            pct(traditional)
        );
        assert!((4.0..6.5).contains(&pct(full_width)), "{}", pct(full_width));
        assert!((50.0..70.0).contains(&pct(numbered)), "{}", pct(numbered));
    }

    #[test]
    fn planted_documents_contain_their_text() {
        let items = 3_000;
        let docs = generate(items, || {});
        for q in queries(items) {
            for t in &q.targets {
                let d = &docs[(*t - 1) as usize];
                let all = format!("{}\n{}\n{}", d.title, d.full_text(), d.meta());
                match q.category {
                    Category::DocumentNumber | Category::IndexNumber => {
                        let key = |s: &str| {
                            gongkai_search::fold::fold_text(s).replace(['(', '[', '【', '（'], "〔")
                        };
                        assert!(key(&all).contains(&key(&q.text)), "{q:?}: {all}");
                    }
                    Category::SimplifiedToTraditional => {
                        assert!(!all.contains(&q.text), "{q:?}");
                        assert!(gongkai_search::fold::fold_text(&all).contains(&q.text));
                    }
                    Category::Width if q.text.starts_with('2') => {
                        assert!(all.contains(&full_width_digits(&q.text)), "{q:?}: {all}");
                    }
                    _ => {}
                }
            }
        }
    }
}
