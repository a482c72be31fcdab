//! How a disclosure application ends (答复类型, Art. 30, 35–39, 42) and the
//! annual-report row where each ending is counted.
//!
//! Closing a case requires exactly one [`Outcome`]; the outcome decides the row of
//! table 三 (see [`Outcome::row`]). Cases still open on 31 December are not an
//! outcome: they are counted in 四、结转下年度继续办理.

use super::report_format::ReportFormat;

/// The six groups of result rows of table 三, （一）…（六）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutcomeCategory {
    /// （一）予以公开
    Open,
    /// （二）部分公开
    Partial,
    /// （三）不予公开
    Denied,
    /// （四）无法提供
    CannotProvide,
    /// （五）不予处理
    NotProcessed,
    /// （六）其他处理
    Other,
}

serde_as_code!(OutcomeCategory);

impl OutcomeCategory {
    pub const ALL: [OutcomeCategory; 6] = [
        OutcomeCategory::Open,
        OutcomeCategory::Partial,
        OutcomeCategory::Denied,
        OutcomeCategory::CannotProvide,
        OutcomeCategory::NotProcessed,
        OutcomeCategory::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OutcomeCategory::Open => "open",
            OutcomeCategory::Partial => "partial",
            OutcomeCategory::Denied => "denied",
            OutcomeCategory::CannotProvide => "cannot_provide",
            OutcomeCategory::NotProcessed => "not_processed",
            OutcomeCategory::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<OutcomeCategory> {
        OutcomeCategory::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The group heading of table 三 without its ordinal, e.g. `不予公开`.
    pub fn label(self) -> &'static str {
        match self {
            OutcomeCategory::Open => "予以公开",
            OutcomeCategory::Partial => "部分公开",
            OutcomeCategory::Denied => "不予公开",
            OutcomeCategory::CannotProvide => "无法提供",
            OutcomeCategory::NotProcessed => "不予处理",
            OutcomeCategory::Other => "其他处理",
        }
    }

    /// The ordinal of the group in table 三: `（一）` … `（六）`.
    pub fn ordinal_label(self) -> &'static str {
        match self {
            OutcomeCategory::Open => "（一）",
            OutcomeCategory::Partial => "（二）",
            OutcomeCategory::Denied => "（三）",
            OutcomeCategory::CannotProvide => "（四）",
            OutcomeCategory::NotProcessed => "（五）",
            OutcomeCategory::Other => "（六）",
        }
    }

    /// The outcomes of this group, in report order.
    pub fn outcomes(self) -> impl Iterator<Item = Outcome> {
        Outcome::ALL
            .into_iter()
            .filter(move |o| o.category() == self)
    }
}

/// The outcome of a disclosure application: exactly one per closed case.
///
/// Each outcome is counted in exactly one result row of table 三. In particular
/// [`Outcome::Partial`] (部分公开, Art. 37) counts only in row （二）部分公开 —
/// "区分处理的，只计这一情形，不计其他情形" — never also in （一） or in the row of
/// the reason the withheld part was withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// 36(一): already published proactively; the applicant is told where to find it.
    AlreadyPublished,
    /// 36(二): disclosed; the information is provided, or the applicant is told how
    /// and when to obtain it.
    Disclosed,
    /// 37: partly disclosed after separating what can be released. Counted only in
    /// row （二）部分公开, never in another row too.
    Partial,
    /// 14: state secret (属于国家秘密).
    DenyStateSecret,
    /// 14: other laws or administrative regulations forbid disclosure.
    DenyLawForbids,
    /// 14: would endanger national, public or economic security or social
    /// stability (“三安全一稳定”).
    DenySecurity,
    /// 15, 32: protects a third party's lawful rights (commercial secret, privacy).
    DenyThirdParty,
    /// 16: internal affairs (personnel, logistics, internal workflow).
    DenyInternalAffairs,
    /// 16: process information (discussion records, drafts, consultation letters,
    /// requests for instructions).
    DenyProcessInformation,
    /// 16: administrative enforcement case file.
    DenyEnforcementCaseFile,
    /// 36(七): a matter for a dedicated query channel (business or real-estate
    /// registers …).
    DenyQueryMatter,
    /// 36(四)(五): not held by this agency, does not exist, or not this agency's to
    /// disclose (the right agency is named if known).
    NotHeld,
    /// 38: would need to be newly made or analysed.
    NeedsCreation,
    /// 30: still unclear after correction.
    UnclearAfterCorrection,
    /// 39: a petition, report or complaint dressed as an application.
    Petition,
    /// 36(六): repeated application for information already answered.
    RepeatedApplication,
    /// 39: asks for public publications (gazettes, books …).
    PublicPublication,
    /// 35: mass repeated applications without good reason.
    MassApplications,
    /// Practice: asks the agency to confirm or re-issue information already obtained.
    ConfirmOrReissue,
    /// 30: correction deadline missed without good reason; not processed further.
    CorrectionLapsed,
    /// 42: fee not paid by the deadline of the fee notice; not processed further.
    FeeUnpaid,
    /// Anything else (withdrawn by the applicant …).
    OtherHandling,
}

