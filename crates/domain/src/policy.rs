//! 权限规则: who may do what, and where in the agency tree (机构树). The one
//! place where a staff member's [`Role`]s are matched for a permission; every
//! handler asks [`may`] (or [`may_in`] when it already knows the relation) and
//! shows the [`Refusal`]'s Chinese message.
//!
//! The agency tree: a staff member of agency A acts on agency B only if B is A
//! (own agency, 本机关) or lies below A (下级机关), and then only with a role
//! the permission admits at that distance. Agencies elsewhere are out of reach
//! for every permission except the platform-wide working-day calendar.
//!
//! | permission                        | own agency                          | agencies below          |
//! |-----------------------------------|-------------------------------------|-------------------------|
//! | record a case action              | 承办人; 审核人 for extension decisions (《条例》第三十三条第二款) | — |
//! | register an application           | 承办人                               | —                       |
//! | record appeals (复议、诉讼)         | 承办人, 审核人                        | —                       |
//! | list the catalogue                | 信息员, 审核人, 管理员, 监督员          | —                       |
//! | edit a catalogue item             | 信息员                               | —                       |
//! | act on a catalogue item           | 信息员, 审核人                        | —                       |
//! | approve/refuse an item (保密审查)   | 审核人                               | —                       |
//! | write the annual report           | 信息员, 审核人, 管理员, 监督员          | 管理员, 监督员            |
//! | publish the annual report         | 审核人, 管理员, 监督员                 | 管理员, 监督员            |
//! | choose a roll-up's members        | 管理员, 监督员                        | 管理员, 监督员            |
//! | import / check annual reports     | 管理员, 监督员                        | 管理员, 监督员            |
//! | read the audit trail, see the subtree | 管理员, 监督员                     | 管理员, 监督员            |
//! | oversee deadlines                 | 监督员                               | 监督员                   |
//! | score agencies (考核评分)          | 监督员                               | 监督员                   |
//! | manage consultations (意见征集)     | 信息员, 审核人, 管理员                 | — (监督员 read: 督办)     |
//! | handle motions (建议提案办理)        | 信息员, 审核人, 管理员                 | — (监督员 read: 督办)     |
//! | answer questions (政民互动)         | 承办人, 信息员, 审核人                 | — (监督员 read: 督办)     |
//! | fill in the Art. 20 figures       | 信息员, 管理员                        | 管理员                   |
//! | read an agency's statistics       | every role                          | every role              |
//! | administer agency, staff, templates | 管理员                             | 管理员                   |
//! | grant a role                      | as administer, and [`Role::may_be_granted_by`] | same          |
//! | view / change the calendar        | platform-wide: [`CalendarRights`]   |                         |
//!
//! Seeing a case and its personal data is decided by [`crate::access`].

use crate::access::{CaseAccess, Relation};
use crate::case::ActionKind;
use crate::staff::{CalendarRights, Role};

/// An agency's id (as the store numbers agencies).
pub type AgencyId = i64;

/// 机构路径: the agencies from the root of the tree down to one agency, that
/// agency last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyPath(Vec<AgencyId>);

impl AgencyPath {
    /// `root_to_agency`: the ancestors from the root down, then the agency.
    pub fn new(root_to_agency: Vec<AgencyId>) -> AgencyPath {
        AgencyPath(root_to_agency)
    }

    /// The agency itself (the last element).
    pub fn agency(&self) -> Option<AgencyId> {
        self.0.last().copied()
    }

    /// Where this agency sits relative to `own`: the same agency, below it
    /// (`own` is one of its ancestors), or elsewhere.
    pub fn relation_to(&self, own: AgencyId) -> Relation {
        match self.0.split_last() {
            Some((&me, _)) if me == own => Relation::OwnAgency,
            Some((_, above)) if above.contains(&own) => Relation::Subtree,
            _ => Relation::Outside,
        }
    }
}

/// Who asks: a staff member's agency and roles.
#[derive(Debug, Clone, Copy)]
pub struct Principal<'a> {
    pub agency: AgencyId,
    pub roles: &'a [Role],
}

