//! The storage traits, one per aggregate; [`Store`] is all of them.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::agency::AgencyProfile;
use gongkai_domain::calendar::{CalendarYear, DayOverride};
use gongkai_domain::case::CaseEventRecord;
use gongkai_domain::case::register::AppealResult;
use gongkai_domain::catalogue::ItemEventRecord;
use gongkai_domain::document::Document;
use gongkai_domain::staff::{AttemptCount, Role, Username};

use crate::*;

/// 行政机关: agencies and the texts of their column.
#[async_trait]
pub trait AgencyStore: Send + Sync {
    async fn create_agency(
        &self,
        parent: Option<AgencyId>,
        profile: &AgencyProfile,
    ) -> StoreResult<AgencyId>;
    /// A new agency as a draft (未上线): its public pages are not shown
    /// until [`AgencyStore::set_agency_online`] puts it online.
    async fn create_draft_agency(
        &self,
        parent: Option<AgencyId>,
        profile: &AgencyProfile,
    ) -> StoreResult<AgencyId>;
    /// 上线 on a day, or back to a draft (None).
    async fn set_agency_online(&self, id: AgencyId, on: Option<NaiveDate>) -> StoreResult<()>;
    async fn update_agency(&self, id: AgencyId, profile: &AgencyProfile) -> StoreResult<()>;
    async fn agency(&self, id: AgencyId) -> StoreResult<Option<Agency>>;
    async fn agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>>;
    /// Every agency, parents before children (ordered by id, which creation guarantees).
    async fn agencies(&self) -> StoreResult<Vec<Agency>>;
    /// `root` and every agency below it (one indexed range of the
    /// materialised path), by id.
    async fn agencies_under(&self, root: AgencyId) -> StoreResult<Vec<Agency>>;
    /// The agencies from the top of the tree down to `agency` (itself last;
    /// one indexed row: its materialised path).
    async fn agency_lineage(&self, agency: AgencyId) -> StoreResult<Vec<AgencyId>>;
    /// The outline of `root` and every agency below it (no profiles), by id.
    async fn outline_under(&self, root: AgencyId) -> StoreResult<Vec<AgencyOutline>>;
    /// The editable texts of the column: 指南 (None: generated from the agency's
    /// data) and 制度.
    async fn set_agency_texts(
        &self,
        id: AgencyId,
        guide: Option<&str>,
        rules: Option<&str>,
    ) -> StoreResult<()>;
}

/// 工作人员: staff accounts, their roles, passwords and lifecycle.
#[async_trait]
pub trait StaffStore: Send + Sync {
    async fn create_staff(&self, staff: &NewStaff) -> StoreResult<StaffId>;
    async fn staff(&self, id: StaffId) -> StoreResult<Option<Staff>>;
    async fn staff_by_username(&self, username: &Username) -> StoreResult<Option<Staff>>;
    async fn staff_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Staff>>;
    /// Count one more consecutive failed login; returns the new count.
    async fn record_login_failure(&self, id: StaffId, at: DateTime<Utc>) -> StoreResult<u32>;
    async fn lock_staff(&self, id: StaffId, until: DateTime<Utc>) -> StoreResult<()>;
    /// A successful login clears the failures and any lock.
    async fn record_login_success(&self, id: StaffId, at: DateTime<Utc>) -> StoreResult<()>;
    async fn set_password_hash(&self, id: StaffId, hash: &str) -> StoreResult<()>;
    /// Activate or deactivate; deactivation ends every session and API token
    /// of the staff member in the same transaction.
    async fn set_staff_active(&self, id: StaffId, active: bool) -> StoreResult<()>;
    /// Replace the roles (at least one).
    async fn set_staff_roles(&self, id: StaffId, roles: &[Role]) -> StoreResult<()>;
    /// Replace the password hash and whether it must be changed at the next
    /// login, and end every session and API token of the staff member except
    /// `keep` (the session making the change), in one transaction.
    async fn change_password(
        &self,
        id: StaffId,
        hash: &str,
        must_change: bool,
        keep: Option<&str>,
    ) -> StoreResult<()>;
}

