//! The case register (依申请公开台账, issue 16) on both databases: six
//! cases of 白沙县交通运输局 and 城关镇 made by hand, filtered, searched,
//! paged, masked for a supervisor, refused to an editor, the export bounded;
//! the same over HTTP in `case_register_web`.
//!
//! Dates read on Tue 2026-03-10. Reply deadlines (Art. 33: 20 working days
//! from the day after receipt), counted by hand from the State Council
//! holiday notices (no holiday falls in November 2025 or in January and
//! March 2026 after the 4th):
//! - received Tue 2025-11-04: Nov 5–7 (3), 10–14 (8), 17–21 (13), 24–28 (18),
//!   Dec 1 (19), Dec 2 (20) → **2025-12-02**.
//! - received Mon 2026-01-05: Jan 6–9 (4), 12–16 (9), 19–23 (14), 26–30 (19),
//!   Feb 2 (20) → **2026-02-02**, overdue on 2026-03-10.
//! - received Mon 2026-03-02: Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19),
//!   Mar 30 (20) → **2026-03-30**.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_app::case_register::{self, RegisterRow};
use gongkai_app::{App, Settings};
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::application::{Application, ApplicationForm};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord, CaseState, check_action};
use gongkai_domain::deadline::ReceiptFacts;
use gongkai_domain::policy::Principal;
use gongkai_domain::staff::Role;
use gongkai_domain::vocabulary::{ApplicantType, Channel, Outcome, PostKind};
use gongkai_store::{CaseRegisterFilter, NewCase, Store};

use crate::helpers::{DbKind, TestApp, snapshot_after};
use crate::on_both_backends;

const BUREAU: &str = "119901219482199390";
const TOWN: &str = "11990121786579754J";
const COUNTY: &str = "11990121082462814Y";
pub const TODAY: &str = "2026-03-10";
pub const ID: &str = "11010519491231002X";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// 10:00 Beijing time on `day`.
fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(2, 0, 0).unwrap().and_utc()
}

fn person(name: &str, description: &str) -> Application {
    ApplicationForm {
        applicant_kind: "natural_person".into(),
        name: name.into(),
        id_document: "resident_id_card".into(),
        id_number: ID.into(),
        phone: "13800138000".into(),
        address: "白沙县城关镇北街1号".into(),
        description: description.into(),
        delivery_form: "paper".into(),
        delivery_method: "post".into(),
        ..Default::default()
    }
    .validate()
    .expect("a valid application")
}

fn company(name: &str, description: &str) -> Application {
    ApplicationForm {
        applicant_kind: "commercial_enterprise".into(),
        name: name.into(),
        id_document: "credit_code".into(),
        id_number: "916501002286002919".into(),
        contact_person: "赵经理".into(),
        phone: "0991-8812345".into(),
        address: "白沙县城关镇南街8号".into(),
        description: description.into(),
        delivery_form: "paper".into(),
        delivery_method: "post".into(),
        ..Default::default()
    }
    .validate()
    .expect("a valid application")
}

fn received_in_person(day: &str) -> CaseAction {
    CaseAction::ReceiptConfirmed {
        channel: Channel::InPerson,
        receipt_date: d(day),
        facts: ReceiptFacts {
            arrived: Some(d(day)),
            ..Default::default()
        },
    }
}