/// What is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See a case at all ([`CaseAccess::may_view`]).
    ViewCase,
    /// See the applicant's personal data unmasked ([`CaseAccess::Full`]).
    SeeFullPersonalData,
    /// Record one action on a case of the agency.
    RecordCaseAction(ActionKind),
    /// 登记申请: register an application received in person, by post, …
    RegisterApplication,
    /// Record an administrative reconsideration or lawsuit and its result.
    RecordAppeal,
    /// Propose that information released on request be published
    /// proactively (依申请公开转主动公开, Art. 44(1)).
    ProposeProactive,
    /// 工作要点: import or derive the agency's plan, divide its tasks among
    /// units, accept (销号) or return completed tasks, decide extensions;
    /// supervisors above also inspect (督查).
    ManagePlan,
    /// Read the work plans, their tasks and ledgers of one's agency and the
    /// agencies above and below it (which agencies: checked by the app).
    ReadPlans,
    /// Work on a task as a member of its lead unit (领办, progress,
    /// extension request, completion); the unit is checked by the app.
    WorkOnTask,
    ListCatalogue,
    EditCatalogueItem,
    /// Submit, withdraw or publish a catalogue item (not the review).
    HandleCatalogueItem,
    /// 保密审查: approve or refuse a catalogue item.
    ReviewCatalogueItem,
    /// 历史目录导入: import the agency's catalogue from its old site as
    /// items already published (their 保密审查 recorded as done there) — so
    /// not an editor's alone, whose items go through review.
    ImportCatalogue,
    WriteReport,
    PublishReport,
    ChooseReportMembers,
    /// Import annual reports, and check them (the report check page).
    ImportReport,
    /// Read the audit trail; see the agencies of one's subtree.
    SeeSubtree,
    /// Watch the deadlines of the subtree (督办).
    OverseeDeadlines,
    /// 考核评分: score the agencies of the subtree against a template, by
    /// hand where the template says so, and issue the 通报.
    ScoreAgencies,
    /// 评估人员: score by hand the agencies one is assigned in a run of
    /// one's own office (which agencies: checked by the app).
    ScoreAssigned,
    /// 意见征集 (决策预公开): draft and publish the agency's consultation
    /// notices, moderate the comments, record and publish the feedback
    /// (意见采纳情况), and see the commenters' contacts. Supervisors above
    /// read through [`Permission::OverseeDeadlines`].
    ManageConsultations,
    /// 政民互动: answer the questions asked of the agency, publish them
    /// (with the asker's consent), convert one into an application (which
    /// also needs [`Permission::RegisterApplication`]) or tell where it
    /// belongs, and see the askers' names and contacts. Supervisors above
    /// read through [`Permission::OverseeDeadlines`], without them.
    AnswerQuestions,
    /// 建议提案办理: keep the agency's register of 人大代表建议 and 政协委员
    /// 提案 it leads (主办), record extensions, replies and satisfaction,
    /// publish the replies, and see the proposers' contacts. Its holders
    /// in a co-handling agency (协办) read those motions; supervisors above
    /// read through [`Permission::OverseeDeadlines`].
    HandleMotions,
    /// 回应关切: keep the agency's register of public concerns (政务舆情),
    /// record its responses and close them. Supervisors above read through
    /// [`Permission::OverseeDeadlines`].
    RespondToConcerns,
    /// 第二十条数据: fill in the agency's figures.
    FillFigures,
    /// Read an agency's figures and register counts.
    ReadStatistics,
    /// 标准目录: derive the agency's standard catalogue from a template,
    /// delete rows that do not apply (with a reason), change and add rows.
    EditStandardCatalogue,
    /// Manage the agency's profile, staff, templates and texts.
    AdministerAgency,
    /// Give (or take away) `Role`.
    GrantRole(Role),
    ViewCalendar,
    ChangeCalendar,
    /// 网站设置 of the platform: the footer's identifiers, the site name,
    /// the statements every page links to.
    ConfigurePlatformSite,
}

/// Why a permission is refused, in Chinese for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

