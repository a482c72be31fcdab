//! Application channels (申请渠道), Interpretation 国办公开办函〔2017〕19号, and the
//! receipt-date rule of Art. 31 for each.

use serde::{Deserialize, Serialize};

/// A channel through which an application reaches an agency.
///
/// 当面 and 邮寄 are the basic channels that may never be refused; the agency may
/// open the others (国办公开办函〔2017〕19号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面提交
    InPerson,
    /// 邮寄（挂号信、EMS 等需签收的邮件，或平信）
    Post,
    /// 在线申请（网上申请平台）
    Online,
    /// 传真
    Fax,
    /// 电子邮件
    Email,
}

/// Whether a letter needed a signature on arrival (Art. 31 treats them differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// 需签收的邮件 (registered, EMS …): received the day the agency signs for it.
    Signed,
    /// 平信 (ordinary letter): received the day the office confirms with the applicant.
    Ordinary,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::InPerson,
        Channel::Post,
        Channel::Online,
        Channel::Fax,
        Channel::Email,
    ];

    /// The label the guide (指南) and the forms use.
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交",
            Channel::Post => "邮寄",
            Channel::Online => "在线申请",
            Channel::Fax => "传真",
            Channel::Email => "电子邮件",
        }
    }

    /// The stable code stored in databases and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Post => "post",
            Channel::Online => "online",
            Channel::Fax => "fax",
            Channel::Email => "email",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// 当面 and 邮寄 may never be refused (国办公开办函〔2017〕19号): every agency has them.
    pub fn is_mandatory(self) -> bool {
        matches!(self, Channel::InPerson | Channel::Post)
    }
}
