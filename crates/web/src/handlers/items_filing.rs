//! The item form's 标准目录子栏目: the agency's rows offered by sub-column
//! (those under the form's Article 20 item when one is chosen, else every
//! sub-column, the item then taken from the row), `/items/new?row=KEY`
//! with a row chosen (the health checks' link for a sub-column not updated
//! in time), and a saved form filed under its row or answered with the
//! field's error (`gongkai_app::catalogue_rows::file`).

use gongkai_app::catalogue_rows;
use gongkai_domain::application::FieldErrors;
use gongkai_domain::catalogue::{ItemForm, ItemMetadata, parse_article20};
use gongkai_store::AgencyId;

use crate::error::AppResult;
use crate::state::AppState;
use crate::views::Opt;

/// The rows of one sub-column, as an `<optgroup>`.
pub struct RowGroupView {
    /// `第二十条（十）/农村公路建设`.
    pub label: String,
    /// Each row: its key and its 二级事项.
    pub options: Vec<Opt>,
}

/// The groups the form offers for `form`: the agency's rows in force
/// under its Article 20 item (every item's when none is chosen); a key the
/// form holds that is no longer offered stays selectable, marked, so that
/// saving says what is wrong instead of dropping it.
pub async fn groups(
    state: &AppState,
    agency: AgencyId,
    form: &ItemForm,
) -> AppResult<Vec<RowGroupView>> {
    let item = parse_article20(&form.article20);
    let mut out: Vec<RowGroupView> = catalogue_rows::choices(state, agency)
        .await?
        .into_iter()
        .filter(|g| item.is_none_or(|i| g.item == i))
        .map(|g| RowGroupView {
            label: g.label,
            options: g
                .rows
                .into_iter()
                .map(|r| Opt {
                    value: r.key,
                    label: r.label,
                })
                .collect(),
        })
        .collect();
    let current = form.standard_row.trim();
    let offered = out
        .iter()
        .any(|g| g.options.iter().any(|o| o.value == current));
    if !current.is_empty() && !offered {
        out.push(RowGroupView {
            label: "不在可选范围内".into(),
            options: vec![Opt {
                value: current.to_string(),
                label: format!("{current}（已删除或不属于所选第二十条事项）"),
            }],
        });
    }
    Ok(out)
}

/// `?row=KEY`: the form with the row chosen and its Article 20 item, when
/// the key is a row in force of the agency (otherwise left blank).
pub async fn prefill(
    state: &AppState,
    agency: AgencyId,
    key: &str,
    form: &mut ItemForm,
) -> AppResult<()> {
    let rows = catalogue_rows::rows_in_force(state, agency).await?;
    if let Ok((row, item)) =
        gongkai_domain::catalogue::standard::filing::filing_row(&rows, key, None)
    {
        form.standard_row = row.key.clone();
        form.article20 = item.code().into();
    }
    Ok(())
}

/// The form's fields checked as of today, then filed under its row: the
/// metadata, or every field's error (the row's under `standard_row`).
pub async fn validate(
    state: &AppState,
    agency: AgencyId,
    form: &ItemForm,
) -> AppResult<Result<ItemMetadata, FieldErrors>> {
    let mut metadata = match form.validate_on(state.clock.today()) {
        Ok(m) => m,
        Err(errors) => return Ok(Err(errors)),
    };
    if let Some(message) = super::items_revision::check(state, agency, &metadata).await? {
        let mut errors = FieldErrors::default();
        errors.push("revision_of", message);
        return Ok(Err(errors));
    }
    match catalogue_rows::file(state, agency, &mut metadata).await {
        Ok(()) => Ok(Ok(metadata)),
        Err(gongkai_app::Error::Invalid(message)) => {
            let mut errors = FieldErrors::default();
            errors.push("standard_row", message);
            Ok(Err(errors))
        }
        Err(e) => Err(e.into()),
    }
}
