//! The storage boundary. Upper layers (web, CLI) talk to a [`Store`], which is
//! every per-aggregate trait ([`AgencyStore`], [`CaseStore`], … — bring them
//! into scope with [`prelude`]). The implementation is written once, for both
//! databases, in [`sql`]; the backend crates (`gongkai-store-sqlite`,
//! `gongkai-store-postgres`) connect and run the same stories (feature
//! `story`) against their database; the migrations are in `migrations/`,
//! written once with the lines of one dialect marked.

mod access;
pub mod audit;
mod cases;
mod catalogue;
mod concerns;
mod consultations;
mod decision_catalogue;
pub mod event_schema;
mod health;
mod hearings;
mod inspections;
mod lookback;
mod motions;
mod plans;
mod proposals;
mod public;
mod questions;
mod records;
mod register;
mod reports;
mod scorecards;
mod settings;
mod site;
pub mod sql;
mod standard;
#[cfg(feature = "story")]
pub mod story;
mod synonyms;
mod traits;

pub use access::*;
pub use cases::*;
pub use catalogue::*;
pub use concerns::*;
pub use consultations::*;
pub use decision_catalogue::*;
pub use health::*;
pub use hearings::*;
pub use inspections::*;
pub use lookback::*;
pub use motions::*;
pub use plans::*;
pub use proposals::*;
pub use public::*;
pub use questions::*;
pub use records::*;
pub use register::*;
pub use reports::*;
pub use scorecards::*;
pub use settings::*;
pub use site::*;
pub use standard::*;
pub use synonyms::*;
pub use traits::*;

/// Every storage trait, for code that calls store methods.
pub mod prelude {
    pub use crate::concerns::ConcernStore;
    pub use crate::consultations::ConsultationStore;
    pub use crate::decision_catalogue::DecisionCatalogueStore;
    pub use crate::health::HealthStore;
    pub use crate::hearings::HearingStore;
    pub use crate::inspections::InspectionStore;
    pub use crate::lookback::LookbackStore;
    pub use crate::motions::MotionStore;
    pub use crate::plans::PlanStore;
    pub use crate::proposals::ProposalStore;
    pub use crate::public::PublicStore;
    pub use crate::questions::QuestionStore;
    pub use crate::register::RegisterStore;
    pub use crate::scorecards::ScorecardStore;
    pub use crate::settings::CaseOfficeStore;
    pub use crate::site::SiteStore;
    pub use crate::standard::StandardCatalogueStore;
    pub use crate::synonyms::SynonymStore;
    pub use crate::traits::{
        AgencyStore, AuditStore, CalendarStore, CaseListStore, CaseStore, CatalogueStore,
        LoginStore, MailStore, ReportStore, SecretStore, SessionStore, StaffStore, Store,
    };
}

/// Every way a storage call can fail.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A record the caller named does not exist.
    #[error("未找到{0}")]
    NotFound(String),
    /// A uniqueness rule was broken, e.g. two agencies with one code, or a
    /// concurrent writer got there first.
    #[error("{0}已存在")]
    Conflict(Conflict),
    /// Stored data that no longer parses (should never happen; logged loudly).
    #[error("数据库中的数据无法读取：{0}")]
    Corrupt(String),
    /// The database itself failed.
    #[error("数据库错误：{0}")]
    Backend(String),
    /// The database stayed busy with other writers (SQLite's lock still held
    /// after the busy timeout; a PostgreSQL serialization failure or deadlock):
    /// nothing was written, the same request may simply be sent again.
    #[error("系统繁忙，本次提交未被处理，请刷新后重试。")]
    Busy,
    /// An idempotency key sent again with a different request: the first
    /// request's case stands and the new one was not recorded.
    #[error("该幂等键已用于另一份内容不同的申请")]
    IdempotencyMismatch,
    /// A value the database cannot store as text (PostgreSQL refuses the NUL
    /// character, 22021): nothing was written or read; the request is bad.
    #[error("提交的内容含有数据库无法保存的字符（如空字符 NUL）")]
    Unstorable,
}

