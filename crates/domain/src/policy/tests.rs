//! Worked examples of the permission table (expected values from the
//! handlers' checks as they stood, and Art. 33(2) of the Regulation).

use super::*;
use crate::access::Relation::{Outside, OwnAgency, Subtree};
use crate::case::ActionKind;
use crate::staff::Role::*;

/// 市政府 (1) › 市教育局 (2) › 区教育局 (3); 省政府 (9) is elsewhere.
fn district_bureau() -> AgencyPath {
    AgencyPath::new(vec![1, 2, 3])
}

#[test]
fn the_tree_decides_own_below_and_elsewhere() {
    let p = district_bureau();
    assert_eq!(p.agency(), Some(3));
    assert_eq!(p.relation_to(3), OwnAgency);
    assert_eq!(p.relation_to(2), Subtree);
    assert_eq!(p.relation_to(1), Subtree);
    assert_eq!(p.relation_to(9), Outside);
    assert_eq!(AgencyPath::new(vec![]).relation_to(3), Outside);
    // The parent is not below its child.
    assert_eq!(AgencyPath::new(vec![1, 2]).relation_to(3), Outside);
}

#[test]
fn only_a_reviewer_decides_an_extension_art_33_2() {
    let approve = Permission::RecordCaseAction(ActionKind::ExtensionApprove);
    assert!(may_here(&[Reviewer], approve).is_ok());
    let e = may_here(&[Clerk], approve).unwrap_err();
    assert!(e.0.contains("审核人"), "{e}");
    assert!(e.0.contains("第三十三条第二款"), "{e}");
    let refuse = Permission::RecordCaseAction(ActionKind::ExtensionRefuse);
    assert!(may_here(&[Clerk, Reviewer], refuse).is_ok());
}

#[test]
fn a_clerk_records_every_other_case_action_in_the_own_agency_only() {
    for kind in ActionKind::ALL {
        let p = Permission::RecordCaseAction(kind);
        let reviewer_only = matches!(
            kind,
            ActionKind::ExtensionApprove
                | ActionKind::ExtensionRefuse
                | ActionKind::SignDecision
                | ActionKind::ReturnDecision
        );
        assert_eq!(may_here(&[Clerk], p).is_ok(), !reviewer_only, "{kind:?}");
        assert_eq!(may_here(&[Reviewer], p).is_ok(), reviewer_only, "{kind:?}");
        // A clerk of the agency above may not act on the case below.
        let e = may_in(&[Clerk, Reviewer], p, Subtree).unwrap_err();
        assert_eq!(e.0, "只有受理机关的承办人、审核人可以办理该申请。");
        // Supervisors and administrators watch; they do not act.
        assert!(may_here(&[Supervisor, Administrator], p).is_err());
    }
    assert_eq!(
        may_here(&[Editor], Permission::RecordCaseAction(ActionKind::Confirm))
            .unwrap_err()
            .0,
        "此操作需要“承办人”角色。"
    );
}

#[test]
fn administrators_administer_their_agency_and_below() {
    let p = district_bureau();
    let city_admin = Principal {
        agency: 1,
        roles: &[Administrator],
    };
    assert!(may(&city_admin, Permission::AdministerAgency, &p).is_ok());
    let province_admin = Principal {
        agency: 9,
        roles: &[Administrator],
    };
    let e = may(&province_admin, Permission::AdministerAgency, &p).unwrap_err();
    assert!(e.0.contains("管辖范围"), "{e}");
    let clerk = Principal {
        agency: 3,
        roles: &[Clerk],
    };
    assert_eq!(
        may(&clerk, Permission::AdministerAgency, &p).unwrap_err().0,
        "此操作需要“管理员”角色。"
    );
}

