//! The demo's 标准目录: the bureau's, derived by its editor from the
//! transport template with the rows of a county without a port or
//! navigable water deleted, each with its reason — what a supervising
//! office sees as the differences — and its 行政执法公示 published every
//! quarter (a 公开时限 of its own, which the health checks read). The
//! bureau's demo items are filed under its rows ([`FILED`]), so its column
//! shows them in their sub-columns.

use chrono::{Datelike, NaiveDate, NaiveTime};
use gongkai_domain::catalogue::standard::{DisclosureLimit, TemplateKind};
use gongkai_domain::staff::Username;
use gongkai_store::{Store, StoreResult};

use super::BUREAU_CODE;

/// (row key, the reason it does not apply to the bureau).
pub(super) const DELETED: &[(&str, &str)] = &[
    (
        "licensing.port-operation",
        "白沙县无港口，本局不承担港口经营许可。",
    ),
    (
        "licensing.water-transport",
        "白沙县无通航水域，不涉及国内水路运输经营许可。",
    ),
    (
        "licensing.seafarer",
        "白沙县无通航水域，不涉及船员适任证书核发。",
    ),
    ("transport.water-passenger-line", "白沙县无水路客运班线。"),
    (
        "transport.water-supervision",
        "白沙县无水路运输经营者，不开展水路运输监督检查。",
    ),
    ("road.waterway-design-approval", "白沙县无水运建设项目。"),
];

/// The row the bureau publishes every quarter: the 道路运输行政处罚结果公示.
pub(super) const QUARTERLY: &str = "enforcement.disclosure";

/// (the title as [`super::item_table`] writes it, the row its item is
/// filed under): the bureau's items with a row of the transport template.
pub(super) const FILED: &[(&str, &str)] = &[
    (
        "关于印发《白沙县农村公路路政巡查管理制度》的通知",
        "policy.normative-docs",
    ),
    (
        "白沙县道路运输车辆动态监督管理实施细则",
        "policy.normative-docs",
    ),
    (
        "白沙县公路超限超载治理联合执法工作制度",
        "policy.normative-docs",
    ),
    (
        "白沙县城市公共交通运营服务考核办法",
        "policy.normative-docs",
    ),
    (
        "白沙县网络预约出租汽车经营服务管理实施细则",
        "policy.normative-docs",
    ),
    ("白沙县农村客运站点建设和管理办法", "policy.normative-docs"),
    ("白沙县公路路政许可办理规程", "policy.normative-docs"),
    (
        "关于印发《白沙县农村公路养护管理办法》的通知",
        "policy.normative-docs",
    ),
    (
        "关于新冠肺炎疫情期间暂停县内客运班线运营的通告",
        "safety.emergency-warning",
    ),
    ("关于恢复县内客运班线运营的通告", "safety.emergency-warning"),
    ("白沙县{y}年农村公路建设计划", "road.rural-plan"),
    ("{y}年上半年道路运输行政处罚结果公示", QUARTERLY),
    ("{y}年第一季度道路运输行政处罚结果公示", QUARTERLY),
    ("{y}年第二季度道路运输行政处罚结果公示", QUARTERLY),
    ("{y}年第三季度道路运输行政处罚结果公示", QUARTERLY),
];

/// The row a demo item of the bureau is filed under (blank: none).
pub(super) fn filed_under(title: &str) -> &'static str {
    FILED
        .iter()
        .find(|(t, _)| *t == title)
        .map_or("", |(_, row)| row)
}

pub async fn seed_catalogue(store: &dyn Store, today: NaiveDate) -> StoreResult<()> {
    let Some(bureau) = store.agency_by_code(BUREAU_CODE).await? else {
        return Ok(());
    };
    if store.standard_catalogue(bureau.id).await?.is_some() {
        return Ok(());
    }
    let Some(editor) = store
        .staff_by_username(&Username::parse("editor").expect("demo username"))
        .await?
    else {
        return Ok(());
    };
    // Derived at the start of the year, the deletions a week later.
    let derived = NaiveDate::from_ymd_opt(today.year(), 1, 6)
        .filter(|d| *d <= today)
        .unwrap_or(today);
    let at = |d: NaiveDate| {
        d.and_time(NaiveTime::from_hms_opt(1, 30, 0).unwrap_or_default())
            .and_utc()
    };
    let kind = TemplateKind::Transport;
    store
        .derive_standard_catalogue(
            bureau.id,
            kind.code(),
            &kind.template().rows,
            editor.id,
            at(derived),
        )
        .await?;
    let later = (derived + chrono::Days::new(7)).min(today);
    for (key, reason) in DELETED {
        store
            .mark_standard_catalogue_row(bureau.id, key, Some(reason), editor.id, at(later))
            .await?;
    }
    if let Some(row) = kind.template().row(QUARTERLY) {
        let mut quarterly = row.clone();
        quarterly.limit = DisclosureLimit::Periodic { months: 3 };
        store
            .save_standard_catalogue_row(bureau.id, &quarterly, editor.id, at(later))
            .await?;
    }
    Ok(())
}
