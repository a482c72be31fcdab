//! `GET /workbench`: the staff member's starting page.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_domain::access::{CaseAccess, Relation};
use gongkai_domain::policy::{self, Permission};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Chrome, QueueRow};
use gongkai_app::case_list;
use gongkai_app::casework::mark_code;
use gongkai_app::oversight::{Level, Oversight};
use gongkai_store::{Agency, ItemCounts, QueueKey, QueueScope};
use serde::Deserialize;

/// `?after=`: where the queue's page starts (the "下一页" link's cursor);
/// `?under=`: the agency whose level of the tree a supervisor looks at.
#[derive(Deserialize)]
pub struct WorkbenchParams {
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    under: Option<String>,
}

#[derive(Template)]
#[template(path = "workbench.html")]
pub struct WorkbenchPage {
    pub chrome: Chrome,
    pub display_name: String,
    pub username: String,
    pub agency: Agency,
    pub roles: String,
    pub is_admin: bool,
    /// A platform administrator: the link to the whole site's 网站设置.
    pub configures_site: bool,
    /// The level of the tree shown (supervisors and administrators): the
    /// way down to it, and the agencies directly below (name, code, how
    /// many below each).
    pub trail: Vec<(String, String)>,
    pub supervised: Vec<(String, String, u64)>,
    pub can_register: bool,
    /// May read the case register (依申请公开台账): the link and search box.
    pub can_view_register: bool,
    /// Open cases, most urgent first: one page.
    pub queue: Vec<QueueRow>,
    /// The cursor of the queue's next page, if there is one.
    pub queue_next: Option<String>,
    /// For supervisors: the level's deadlines, summed per agency below.
    pub oversight: Option<Oversight>,
    pub can_publish: bool,
    /// May import the catalogue of the old site (导入历史目录).
    pub can_import_catalogue: bool,
    pub awaiting_review: u64,
    /// Published items that took more than 20 working days (Art. 26).
    pub late_items: u64,
    /// For editors: proposals to publish proactively what was released on
    /// request (Art. 44(1)) that no item has taken yet.
    pub proposals: Vec<ProposalRow>,
    /// For editors: items the reviewer returned (退回), with the reason,
    /// the last returned first; and whether there are more than shown.
    pub returned: Vec<gongkai_store::ReturnedItem>,
    pub returned_more: bool,
    /// For the platform administrator: a year whose holiday notice is due
    /// and not yet entered (deadlines in it are provisional until then).
    pub calendar_missing: Option<i32>,
    /// 工作要点: tasks the staff member's units lead, and for plan managers
    /// those waiting for a decision.
    pub plan_tasks: Vec<super::plan_show::TaskLine>,
    /// The agency's latest column health check: its day and tally.
    pub health: Option<(String, gongkai_domain::health::Tally)>,
    /// 我的评分任务 of a 评估人员 (the first few).
    pub scoring_tasks: Vec<super::scorecards_assign::TaskLine>,
    /// Holds a role of the agency's own work (not only 评估人员): the
    /// plan, health and request sections are shown.
    pub works_here: bool,
    /// 意见征集 of the agency (for those who manage or oversee them): open,
    /// comments awaiting moderation, closed without feedback (flagged).
    pub consultations: Option<gongkai_store::ConsultationCounts>,
    /// 建议提案 the agency leads and co-handles (for those who handle
    /// them): handling, overdue, awaiting publication, published late.
    pub motions: Option<gongkai_store::MotionCounts>,
    /// 政民互动 of the agency (for those who answer them): open, overdue,
    /// escalated, past the veto line.
    pub questions: Option<gongkai_store::QuestionQueueCounts>,
}

/// Tasks the workbench lists before linking to all of them.
const SCORING_TASKS_SHOWN: u32 = 10;

/// Returned items the workbench lists before linking to all of them.
const RETURNED_SHOWN: u32 = 10;

/// An open proposal on the editor's workbench.
pub struct ProposalRow {
    pub id: i64,
    pub title: String,
    /// The case and the other applications for the same information.
    pub cases: String,
    /// The day it was proposed (Beijing).
    pub date: String,
}

