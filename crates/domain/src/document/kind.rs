//! Names of the document kinds: stable keys, Chinese titles, the full list.

use crate::vocabulary::Outcome;

use super::DocumentKind;

/// The kinds that are not replies, in workflow order.
const NOTICES: [DocumentKind; 7] = [
    DocumentKind::Receipt,
    DocumentKind::CorrectionNotice,
    DocumentKind::ExtensionNotice,
    DocumentKind::ThirdPartyConsultation,
    DocumentKind::ThirdPartyApplicantNotice,
    DocumentKind::CoProducerConsultation,
    DocumentKind::FeeNotice,
];

/// The prefix of a reply's key: `reply.<outcome code>`.
const REPLY_PREFIX: &str = "reply.";

impl DocumentKind {
    /// Every kind: the seven notices in workflow order, then one reply per
    /// outcome in the order of [`Outcome::ALL`] (29 in all).
    pub fn all() -> Vec<DocumentKind> {
        NOTICES
            .into_iter()
            .chain(Outcome::ALL.into_iter().map(DocumentKind::Reply))
            .collect()
    }

    /// The stable key stored in databases and URLs: `receipt`,
    /// `correction_notice`, `extension_notice`, `third_party_consultation`,
    /// `third_party_applicant_notice`, `co_producer_consultation`, `fee_notice`,
    /// or `reply.<outcome code>` (e.g. `reply.partial`).
    pub fn key(self) -> String {
        match self {
            DocumentKind::Reply(o) => format!("{REPLY_PREFIX}{}", o.code()),
            other => other.notice_key().to_string(),
        }
    }

    fn notice_key(self) -> &'static str {
        match self {
            DocumentKind::Receipt => "receipt",
            DocumentKind::CorrectionNotice => "correction_notice",
            DocumentKind::ExtensionNotice => "extension_notice",
            DocumentKind::ThirdPartyConsultation => "third_party_consultation",
            DocumentKind::ThirdPartyApplicantNotice => "third_party_applicant_notice",
            DocumentKind::CoProducerConsultation => "co_producer_consultation",
            DocumentKind::FeeNotice => "fee_notice",
            DocumentKind::Reply(_) => "reply",
        }
    }

    /// The kind with this [`key`](Self::key), if any.
    pub fn from_key(key: &str) -> Option<DocumentKind> {
        if let Some(code) = key.strip_prefix(REPLY_PREFIX) {
            return Outcome::from_code(code).map(DocumentKind::Reply);
        }
        NOTICES.into_iter().find(|k| k.notice_key() == key)
    }

    /// The outcome of a reply; `None` for the notices.
    pub fn outcome(self) -> Option<Outcome> {
        match self {
            DocumentKind::Reply(o) => Some(o),
            _ => None,
        }
    }

    /// Whether this is a reply letter (答复书 / 告知书 closing a case).
    pub fn is_reply(self) -> bool {
        matches!(self, DocumentKind::Reply(_))
    }

    /// The title printed on the document, e.g. `政府信息部分公开告知书`. Several
    /// replies share a title; [`name_zh`](Self::name_zh) is distinct for every
    /// kind.
    pub fn title_zh(self) -> &'static str {
        match self {
            DocumentKind::Receipt => "政府信息公开申请登记回执",
            DocumentKind::CorrectionNotice => "政府信息公开申请补正告知书",
            DocumentKind::ExtensionNotice => "政府信息公开申请延期答复告知书",
            DocumentKind::ThirdPartyConsultation => "政府信息公开征求第三方意见书",
            DocumentKind::ThirdPartyApplicantNotice => "征求第三方意见告知书",
            DocumentKind::CoProducerConsultation => "政府信息公开征求意见函",
            DocumentKind::FeeNotice => "政府信息公开信息处理费收费通知书",
            DocumentKind::Reply(o) => reply_title(o),
        }
    }

    /// A name distinct for every kind, for lists of templates, e.g.
    /// `答复书（不予公开：属于国家秘密）`.
    pub fn name_zh(self) -> String {
        match self {
            DocumentKind::Reply(o) => format!("答复书（{}）", o.label()),
            other => other.title_zh().to_string(),
        }
    }
}

fn reply_title(o: Outcome) -> &'static str {
    match o {
        Outcome::AlreadyPublished => "政府信息已主动公开告知书",
        Outcome::Disclosed => "政府信息公开告知书",
        Outcome::Partial => "政府信息部分公开告知书",
        Outcome::DenyStateSecret
        | Outcome::DenyLawForbids
        | Outcome::DenySecurity
        | Outcome::DenyThirdParty
        | Outcome::DenyInternalAffairs
        | Outcome::DenyProcessInformation
        | Outcome::DenyEnforcementCaseFile => "政府信息不予公开告知书",
        Outcome::DenyQueryMatter
        | Outcome::NotHeld
        | Outcome::NeedsCreation
        | Outcome::UnclearAfterCorrection => "政府信息公开申请答复书",
        Outcome::Petition
        | Outcome::RepeatedApplication
        | Outcome::PublicPublication
        | Outcome::MassApplications
        | Outcome::ConfirmOrReissue => "政府信息公开申请不予处理告知书",
        Outcome::CorrectionLapsed | Outcome::FeeUnpaid => "政府信息公开申请不再处理告知书",
        Outcome::OtherHandling => "政府信息公开申请办理结果告知书",
    }
}
