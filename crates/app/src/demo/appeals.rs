//! The demo's appeals (行政复议, 行政诉讼) against replies of its cases,
//! dated from the delivery of the reply: filed and decided as far as today
//! reaches, pending after.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use gongkai_domain::case::register::{AppealKind, AppealResult, AppealSummary};
use gongkai_store::{NewAppeal, Store, StoreResult};

use super::cases::Created;

struct DemoAppeal {
    tag: &'static str,
    kind: AppealKind,
    /// The result once decided.
    result: AppealResult,
    /// Calendar days from the delivery of the reply to the filing.
    filed_after: i64,
    /// Calendar days from the filing to the decision.
    decided_after: i64,
    body: &'static str,
    note: &'static str,
}

const APPEALS: &[DemoAppeal] = &[
    DemoAppeal {
        tag: "process-2020",
        kind: AppealKind::Reconsideration,
        result: AppealResult::Upheld,
        filed_after: 12,
        decided_after: 55,
        body: "白沙县人民政府",
        note: "复议决定维持原答复：会议纪要属于过程性信息。",
    },
    DemoAppeal {
        tag: "process-2020",
        kind: AppealKind::LitigationAfterReconsideration,
        result: AppealResult::Upheld,
        filed_after: 85,
        decided_after: 160,
        body: "青山市白沙县人民法院",
        note: "一审判决驳回原告诉讼请求。",
    },
    DemoAppeal {
        tag: "casefile-last",
        kind: AppealKind::LitigationDirect,
        result: AppealResult::Upheld,
        filed_after: 46,
        decided_after: 130,
        body: "青山市白沙县人民法院",
        note: "一审判决驳回原告诉讼请求：行政执法案卷可以不予公开。",
    },
    DemoAppeal {
        tag: "third-party-last",
        kind: AppealKind::Reconsideration,
        result: AppealResult::Upheld,
        filed_after: 28,
        decided_after: 50,
        body: "白沙县人民政府",
        note: "复议决定维持原答复。",
    },
    DemoAppeal {
        tag: "process-last",
        kind: AppealKind::Reconsideration,
        result: AppealResult::Corrected,
        filed_after: 20,
        decided_after: 90,
        body: "白沙县人民政府",
        note: "复议决定撤销原答复，责令在15个工作日内重新答复：应区分处理可以公开的招标方案。",
    },
];

pub(super) async fn seed_appeals(
    store: &dyn Store,
    cases: &BTreeMap<&'static str, Created>,
    today: NaiveDate,
) -> StoreResult<()> {
    for a in APPEALS {
        let Some(Created {
            id,
            delivered: Some(delivered),
        }) = cases.get(a.tag)
        else {
            continue;
        };
        let filed_on = *delivered + Duration::days(a.filed_after);
        if filed_on > today {
            continue;
        }
        let decided = filed_on + Duration::days(a.decided_after);
        let (result, decided_on, note) = if decided <= today {
            (a.result, Some(decided), a.note)
        } else {
            (AppealResult::Pending, None, "尚在审理中。")
        };
        store
            .add_appeal(&NewAppeal {
                case_id: *id,
                summary: AppealSummary {
                    kind: a.kind,
                    result,
                    filed_on,
                    decided_on,
                },
                body: a.body.into(),
                note: note.into(),
                recorded_by: None,
            })
            .await?;
    }
    Ok(())
}
