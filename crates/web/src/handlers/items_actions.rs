//! The actions the manage page of a catalogue item offers, by the item's
//! state and the asker's roles: submit (with an interpretation), the
//! review, and what can happen to a published item.

use gongkai_domain::catalogue::{ItemState, PublicationChannel};
use gongkai_domain::policy::Permission;

use super::items_staff::{may, opt};
use crate::auth::CurrentStaff;
use crate::views::*;
use gongkai_app::catalogue_work::ItemBundle;

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

/// How many of the agency's items, last changed first, the manage page
/// offers as an interpretation: an interpretation is written beside its
/// policy, and a page must not list every item an agency ever had.
pub(super) const INTERPRETATION_CANDIDATES: u32 = 200;

/// Other items of the agency that can serve as this item's interpretation (解读).
fn interpretation_options(
    others: &[gongkai_store::ItemListRow],
    id: i64,
    editable_only: bool,
) -> Vec<Opt> {
    let mut out = vec![opt("", "（无）")];
    out.extend(
        others
            .iter()
            .filter(|r| r.id != id && (!editable_only || r.state.is_editable()))
            .map(|r| opt(&r.id.to_string(), &r.title)),
    );
    out
}

pub(super) fn actions_for(
    b: &ItemBundle,
    who: &CurrentStaff,
    today: &str,
    others: &[gongkai_store::ItemListRow],
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
            out.push(form(
                "submit",
                "提交审核（政策文件与其解读可一并提交：同步审签、同步发布）",
                "提交",
                vec![ActionField {
                    name: "with_interpretation",
                    label: "一并提交的解读",
                    kind: FieldKind::Select,
                    value: String::new(),
                    options: interpretation_options(others, b.record.id, true),
                }],
            ));
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
                    options: interpretation_options(others, b.record.id, false),
                }],
            ));
            out.push(form(
                "repeal",
                "废止（保留公开，标注废止日期）",
                "废止",
                vec![
                    date_field("date", "废止日期", today.into()),
                    text_field("reason", "依据或理由", FieldKind::Area),
                ],
            ));
            out.push(form(
                "lapse",
                "失效",
                "失效",
                vec![
                    date_field("date", "失效日期", today.into()),
                    text_field("reason", "依据或理由", FieldKind::Area),
                ],
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
