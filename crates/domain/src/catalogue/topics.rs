//! The topic classification (主题分类): two levels, e.g. `综合政务\政务公开`.
//! The 21 top levels are fixed here (the catalogue guideline's seed data). The
//! second level is text: [`TopTopic::subs`] is the list the editor's form
//! offers, and a second level stored otherwise (an import, an older item)
//! still reads and is offered back for that item.

use std::fmt;

/// Longest second-level topic accepted, in characters.
pub const SUB_TOPIC_MAX_CHARS: usize = 30;

/// A top-level topic (一级主题分类), in the guideline's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TopTopic {
    /// 综合政务
    General,
    /// 国民经济管理、国有资产监管
    Economy,
    /// 财政、金融、审计
    Finance,
    /// 国土资源、能源
    LandEnergy,
    /// 农业、林业、水利
    Agriculture,
    /// 工业、交通
    IndustryTransport,
    /// 商贸、海关、旅游
    CommerceCustomsTourism,
    /// 市场监管、安全生产监管
    MarketSafety,
    /// 城乡建设、环境保护
    ConstructionEnvironment,
    /// 科技、教育
    ScienceEducation,
    /// 文化、广电、新闻出版
    CultureMedia,
    /// 卫生、体育
    HealthSports,
    /// 人口与计划生育、妇女儿童工作
    PopulationFamily,
    /// 劳动、人事、监察
    LabourPersonnel,
    /// 公安、安全、司法
    PublicSecurityJustice,
    /// 民政、扶贫、救灾
    CivilAffairs,
    /// 民族、宗教
    EthnicReligious,
    /// 对外事务
    ForeignAffairs,
    /// 港澳台侨工作
    HongKongMacaoTaiwan,
    /// 国防
    Defence,
    /// 其他
    Other,
}

catalogue_serde_as_code!(TopTopic);

impl TopTopic {
    pub const ALL: [TopTopic; 21] = [
        TopTopic::General,
        TopTopic::Economy,
        TopTopic::Finance,
        TopTopic::LandEnergy,
        TopTopic::Agriculture,
        TopTopic::IndustryTransport,
        TopTopic::CommerceCustomsTourism,
        TopTopic::MarketSafety,
        TopTopic::ConstructionEnvironment,
        TopTopic::ScienceEducation,
        TopTopic::CultureMedia,
        TopTopic::HealthSports,
        TopTopic::PopulationFamily,
        TopTopic::LabourPersonnel,
        TopTopic::PublicSecurityJustice,
        TopTopic::CivilAffairs,
        TopTopic::EthnicReligious,
        TopTopic::ForeignAffairs,
        TopTopic::HongKongMacaoTaiwan,
        TopTopic::Defence,
        TopTopic::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TopTopic::General => "general",
            TopTopic::Economy => "economy",
            TopTopic::Finance => "finance",
            TopTopic::LandEnergy => "land_energy",
            TopTopic::Agriculture => "agriculture",
            TopTopic::IndustryTransport => "industry_transport",
            TopTopic::CommerceCustomsTourism => "commerce_customs_tourism",
            TopTopic::MarketSafety => "market_safety",
            TopTopic::ConstructionEnvironment => "construction_environment",
            TopTopic::ScienceEducation => "science_education",
            TopTopic::CultureMedia => "culture_media",
            TopTopic::HealthSports => "health_sports",
            TopTopic::PopulationFamily => "population_family",
            TopTopic::LabourPersonnel => "labour_personnel",
            TopTopic::PublicSecurityJustice => "public_security_justice",
            TopTopic::CivilAffairs => "civil_affairs",
            TopTopic::EthnicReligious => "ethnic_religious",
            TopTopic::ForeignAffairs => "foreign_affairs",
            TopTopic::HongKongMacaoTaiwan => "hong_kong_macao_taiwan",
            TopTopic::Defence => "defence",
            TopTopic::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<TopTopic> {
        TopTopic::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            TopTopic::General => "综合政务",
            TopTopic::Economy => "国民经济管理、国有资产监管",
            TopTopic::Finance => "财政、金融、审计",
            TopTopic::LandEnergy => "国土资源、能源",
            TopTopic::Agriculture => "农业、林业、水利",
            TopTopic::IndustryTransport => "工业、交通",
            TopTopic::CommerceCustomsTourism => "商贸、海关、旅游",
            TopTopic::MarketSafety => "市场监管、安全生产监管",
            TopTopic::ConstructionEnvironment => "城乡建设、环境保护",
            TopTopic::ScienceEducation => "科技、教育",
            TopTopic::CultureMedia => "文化、广电、新闻出版",
            TopTopic::HealthSports => "卫生、体育",
            TopTopic::PopulationFamily => "人口与计划生育、妇女儿童工作",
            TopTopic::LabourPersonnel => "劳动、人事、监察",
            TopTopic::PublicSecurityJustice => "公安、安全、司法",
            TopTopic::CivilAffairs => "民政、扶贫、救灾",
            TopTopic::EthnicReligious => "民族、宗教",
            TopTopic::ForeignAffairs => "对外事务",
            TopTopic::HongKongMacaoTaiwan => "港澳台侨工作",
            TopTopic::Defence => "国防",
            TopTopic::Other => "其他",
        }
    }

