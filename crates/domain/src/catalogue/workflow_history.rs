//! An item's history in Chinese, one line per record.

use super::*;

/// China Standard Time, for the date of records that state none.
fn beijing(at: DateTime<Utc>) -> NaiveDate {
    let offset = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    at.with_timezone(&offset).date_naive()
}

fn channels_zh(channels: &[PublicationChannel]) -> String {
    channels
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join("、")
}

fn describe_zh(action: &ItemAction) -> String {
    match action {
        ItemAction::Drafted { metadata } => format!("起草《{}》", metadata.title),
        ItemAction::Edited { metadata } => format!("修改《{}》", metadata.title),
        ItemAction::AttachmentAdded { filename, .. } => format!("添加附件“{filename}”"),
        ItemAction::Submitted {
            with_interpretation,
            no_interpretation_reason,
        } => match (with_interpretation, no_interpretation_reason) {
            (Some(k), _) => format!("提交审核（同步提交解读{k}）"),
            (None, Some(r)) if !r.trim().is_empty() => {
                format!("提交审核（未同步提交解读，理由：{}）", r.trim())
            }
            _ => "提交审核".to_string(),
        },
        ItemAction::Refused { reason } => format!("退回修改：{}", reason.trim()),
        ItemAction::Approved { review } => format!("保密审查通过：{}", review.trim()),
        ItemAction::Published {
            index_number,
            channels,
            ..
        } => format!("发布，索引号{index_number}（{}）", channels_zh(channels)),
        ItemAction::ChannelsRecorded { channels } => {
            format!("补记发布渠道：{}", channels_zh(channels))
        }
        ItemAction::Repealed { reason, .. } => format!("废止：{}", reason.trim()),
        ItemAction::Lapsed { reason, .. } => format!("宣布失效：{}", reason.trim()),
        ItemAction::Withdrawn { note, .. } => format!("撤回：{}", note.trim()),
        ItemAction::InterpretationLinked { item } => format!("关联解读{}", item.trim()),
        ItemAction::ReplacedBy { replacement } => {
            format!("记录替代文件：{}", replacement.cited_zh())
        }
    }
}

/// One Chinese line per record, e.g.
/// `2025-03-04 王审核：保密审查通过：不涉及国家秘密`. The date is the one the
/// action states, else the recording time in Beijing time; a non-empty note is
/// appended as `（备注：…）`.
pub fn item_history_zh(history: &[ItemEventRecord]) -> Vec<String> {
    history
        .iter()
        .map(|r| {
            let date = r.action.date().unwrap_or_else(|| beijing(r.at));
            let mut line = format!("{date} {}：{}", r.actor.label_zh(), describe_zh(&r.action));
            if !r.note.trim().is_empty() {
                line.push_str(&format!("（备注：{}）", r.note.trim()));
            }
            line
        })
        .collect()
}
