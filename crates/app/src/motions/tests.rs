//! The forms' readings and who stands where, by hand.

use gongkai_domain::access::Relation;
use gongkai_domain::participation::clocks::MotionKind;
use gongkai_domain::policy::Principal;
use gongkai_domain::staff::Role;

use super::register::{ProposerRow, number_of, proposers_of};
use super::view::percent;
use super::{Access, access_at};

fn row(name: &str, group: &str, contact: &str) -> ProposerRow {
    ProposerRow {
        name: name.into(),
        group: group.into(),
        contact: contact.into(),
    }
}

#[test]
fn a_number_is_kept_without_its_characters() {
    assert_eq!(number_of(" 第12号 ").unwrap(), "12");
    assert_eq!(number_of("A-0012").unwrap(), "A-0012");
    for bad in ["", "第号", "十二", "12 3", &"1".repeat(21)] {
        let e = number_of(bad).unwrap_err();
        assert!(e.to_string().contains("如“12”或“第12号”"), "{bad}: {e}");
    }
}

#[test]
fn proposers_are_read_row_by_row_without_the_blank_ones() {
    let rows = [
        row(" 王某某 ", "城关镇代表团", "13800138000"),
        row("", "", ""),
        row("李某", "", ""),
    ];
    let p = proposers_of(MotionKind::Suggestion, &rows).unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].shown(), "王某某（城关镇代表团）");
    assert_eq!(p[0].contact.as_deref(), Some("13800138000"));
    assert_eq!((p[1].group.as_str(), p[1].contact.clone()), ("", None));
    let e = proposers_of(MotionKind::Proposal, &[row("", "", "")]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "请填写提出提案的委员姓名（联名提出的，逐一填写）。"
    );
    let e = proposers_of(MotionKind::Proposal, &[row("", "经济界", "")]).unwrap_err();
    assert!(e.to_string().contains("第1位提出人的姓名"), "{e}");
}

/// 3 of 4 is 75.0%; 2 of 3 is 66.7% (rounded); none of none is a dash.
#[test]
fn rates_are_rounded_to_a_tenth() {
    assert_eq!(percent(3, 4), "75.0%");
    assert_eq!(percent(2, 3), "66.7%");
    assert_eq!(percent(0, 0), "—");
}

#[test]
fn the_own_staff_handle_supervisors_read() {
    let p = |roles: &'static [Role]| Principal { agency: 1, roles };
    assert_eq!(
        access_at(&p(&[Role::Reviewer]), Relation::OwnAgency).unwrap(),
        Access::Lead
    );
    assert_eq!(
        access_at(&p(&[Role::Supervisor]), Relation::Subtree).unwrap(),
        Access::Oversee
    );
    let e = access_at(&p(&[Role::Clerk]), Relation::OwnAgency).unwrap_err();
    assert_eq!(
        e.to_string(),
        "建议提案由本机关的信息员、审核人或管理员办理。"
    );
    assert!(access_at(&p(&[Role::Editor]), Relation::Subtree).is_err());
}
