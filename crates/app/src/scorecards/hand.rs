//! 人工评分: a manual leaf scored with its evidence (佐证材料). The value
//! is read as the leaf's part expects it (a veto leaf: 是/否; others:
//! points, at most one decimal), checked by the template's rules
//! (`check_scores`: range, a reason unless the score is the neutral one),
//! and the agency re-scored with every hand score inside the store's
//! transaction.

use gongkai_domain::scorecard::{
    Evidence, ManualScore, ManualValue, PartKind, Points, Scorecard, ScorecardKind, check_scores,
    score,
};
use gongkai_store::{NewManualScore, ScorecardRunId, StoreError};

use super::evidence::{self, Upload};
use super::view::result_by_code;
use super::{Scorer, run_to_score};
use crate::{App, Error};

/// The longest reason (理由).
pub const NOTE_MAX_CHARS: usize = 500;
/// The longest page address.
pub const URL_MAX_CHARS: usize = 500;
/// A hand score as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct HandInput {
    /// The leaf's code, e.g. `2.1.7`.
    pub code: String,
    /// Points (`2`, `0.5`) or, for a veto leaf, `是` / `否`.
    pub value: String,
    pub url: String,
    pub note: String,
    /// 佐证材料 uploaded with the score; without one the leaf keeps the
    /// file it had, unless `remove_file`.
    pub file: Option<Upload>,
    pub remove_file: bool,
}

/// Reads `是`/`否` for a veto leaf.
fn veto_value(text: &str) -> Option<bool> {
    match text.trim() {
        "是" | "否决" | "true" | "1" => Some(true),
        "否" | "不否决" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// The value typed for the leaf `code` of `kind`'s template. A code the
/// template does not have is left to `check_scores` to name.
pub fn value_of(kind: ScorecardKind, code: &str, text: &str) -> Result<ManualValue, Error> {
    let t = text.trim();
    let veto = kind
        .template()
        .indicator(code)
        .is_some_and(|i| i.kind == PartKind::Veto);
    if veto {
        return veto_value(t).map(ManualValue::Vetoed).ok_or_else(|| {
            Error::invalid(format!(
                "指标{}是单项否决指标，请选择“是”（否决）或“否”（不否决）。",
                code.trim()
            ))
        });
    }
    if t.is_empty() {
        return Err(Error::invalid(format!(
            "请填写指标{}的分值（0或正数，最多一位小数，如“2”或“0.5”）。",
            code.trim()
        )));
    }
    Points::parse(t).map(ManualValue::Points).ok_or_else(|| {
        let shown: String = t.chars().take(20).collect();
        Error::invalid(format!(
            "分值“{shown}”无法识别：请填写0或正数，最多一位小数，如“2”或“0.5”。"
        ))
    })
}

/// An optional one-line text of the evidence: trimmed, `None` when empty.
fn one_line(what: &str, text: &str, max: usize) -> Result<Option<String>, Error> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > max {
        return Err(Error::invalid(format!(
            "{what}不能超过{max}个字符，请删减后重新提交。"
        )));
    }
    if t.chars().any(char::is_control) {
        return Err(Error::invalid(format!(
            "{what}不能含有换行或控制字符，请写在一行内。"
        )));
    }
    Ok(Some(t.to_string()))
}

/// The evidence as typed, checked (its file is put by the caller).
pub fn evidence_of(input: &HandInput) -> Result<Evidence, Error> {
    let url = one_line("核查网页地址", &input.url, URL_MAX_CHARS)?;
    if let Some(u) = &url
        && !(u.starts_with("http://") || u.starts_with("https://"))
    {
        return Err(Error::invalid(
            "核查网页地址应以 http:// 或 https:// 开头，请复制浏览器地址栏中的完整网址。",
        ));
    }
    let note = input.note.trim();
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(Error::invalid(format!(
            "理由不能超过{NOTE_MAX_CHARS}个字，请简要说明发现的问题。"
        )));
    }
    Ok(Evidence {
        url,
        file_name: None,
        note: note.to_string(),
    })
}

/// Score the manual leaf `input.code` of the agency with `agency_code` in
/// run `id` (its office, or an evaluator assigned to the agency); answers
/// the agency's new scorecard.
pub async fn score_by_hand(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
    agency_code: &str,
    input: &HandInput,
) -> Result<Scorecard, Error> {
    let (run, standing) = run_to_score(app, reader, id).await?;
    let result = result_by_code(app, &run, agency_code).await?;
    if !standing.may_score(result.agency.id) {
        return Err(Error::forbidden(super::ASSIGNED_ONLY));
    }
    let template = run.kind.template();
    let mut score_of = ManualScore {
        code: input.code.trim().to_string(),
        value: value_of(run.kind, &input.code, &input.value)?,
        evidence: evidence_of(input)?,
    };
    if let Some(e) = check_scores(template, std::slice::from_ref(&score_of))
        .into_iter()
        .next()
    {
        return Err(Error::invalid(e.to_string()));
    }
    let file = evidence::file_for(app, &run, result.agency.id, input).await?;
    score_of.evidence.file_name = file.as_ref().map(|(name, _)| name.clone());
    let new = NewManualScore {
        run_id: run.id,
        agency_id: result.agency.id,
        score: score_of,
        file: file.map(|(_, f)| f),
        by: Some(reader.staff),
        at: app.clock.now(),
    };
    let rescore = |m: &_, manual: &[ManualScore]| {
        // Each hand score was checked as it was put; together they can
        // only fail on a template that does not read.
        score(template, m, manual).map_err(|e| StoreError::Corrupt(e.to_string()))
    };
    Ok(app.store.put_manual_score(&new, &rescore).await?)
}