/// Roles admitted at the own agency and at the agencies below it, and what
/// to say when refused.
struct Rule {
    own: &'static [Role],
    below: &'static [Role],
    /// Said when no role of the asker would do anywhere.
    role: &'static str,
    /// Said when the role would do but not at this distance.
    reach: &'static str,
}

const OVERSEERS: &[Role] = &[Role::Administrator, Role::Supervisor];
/// Every role that works inside an agency. Not the 评估人员: an evaluator
/// from outside reads published output and scores, nothing of the agency's
/// own work.
const ALL_ROLES: &[Role] = &[
    Role::PlatformAdministrator,
    Role::Administrator,
    Role::Supervisor,
    Role::Reviewer,
    Role::Clerk,
    Role::Editor,
];
const OWN_ONLY: &str = "只能办理本机关的事务。";
const SUBTREE_ONLY: &str = "只能处理本机关及下级机关的事务：该机关不在您的管辖范围内。";

fn rule(permission: Permission) -> Rule {
    use Permission as P;
    use Role as R;
    let r = |own, below, role, reach| Rule {
        own,
        below,
        role,
        reach,
    };
    match permission {
        P::RecordCaseAction(ActionKind::ExtensionApprove | ActionKind::ExtensionRefuse) => r(
            &[R::Reviewer],
            &[],
            "此操作需要“审核人”角色：延长答复期限须经政府信息公开工作机构负责人同意（《条例》第三十三条第二款）。",
            "只有受理机关的承办人、审核人可以办理该申请。",
        ),
        P::RecordCaseAction(ActionKind::SignDecision | ActionKind::ReturnDecision) => r(
            &[R::Reviewer],
            &[],
            "此操作需要“审核人”角色：拟办答复由审核人审核签发或退回。",
            "只有受理机关的承办人、审核人可以办理该申请。",
        ),
        P::RecordCaseAction(_) => r(
            &[R::Clerk],
            &[],
            "此操作需要“承办人”角色。",
            "只有受理机关的承办人、审核人可以办理该申请。",
        ),
        P::RegisterApplication => r(&[R::Clerk], &[], "登记申请需要“承办人”角色。", OWN_ONLY),
        P::RecordAppeal => r(
            &[R::Clerk, R::Reviewer],
            &[],
            "只有受理机关的承办人或审核人可以记录复议、诉讼情况。",
            "只有受理机关的承办人或审核人可以记录复议、诉讼情况。",
        ),
        P::ProposeProactive => r(
            &[R::Clerk, R::Reviewer],
            &[],
            "只有受理机关的承办人或审核人可以提出纳入主动公开的建议。",
            "只有受理机关的承办人或审核人可以提出纳入主动公开的建议。",
        ),
        P::ManagePlan => r(
            &[R::Administrator, R::Reviewer, R::Supervisor],
            OVERSEERS,
            "管理工作要点需要本机关的管理员、审核人或政务公开办监督员角色。",
            "只能管理本机关及下级机关的工作要点：该机关不在您的管辖范围内。",
        ),
        P::ReadPlans => r(
            ALL_ROLES,
            ALL_ROLES,
            "工作要点只对机关工作人员开放查看；评估人员请在“我的评分任务”中评分。",
            "只能查看本机关、上级机关和下级机关的工作要点：该机关不在此范围内。",
        ),
        P::WorkOnTask => r(
            ALL_ROLES,
            &[],
            "无权办理该任务。",
            "只有本机关牵头单位的工作人员可以办理该任务。",
        ),
        P::ListCatalogue => r(
            &[R::Editor, R::Reviewer, R::Administrator, R::Supervisor],
            &[],
            "此操作需要以下角色之一：信息员、审核人、管理员、监督员（政务公开办）。",
            OWN_ONLY,
        ),
        P::EditCatalogueItem => r(
            &[R::Editor],
            &[],
            "此操作需要以下角色之一：信息员。",
            OWN_ONLY,
        ),
        P::HandleCatalogueItem => r(
            &[R::Editor, R::Reviewer],
            &[],
            "此操作需要以下角色之一：信息员、审核人。",
            OWN_ONLY,
        ),
        P::ReviewCatalogueItem => r(
            &[R::Reviewer],
            &[],
            "审核需要“审核人”角色：信息须经保密审查后方可发布。",
            OWN_ONLY,
        ),
        P::ImportCatalogue => r(
            &[R::Reviewer, R::Administrator],
            &[R::Administrator],
            "导入历史目录需要本机关的审核人或管理员角色：导入的信息作为原网站已发布的信息直接公开，不再经过保密审查。信息员可以准备好文件，请审核人或管理员导入。",
            "只能为本机关及下级机关导入历史目录：该机关不在您的管辖范围内。",
        ),
        P::WriteReport => r(
            &[R::Editor, R::Reviewer, R::Administrator, R::Supervisor],
            OVERSEERS,
            "只有本机关的信息员、审核人、管理员或上级政务公开主管部门可以编写年度报告。",
            "只有本机关的信息员、审核人、管理员或上级政务公开主管部门可以编写年度报告。",
        ),
        P::PublishReport => r(
            &[R::Reviewer, R::Administrator, R::Supervisor],
            OVERSEERS,
            "只有本机关的审核人、管理员或上级政务公开主管部门可以发布年度报告。",
            "只有本机关的审核人、管理员或上级政务公开主管部门可以发布年度报告。",
        ),
        P::ChooseReportMembers => r(
            OVERSEERS,
            OVERSEERS,
            "只有管理员或政务公开主管部门的督导人员可以选择汇总的机关。",
            SUBTREE_ONLY,
        ),
        P::ImportReport => r(
            OVERSEERS,
            OVERSEERS,
            "只有政务公开主管部门的督导人员或管理员可以导入年度报告。请联系上级政务公开主管部门。",
            "只能为本机关及下级机关导入年度报告：该机关不在您的管辖范围内。",
        ),
        P::SeeSubtree => r(
            OVERSEERS,
            OVERSEERS,
            "只有管理员和督导人员可以查看审计记录。如需查看，请联系本机关管理员。",
            SUBTREE_ONLY,
        ),
        P::OverseeDeadlines => r(
            &[R::Supervisor],
            &[R::Supervisor],
            "督办需要“监督员（政务公开办）”角色。",
            SUBTREE_ONLY,
        ),
        P::ScoreAgencies => r(
            &[R::Supervisor],
            &[R::Supervisor],
            "考核评分需要“监督员（政务公开办）”角色：由政务公开办对本机关及下级机关评分。",
            "只能查看和评分本机关及下级机关：该机关不在您的管辖范围内。",
        ),
        P::ScoreAssigned => r(
            &[R::Evaluator],
            &[],
            "按分配评分需要“评估人员”角色。",
            "评估人员只能在本单位开展的考核评分中评分：该评分不由您所在单位开展。",
        ),
        P::ManageConsultations => r(
            &[R::Editor, R::Reviewer, R::Administrator],
            &[],
            "意见征集由本机关的信息员、审核人或管理员办理。",
            "只能办理本机关的意见征集；上级机关的监督员可以查看。",
        ),
        P::AnswerQuestions => r(
            &[R::Clerk, R::Editor, R::Reviewer],
            &[],
            "政民互动留言由本机关的承办人、信息员或审核人答复。",
            "只能答复本机关收到的留言；上级机关的监督员可以查看。",
        ),
        P::HandleMotions => r(
            &[R::Editor, R::Reviewer, R::Administrator],
            &[],
            "建议提案由本机关的信息员、审核人或管理员办理。",
            "只能办理本机关主办的建议提案；协办单位和上级机关的监督员可以查看。",
        ),
        P::RespondToConcerns => r(
            &[R::Editor, R::Reviewer],
            &[],
            "回应关切由本机关的信息员或审核人登记和回应。",
            "只能登记和回应本机关的政务舆情；上级机关的监督员可以查看。",
        ),
        P::FillFigures => r(
            &[R::Editor, R::Administrator],
            &[R::Administrator],
            "只有本机关的信息员、管理员或上级机关管理员可以填报第二十条数据。",
            "只有本机关的信息员、管理员或上级机关管理员可以填报第二十条数据。",
        ),
        P::EditStandardCatalogue => r(
            &[R::Editor, R::Administrator],
            &[R::Administrator],
            "只有本机关的信息员、管理员或上级机关管理员可以维护标准目录。",
            "只能维护本机关或下级机关的标准目录。",
        ),
        P::ReadStatistics => r(
            ALL_ROLES,
            ALL_ROLES,
            "无权查看该机关的统计。",
            "只能查询本机关或下级机关的统计。",
        ),
        P::AdministerAgency | P::GrantRole(_) => r(
            &[R::Administrator],
            &[R::Administrator],
            "此操作需要“管理员”角色。",
            "管理员只能管理本机关及下级机关：该机关不在您的管辖范围内。",
        ),
        P::ConfigurePlatformSite => r(
            &[R::PlatformAdministrator],
            &[],
            "全站的网站设置（网站名称、主办单位、网站标识码、备案号）只有平台管理员可以修改；各机关的设置由本机关管理员在本机关的网站设置中修改。",
            "全站的网站设置只有平台管理员可以修改。",
        ),
        // Decided elsewhere (case access, calendar): never reached.
        P::ViewCase | P::SeeFullPersonalData | P::ViewCalendar | P::ChangeCalendar => {
            r(&[], &[], "无权进行此操作。", SUBTREE_ONLY)
        }
    }
}

