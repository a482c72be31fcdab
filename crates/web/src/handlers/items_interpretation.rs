//! The item pages' parts of issue 19, items 3 and 4: the form's topic
//! choices by first level and its interpretation fields (解读机构, 解读人,
//! contact, forms), a submission's reason for going without an
//! interpretation, the manage page's panel (the interpretation's details,
//! the 3-working-day rule of 国办发〔2016〕19号, attachments frozen in
//! review, the replacing document), and the public page's links between a
//! policy and its interpretation and to the replacing document.

use std::collections::HashMap;

use gongkai_domain::application::FieldErrors;
use gongkai_domain::catalogue::{
    Genre, InterpretationDetails, InterpretationFields, InterpretationForm, ItemAction, ItemError,
    ItemMetadata, ItemState, ItemView, TopTopic, Topic, Validity, check_submission, cite_title,
    interpretation_timeliness, needs_interpretation,
};
use gongkai_store::{Agency, ItemRecord};

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::Opt;
use gongkai_app::catalogue_work::ItemBundle;

/// Options under one heading of a `<select>` (`<optgroup>`).
pub struct OptGroup {
    pub label: String,
    pub options: Vec<Opt>,
}

/// The topics the form offers, one group per first level (the first level
/// alone first, then its second levels); a topic the item holds that the
/// list does not offer stays selectable, in a group of its own.
pub fn topic_groups(current: &str) -> Vec<OptGroup> {
    let mut groups: Vec<OptGroup> = TopTopic::ALL
        .iter()
        .map(|top| OptGroup {
            label: top.label().into(),
            options: top
                .choices()
                .into_iter()
                .map(|t| Opt {
                    label: match &t.sub {
                        Some(sub) => sub.clone(),
                        None => format!("{}（不分二级）", top.label()),
                    },
                    value: t.to_string(),
                })
                .collect(),
        })
        .collect();
    let current = current.trim();
    let offered = groups
        .iter()
        .any(|g| g.options.iter().any(|o| o.value == current));
    if !current.is_empty() && !offered {
        let label = match Topic::parse(current) {
            Ok(t) => format!("{t}（本信息原有分类）"),
            Err(_) => format!("{current}（无法识别，请重新选择）"),
        };
        groups.insert(
            0,
            OptGroup {
                label: "原有分类".into(),
                options: vec![Opt {
                    value: current.to_string(),
                    label,
                }],
            },
        );
    }
    groups
}

/// The 解读形式 checkboxes (`interpretation_form_{code}`).
pub fn form_options() -> Vec<Opt> {
    InterpretationForm::ALL
        .iter()
        .map(|f| Opt {
            value: f.code().into(),
            label: f.label().into(),
        })
        .collect()
}

