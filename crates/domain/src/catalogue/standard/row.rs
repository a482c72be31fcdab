//! A row of a 标准目录 and its typed columns.

use serde::{Deserialize, Serialize};

use super::DisclosureLimit;
use crate::vocabulary::Article20Item;

/// The columns of a catalogue file, in order (the national template's,
/// with a stable key first and the site's column last).
pub const CATALOGUE_HEADER: [&str; 12] = [
    "key",
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
    "公开层级",
    "网站对应栏目",
];

/// 公开渠道和载体: the template's checkboxes (stored as their names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Channel(u8);

impl Serialize for Channel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Channel::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown channel {name}")))
    }
}

impl Channel {
    /// The names in the national template's order.
    pub const NAMES: [&'static str; 13] = [
        "政府网站",
        "政府公报",
        "两微一端",
        "发布会/听证会",
        "广播电视",
        "纸质媒体",
        "公开查阅点",
        "政务服务中心",
        "便民服务站",
        "入户/现场",
        "社区/企事业单位/村公示栏（电子屏）",
        "精准推送",
        "其他",
    ];

    pub fn parse(name: &str) -> Option<Channel> {
        Channel::NAMES
            .iter()
            .position(|n| *n == name.trim())
            .map(|i| Channel(i as u8))
    }

    pub fn name(self) -> &'static str {
        Channel::NAMES[usize::from(self.0)]
    }
}

/// 公开对象.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// 全社会.
    Everyone,
    /// 特定群体.
    Specific,
}

/// 公开方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureMode {
    /// 主动.
    Proactive,
    /// 依申请.
    OnRequest,
}

/// 公开层级: the county, the township, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tier {
    pub county: bool,
    pub township: bool,
}

/// 网站对应栏目: the part of the column that holds the row's information.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum ColumnRef {
    /// 法定主动公开内容, under an Article 20 item, in a sub-column.
    Item { item: Article20Item, sub: String },
    /// 政府信息公开年报.
    AnnualReport,
    /// 政府信息公开指南.
    Guide,
    /// 政府信息公开制度.
    Rules,
}

impl ColumnRef {
    /// `licensing/道路运输许可`, `annual_report/年度报告`, `guide/指南`, `rules/制度`.
    pub fn parse(text: &str) -> Option<ColumnRef> {
        let (code, sub) = text.trim().split_once('/')?;
        let sub = sub.trim();
        match code {
            "annual_report" => Some(ColumnRef::AnnualReport),
            "guide" => Some(ColumnRef::Guide),
            "rules" => Some(ColumnRef::Rules),
            _ if sub.is_empty() => None,
            code => Article20Item::from_code(code).map(|item| ColumnRef::Item {
                item,
                sub: sub.to_string(),
            }),
        }
    }

    /// As the public reads it: `法定主动公开内容（十）/农村公路建设`, `政府信息公开年报`.
    pub fn label(&self) -> String {
        match self {
            ColumnRef::Item { item, sub } => {
                format!("法定主动公开内容{}/{sub}", item.ordinal_label())
            }
            ColumnRef::AnnualReport => "政府信息公开年报".into(),
            ColumnRef::Guide => "政府信息公开指南".into(),
            ColumnRef::Rules => "政府信息公开制度".into(),
        }
    }

    pub fn code(&self) -> String {
        match self {
            ColumnRef::Item { item, sub } => format!("{}/{sub}", item.code()),
            ColumnRef::AnnualReport => "annual_report/年度报告".into(),
            ColumnRef::Guide => "guide/指南".into(),
            ColumnRef::Rules => "rules/制度".into(),
        }
    }
}

/// One row of a 标准目录.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueRow {
    /// Stable key (`road.rural-plan`): what deletions and items refer to.
    pub key: String,
    pub level1: String,
    pub level2: String,
    pub content: String,
    pub basis: String,
    pub limit: DisclosureLimit,
    pub subject: String,
    pub channels: Vec<Channel>,
    pub audience: Audience,
    pub mode: DisclosureMode,
    pub tier: Tier,
    pub column: ColumnRef,
}

/// What is wrong with a row, for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第{line}行“{column}”：{reason}")]
pub struct RowError {
    pub line: usize,
    pub column: &'static str,
    pub reason: String,
}