/// May a staff member holding `roles` do `permission` on an agency in
/// `relation` to their own?
pub fn may_in(roles: &[Role], permission: Permission, relation: Relation) -> Result<(), Refusal> {
    let refuse = |m: &str| Err(Refusal(m.to_string()));
    match permission {
        Permission::ViewCase => {
            return match CaseAccess::for_staff(roles, relation).may_view() {
                true => Ok(()),
                false => refuse(CaseAccess::refusal_zh(relation)),
            };
        }
        Permission::SeeFullPersonalData => {
            return match CaseAccess::for_staff(roles, relation) == CaseAccess::Full {
                true => Ok(()),
                false => refuse("只有受理机关的承办人、审核人可以查看申请人的完整个人信息。"),
            };
        }
        Permission::ViewCalendar if !CalendarRights::may_view(roles) => {
            return refuse("工作日历只对管理员和平台管理员开放查看。");
        }
        Permission::ChangeCalendar if !CalendarRights::may_change(roles) => {
            return refuse(
                "工作日历是全平台共用的数据，所有机关的期限都按它计算，只有平台管理员可以修改。如需调整，请联系平台管理员。",
            );
        }
        Permission::ViewCalendar | Permission::ChangeCalendar => return Ok(()),
        Permission::GrantRole(role) if !role.may_be_granted_by(roles) => {
            return refuse(&format!(
                "不能授予或取消“{}”角色：只有平台管理员可以授予平台管理员角色，其他角色由管理员授予。",
                role.label()
            ));
        }
        _ => {}
    }
    let rule = rule(permission);
    let admitted = |allowed: &[Role]| roles.iter().any(|r| allowed.contains(r));
    let here = match relation {
        Relation::OwnAgency => admitted(rule.own),
        Relation::Subtree => admitted(rule.below),
        Relation::Outside => false,
    };
    if here {
        Ok(())
    } else if admitted(rule.own) || admitted(rule.below) {
        refuse(rule.reach)
    } else {
        refuse(rule.role)
    }
}

/// May `actor` do `permission` on the agency at `target`? (B is within reach
/// of a staff member of A iff B is A or below A, and then per role.)
pub fn may(actor: &Principal, permission: Permission, target: &AgencyPath) -> Result<(), Refusal> {
    may_in(actor.roles, permission, target.relation_to(actor.agency))
}

/// [`may_in`] on the staff member's own agency (or for a platform-wide
/// permission such as the calendar).
pub fn may_here(roles: &[Role], permission: Permission) -> Result<(), Refusal> {
    may_in(roles, permission, Relation::OwnAgency)
}

#[cfg(test)]
mod tests;