#[test]
fn granting_needs_the_reach_and_the_granter_role() {
    let p = Permission::GrantRole(PlatformAdministrator);
    assert!(may_here(&[Administrator], p).is_err());
    assert!(may_here(&[Administrator, PlatformAdministrator], p).is_ok());
    assert!(may_in(&[Administrator], Permission::GrantRole(Clerk), Subtree).is_ok());
    assert!(may_in(&[Administrator], Permission::GrantRole(Clerk), Outside).is_err());
}

#[test]
fn reports_writers_publishers_and_overseers() {
    // An editor writes the own agency's report but does not publish it.
    assert!(may_here(&[Editor], Permission::WriteReport).is_ok());
    assert!(may_here(&[Editor], Permission::PublishReport).is_err());
    assert!(may_here(&[Reviewer], Permission::PublishReport).is_ok());
    // A reviewer of the agency above does nothing below.
    assert!(may_in(&[Reviewer], Permission::WriteReport, Subtree).is_err());
    // A supervisor above writes, publishes and chooses members below.
    for p in [
        Permission::WriteReport,
        Permission::PublishReport,
        Permission::ChooseReportMembers,
        Permission::ImportReport,
    ] {
        assert!(may_in(&[Supervisor], p, Subtree).is_ok(), "{p:?}");
        assert!(may_in(&[Supervisor], p, Outside).is_err(), "{p:?}");
    }
    let e = may_in(&[Supervisor], Permission::ImportReport, Outside).unwrap_err();
    assert!(e.0.contains("只能为本机关及下级机关导入"), "{e}");
    let e = may_here(&[Clerk], Permission::ImportReport).unwrap_err();
    assert!(e.0.contains("督导人员或管理员"), "{e}");
}

#[test]
fn figures_by_the_own_editor_or_an_administrator_above() {
    assert!(may_here(&[Editor], Permission::FillFigures).is_ok());
    assert!(may_in(&[Editor], Permission::FillFigures, Subtree).is_err());
    assert!(may_in(&[Administrator], Permission::FillFigures, Subtree).is_ok());
    // 标准目录: the agency's editors and administrators; administrators above.
    assert!(may_here(&[Editor], Permission::EditStandardCatalogue).is_ok());
    assert!(may_here(&[Clerk], Permission::EditStandardCatalogue).is_err());
    assert!(may_in(&[Editor], Permission::EditStandardCatalogue, Subtree).is_err());
    assert!(may_in(&[Administrator], Permission::EditStandardCatalogue, Subtree).is_ok());
    assert!(may_in(&[Administrator], Permission::EditStandardCatalogue, Outside).is_err());
    assert!(may_in(&[Clerk], Permission::ReadStatistics, Subtree).is_ok());
    assert!(may_in(&[Administrator], Permission::ReadStatistics, Outside).is_err());
}

#[test]
fn catalogue_roles() {
    assert!(may_here(&[Editor], Permission::EditCatalogueItem).is_ok());
    assert!(may_here(&[Reviewer], Permission::EditCatalogueItem).is_err());
    assert!(may_here(&[Reviewer], Permission::HandleCatalogueItem).is_ok());
    assert!(may_here(&[Editor], Permission::ReviewCatalogueItem).is_err());
    assert!(may_here(&[Supervisor], Permission::ListCatalogue).is_ok());
    assert!(may_here(&[Clerk], Permission::ListCatalogue).is_err());
}

#[test]
fn case_viewing_and_the_calendar_delegate() {
    assert!(may_in(&[Supervisor], Permission::ViewCase, Subtree).is_ok());
    assert!(may_in(&[Supervisor], Permission::SeeFullPersonalData, OwnAgency).is_err());
    assert!(may_in(&[Clerk], Permission::SeeFullPersonalData, OwnAgency).is_ok());
    assert!(may_in(&[Editor], Permission::ViewCase, OwnAgency).is_err());
    // The calendar is platform-wide: the relation does not matter.
    assert!(
        may_in(
            &[PlatformAdministrator],
            Permission::ChangeCalendar,
            Outside
        )
        .is_ok()
    );
    assert!(may_here(&[Administrator], Permission::ViewCalendar).is_ok());
    assert!(may_here(&[Administrator], Permission::ChangeCalendar).is_err());
}