/// What a [`StoreError::Conflict`] collided with (冲突). `Display` names it
/// as the messages shown to users always have ("{它}已存在").
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// 机构代码: another agency has the code.
    #[error("机构代码")]
    AgencyCode,
    /// 用户名: another staff member has the username.
    #[error("用户名")]
    Username,
    /// 工作人员的角色: a role given twice.
    #[error("工作人员的角色")]
    StaffRole,
    /// 会话: a session with the token hash exists.
    #[error("会话")]
    Session,
    /// 申请: a case (its number or idempotency key) exists.
    #[error("申请")]
    Case,
    /// A case event with that `seq` exists: someone else updated the case.
    #[error("该案件的新记录（其他人刚刚更新了此案件，请刷新后重试）")]
    CaseEventSeq,
    /// 附件.
    #[error("附件")]
    Attachment,
    /// 复议诉讼记录.
    #[error("复议诉讼记录")]
    Appeal,
    /// 文书模板.
    #[error("文书模板")]
    Template,
    /// 邮件.
    #[error("邮件")]
    Mail,
    /// 索引号: another catalogue item has the index number.
    #[error("索引号")]
    IndexNumber,
    /// An item event with that `seq` exists: someone else updated the item.
    #[error("该信息的新记录（其他人刚刚更新了此信息，请刷新后重试）")]
    ItemEventSeq,
    /// 第二十条数据.
    #[error("第二十条数据")]
    Figures,
    /// A report version with that number exists: someone else published.
    #[error("该报告的新版本（其他人刚刚发布了此报告，请刷新后重试）")]
    ReportVersion,
    /// 纳入主动公开的建议 (one per case; taken once).
    #[error("纳入主动公开的建议")]
    Proposal,
    /// 内设机构或直属单位 (one name per agency).
    #[error("同名的单位")]
    Unit,
    /// 工作要点 (one title per agency and year).
    #[error("同一年度同名的工作要点")]
    Plan,
    /// A task event with that `seq` exists: someone else updated the task.
    #[error("该任务的新记录（其他人刚刚更新了此任务，请刷新后重试）")]
    TaskEventSeq,
    /// A look-back note with that version exists: someone else saved it.
    #[error("该任务新的回头看记录（其他人刚刚保存了此任务的存在问题和整改措施，请刷新后重试）")]
    LookbackNote,
    /// 标准目录: the agency has one already, or it is full.
    #[error("本机关已有的标准目录（或事项已达上限）")]
    StandardCatalogue,
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// See [`CalendarStore::calendar_stamp`]: how many years and one-off days
/// the administrators entered, and the newest entry of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarStamp {
    pub years: i64,
    pub years_at: Option<chrono::DateTime<chrono::Utc>>,
    pub days: i64,
    pub days_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The calendar in force, rebuilt only when the administrators' calendar
/// changed ([`CalendarStore::calendar_stamp`]): each use costs one small
/// query, and a change made on any server of a site is seen by all of them
/// at their next use. A change between the stamp and the rebuild only
/// makes the next use rebuild again.
#[derive(Debug, Default)]
pub struct CalendarCache(
    std::sync::Mutex<Option<(CalendarStamp, gongkai_domain::calendar::Calendar)>>,
);

impl CalendarCache {
    pub async fn get(&self, store: &dyn Store) -> StoreResult<gongkai_domain::calendar::Calendar> {
        let stamp = store.calendar_stamp().await?;
        if let Some((cached, calendar)) = &*self.0.lock().expect("calendar cache")
            && *cached == stamp
        {
            return Ok(calendar.clone());
        }
        let calendar = calendar_in_force(store).await?;
        *self.0.lock().expect("calendar cache") = Some((stamp, calendar.clone()));
        Ok(calendar)
    }
}

/// The calendar in force: the vendored notices, then the administrators'
/// years, then their one-off changes.
pub async fn calendar_in_force(
    store: &dyn Store,
) -> StoreResult<gongkai_domain::calendar::Calendar> {
    let mut calendar = gongkai_domain::calendar::Calendar::vendored();
    for year in store.calendar_years().await? {
        calendar = calendar.with_year(year);
    }
    for day in store.day_overrides().await? {
        calendar = calendar.with_override(day);
    }
    Ok(calendar)
}