/// 登录限制: counting login attempts per username and source.
#[async_trait]
pub trait LoginStore: Send + Sync {
    /// Count one login attempt for `username` from `source`, and for `username`
    /// from all sources, before its password is checked; each count is one
    /// atomic statement, so concurrent attempts get consecutive counts. A
    /// counter whose window began at or before `window_ended_before` starts
    /// again at 1 from `now` (ended windows are removed). Returns the counts
    /// (per source, per username) including this attempt.
    async fn count_login_attempt(
        &self,
        username: &str,
        source: &str,
        now: DateTime<Utc>,
        window_ended_before: DateTime<Utc>,
    ) -> StoreResult<(AttemptCount, AttemptCount)>;
    /// After a successful login: forget the source's count and take the
    /// attempt back from the username's.
    async fn login_succeeded(&self, username: &str, source: &str) -> StoreResult<()>;
    /// Every counter of a username, as (source, count); the source `*` is the
    /// username's counter over all sources.
    async fn login_counts(&self, username: &str) -> StoreResult<Vec<(String, AttemptCount)>>;
    /// Forget every count of a username (an administrator unlocks it).
    async fn clear_login_attempts(&self, username: &str) -> StoreResult<()>;
}

/// 会话: staff sessions.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, session: &Session) -> StoreResult<()>;
    /// The session with this token hash, if it exists and has not expired at `now`.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>>;
    /// The session of this token hash, unexpired at `now`, with when it was
    /// last seen, its staff member (and roles) and their agency, in one query.
    async fn session_principal(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionPrincipal>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// When the session was last seen (its creation if never since), if it exists.
    async fn session_last_seen(&self, token_hash: &str) -> StoreResult<Option<DateTime<Utc>>>;
    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;
}

/// 工作日历: the working-day calendar entered by administrators.
#[async_trait]
pub trait CalendarStore: Send + Sync {
    /// Insert or replace a year's notice; it overrides the vendored year.
    async fn put_calendar_year(&self, year: &CalendarYear, by: Option<StaffId>) -> StoreResult<()>;
    async fn calendar_years(&self) -> StoreResult<Vec<CalendarYear>>;
    /// What changes whenever the administrators' calendar changes (their
    /// years and one-off days are only ever added or replaced, each write
    /// stamped with its time): one small query.
    async fn calendar_stamp(&self) -> StoreResult<CalendarStamp>;
    /// Insert or replace a one-off change of one date.
    async fn put_day_override(&self, day: &DayOverride, by: Option<StaffId>) -> StoreResult<()>;
    async fn day_overrides(&self) -> StoreResult<Vec<DayOverride>>;
    /// Every year and one-off day of the administrators' calendar with who
    /// entered it and when: years first (by year), then days (by date).
    async fn calendar_entries(&self) -> StoreResult<Vec<CalendarEntry>>;
}

/// 审计记录: the audit trail (who did what, when, why), append-only and chained.
#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn append_audit(&self, entry: &NewAuditEntry) -> StoreResult<()>;
    /// The version of everything recorded: the audit chain's head (every
    /// decision appends to it), read from one row. Caches of rendered pages
    /// compare it.
    async fn data_version(&self) -> StoreResult<i64>;
    async fn audit_entries(&self, limit: i64) -> StoreResult<Vec<AuditEntry>>;
    /// Every audit record with its chain columns, and the chain head, for
    /// [`audit::verify`] (`gongkai audit verify`).
    async fn audit_chain(&self) -> StoreResult<(Vec<audit::ChainedRecord>, audit::ChainHead)>;
    /// One page of the trail matching `query`, newest first, with the total.
    async fn audit_search(&self, query: &audit::AuditQuery) -> StoreResult<audit::AuditPage>;
}