#[test]
fn appeals_and_registration() {
    assert!(may_here(&[Reviewer], Permission::RecordAppeal).is_ok());
    assert!(may_in(&[Clerk], Permission::RecordAppeal, Subtree).is_err());
    assert!(may_here(&[Clerk], Permission::ProposeProactive).is_ok());
    assert!(may_here(&[Reviewer], Permission::ProposeProactive).is_ok());
    assert!(may_here(&[Editor], Permission::ProposeProactive).is_err());
    assert!(may_in(&[Supervisor], Permission::ProposeProactive, Subtree).is_err());
    assert!(may_here(&[Reviewer], Permission::ManagePlan).is_ok());
    assert!(may_here(&[Clerk], Permission::ManagePlan).is_err());
    assert!(may_in(&[Supervisor], Permission::ManagePlan, Subtree).is_ok());
    assert!(may_in(&[Reviewer], Permission::ManagePlan, Subtree).is_err());
    assert!(may_here(&[Editor], Permission::WorkOnTask).is_ok());
    assert!(may_in(&[Administrator], Permission::WorkOnTask, Subtree).is_err());
    assert!(may_here(&[Clerk], Permission::RegisterApplication).is_ok());
    assert_eq!(
        may_here(&[Reviewer], Permission::RegisterApplication)
            .unwrap_err()
            .0,
        "登记申请需要“承办人”角色。"
    );
    assert!(may_here(&[Supervisor], Permission::OverseeDeadlines).is_ok());
    assert!(may_here(&[Administrator], Permission::OverseeDeadlines).is_err());
}

#[test]
fn the_supervising_office_scores_its_subtree() {
    let p = Permission::ScoreAgencies;
    assert!(may_here(&[Supervisor], p).is_ok());
    assert!(may_in(&[Supervisor], p, Subtree).is_ok());
    let e = may_in(&[Supervisor], p, Outside).unwrap_err();
    assert!(e.0.contains("管辖范围"), "{e}");
    // Administrators administer; scoring is the 政务公开办's.
    for role in [Administrator, Clerk, Reviewer, Editor] {
        let e = may_here(&[role], p).unwrap_err();
        assert!(e.0.contains("监督员"), "{role:?}: {e}");
    }
}

/// The 评估人员 scores what it is assigned in its own office's runs, and
/// nothing of an agency's own work: not the office's scoring, no case, no
/// statistics, no catalogue drafts, no audit trail, no task.
#[test]
fn an_evaluator_scores_and_reads_nothing_else() {
    assert!(may_here(&[Evaluator], Permission::ScoreAssigned).is_ok());
    let e = may_in(&[Evaluator], Permission::ScoreAssigned, Subtree).unwrap_err();
    assert!(e.0.contains("本单位开展"), "{e}");
    let e = may_here(&[Supervisor], Permission::ScoreAssigned).unwrap_err();
    assert!(e.0.contains("评估人员"), "{e}");
    for p in [
        Permission::ScoreAgencies,
        Permission::ViewCase,
        Permission::ReadStatistics,
        Permission::ListCatalogue,
        Permission::SeeSubtree,
        Permission::WorkOnTask,
        Permission::ReadPlans,
        Permission::WriteReport,
        Permission::OverseeDeadlines,
    ] {
        assert!(may_here(&[Evaluator], p).is_err(), "{p:?}");
    }
    assert!(!Role::Evaluator.may_be_granted_by(&[Supervisor]));
    assert!(Role::Evaluator.may_be_granted_by(&[Administrator]));
    assert_eq!(Role::from_code("evaluator"), Some(Evaluator));
}

