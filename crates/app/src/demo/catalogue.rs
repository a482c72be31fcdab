//! The demo's 标准目录: the bureau's, derived by its editor from the
//! transport template with the rows of a county without a port or
//! navigable water deleted, each with its reason — what a supervising
//! office sees as the differences.

use chrono::{Datelike, NaiveDate, NaiveTime};
use gongkai_domain::catalogue::standard::TemplateKind;
use gongkai_domain::staff::Username;
use gongkai_store::{Store, StoreResult};

use super::BUREAU_CODE;

/// (row key, the reason it does not apply to the bureau).
const DELETED: &[(&str, &str)] = &[
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
    Ok(())
}