/// 依申请公开: cases, their append-only events, documents, attachments, appeals and templates.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Create a case with its first event and a new number (GK{year}-{serial}).
    /// With an idempotency key seen before, returns that case instead.
    async fn create_case(&self, case: &NewCase) -> StoreResult<CaseCreated> {
        self.create_case_issuing(case, &|_, _| Ok(FirstDocuments::default()))
            .await
    }
    /// [`CaseStore::create_case`], issuing the first event's documents (and
    /// queueing their mail) in the same transaction: `issue` is given the new
    /// case's id and number, which the documents carry. Either the case and
    /// its 登记回执 are both stored, or neither is.
    async fn create_case_issuing(
        &self,
        case: &NewCase,
        issue: &IssueFirst<'_>,
    ) -> StoreResult<CaseCreated>;
    async fn case(&self, id: CaseId) -> StoreResult<Option<Case>>;
    async fn case_by_number(&self, number: &str) -> StoreResult<Option<Case>>;
    async fn cases_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Case>>;
    async fn case_events(&self, case: CaseId) -> StoreResult<Vec<CaseEventRecord>>;
    /// Append the next event (its `seq` must follow the last one; a concurrent
    /// append of the same seq fails with `Conflict`), together with the
    /// documents it issues and the mail it sends, in one transaction. Returns
    /// the ids of the issued documents. There is no way to change or remove an
    /// event.
    /// `snapshot` is the read model after the event (written in the same
    /// transaction).
    async fn append_case_event(
        &self,
        case: CaseId,
        event: &CaseEventRecord,
        snapshot: &gongkai_domain::case::CaseSnapshot,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>>;
    /// Issue documents (and their mail) for an event already recorded, e.g. the
    /// receipt of a case registered by a clerk, whose number was only known
    /// once it was created.
    async fn issue_documents(
        &self,
        case: CaseId,
        event_seq: u32,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>>;
    async fn case_documents(&self, case: CaseId) -> StoreResult<Vec<IssuedDocument>>;
    async fn issued_document(&self, id: i64) -> StoreResult<Option<IssuedDocument>>;
    async fn add_case_attachment(&self, attachment: &NewAttachment) -> StoreResult<i64>;
    async fn case_attachments(&self, case: CaseId) -> StoreResult<Vec<CaseAttachment>>;
    async fn add_appeal(&self, appeal: &NewAppeal) -> StoreResult<i64>;
    async fn set_appeal_result(
        &self,
        id: i64,
        result: AppealResult,
        decided_on: Option<chrono::NaiveDate>,
        note: &str,
    ) -> StoreResult<()>;
    async fn appeals_of_case(&self, case: CaseId) -> StoreResult<Vec<Appeal>>;
    async fn appeals_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Appeal>>;
    /// An agency's edited template for a document kind (key), if any.
    async fn document_template(&self, agency: AgencyId, key: &str) -> StoreResult<Option<String>>;
    async fn put_document_template(
        &self,
        agency: AgencyId,
        key: &str,
        body: &str,
        by: Option<StaffId>,
    ) -> StoreResult<()>;
}

/// 邮件发件箱: the mail outbox.
#[async_trait]
pub trait MailStore: Send + Sync {
    async fn enqueue_mail(&self, mail: &NewMail) -> StoreResult<i64>;
    /// Unsent mail with fewer than `max_attempts` attempts, oldest first.
    async fn pending_mail(&self, max_attempts: i32, limit: i64) -> StoreResult<Vec<OutgoingMail>>;
    /// Claim up to `limit` unsent mails (fewer than `max_attempts` tries, no
    /// claim running at `now`) until `until`, oldest first: two senders on one
    /// database never get the same mail while a claim runs. Sent or failed,
    /// the claim ends (`mark_mail_sent`, `mark_mail_failed`).
    async fn claim_mail(
        &self,
        max_attempts: i32,
        limit: i64,
        now: chrono::DateTime<chrono::Utc>,
        until: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Vec<OutgoingMail>>;
    async fn mark_mail_sent(&self, id: i64, at: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    async fn mark_mail_failed(&self, id: i64, error: &str) -> StoreResult<()>;
}

/// 主动公开目录: the catalogue of proactive disclosure, its feed of changes, attachments and Article 20 figures.
#[async_trait]
pub trait CatalogueStore: Send + Sync {
    /// Create items with their histories, in one transaction. An item whose
    /// dedup key exists at its agency is not created again. Each item created
    /// records one change (see [`CatalogueStore::item_changes_after`]).
    async fn create_items(&self, items: &[NewItem]) -> StoreResult<Vec<ItemCreated>>;
    async fn item(&self, id: ItemId) -> StoreResult<Option<ItemRecord>>;
    /// Every item of an agency with its whole snapshot, last changed first
    /// (imports, checks, tests; a page lists through
    /// [`CatalogueStore::item_list_page`]).
    async fn items_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<ItemRecord>>;
    /// One page of an agency's items in every state (信息列表, the editor's
    /// list): at most `limit` rows after `after`, last changed first, then
    /// the larger id; no bodies.
    async fn item_list_page(
        &self,
        agency: AgencyId,
        after: Option<&ItemListKey>,
        limit: u32,
    ) -> StoreResult<Vec<ItemListRow>>;
    /// The agency's items published later than Art. 26 allows, newest
    /// publication first, at most `limit` (the console's count opened).
    async fn late_items(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<ItemListRow>>;
    /// One page of an agency's items (信息列表) narrowed and searched by
    /// `filter` in the database: at most `limit` rows after `after`, last
    /// changed first (first changed first when `filter.oldest_first`), then
    /// by id; no bodies.
    async fn item_list(
        &self,
        agency: AgencyId,
        filter: &ItemListFilter,
        after: Option<&ItemListKey>,
        limit: u32,
    ) -> StoreResult<Vec<ItemListRow>>;
    /// How many of the agency's items `filter` selects, counted in the database.
    async fn item_list_count(&self, agency: AgencyId, filter: &ItemListFilter) -> StoreResult<u64>;
    /// The agency's items back with the editor (已退回), last returned
    /// first, each with the reviewer's reason: at most `limit`.
    async fn returned_items(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<ReturnedItem>>;
    /// The items whose events link `item` as their interpretation (解读):
    /// the policies it interprets, by the link table (migration 0032).
    async fn policies_interpreted_by(&self, item: ItemId) -> StoreResult<Vec<ItemId>>;
    /// One page of an agency's public catalogue (主动公开目录: its published
    /// and withdrawn items with an 索引号) narrowed by `filter`: at most
    /// `limit` rows after `after`, newest publication first, then the
    /// larger id; filtered and ordered in the database.
    async fn catalogue_page(
        &self,
        agency: AgencyId,
        filter: &CatalogueFilter,
        after: Option<&CatalogueKey>,
        limit: u32,
    ) -> StoreResult<Vec<ItemListRow>>;
    /// The years in which the agency published a public item, newest first
    /// (an indexed lookup a year, however many items).
    async fn catalogue_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>>;
    /// How many of the agency's items, in any state, are filed under the
    /// 标准目录 row `key` (said when the row is deleted).
    async fn items_filed_under(&self, agency: AgencyId, key: &str) -> StoreResult<u64>;
    /// The agency's published items per 标准目录 row they are filed under,
    /// counted in one `GROUP BY` (rows without items are not listed).
    async fn row_stats(&self, agency: AgencyId) -> StoreResult<Vec<RowStat>>;
    /// An agency's items awaiting review (submitted) and published late
    /// (Art. 26), counted in the database.
    async fn item_counts(&self, agency: AgencyId) -> StoreResult<ItemCounts>;
    /// Published items (all agencies when None), newest publication first.
    async fn published_items(
        &self,
        agency: Option<AgencyId>,
        limit: i64,
    ) -> StoreResult<Vec<ItemRecord>>;
    async fn item_by_index_number(&self, index_number: &str) -> StoreResult<Option<ItemRecord>>;
    async fn item_events(&self, item: ItemId) -> StoreResult<Vec<ItemEventRecord>>;
    /// Append the next event (its `seq` must follow the last; otherwise
    /// `Conflict`) and replace the snapshot, in one transaction. A snapshot
    /// whose index number another item has is refused with `Conflict`. The
    /// event records one change of the item.
    async fn append_item_event(
        &self,
        item: ItemId,
        event: &ItemEventRecord,
        snapshot: &ItemSnapshot,
    ) -> StoreResult<()> {
        let one = ItemAppend {
            item,
            event: event.clone(),
            snapshot: snapshot.clone(),
            attachment: None,
        };
        self.append_item_events(&[], &|_| Ok(vec![one.clone()]))
            .await?
            .map_err(StoreError::Corrupt)
    }
    /// Append events to one or more items in one transaction (an approval
    /// with the publication; a policy document with its interpretation,
    /// 同步发布). First a 索引号 serial is drawn for each (agency, year) of
    /// `serials`, in order; `build` is given them and returns the events
    /// (each `seq` must follow its item's last, else `Conflict`) or refuses:
    /// `Ok(Err(why))`, and then nothing is stored and no serial used.
    async fn append_item_events(
        &self,
        serials: &[(AgencyId, i32)],
        build: &BuildItemEvents<'_>,
    ) -> StoreResult<Result<(), String>>;
    /// Changes with `seq > after`, oldest first, at most `limit` (the search indexer's feed).
    async fn item_changes_after(&self, after: i64, limit: i64) -> StoreResult<Vec<ItemChange>>;
    /// The newest change's seq (0 when there is none).
    async fn last_item_change(&self) -> StoreResult<i64>;
    /// The public items (published or withdrawn, with an 索引号) with an id
    /// in `first..=last`, by id, with when each last changed (a sitemap file).
    async fn public_item_stamps(
        &self,
        first: ItemId,
        last: ItemId,
    ) -> StoreResult<Vec<(ItemId, DateTime<Utc>)>>;
    /// The largest item id (0 when there is none).
    async fn last_item_id(&self) -> StoreResult<ItemId>;
    /// Items by id, in any order; ids that do not exist are left out. Must handle thousands of ids (chunk the IN list, e.g. 500 per query).
    async fn items_by_ids(&self, ids: &[ItemId]) -> StoreResult<Vec<ItemRecord>>;
    /// The next 索引号 serial of an agency for a year (1, 2, 3 …).
    async fn next_index_serial(&self, agency: AgencyId, year: i32) -> StoreResult<u32>;
    async fn add_item_attachment(&self, attachment: &NewItemAttachment) -> StoreResult<i64>;
    async fn item_attachments(&self, item: ItemId) -> StoreResult<Vec<ItemAttachment>>;
    /// The first attachment (by id) with this content hash and file name
    /// whose item is public (published or withdrawn, with an 索引号), if
    /// any: the public download, one indexed lookup.
    async fn public_attachment(
        &self,
        sha256: &str,
        filename: &str,
    ) -> StoreResult<Option<ItemAttachment>>;
    /// Save (replace) an agency's Article 20 figures for a year.
    async fn put_figures(
        &self,
        agency: AgencyId,
        figures: &gongkai_domain::catalogue::Article20Figures,
        by: Option<StaffId>,
    ) -> StoreResult<()>;
    async fn figures(&self, agency: AgencyId, year: i32) -> StoreResult<Option<FiguresRecord>>;
}

/// 年度报告: annual reports, drafts and published versions.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The writer's draft of an agency's report for a year, if any.
    async fn report_draft(&self, agency: AgencyId, year: i32) -> StoreResult<Option<ReportDraft>>;
    /// Save (replace) the draft of its agency and year. An agency or member
    /// that does not exist is `NotFound`.
    async fn put_report_draft(&self, draft: &ReportDraft) -> StoreResult<()>;
    /// Append the next version (1, 2, …) for (agency, year) in one
    /// transaction and return it; concurrent publications take consecutive
    /// versions. Published versions are never changed or removed (database
    /// triggers refuse it).
    async fn publish_report(&self, version: &NewReportVersion) -> StoreResult<ReportVersion>;
    /// Versions of one year, oldest first.
    async fn report_versions(&self, agency: AgencyId, year: i32)
    -> StoreResult<Vec<ReportVersion>>;
    /// Every published version of the agency, by year descending then version ascending.
    async fn published_reports(&self, agency: AgencyId) -> StoreResult<Vec<ReportVersion>>;
    /// The years each of `agencies` has published a report of (one query;
    /// (agency, year) pairs, by agency and year).
    async fn published_years(&self, agencies: &[AgencyId]) -> StoreResult<Vec<(AgencyId, i32)>>;
    /// Keep how many errors kept the draft of (agency, year) from being
    /// published at its last save; nothing happens without a draft.
    async fn mark_report_draft_errors(
        &self,
        agency: AgencyId,
        year: i32,
        errors: u32,
    ) -> StoreResult<()>;
    /// For `root` and every agency below it, each report of `years` with a
    /// draft or a published version (two indexed queries, by agency and year).
    async fn report_records(
        &self,
        root: AgencyId,
        years: &[i32],
    ) -> StoreResult<Vec<ReportRecordRow>>;
}

/// 案件台账: the case read model — one snapshot row a case, written with
/// each event (in [`CaseStore::create_case_issuing`] and
/// [`CaseStore::append_case_event`]) and re-projected here; the queue and
/// the oversight counts read it.
#[async_trait]
pub trait CaseListStore: Send + Sync {
    /// Write re-projected snapshots in one transaction; a snapshot of an
    /// earlier event than the stored one is skipped. Returns how many rows
    /// were written.
    async fn put_case_snapshots(
        &self,
        rows: &[(CaseId, gongkai_domain::case::CaseSnapshot)],
    ) -> StoreResult<u64>;
    /// The next `limit` cases after id `after` that `which` selects, with
    /// their histories (two queries).
    async fn histories_to_project(
        &self,
        which: Reprojection,
        after: CaseId,
        limit: u32,
    ) -> StoreResult<Vec<(CaseId, Vec<CaseEventRecord>)>>;
    /// How many cases have no snapshot row (a database migrated from before
    /// the read model); 0 once projected.
    async fn cases_without_snapshot(&self) -> StoreResult<u64>;
    /// For `root` and every agency below it with any: how many cases
    /// received in `year` were answered after their reply deadline (the
    /// snapshot's `on_time` false, Art. 33), one query.
    async fn late_replies(&self, root: AgencyId, year: i32) -> StoreResult<Vec<(AgencyId, u64)>>;
    /// One page of an agency's cases by due date (none last), then number,
    /// after `after`: the work queue (open cases whose deadline runs, and
    /// delivered ones still to close) or all of them.
    async fn case_queue(
        &self,
        agency: AgencyId,
        scope: QueueScope,
        after: Option<&QueueKey>,
        limit: u32,
    ) -> StoreResult<Vec<QueueEntry>>;
    /// For `root` and every agency below it: its cases whose deadline runs,
    /// and how many of them are due soon and overdue on `today` (one query).
    async fn deadline_counts(
        &self,
        root: AgencyId,
        today: chrono::NaiveDate,
    ) -> StoreResult<Vec<DeadlineCounts>>;
    async fn case_snapshot(
        &self,
        case: CaseId,
    ) -> StoreResult<Option<gongkai_domain::case::CaseSnapshot>>;
    /// One applicant's cases at one agency submitted in `[from, to)` with
    /// their read-model rows, newest first, at most `limit` (the earlier
    /// similar applications of a case page; the month's applications for a
    /// fee by count).
    async fn cases_of_applicant(
        &self,
        agency: AgencyId,
        applicant_key: &str,
        submitted: std::ops::Range<DateTime<Utc>>,
        limit: u32,
    ) -> StoreResult<Vec<QueueEntry>>;
    /// Load cases with their events and snapshots in one transaction with
    /// multi-row inserts (numbers drawn as a block of each year's sequence);
    /// their ids and numbers in the order given. No audit record is written
    /// per case: the caller audits the import.
    async fn import_cases(&self, cases: &[ImportedCase]) -> StoreResult<Vec<(CaseId, String)>>;
    /// One page of the case register (依申请公开台账): the cases of
    /// `q.agency` (and of every agency below it with `q.subtree`), open and
    /// closed, that `q.filter` selects, newest case number first, after
    /// `q.after`; at most `q.limit` rows (never more than
    /// [`CASE_REGISTER_PAGE_MAX`]). Filtered, searched and paged in the
    /// database: one query of at most a page of rows.
    async fn case_register(&self, q: &CaseRegisterQuery) -> StoreResult<Vec<CaseRegisterRow>>;
}

/// 服务器密钥: secrets shared by every instance on one database.
#[async_trait]
pub trait SecretStore: Send + Sync {
    /// The server's secret called `name`: the stored one, or `fresh` stored
    /// now when there is none yet (first start). Every instance sharing the
    /// database gets the same value.
    async fn server_secret(&self, name: &str, fresh: &str) -> StoreResult<String>;
}

/// gongkai's storage: every aggregate's trait. Implementations must be cheap
/// to share (`Arc<dyn Store>`).
#[async_trait]
pub trait Store:
    AgencyStore
    + StaffStore
    + LoginStore
    + SessionStore
    + CalendarStore
    + AuditStore
    + CaseStore
    + CaseListStore
    + MailStore
    + CatalogueStore
    + ReportStore
    + RegisterStore
    + SecretStore
    + CaseOfficeStore
    + crate::ProposalStore
    + crate::PlanStore
    + crate::InspectionStore
    + crate::LookbackStore
    + crate::StandardCatalogueStore
    + crate::HealthStore
    + crate::ScorecardStore
    + crate::PublicStore
    + crate::ConsultationStore
    + crate::ConcernStore
    + crate::HearingStore
    + crate::DecisionCatalogueStore
    + crate::MotionStore
    + crate::QuestionStore
    + crate::SynonymStore
    + crate::SiteStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    /// Apply every pending migration.
    async fn migrate(&self) -> StoreResult<()>;
    /// True while no agency has been created (a new installation).
    async fn is_empty(&self) -> StoreResult<bool>;
}
