//! The actions the manage page of a catalogue item offers, by the item's
//! state and the asker's roles: submit (with an interpretation, or for a
//! 规章/规范性文件 the reason none is needed), the review, and what can
//! happen to a published item (a repeal or lapse naming its replacement).

use gongkai_domain::catalogue::{ItemState, PublicationChannel, needs_interpretation};
use gongkai_domain::policy::Permission;
use gongkai_store::ItemListRow;

use super::items_staff::{may, opt};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::*;
use gongkai_app::catalogue_links;
use gongkai_app::catalogue_work::ItemBundle;

/// The items the manage page may offer (read only for the state that
/// offers them): interpretations of genre 解读 — drafts to submit together
/// or published ones to link — and the agency's published items as the
/// replacement of a repealed or lapsed one.
#[derive(Default)]
pub(super) struct Candidates {
    interpretations: Vec<ItemListRow>,
    published: Vec<ItemListRow>,
}

/// The candidates `b`'s actions need (`gongkai_app::catalogue_links`).
pub(super) async fn candidates(state: &AppState, b: &ItemBundle) -> AppResult<Candidates> {
    Ok(match b.view.state {
        ItemState::Draft | ItemState::Refused => Candidates {
            interpretations: catalogue_links::interpretation_candidates(state, b).await?,
            published: Vec::new(),
        },
        ItemState::Published => Candidates {
            interpretations: catalogue_links::interpretation_candidates(state, b).await?,
            published: catalogue_links::replacement_candidates(state, b).await?,
        },
        _ => Candidates::default(),
    })
}

fn date_field(name: &'static str, label: &'static str, value: String) -> ActionField {
    ActionField {
        name,
        label,
        kind: FieldKind::Date,
        value,
        options: Vec::new(),
    }
}

fn text_field(name: &'static str, label: &'static str, kind: FieldKind) -> ActionField {
    ActionField {
        name,
        label,
        kind,
        value: String::new(),
        options: Vec::new(),
    }
}

fn channels_field(value: &str) -> ActionField {
    ActionField {
        name: "channel",
        label: "发布渠道",
        kind: FieldKind::Checks,
        value: value.into(),
        options: PublicationChannel::ALL
            .iter()
            .map(|c| opt(c.code(), c.label()))
            .collect(),
    }
}

/// The interpretations (解读) offered: when submitting, drafts that go to
/// review together and published ones; when linking, published ones only.
fn interpretation_options(c: &Candidates, published_only: bool) -> Vec<Opt> {
    let mut out = vec![opt("", "（无）")];
    out.extend(
        c.interpretations
            .iter()
            .filter(|r| !published_only || r.state == ItemState::Published)
            .map(|r| {
                let how = if r.state == ItemState::Published {
                    "已发布"
                } else {
                    "一并提交"
                };
                opt(&r.id.to_string(), &format!("{}（{how}）", r.title))
            }),
    );
    out
}

/// The agency's published items offered as the replacing document.
fn replacement_options(c: &Candidates) -> Vec<Opt> {
    let mut out = vec![opt("", "（不在本平台或暂无）")];
    out.extend(c.published.iter().map(|r| {
        let label = match &r.document_number {
            Some(n) => format!("{}（{n}）", r.title),
            None => r.title.clone(),
        };
        opt(&r.id.to_string(), &label)
    }));
    out
}

/// The fields of a repeal or lapse: its date, its reason and the
/// replacing document (chosen, or named when not in the platform).
fn ending_fields(date_label: &'static str, today: &str, c: &Candidates) -> Vec<ActionField> {
    vec![
        date_field("date", date_label, today.into()),
        text_field("reason", "依据或理由", FieldKind::Area),
        ActionField {
            name: "replaced_by_item",
            label: "替代文件（本平台已发布的信息）",
            kind: FieldKind::Select,
            value: String::new(),
            options: replacement_options(c),
        },
        text_field(
            "replaced_by_text",
            "或：替代文件的名称或文号（不在本平台的）",
            FieldKind::Text,
        ),
    ]
}

pub(super) fn actions_for(
    b: &ItemBundle,
    who: &CurrentStaff,
    today: &str,
    others: &Candidates,
) -> Vec<ActionForm> {
    let mut out = Vec::new();
    let editor = may(who, Permission::EditCatalogueItem);
    let reviewer = may(who, Permission::ReviewCatalogueItem);
    let form = |code, title, button, fields| ActionForm {
        code,
        title,
        button,
        fields,
    };
    match b.view.state {
        ItemState::Draft | ItemState::Refused if editor => {
            let mut fields = vec![ActionField {
                name: "with_interpretation",
                label: "一并提交的解读",
                kind: FieldKind::Select,
                value: String::new(),
                options: interpretation_options(others, false),
            }];
            let title = if needs_interpretation(b.view.metadata.kind) {
                fields.push(text_field(
                    "no_interpretation_reason",
                    "不需要解读的理由（未选择解读时必填）",
                    FieldKind::Area,
                ));
                "提交审核（规章、规范性文件应同步提交政策解读：同步审签、同步发布，国办发〔2016〕19号）"
            } else {
                "提交审核（政策文件与其解读可一并提交：同步审签、同步发布）"
            };
            out.push(form("submit", title, "提交", fields));
        }
        ItemState::Submitted if reviewer => {
            out.push(form(
                "approve",
                "保密审查通过并发布（“谁发布、谁负责”）",
                "审核通过并发布",
                vec![
                    text_field("review", "保密审查意见", FieldKind::Area),
                    date_field("date", "发布日期", today.into()),
                    channels_field(PublicationChannel::ALL[0].code()),
                ],
            ));
            out.push(form(
                "refuse",
                "退回修改",
                "退回",
                vec![text_field("reason", "退回理由", FieldKind::Area)],
            ));
        }
        ItemState::Published if editor || reviewer => {
            out.push(form(
                "channels",
                "补记发布渠道",
                "记录",
                vec![channels_field("")],
            ));
            out.push(form(
                "link",
                "关联解读",
                "关联",
                vec![ActionField {
                    name: "item",
                    label: "解读",
                    kind: FieldKind::Select,
                    value: String::new(),
                    options: interpretation_options(others, true),
                }],
            ));
            out.push(form(
                "repeal",
                "废止（保留公开，标注废止日期和替代文件）",
                "废止",
                ending_fields("废止日期", today, others),
            ));
            out.push(form(
                "lapse",
                "失效（保留公开，标注失效日期和替代文件）",
                "失效",
                ending_fields("失效日期", today, others),
            ));
            out.push(form(
                "withdraw",
                "因错误撤回（保留公开说明）",
                "撤回",
                vec![
                    date_field("date", "撤回日期", today.into()),
                    text_field("note", "公开说明", FieldKind::Area),
                ],
            ));
        }
        _ => {}
    }
    out
}