impl ProposalRow {
    fn of(p: gongkai_store::Proposal) -> ProposalRow {
        let cases = std::iter::once(p.case_number)
            .chain(p.same_cases)
            .collect::<Vec<_>>()
            .join("、");
        ProposalRow {
            id: p.id,
            title: p.title,
            cases,
            date: gongkai_app::clock::beijing(p.proposed_at)
                .date_naive()
                .to_string(),
        }
    }
}

pub async fn workbench(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(params): Query<WorkbenchParams>,
) -> AppResult<Html<String>> {
    let after = params
        .after
        .as_deref()
        .map(case_list::parse_cursor)
        .transpose()?;
    let under = params
        .under
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let may = |p| policy::may_here(&who.staff.roles, p).is_ok();
    let is_admin = may(Permission::AdministerAgency);
    let sees_tree = may(Permission::SeeSubtree) || may(Permission::OverseeDeadlines);
    if under.is_some() && !sees_tree {
        return Err(AppError::forbidden(
            "只有管理员和督导人员可以查看下级机关。",
        ));
    }
    let level = if sees_tree {
        Some(Level::read(&state, who.agency.id, under).await?)
    } else {
        None
    };
    let (trail, supervised) = match &level {
        Some(l) if may(Permission::SeeSubtree) => (
            l.trail.clone(),
            l.children()
                .into_iter()
                .map(|(o, below)| (o.full_name.clone(), o.code.clone(), below))
                .collect(),
        ),
        Some(l) => (l.trail.clone(), Vec::new()),
        None => (Vec::new(), Vec::new()),
    };
    let (queue, queue_next) = queue(&state, &who, after.as_ref()).await?;
    let oversight = match level {
        Some(l) if may(Permission::OverseeDeadlines) => Some(l.oversight(&state).await?),
        _ => None,
    };
    let can_publish = may(Permission::HandleCatalogueItem);
    let counts = if can_publish {
        state.store.item_counts(who.agency.id).await?
    } else {
        ItemCounts::default()
    };
    let proposals = if may(Permission::EditCatalogueItem) {
        state
            .store
            .open_proposals(who.agency.id, gongkai_store::OPEN_PROPOSALS_MAX)
            .await?
            .into_iter()
            .map(ProposalRow::of)
            .collect()
    } else {
        Vec::new()
    };
    let (returned, returned_more) = if may(Permission::EditCatalogueItem) {
        let mut rows = state
            .store
            .returned_items(who.agency.id, RETURNED_SHOWN + 1)
            .await?;
        let more = rows.len() > RETURNED_SHOWN as usize;
        rows.truncate(RETURNED_SHOWN as usize);
        (rows, more)
    } else {
        (Vec::new(), false)
    };
    let calendar_missing = if may(Permission::ChangeCalendar) {
        missing_notice(&state.calendar_in_force().await?, state.clock.today())
    } else {
        None
    };
    let scoring_tasks = if may(Permission::ScoreAssigned) {
        super::scorecards_assign::task_lines(&state, &who, SCORING_TASKS_SHOWN).await?
    } else {
        Vec::new()
    };
    let consultations = if may(Permission::ManageConsultations) {
        let today = state.clock.today();
        Some(
            state
                .store
                .consultation_counts(who.agency.id, today)
                .await?,
        )
    } else {
        None
    };
    let motions = if may(Permission::HandleMotions) {
        let today = state.clock.today();
        Some(state.store.motion_counts(who.agency.id, today).await?)
    } else {
        None
    };
    let questions = if may(Permission::AnswerQuestions) {
        let today = state.clock.today();
        Some(
            state
                .store
                .question_queue_counts(who.agency.id, today)
                .await?,
        )
    } else {
        None
    };
    let page = WorkbenchPage {
        consultations,
        questions,
        motions,
        scoring_tasks,
        // The agency's own work: every role but the 评估人员 (the policy's).
        works_here: may(Permission::ReadPlans),
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        display_name: who.staff.display_name.clone(),
        username: who.staff.username.to_string(),
        roles: who.role_labels(),
        agency: who.agency.clone(),
        is_admin,
        configures_site: may(Permission::ConfigurePlatformSite),
        trail,
        supervised,
        can_register: may(Permission::RegisterApplication),
        can_view_register: may(Permission::ViewCase),
        queue,
        queue_next,
        oversight,
        can_publish,
        can_import_catalogue: may(Permission::ImportCatalogue),
        awaiting_review: counts.awaiting_review,
        late_items: counts.late,
        proposals,
        returned,
        returned_more,
        calendar_missing,
        plan_tasks: super::plan_show::workbench_tasks(&state, &who).await?,
        health: state.store.latest_health(who.agency.id).await?.map(|l| {
            (
                l.checked_on.to_string(),
                gongkai_domain::health::Tally::of(&l.findings),
            )
        }),
    };
    Ok(Html(page.render()?))
}

