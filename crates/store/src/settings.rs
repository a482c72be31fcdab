//! 依申请公开的办公设置: how an agency's disclosure office works requests —
//! which replies its reviewer signs, its document number patterns and
//! sequences, the redress bodies — and the applicant's query code reissued.

use async_trait::async_trait;

use crate::{AgencyId, CaseId, StaffId, StoreResult};

/// An agency's settings as stored; `None` means the default (the app and
/// the domain say what the default is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestSettings {
    /// Outcome codes whose reply the reviewer signs, comma-separated.
    pub approval_outcomes: Option<String>,
    pub receipt_pattern: Option<String>,
    pub notice_pattern: Option<String>,
    pub reply_pattern: Option<String>,
    /// 复议机关 when not derived from the agency tree (垂直管理).
    pub reconsideration_body: Option<String>,
    /// The court named in the redress sentence (default 有管辖权的人民法院).
    pub court: Option<String>,
}

#[async_trait]
pub trait CaseOfficeStore: Send + Sync {
    /// The agency's settings (all defaults when never saved).
    async fn request_settings(&self, agency: AgencyId) -> StoreResult<RequestSettings>;
    /// Save the settings; audited (`request_settings.update`).
    async fn put_request_settings(
        &self,
        agency: AgencyId,
        settings: &RequestSettings,
        by: StaffId,
    ) -> StoreResult<()>;
    /// Take `count` consecutive numbers of the agency's `series` in `year`;
    /// returns the first. Numbers taken are never given back.
    async fn take_document_numbers(
        &self,
        agency: AgencyId,
        series: &str,
        year: i32,
        count: u32,
    ) -> StoreResult<u32>;
    /// Replace the case's query code (the old one stops working); audited
    /// (`case.query_code_reissued`).
    async fn reissue_query_code(
        &self,
        case: CaseId,
        code_hash: &str,
        by: StaffId,
    ) -> StoreResult<()>;
}