/// The interpretation part of a posted form.
pub fn fields_of(f: &HashMap<String, String>) -> InterpretationFields {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    InterpretationFields {
        agency: get("interpretation_agency"),
        interpreter: get("interpreter"),
        phone: get("interpretation_phone"),
        email: get("interpretation_email"),
        forms: InterpretationForm::ALL
            .iter()
            .filter(|x| f.contains_key(&format!("interpretation_form_{}", x.code())))
            .map(|x| x.code())
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The reason typed for submitting a policy without an interpretation.
pub fn reason_of(f: &HashMap<String, String>) -> Option<String> {
    f.get("no_interpretation_reason")
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
}

/// 提交审核 from the form (no interpretation chosen there: that is the
/// manage page's), with the reason typed, if any.
pub fn submitted(f: &HashMap<String, String>) -> ItemAction {
    ItemAction::Submitted {
        with_interpretation: None,
        no_interpretation_reason: reason_of(f),
    }
}

/// The form's "保存并提交审核" of a 规章/规范性文件 without the reason why
/// it needs no interpretation: refused before anything is saved, the
/// message on the reason's field.
pub fn submission_refused(
    metadata: &ItemMetadata,
    f: &HashMap<String, String>,
) -> Option<FieldErrors> {
    let reason = reason_of(f);
    let e = check_submission(metadata, None, reason.as_deref()).err()?;
    let mut errors = FieldErrors::default();
    errors.push(
        "no_interpretation_reason",
        format!("{e} 如有解读，请先“保存草稿”，再在办理页面选择一并提交的解读。"),
    );
    Some(errors)
}

/// An interpretation's details as the pages show them.
pub struct DetailsView {
    pub agency: String,
    pub interpreter: String,
    pub contact: String,
    pub forms: String,
}

/// The details of `m`, if it is an interpretation that has them.
pub fn details_view(m: &ItemMetadata) -> Option<DetailsView> {
    m.interpretation
        .as_ref()
        .map(|i: &InterpretationDetails| DetailsView {
            agency: i.agency.clone(),
            interpreter: i.interpreter.clone(),
            contact: i.contact_zh(),
            forms: i.forms_zh(),
        })
}

/// The manage page's part of the interpretation rules and the freezes.
pub struct StaffPanel {
    pub interpretation: Option<DetailsView>,
    /// The 3-working-day rule, one line per interpretation (or policy).
    pub interpretation_rules: Vec<String>,
    /// Why the policy went to review without an interpretation.
    pub no_interpretation_reason: Option<String>,
    /// Why files cannot be added now (submitted or approved).
    pub attachments_frozen: Option<String>,
    /// (id, title) of the policies this interpretation interprets.
    pub interprets: Vec<(i64, String)>,
    /// The replacing document, as cited.
    pub replaced_by: Option<String>,
}

/// The panel of `b` on `today`'s calendar.
pub async fn staff_panel(state: &AppState, b: &ItemBundle) -> AppResult<StaffPanel> {
    let v = &b.view;
    let today = state.clock.today();
    let mut rules = Vec::new();
    let mut interprets = Vec::new();
    let measure = |policy: chrono::NaiveDate, own: Option<chrono::NaiveDate>| {
        interpretation_timeliness(&b.calendar, policy, own, today)
            .map(|t| t.describe_zh())
            .map_err(AppError::internal)
    };
    if needs_interpretation(v.metadata.kind) {
        let linked = linked_items(state, v).await?;
        match v.published_on {
            None => rules.push(format!(
                "政策解读应与文件同步审签、同步发布，最迟于文件发布后{}个工作日内发布（国办发〔2016〕19号）{}",
                gongkai_domain::catalogue::INTERPRETATION_WORKING_DAYS,
                if v.submitted_with_interpretation.is_some() {
                    "；一并提交的解读将与文件同日发布。"
                } else {
                    "。"
                }
            )),
            Some(p) if linked.is_empty() => rules.push(format!("尚未关联解读：{}", measure(p, None)?)),
            Some(p) => {
                for r in &linked {
                    let title = cite_title(&r.snapshot.metadata.title);
                    rules.push(format!("{title}：{}", measure(p, r.snapshot.published_on)?));
                }
            }
        }
    }
    if v.metadata.genre == Genre::Interpretation {
        let ids = state.store.policies_interpreted_by(b.record.id).await?;
        for r in state.store.items_by_ids(&ids).await? {
            let title = r.snapshot.metadata.title.clone();
            if let Some(p) = r.snapshot.published_on {
                let cited = cite_title(&title);
                rules.push(format!("所解读的{cited}：{}", measure(p, v.published_on)?));
            }
            interprets.push((r.id, title));
        }
    }
    Ok(StaffPanel {
        interpretation: details_view(&v.metadata),
        interpretation_rules: rules,
        no_interpretation_reason: v.no_interpretation_reason.clone(),
        attachments_frozen: v.state.attachments_frozen().then(|| {
            ItemError::AttachmentsFrozen {
                state: v.state.label_zh(),
            }
            .to_string()
        }),
        interprets,
        replaced_by: v.replaced_by.as_ref().map(|r| r.cited_zh()),
    })
}

/// The items a view names as its interpretations, in the order linked.
async fn linked_items(state: &AppState, v: &ItemView) -> AppResult<Vec<ItemRecord>> {
    let ids: Vec<i64> = v
        .interpretations
        .iter()
        .filter_map(|k| k.trim().parse().ok())
        .collect();
    let mut found = state.store.items_by_ids(&ids).await?;
    found.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(found)
}

/// The replacing document on the public page: the link when it is a
/// public item.
pub struct ReplacedByView {
    pub href: Option<String>,
    /// `《…》` or a 文号.
    pub cited: String,
    /// `废止` or `失效`.
    pub how: &'static str,
}

/// What the public page adds about other items: the policies an
/// interpretation interprets (public ones of an agency that is online) and
/// the document that replaced this one.
pub async fn public_relations(
    state: &AppState,
    agency: &Agency,
    id: i64,
    view: &ItemView,
) -> AppResult<(Vec<(i64, String)>, Option<ReplacedByView>)> {
    let mut interprets = Vec::new();
    if view.metadata.genre == Genre::Interpretation {
        let ids = state.store.policies_interpreted_by(id).await?;
        for r in state.store.items_by_ids(&ids).await? {
            if shown(state, agency, &r).await? {
                interprets.push((r.id, cite_title(&r.snapshot.metadata.title)));
            }
        }
    }
    let replaced_by = match &view.replaced_by {
        None => None,
        Some(rep) => {
            let target = match rep
                .item
                .as_deref()
                .and_then(|k| k.trim().parse::<i64>().ok())
            {
                Some(other) => state.store.item(other).await?,
                None => None,
            };
            let href = match target {
                Some(r) if shown(state, agency, &r).await? => Some(format!("/items/{}", r.id)),
                _ => None,
            };
            Some(ReplacedByView {
                href,
                cited: rep.cited_zh(),
                how: match view.validity.kind() {
                    Validity::Lapsed => "失效",
                    _ => "废止",
                },
            })
        }
    };
    Ok((interprets, replaced_by))
}

/// Whether the public may follow a link to `r` from `agency`'s page: a
/// public item of the same agency, or of another that is online.
async fn shown(state: &AppState, agency: &Agency, r: &ItemRecord) -> AppResult<bool> {
    let public = matches!(
        r.snapshot.state,
        ItemState::Published | ItemState::Withdrawn
    ) && r.snapshot.index_number.is_some();
    if !public {
        return Ok(false);
    }
    if r.agency_id == agency.id {
        return Ok(true);
    }
    Ok(state
        .store
        .agency(r.agency_id)
        .await?
        .is_some_and(|a| a.is_online()))
}