/// 意见征集: the agency's editors, reviewers and administrators manage
/// their own consultations; nobody above manages them (supervisors read
/// through 督办), nobody elsewhere.
#[test]
fn consultations_are_managed_by_the_own_agency() {
    let p = Permission::ManageConsultations;
    for role in [Editor, Reviewer, Administrator] {
        assert!(may_here(&[role], p).is_ok(), "{role:?}");
        let e = may_in(&[role], p, Subtree).unwrap_err();
        assert_eq!(e.0, "只能办理本机关的意见征集；上级机关的监督员可以查看。");
        assert!(may_in(&[role], p, Outside).is_err(), "{role:?}");
    }
    for role in [Clerk, Supervisor, Evaluator] {
        let e = may_here(&[role], p).unwrap_err();
        assert_eq!(
            e.0, "意见征集由本机关的信息员、审核人或管理员办理。",
            "{role:?}"
        );
    }
    assert!(may_in(&[Supervisor], Permission::OverseeDeadlines, Subtree).is_ok());
}

/// 政民互动: the agency's clerks, editors and reviewers answer its
/// questions; nobody above answers them (supervisors read through 督办),
/// nobody elsewhere; converting one into an application is registering it
/// (承办人 only).
#[test]
fn questions_are_answered_by_the_own_agency() {
    let p = Permission::AnswerQuestions;
    for role in [Clerk, Editor, Reviewer] {
        assert!(may_here(&[role], p).is_ok(), "{role:?}");
        let e = may_in(&[role], p, Subtree).unwrap_err();
        assert_eq!(e.0, "只能答复本机关收到的留言；上级机关的监督员可以查看。");
        assert!(may_in(&[role], p, Outside).is_err(), "{role:?}");
    }
    for role in [Administrator, Supervisor, Evaluator] {
        let e = may_here(&[role], p).unwrap_err();
        assert_eq!(
            e.0, "政民互动留言由本机关的承办人、信息员或审核人答复。",
            "{role:?}"
        );
    }
    assert!(may_here(&[Editor], Permission::RegisterApplication).is_err());
    assert!(may_here(&[Clerk], Permission::RegisterApplication).is_ok());
}

/// 建议提案: the agency's editors, reviewers and administrators handle the
/// motions it leads; nobody above handles them (supervisors read through
/// 督办), nobody elsewhere; clerks and supervisors hold no role for it.
#[test]
fn motions_are_handled_by_the_own_agency() {
    let p = Permission::HandleMotions;
    for role in [Editor, Reviewer, Administrator] {
        assert!(may_here(&[role], p).is_ok(), "{role:?}");
        let e = may_in(&[role], p, Subtree).unwrap_err();
        assert_eq!(
            e.0,
            "只能办理本机关主办的建议提案；协办单位和上级机关的监督员可以查看。"
        );
        assert!(may_in(&[role], p, Outside).is_err(), "{role:?}");
    }
    for role in [Clerk, Supervisor, Evaluator] {
        let e = may_here(&[role], p).unwrap_err();
        assert_eq!(
            e.0, "建议提案由本机关的信息员、审核人或管理员办理。",
            "{role:?}"
        );
    }
}

/// 回应关切: the agency's own 信息员 and 审核人; nobody above or elsewhere
/// (supervisors read through 督办); clerks, administrators and
/// supervisors hold no role for it.
#[test]
fn concerns_are_answered_by_the_own_editors_and_reviewers() {
    let p = Permission::RespondToConcerns;
    for role in [Editor, Reviewer] {
        assert!(may_here(&[role], p).is_ok(), "{role:?}");
        let e = may_in(&[role], p, Subtree).unwrap_err();
        assert_eq!(
            e.0,
            "只能登记和回应本机关的政务舆情；上级机关的监督员可以查看。"
        );
        assert!(may_in(&[role], p, Outside).is_err(), "{role:?}");
    }
    for role in [Clerk, Administrator, Supervisor, Evaluator] {
        let e = may_here(&[role], p).unwrap_err();
        assert_eq!(
            e.0, "回应关切由本机关的信息员或审核人登记和回应。",
            "{role:?}"
        );
    }
}
