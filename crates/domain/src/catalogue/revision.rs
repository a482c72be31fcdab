//! 修订: published information that changed is published again as a
//! revision of the item (Art. 26 counts from the change date), drafted
//! from the published version. The reviewer sees what changed — each field
//! that differs and the body line by line — before approving: the
//! confidentiality review is of the change, not only of the whole.

use super::item::ItemMetadata;

/// One field that differs between the published version and the revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's Chinese name as the metadata block shows it.
    pub field: &'static str,
    pub published: String,
    pub revised: String,
}

/// A line of the body in a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyLine {
    Same(String),
    /// Only in the published version.
    Removed(String),
    /// Only in the revision.
    Added(String),
}

/// Bodies longer than this many lines are compared as a whole (replaced),
/// keeping the comparison's work bounded.
pub const MAX_COMPARED_LINES: usize = 3000;

/// The metadata fields that differ, in the order of the metadata block.
pub fn field_changes(published: &ItemMetadata, revised: &ItemMetadata) -> Vec<FieldChange> {
    let fields = |m: &ItemMetadata| -> Vec<(&'static str, String)> {
        vec![
            ("名称", m.title.clone()),
            ("内容概述", m.summary.clone()),
            ("发布机构", m.issuers_zh()),
            ("文号", m.document_number.clone().unwrap_or_default()),
            ("成文日期", m.formed_on.to_string()),
            (
                "变更日期",
                m.changed_on.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("主题分类", m.topic.to_string()),
            ("体裁", m.genre.label().to_string()),
            ("文件类别", m.kind.label().to_string()),
            (
                "第二十条事项",
                m.article20
                    .map(|a| a.label().to_string())
                    .unwrap_or_default(),
            ),
            ("公开方式", m.attribute.label().to_string()),
            ("公开范围", m.scope.label().to_string()),
            ("关键词", m.keywords.join("、")),
            (
                "登记编号",
                m.normative_registration.clone().unwrap_or_default(),
            ),
        ]
    };
    fields(published)
        .into_iter()
        .zip(fields(revised))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| FieldChange {
            field,
            published: a,
            revised: b,
        })
        .collect()
}

/// The bodies compared line by line (their text, as readers read it):
/// the longest common subsequence of lines kept, the rest removed or added.
pub fn body_lines(published: &str, revised: &str) -> Vec<BodyLine> {
    let a: Vec<&str> = published.lines().collect();
    let b: Vec<&str> = revised.lines().collect();
    if a.len() > MAX_COMPARED_LINES || b.len() > MAX_COMPARED_LINES {
        let mut out: Vec<BodyLine> = a.iter().map(|l| BodyLine::Removed(l.to_string())).collect();
        out.extend(b.iter().map(|l| BodyLine::Added(l.to_string())));
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(BodyLine::Same(a[i].to_string()));
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(BodyLine::Added(b[j].to_string()));
            j += 1;
        } else {
            out.push(BodyLine::Removed(a[i].to_string()));
            i += 1;
        }
    }
    out
}

/// Whether anything differs at all (fields, body or attachments are
/// compared by the caller for the last).
pub fn is_unchanged(published: &ItemMetadata, revised: &ItemMetadata) -> bool {
    field_changes(published, revised).is_empty() && published.body_text() == revised.body_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) -> BodyLine {
        BodyLine::Same(s.into())
    }
    fn added(s: &str) -> BodyLine {
        BodyLine::Added(s.into())
    }
    fn removed(s: &str) -> BodyLine {
        BodyLine::Removed(s.into())
    }

    #[test]
    fn a_changed_amount_is_one_line_out_and_one_in() {
        let published = "一、养护里程\n全年养护125公里。\n二、资金\n省级补助500万元。";
        let revised = "一、养护里程\n全年养护130公里。\n二、资金\n省级补助500万元。\n三、监督电话";
        assert_eq!(
            body_lines(published, revised),
            vec![
                same("一、养护里程"),
                added("全年养护130公里。"),
                removed("全年养护125公里。"),
                same("二、资金"),
                same("省级补助500万元。"),
                added("三、监督电话"),
            ]
        );
    }

    #[test]
    fn identical_bodies_have_no_change_and_empty_ones_nothing() {
        assert_eq!(body_lines("甲\n乙", "甲\n乙"), vec![same("甲"), same("乙")]);
        assert_eq!(body_lines("", ""), vec![]);
        assert_eq!(body_lines("", "新"), vec![added("新")]);
        assert_eq!(body_lines("旧", ""), vec![removed("旧")]);
    }

    #[test]
    fn very_long_bodies_are_compared_as_replaced() {
        let long: String = (0..=MAX_COMPARED_LINES).map(|n| format!("{n}\n")).collect();
        let lines = body_lines(&long, "新");
        assert_eq!(lines.len(), MAX_COMPARED_LINES + 2);
        assert_eq!(lines.last(), Some(&added("新")));
    }
}