/// One page of the agency's work queue (open cases, most urgent first —
/// see `CaseListStore::case_queue`) and the cursor of the next page. A work
/// queue: only for those who handle the agency's cases (full access under
/// the policy).
async fn queue(
    state: &AppState,
    who: &CurrentStaff,
    after: Option<&QueueKey>,
) -> AppResult<(Vec<QueueRow>, Option<String>)> {
    let access = CaseAccess::for_staff(&who.staff.roles, Relation::OwnAgency);
    if access != CaseAccess::Full {
        return Ok((Vec::new(), None));
    }
    let page = case_list::queue_page(
        state,
        who.agency.id,
        QueueScope::Work,
        after,
        case_list::QUEUE_PAGE,
    )
    .await?;
    let calendar = state.calendar_in_force().await?;
    let today = state.clock.today();
    let rows = page
        .rows
        .into_iter()
        .filter_map(|r| {
            let (left, waiting) = queue_clock(&calendar, today, &r);
            let applicant = access.applicant(&r.case.application.applicant)?;
            Some(QueueRow {
                number: r.case.number.clone(),
                applicant: applicant.name,
                description: r
                    .case
                    .application
                    .request
                    .description
                    .chars()
                    .take(40)
                    .collect(),
                state: r.snapshot.state.label_zh().into(),
                receipt_date: r
                    .snapshot
                    .receipt_date
                    .map_or("待确认".into(), |d| d.to_string()),
                due: r.due.map_or("—".into(), |d| d.to_string()),
                mark: r.mark.label_zh().into(),
                mark_code: mark_code(r.mark),
                left,
                waiting,
            })
        })
        .collect();
    Ok((rows, page.next.as_ref().map(case_list::cursor_of)))
}

/// The year whose State Council holiday notice the platform administrator
/// should enter: this year's while it is missing, and from November the
/// next year's (the notice usually appears in November or December).
fn missing_notice(
    calendar: &gongkai_domain::calendar::Calendar,
    today: chrono::NaiveDate,
) -> Option<i32> {
    use chrono::Datelike;
    let this = today.year();
    if !calendar.is_published(this) {
        Some(this)
    } else if today.month() >= 11 && !calendar.is_published(this + 1) {
        Some(this + 1)
    } else {
        None
    }
}

/// What a queue row says of time: the working days left to the reply
/// deadline (剩余N个工作日), and for an online application not confirmed
/// after a working day, how long it has waited (Art. 31: the receipt date
/// is the day both sides confirm; until then no clock reminds anyone).
fn queue_clock(
    calendar: &gongkai_domain::calendar::Calendar,
    today: chrono::NaiveDate,
    r: &case_list::QueueRow,
) -> (String, Option<String>) {
    use gongkai_domain::case::CaseState;
    let left = match r.due {
        Some(due) if due == today => "今日到期".to_string(),
        Some(due) if due > today => {
            format!("剩余{}个工作日", calendar.working_days_between(today, due))
        }
        Some(due) => format!(
            "已超过{}个工作日",
            calendar.working_days_between(due, today)
        ),
        None => String::new(),
    };
    let waiting = (r.snapshot.state == CaseState::AwaitingConfirmation)
        .then(|| gongkai_app::clock::beijing(r.case.submitted_at).date_naive())
        .map(|submitted| calendar.working_days_between(submitted, today))
        .filter(|days| *days >= 1)
        .map(|days| format!("在线提交已{days}个工作日未确认"));
    (left, waiting)
}