    /// Reads a top-level topic from its label (punctuation and spacing
    /// ignored: `财政,金融,审计` and `财政 金融 审计` are accepted) or its code.
    pub fn parse(text: &str) -> Option<TopTopic> {
        let t = text.trim();
        if let Some(top) = TopTopic::from_code(t) {
            return Some(top);
        }
        let key = super::comparable(t);
        if key.is_empty() {
            return None;
        }
        TopTopic::ALL
            .into_iter()
            .find(|top| super::comparable(top.label()) == key)
    }
}

impl TopTopic {
    /// The second levels the editor chooses from (二级主题分类), in the order
    /// of the national portal's classification of State Council documents
    /// (中国政府网 国务院政策文件库), which follows the catalogue guideline's
    /// seed data; 道路运输 is added under 工业、交通 for the transport
    /// agencies this platform serves. Each ends with 其他 where the list has
    /// one; 其他 itself has no second level.
    pub fn subs(self) -> &'static [&'static str] {
        match self {
            TopTopic::General => &[
                "政务公开",
                "政务督查",
                "应急管理",
                "电子政务",
                "信访",
                "其他",
            ],
            TopTopic::Economy => &[
                "宏观经济",
                "经济体制改革",
                "国民经济发展规划、计划",
                "节能与资源综合利用",
                "价格管理",
                "国有资产监管",
                "统计",
                "其他",
            ],
            TopTopic::Finance => &["财政", "税务", "金融", "审计", "保险", "证券", "其他"],
            TopTopic::LandEnergy => &[
                "土地",
                "矿产",
                "海洋",
                "测绘",
                "能源",
                "电力",
                "煤炭",
                "石油与天然气",
                "其他",
            ],
            TopTopic::Agriculture => &["农业、畜牧业、渔业", "林业", "水利", "其他"],
            TopTopic::IndustryTransport => &[
                "工业",
                "信息产业（含电信）",
                "交通",
                "公路",
                "道路运输",
                "铁路",
                "水运",
                "民航",
                "邮政",
                "其他",
            ],
            TopTopic::CommerceCustomsTourism => {
                &["国内贸易（含供销）", "对外经贸合作", "海关", "旅游", "其他"]
            }
            TopTopic::MarketSafety => &[
                "市场监管",
                "质量监督",
                "食品药品监管",
                "安全生产监管",
                "其他",
            ],
            TopTopic::ConstructionEnvironment => &[
                "城乡建设（含住房）",
                "城市规划",
                "环境监测、保护与治理",
                "其他",
            ],
            TopTopic::ScienceEducation => &["科技", "教育", "知识产权", "其他"],
            TopTopic::CultureMedia => &["文化", "广播电影电视", "新闻出版", "文物", "其他"],
            TopTopic::HealthSports => &["卫生", "医药管理", "体育", "其他"],
            TopTopic::PopulationFamily => &["人口与计划生育", "妇女儿童", "其他"],
            TopTopic::LabourPersonnel => &["劳动就业", "社会保障", "人事工作", "监察", "其他"],
            TopTopic::PublicSecurityJustice => &["公安", "国家安全", "司法", "其他"],
            TopTopic::CivilAffairs => &["民政", "社会福利", "减灾救灾", "扶贫", "其他"],
            TopTopic::EthnicReligious => &["民族事务", "宗教事务", "其他"],
            TopTopic::ForeignAffairs => &["外交、外事", "其他"],
            TopTopic::HongKongMacaoTaiwan => &["港澳工作", "台湾工作", "华侨工作", "其他"],
            TopTopic::Defence => &["国防动员", "其他"],
            TopTopic::Other => &[],
        }
    }

    /// Every topic the editor's form offers under this top level: the top
    /// level alone first, then each second level.
    pub fn choices(self) -> Vec<Topic> {
        std::iter::once(Topic::new(self, None))
            .chain(self.subs().iter().map(|s| Topic::new(self, Some(s))))
            .collect()
    }
}