fn decided(day: &str, outcome: Outcome) -> CaseAction {
    CaseAction::OutcomeDecided {
        date: d(day),
        outcome,
        reasoning: "依据条例作出答复".into(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

fn delivered(day: &str) -> CaseAction {
    CaseAction::Delivered {
        date: d(day),
        method: DeliveryMethod::Post,
    }
}

/// A case with `actions` (each checked by the domain), stored with its read
/// model after each: its number.
async fn case(
    store: &dyn Store,
    code: &str,
    channel: Channel,
    application: Application,
    actions: Vec<CaseAction>,
) -> String {
    let agency = store.agency_by_code(code).await.unwrap().unwrap().id;
    let cal = Calendar::vendored();
    let mut history: Vec<CaseEventRecord> = Vec::new();
    for a in actions {
        check_action(&history, &a, &cal).unwrap_or_else(|e| panic!("{}: {e}", a.label_zh()));
        history.push(CaseEventRecord {
            seq: history.len() as u32 + 1,
            at: at(a.date()),
            actor: Actor::System,
            action: a,
            note: String::new(),
        });
    }
    let created = store
        .create_case(&NewCase {
            agency_id: agency,
            query_code_hash: "x".into(),
            channel,
            application,
            applicant_key: format!("key-{}", history[0].at),
            submitted_at: history[0].at,
            idempotency_key: None,
            first_event: history[0].clone(),
            first_snapshot: snapshot_after(&history[..1]),
        })
        .await
        .unwrap();
    for n in 2..=history.len() {
        let snapshot = snapshot_after(&history[..n]);
        store
            .append_case_event(created.id(), &history[n - 1], &snapshot, &[], &[])
            .await
            .unwrap();
    }
    created.number().to_string()
}

/// The six cases, in the order created: (A, B, C, D, E, F).
pub struct Cases {
    pub a: String,
    pub b: String,
    pub c: String,
    pub d: String,
    pub e: String,
    pub f: String,
}

pub async fn six_cases(store: &dyn Store) -> Cases {
    // A: a person, in person, disclosed and delivered in time, closed.
    let a = case(
        store,
        BUREAU,
        Channel::InPerson,
        person("欧阳明", "2025年农村公路养护资金的使用情况"),
        vec![
            received_in_person("2025-11-04"),
            decided("2025-11-20", Outcome::Disclosed),
            delivered("2025-11-21"),
            CaseAction::Closed {
                date: d("2025-11-24"),
            },
        ],
    )
    .await;
    // B: a company, by registered post, refused after the deadline, closed.
    let b = case(
        store,
        BUREAU,
        Channel::Post,
        company("青山路桥建设有限公司", "G325国道改建工程招标文件"),
        vec![
            CaseAction::ReceiptConfirmed {
                channel: Channel::Post,
                receipt_date: d("2025-11-04"),
                facts: ReceiptFacts {
                    arrived: Some(d("2025-11-04")),
                    signed: Some(d("2025-11-04")),
                    post_kind: Some(PostKind::Signed),
                    ..Default::default()
                },
            },
            decided("2025-12-05", Outcome::DenyStateSecret),
            delivered("2025-12-05"),
            CaseAction::Closed {
                date: d("2025-12-08"),
            },
        ],
    )
    .await;
    // C: open since January, past its deadline.
    let c = case(
        store,
        BUREAU,
        Channel::InPerson,
        person("张三", "县道客运班线审批材料"),
        vec![received_in_person("2026-01-05")],
    )
    .await;
    // D: open since March, in time.
    let d_ = case(
        store,
        BUREAU,
        Channel::InPerson,
        person("李四", "公交站台建设规划"),
        vec![received_in_person("2026-03-02")],
    )
    .await;
    // E: the same applicant as A, at the town below the county.
    let e = case(
        store,
        TOWN,
        Channel::InPerson,
        person("欧阳明", "城关镇道路照明维修记录"),
        vec![received_in_person("2026-03-02")],
    )
    .await;
    // F: submitted online yesterday, not yet confirmed: no receipt date.
    let f = case(
        store,
        BUREAU,
        Channel::Online,
        person("赵六", "出租车运价调整依据"),
        vec![CaseAction::SubmittedOnline {
            date: d("2026-03-09"),
        }],
    )
    .await;
    Cases {
        a,
        b,
        c,
        d: d_,
        e,
        f,
    }
}

fn numbers(rows: &[RegisterRow]) -> Vec<&str> {
    rows.iter().map(|r| r.number.as_str()).collect()
}

/// The application context over the test's store and clock.
fn app_over(test: &TestApp) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    let app = App::new(settings, test.store.clone(), test.clock.clone()).unwrap();
    (app, dir)
}

on_both_backends!(the_register_filters_searches_pages_and_masks);

async fn the_register_filters_searches_pages_and_masks(kind: DbKind) {
    let Some(test) = TestApp::builder(kind).on(TODAY).spawn().await else {
        return;
    };
    let n = six_cases(test.store.as_ref()).await;
    let (app, _dir) = app_over(&test);
    let agency = async |code: &str| {
        let found = test.store.agency_by_code(code).await.unwrap();
        found.unwrap().id
    };
    let clerk = Principal {
        agency: agency(BUREAU).await,
        roles: &[Role::Clerk],
    };
    let supervisor = Principal {
        agency: agency(COUNTY).await,
        roles: &[Role::Supervisor],
    };
    the_rows_read_as_computed_by_hand(&app, &clerk, &n).await;
    each_filter_selects_its_cases(&app, &clerk, &n).await;
    pages_follow_each_other(&app, &clerk, &n).await;
    a_supervisor_sees_the_subtree_masked(&app, &supervisor, &n).await;
    an_editor_and_a_huge_export_are_refused(&app, &clerk).await;
    crate::case_register_web::over_http(&test, &n).await;
}

async fn rows(app: &App, who: &Principal<'_>, f: CaseRegisterFilter) -> Vec<RegisterRow> {
    let page = case_register::register_page(app, who, &f, None, 50).await;
    page.unwrap().rows
}

fn by(set: fn(&mut CaseRegisterFilter)) -> CaseRegisterFilter {
    let mut f = CaseRegisterFilter::default();
    set(&mut f);
    f
}

/// The clerk's register: the bureau's five, newest number first, each row
/// as computed by hand (see the module).
async fn the_rows_read_as_computed_by_hand(app: &App, clerk: &Principal<'_>, n: &Cases) {
    let all = rows(app, clerk, CaseRegisterFilter::default()).await;
    assert_eq!(numbers(&all), [&n.f, &n.d, &n.c, &n.b, &n.a]);
    let row = |num: &str| all.iter().find(|r| r.number == num).unwrap().clone();
    let (a, b, c, dd, f) = (row(&n.a), row(&n.b), row(&n.c), row(&n.d), row(&n.f));
    assert_eq!(
        (a.due, a.late, a.state, a.outcome),
        (
            Some(d("2025-12-02")),
            false,
            CaseState::Closed,
            Some(Outcome::Disclosed)
        )
    );
    assert_eq!(
        (a.decided_on, a.delivered_on),
        (Some(d("2025-11-20")), Some(d("2025-11-21")))
    );
    assert_eq!((b.due, b.late), (Some(d("2025-12-02")), true));
    assert_eq!(
        (c.due, c.late, c.state),
        (Some(d("2026-02-02")), true, CaseState::InProgress)
    );
    assert_eq!((dd.due, dd.late), (Some(d("2026-03-30")), false));
    assert_eq!((f.receipt_date, f.due, f.late), (None, None, false));
    assert_eq!(f.state, CaseState::AwaitingConfirmation);
    // The clerk handles the bureau's cases: the applicant in full.
    assert_eq!(a.applicant.id_number.as_deref(), Some(ID));
    assert_eq!(a.applicant.phone.as_deref(), Some("13800138000"));
}

async fn each_filter_selects_its_cases(app: &App, clerk: &Principal<'_>, n: &Cases) {
    let cases: [(CaseRegisterFilter, Vec<&String>); 16] = [
        (by(|f| f.year = Some(2025)), vec![&n.b, &n.a]),
        (by(|f| f.year = Some(2026)), vec![&n.f, &n.d, &n.c]),
        (by(|f| f.state = Some(CaseState::Closed)), vec![&n.b, &n.a]),
        (
            by(|f| f.state = Some(CaseState::InProgress)),
            vec![&n.d, &n.c],
        ),
        (by(|f| f.channel = Some(Channel::Post)), vec![&n.b]),
        (by(|f| f.channel = Some(Channel::Online)), vec![&n.f]),
        (
            by(|f| f.applicant_type = Some(ApplicantType::CommercialEnterprise)),
            vec![&n.b],
        ),
        (
            by(|f| f.outcome = Some(Outcome::DenyStateSecret)),
            vec![&n.b],
        ),
        (by(|f| f.late = Some(true)), vec![&n.c, &n.b]),
        (by(|f| f.late = Some(false)), vec![&n.f, &n.d, &n.a]),
        (by(|f| f.search = Some("欧阳".into())), vec![&n.a]),
        (by(|f| f.search = Some("国道".into())), vec![&n.b]),
        (by(|f| f.search = Some("g325".into())), vec![&n.b]),
        (by(|f| f.search = Some("%".into())), vec![]),
        (
            by(|f| {
                f.year = Some(2025);
                f.late = Some(true);
            }),
            vec![&n.b],
        ),
        (by(|f| f.search = Some("李".into())), vec![&n.d]),
    ];
    for (filter, expected) in cases {
        let got = rows(app, clerk, filter.clone()).await;
        assert_eq!(numbers(&got), expected, "{filter:?}");
    }
    // A case number, or a piece of one in any case, finds its cases.
    assert_eq!(n.c[..6].to_lowercase(), "gk2026");
    let piece = CaseRegisterFilter {
        search: Some(n.c[..6].to_lowercase()),
        ..Default::default()
    };
    let got = rows(app, clerk, piece).await;
    assert_eq!(numbers(&got), [&n.f, &n.d, &n.c]);
    let whole = CaseRegisterFilter {
        search: Some(n.a.clone()),
        ..Default::default()
    };
    assert_eq!(numbers(&rows(app, clerk, whole).await), [&n.a]);
}

/// Two at a time, after the last number shown, until no next page.
async fn pages_follow_each_other(app: &App, clerk: &Principal<'_>, n: &Cases) {
    let all = CaseRegisterFilter::default();
    let mut seen: Vec<String> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let p = case_register::register_page(app, clerk, &all, after.as_deref(), 2)
            .await
            .unwrap();
        assert!(p.rows.len() <= 2);
        seen.extend(p.rows.iter().map(|r| r.number.clone()));
        match p.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, [&*n.f, &n.d, &n.c, &n.b, &n.a]);
}

/// The county's supervisor: the county, the bureau and the town; the
/// applicant masked as on the case page.
async fn a_supervisor_sees_the_subtree_masked(app: &App, supervisor: &Principal<'_>, n: &Cases) {
    let all = rows(app, supervisor, CaseRegisterFilter::default()).await;
    assert_eq!(numbers(&all), [&n.f, &n.e, &n.d, &n.c, &n.b, &n.a]);
    let found = rows(app, supervisor, by(|f| f.search = Some("欧阳".into()))).await;
    assert_eq!(numbers(&found), [&n.e, &n.a]);
    let e = &found[0];
    assert_eq!(e.agency_name, "城关镇政府");
    assert_eq!(e.applicant.name, "欧阳明");
    assert_eq!(e.applicant.id_number.as_deref(), Some("110105********002X"));
    assert_eq!(e.applicant.phone.as_deref(), Some("138****8000"));
    assert_eq!(e.applicant.address, None);
}

async fn an_editor_and_a_huge_export_are_refused(app: &App, clerk: &Principal<'_>) {
    let all = CaseRegisterFilter::default();
    let editor = Principal {
        agency: clerk.agency,
        roles: &[Role::Editor],
    };
    let refused = case_register::register_page(app, &editor, &all, None, 50).await;
    let refused = refused.unwrap_err().to_string();
    assert!(refused.contains("无权查看"), "{refused}");
    // The export is bounded: past the cap, it says what to narrow.
    let refused = case_register::export_at_most(app, clerk, &all, "台账", 4).await;
    let refused = refused.unwrap_err().to_string();
    assert!(
        refused.contains("超过4件") && refused.contains("缩小筛选范围"),
        "{refused}"
    );
}