serde_as_code!(Outcome);

impl Outcome {
    /// All outcomes, in the order of the report rows.
    pub const ALL: [Outcome; 22] = [
        Outcome::AlreadyPublished,
        Outcome::Disclosed,
        Outcome::Partial,
        Outcome::DenyStateSecret,
        Outcome::DenyLawForbids,
        Outcome::DenySecurity,
        Outcome::DenyThirdParty,
        Outcome::DenyInternalAffairs,
        Outcome::DenyProcessInformation,
        Outcome::DenyEnforcementCaseFile,
        Outcome::DenyQueryMatter,
        Outcome::NotHeld,
        Outcome::NeedsCreation,
        Outcome::UnclearAfterCorrection,
        Outcome::Petition,
        Outcome::RepeatedApplication,
        Outcome::PublicPublication,
        Outcome::MassApplications,
        Outcome::ConfirmOrReissue,
        Outcome::CorrectionLapsed,
        Outcome::FeeUnpaid,
        Outcome::OtherHandling,
    ];

    /// The stable code stored in databases and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::AlreadyPublished => "already_published",
            Outcome::Disclosed => "disclosed",
            Outcome::Partial => "partial",
            Outcome::DenyStateSecret => "deny_state_secret",
            Outcome::DenyLawForbids => "deny_law_forbids",
            Outcome::DenySecurity => "deny_security",
            Outcome::DenyThirdParty => "deny_third_party",
            Outcome::DenyInternalAffairs => "deny_internal_affairs",
            Outcome::DenyProcessInformation => "deny_process_information",
            Outcome::DenyEnforcementCaseFile => "deny_enforcement_case_file",
            Outcome::DenyQueryMatter => "deny_query_matter",
            Outcome::NotHeld => "not_held",
            Outcome::NeedsCreation => "needs_creation",
            Outcome::UnclearAfterCorrection => "unclear_after_correction",
            Outcome::Petition => "petition",
            Outcome::RepeatedApplication => "repeated_application",
            Outcome::PublicPublication => "public_publication",
            Outcome::MassApplications => "mass_applications",
            Outcome::ConfirmOrReissue => "confirm_or_reissue",
            Outcome::CorrectionLapsed => "correction_lapsed",
            Outcome::FeeUnpaid => "fee_unpaid",
            Outcome::OtherHandling => "other_handling",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }

    /// A Chinese description of the outcome, distinct for every outcome (the
    /// report row labels are shared by 36(一) and 36(二); see
    /// [`Outcome::report_row_label`] for those).
    pub fn label(self) -> &'static str {
        match self {
            Outcome::AlreadyPublished => "已主动公开，告知获取的方式和途径",
            Outcome::Disclosed => "予以公开，提供信息或告知获取的方式、途径和时间",
            Outcome::Partial => "部分公开，区分处理后公开可以公开的部分",
            Outcome::DenyStateSecret => "不予公开：属于国家秘密",
            Outcome::DenyLawForbids => "不予公开：其他法律行政法规禁止公开",
            Outcome::DenySecurity => "不予公开：危及“三安全一稳定”",
            Outcome::DenyThirdParty => "不予公开：保护第三方合法权益",
            Outcome::DenyInternalAffairs => "不予公开：属于三类内部事务信息",
            Outcome::DenyProcessInformation => "不予公开：属于四类过程性信息",
            Outcome::DenyEnforcementCaseFile => "不予公开：属于行政执法案卷",
            Outcome::DenyQueryMatter => "不予公开：属于行政查询事项",
            Outcome::NotHeld => "无法提供：本机关不掌握相关政府信息",
            Outcome::NeedsCreation => "无法提供：没有现成信息需要另行制作",
            Outcome::UnclearAfterCorrection => "无法提供：补正后申请内容仍不明确",
            Outcome::Petition => "不予处理：信访举报投诉类申请",
            Outcome::RepeatedApplication => "不予处理：重复申请",
            Outcome::PublicPublication => "不予处理：要求提供公开出版物",
            Outcome::MassApplications => "不予处理：无正当理由大量反复申请",
            Outcome::ConfirmOrReissue => "不予处理：要求行政机关确认或重新出具已获取信息",
            Outcome::CorrectionLapsed => {
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
            }
            Outcome::FeeUnpaid => {
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            }
            Outcome::OtherHandling => "其他处理（如申请人撤回申请）",
        }
    }

    /// The article of the Regulation the reply relies on, as the reply letter
    /// cites it. `None` where the basis is practice, not an article
    /// ([`Outcome::ConfirmOrReissue`], [`Outcome::OtherHandling`]).
    pub fn article(self) -> Option<&'static str> {
        Some(match self {
            Outcome::AlreadyPublished => "第三十六条第（一）项",
            Outcome::Disclosed => "第三十六条第（二）项",
            Outcome::Partial => "第三十七条",
            Outcome::DenyStateSecret | Outcome::DenyLawForbids | Outcome::DenySecurity => {
                "第十四条"
            }
            Outcome::DenyThirdParty => "第十五条、第三十二条",
            Outcome::DenyInternalAffairs
            | Outcome::DenyProcessInformation
            | Outcome::DenyEnforcementCaseFile => "第十六条",
            Outcome::DenyQueryMatter => "第三十六条第（七）项",
            Outcome::NotHeld => "第三十六条第（四）项、第（五）项",
            Outcome::NeedsCreation => "第三十八条",
            Outcome::UnclearAfterCorrection | Outcome::CorrectionLapsed => "第三十条",
            Outcome::Petition | Outcome::PublicPublication => "第三十九条",
            Outcome::RepeatedApplication => "第三十六条第（六）项",
            Outcome::MassApplications => "第三十五条",
            Outcome::FeeUnpaid => "第四十二条",
            Outcome::ConfirmOrReissue | Outcome::OtherHandling => return None,
        })
    }

    /// The group of result rows the outcome is counted in.
    pub fn category(self) -> OutcomeCategory {
        match self {
            Outcome::AlreadyPublished | Outcome::Disclosed => OutcomeCategory::Open,
            Outcome::Partial => OutcomeCategory::Partial,
            Outcome::DenyStateSecret
            | Outcome::DenyLawForbids
            | Outcome::DenySecurity
            | Outcome::DenyThirdParty
            | Outcome::DenyInternalAffairs
            | Outcome::DenyProcessInformation
            | Outcome::DenyEnforcementCaseFile
            | Outcome::DenyQueryMatter => OutcomeCategory::Denied,
            Outcome::NotHeld | Outcome::NeedsCreation | Outcome::UnclearAfterCorrection => {
                OutcomeCategory::CannotProvide
            }
            Outcome::Petition
            | Outcome::RepeatedApplication
            | Outcome::PublicPublication
            | Outcome::MassApplications
            | Outcome::ConfirmOrReissue => OutcomeCategory::NotProcessed,
            Outcome::CorrectionLapsed | Outcome::FeeUnpaid | Outcome::OtherHandling => {
                OutcomeCategory::Other
            }
        }
    }

    /// Whether information reaches the applicant (（一） and （二）).
    pub fn discloses(self) -> bool {
        matches!(
            self.category(),
            OutcomeCategory::Open | OutcomeCategory::Partial
        )
    }

    /// The key of the table 三 row counting this outcome in the 2021 format
    /// (国办公开办函〔2021〕30号).
    pub fn row_2021(self) -> &'static str {
        match self {
            Outcome::AlreadyPublished | Outcome::Disclosed => "r_open",
            Outcome::Partial => "r_partial",
            Outcome::DenyStateSecret => "r_deny_secret",
            Outcome::DenyLawForbids => "r_deny_law",
            Outcome::DenySecurity => "r_deny_3s1w",
            Outcome::DenyThirdParty => "r_deny_3rd",
            Outcome::DenyInternalAffairs => "r_deny_internal",
            Outcome::DenyProcessInformation => "r_deny_process",
            Outcome::DenyEnforcementCaseFile => "r_deny_casefile",
            Outcome::DenyQueryMatter => "r_deny_query",
            Outcome::NotHeld => "r_cannot_nothold",
            Outcome::NeedsCreation => "r_cannot_create",
            Outcome::UnclearAfterCorrection => "r_cannot_unclear",
            Outcome::Petition => "r_noproc_petition",
            Outcome::RepeatedApplication => "r_noproc_repeat",
            Outcome::PublicPublication => "r_noproc_publication",
            Outcome::MassApplications => "r_noproc_massive",
            Outcome::ConfirmOrReissue => "r_noproc_confirm",
            Outcome::CorrectionLapsed => "r_other_nocorrect",
            Outcome::FeeUnpaid => "r_other_nofee",
            Outcome::OtherHandling => "r_other_other",
        }
    }

    /// The key of the table 三 row counting this outcome in the 2019 trial format
    /// (国办公开办函〔2019〕60号): as in 2021, except that the three （六） outcomes
    /// share the single row `r_other` （六）其他处理.
    pub fn row_2019(self) -> &'static str {
        match self.category() {
            OutcomeCategory::Other => "r_other",
            _ => self.row_2021(),
        }
    }

    /// The key of the row counting this outcome in `format`.
    pub fn row(self, format: ReportFormat) -> &'static str {
        match format {
            ReportFormat::Y2019 => self.row_2019(),
            ReportFormat::Y2021 => self.row_2021(),
        }
    }

    /// The full label of that row in `format`, verbatim from the format, e.g.
    /// `（三）不予公开/1.属于国家秘密`.
    pub fn report_row_label(self, format: ReportFormat) -> &'static str {
        format
            .table3_row(self.row(format))
            .map(|r| r.label)
            .expect("every outcome's row is in its format's table 3")
    }

    /// The outcomes counted in the row `key` of `format` (empty for rows that are
    /// not result rows).
    pub fn counted_in(format: ReportFormat, key: &str) -> impl Iterator<Item = Outcome> {
        Outcome::ALL
            .into_iter()
            .filter(move |o| o.row(format) == key)
    }
}