impl fmt::Display for TopTopic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a text is not a topic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    #[error("请填写主题分类，格式为“一级分类\\二级分类”，例如“综合政务\\政务公开”。")]
    Empty,
    #[error("一级主题分类“{found}”不存在，请从以下分类中选择：{choices}。")]
    UnknownTop { found: String, choices: String },
    #[error("主题分类“{found}”的“\\”后缺少二级分类：请填写二级分类，或只填写一级分类。")]
    EmptySub { found: String },
    #[error("主题分类只有两级（如“综合政务\\政务公开”），“{found}”层级过多。")]
    TooDeep { found: String },
    #[error("二级主题分类最多{max}个字，“{found}”过长。", max = SUB_TOPIC_MAX_CHARS)]
    SubTooLong { found: String },
}

/// A topic: a top level and, usually, a second level.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic {
    pub top: TopTopic,
    pub sub: Option<String>,
}

impl Topic {
    pub fn new(top: TopTopic, sub: Option<&str>) -> Topic {
        Topic {
            top,
            sub: sub
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        }
    }

    /// Reads `综合政务\政务公开` (also with `/`, `＼` or `／` between the levels)
    /// or a top level alone (`综合政务`). The top level may also be given by its
    /// code (`general\政务公开`).
    pub fn parse(text: &str) -> Result<Topic, TopicError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(TopicError::Empty);
        }
        let parts: Vec<&str> = t.split(['\\', '/', '＼', '／']).map(str::trim).collect();
        if parts.len() > 2 {
            return Err(TopicError::TooDeep {
                found: t.to_string(),
            });
        }
        let top = TopTopic::parse(parts[0]).ok_or_else(|| TopicError::UnknownTop {
            found: parts[0].to_string(),
            choices: TopTopic::ALL.map(TopTopic::label).join("；"),
        })?;
        let sub = match parts.get(1) {
            None => None,
            Some(&"") => {
                return Err(TopicError::EmptySub {
                    found: t.to_string(),
                });
            }
            Some(s) if super::char_len(s) > SUB_TOPIC_MAX_CHARS => {
                return Err(TopicError::SubTooLong {
                    found: s.to_string(),
                });
            }
            Some(s) => Some(s.to_string()),
        };
        Ok(Topic { top, sub })
    }
}

impl fmt::Display for Topic {
    /// `综合政务\政务公开`, or the top level alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sub {
            Some(sub) => write!(f, "{}\\{}", self.top.label(), sub),
            None => f.write_str(self.top.label()),
        }
    }
}

impl std::str::FromStr for Topic {
    type Err = TopicError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Topic::parse(s)
    }
}

impl serde::Serialize for Topic {
    /// As its display form, `综合政务\政务公开`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Topic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Topic::parse(&text).map_err(serde::de::Error::custom)
    }
}