impl CatalogueRow {
    /// Reads the twelve cells of [`CATALOGUE_HEADER`] (`line` for messages).
    pub fn from_cells(cells: &[String], line: usize) -> Result<CatalogueRow, RowError> {
        let err = |i: usize, reason: String| RowError {
            line,
            column: CATALOGUE_HEADER[i],
            reason,
        };
        if cells.len() != CATALOGUE_HEADER.len() {
            return Err(err(0, format!("应有12列，实有{}列", cells.len())));
        }
        let cell = |i: usize| cells[i].trim();
        let required = |i: usize| {
            let v = cell(i);
            if v.is_empty() {
                Err(err(i, "不能为空".into()))
            } else {
                Ok(v.to_string())
            }
        };
        let key = required(0)?;
        if !is_row_key(&key) {
            return Err(err(
                0,
                format!("只能用小写字母、数字、点和连字符，最多{ROW_KEY_MAX_CHARS}个字符"),
            ));
        }
        let channels = cell(7)
            .split(['、', '，', ','])
            .filter(|s| !s.trim().is_empty())
            .map(|s| Channel::parse(s).ok_or_else(|| err(7, format!("不认识的渠道“{}”", s.trim()))))
            .collect::<Result<Vec<_>, _>>()?;
        if channels.is_empty() {
            return Err(err(7, "请至少选择一个公开渠道".into()));
        }
        Ok(CatalogueRow {
            key,
            level1: required(1)?,
            level2: required(2)?,
            content: required(3)?,
            basis: required(4)?,
            limit: DisclosureLimit::parse(cell(5)).map_err(|e| err(5, e))?,
            subject: required(6)?,
            channels,
            audience: match cell(8) {
                "全社会" => Audience::Everyone,
                "特定群体" => Audience::Specific,
                _ => return Err(err(8, "应为“全社会”或“特定群体”".into())),
            },
            mode: match cell(9) {
                "主动" => DisclosureMode::Proactive,
                "依申请" => DisclosureMode::OnRequest,
                _ => return Err(err(9, "应为“主动”或“依申请”".into())),
            },
            tier: tier(cell(10)).ok_or_else(|| err(10, "应为“县级”“乡级”或“县级、乡级”".into()))?,
            column: ColumnRef::parse(cell(11)).ok_or_else(|| {
                err(
                    11,
                    "应为“条目代码/子栏目”，如“licensing/道路运输许可”".into(),
                )
            })?,
        })
    }

    /// The row's twelve cells, as [`CatalogueRow::from_cells`] reads them.
    pub fn cells(&self) -> [String; 12] {
        [
            self.key.clone(),
            self.level1.clone(),
            self.level2.clone(),
            self.content.clone(),
            self.basis.clone(),
            self.limit.label(),
            self.subject.clone(),
            self.channels
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join("、"),
            match self.audience {
                Audience::Everyone => "全社会",
                Audience::Specific => "特定群体",
            }
            .into(),
            match self.mode {
                DisclosureMode::Proactive => "主动",
                DisclosureMode::OnRequest => "依申请",
            }
            .into(),
            match (self.tier.county, self.tier.township) {
                (true, true) => "县级、乡级",
                (false, true) => "乡级",
                _ => "县级",
            }
            .into(),
            self.column.code(),
        ]
    }

    /// The header names of the columns where `other` differs from `self`.
    pub fn changed_columns(&self, other: &CatalogueRow) -> Vec<&'static str> {
        let (a, b) = (self.cells(), other.cells());
        (1..CATALOGUE_HEADER.len())
            .filter(|&i| a[i] != b[i])
            .map(|i| CATALOGUE_HEADER[i])
            .collect()
    }
}

/// The longest row key accepted.
pub const ROW_KEY_MAX_CHARS: usize = 60;

/// A row key as catalogues write them (`road.rural-plan`, `own.3`):
/// lowercase letters, digits, dots and hyphens, at most
/// [`ROW_KEY_MAX_CHARS`].
pub fn is_row_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= ROW_KEY_MAX_CHARS
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
}

fn tier(text: &str) -> Option<Tier> {
    let parts: Vec<&str> = text.split(['、', '，', ',']).map(str::trim).collect();
    let county = parts.contains(&"县级");
    let township = parts.contains(&"乡级");
    let known = parts.iter().all(|p| *p == "县级" || *p == "乡级");
    (known && (county || township)).then_some(Tier { county, township })
}
