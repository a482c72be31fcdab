//! A step on a task as a form or an API body states it (texts as typed),
//! read into the domain's `TaskAction` dated today; every field is checked
//! with a message that says what to correct. The task page and the JSON
//! API both read their input here.

use chrono::NaiveDate;
use gongkai_domain::plan::{TaskAction, TimeLimit};
use serde::Deserialize;

use crate::Error;

/// The step's fields as submitted (unused ones empty).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StepFields {
    /// sign_for, progress, extension_request, completion, files, accept,
    /// return, extension_grant, extension_refuse, assign.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub percent: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub lead: Vec<String>,
    #[serde(default)]
    pub partners: Vec<String>,
    /// The time limit as plans write it (`6月30日前`, `持续推进`).
    #[serde(default)]
    pub limit: String,
    /// 索引号 of published items that fulfil the task (progress and
    /// completion), separated by 、，, ; or spaces.
    #[serde(default)]
    pub items: String,
}

/// Most catalogue items one report names.
pub const STEP_ITEMS_MAX: usize = 10;

/// [`read`], with the 索引号 of a progress or completion report resolved to
/// the agency's published items (each must be one).
pub async fn read_with_items(
    store: &dyn gongkai_store::Store,
    agency: gongkai_store::AgencyId,
    f: &StepFields,
    today: NaiveDate,
    year: i32,
) -> Result<TaskAction, Error> {
    let mut action = read(f, today, year)?;
    if let TaskAction::ProgressReported { items, .. }
    | TaskAction::CompletionReported { items, .. } = &mut action
    {
        *items = published_items(store, agency, &f.items).await?;
    }
    Ok(action)
}

async fn published_items(
    store: &dyn gongkai_store::Store,
    agency: gongkai_store::AgencyId,
    text: &str,
) -> Result<Vec<i64>, Error> {
    let numbers: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "、，,;；".contains(c))
        .filter(|s| !s.is_empty())
        .collect();
    if numbers.len() > STEP_ITEMS_MAX {
        return Err(Error::invalid(format!(
            "一次最多关联{STEP_ITEMS_MAX}条主动公开信息（填了{}条）：请只填与本任务直接相关的。",
            numbers.len()
        )));
    }
    let mut ids = Vec::new();
    for n in numbers {
        let found = store.item_by_index_number(n).await?;
        match found {
            Some(item) if item.agency_id == agency && item.snapshot.published_on.is_some() => {
                if !ids.contains(&item.id) {
                    ids.push(item.id);
                }
            }
            _ => {
                return Err(Error::invalid(format!(
                    "索引号“{}”不是本机关已公开的信息：请从本机关主动公开目录中复制索引号。",
                    n.chars().take(40).collect::<String>()
                )));
            }
        }
    }
    Ok(ids)
}

/// The longest text of a step (a progress report of a page or two).
pub const STEP_TEXT_MAX: usize = 2000;

fn text(value: &str, what: &str) -> Result<String, Error> {
    let t = value.trim();
    if t.chars().count() > STEP_TEXT_MAX {
        return Err(Error::invalid(format!(
            "{what}最多{STEP_TEXT_MAX}字（现有{}字）：请精简后提交，详细材料可作为附件报送。",
            t.chars().count()
        )));
    }
    Ok(t.to_string())
}

fn unit_id(value: &str, what: &str) -> Result<i64, Error> {
    value
        .trim()
        .parse()
        .map_err(|_| Error::invalid(format!("请选择{what}。")))
}

fn units(values: &[String], what: &str) -> Result<Vec<i64>, Error> {
    let mut out = Vec::new();
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        let id = unit_id(v, what)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

fn date(value: &str, what: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(format!(
            "{what}“{}”不是日期：请按“2026-06-30”的格式填写。",
            value.trim()
        ))
    })
}

fn percent(value: &str) -> Result<Option<u8>, Error> {
    let v = value.trim().trim_end_matches('%');
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<u8>() {
        Ok(p) if p <= 100 => Ok(Some(p)),
        _ => Err(Error::invalid(format!(
            "完成比例“{}”应是0到100之间的整数，或者不填。",
            value.trim()
        ))),
    }
}

/// The step `f` states, dated `today`; `year` reads a written time limit.
pub fn read(f: &StepFields, today: NaiveDate, year: i32) -> Result<TaskAction, Error> {
    let date = today;
    Ok(match f.action.trim() {
        "sign_for" => TaskAction::SignedFor {
            date,
            unit: unit_id(&f.unit, "领办的牵头单位")?,
        },
        "progress" => TaskAction::ProgressReported {
            date,
            text: text(&f.text, "进展情况")?,
            percent: percent(&f.percent)?,
            items: Vec::new(),
            files: Vec::new(),
        },
        "extension_request" => TaskAction::ExtensionRequested {
            date,
            until: date_of(&f.until, "申请延期至")?,
            reason: text(&f.reason, "延期理由")?,
        },
        "completion" => TaskAction::CompletionReported {
            date,
            text: text(&f.text, "完成情况")?,
            items: Vec::new(),
            files: Vec::new(),
        },
        "files" => TaskAction::FilesAdded {
            date,
            note: text(&f.text, "材料说明")?,
            files: Vec::new(),
        },
        "accept" => TaskAction::Accepted {
            date,
            note: text(&f.text, "销号意见")?,
        },
        "return" => TaskAction::Returned {
            date,
            reason: text(&f.reason, "退回理由")?,
        },
        "extension_grant" => TaskAction::ExtensionGranted {
            date,
            until: date_of(&f.until, "同意延期至")?,
        },
        "extension_refuse" => TaskAction::ExtensionRefused {
            date,
            reason: text(&f.reason, "不同意延期的理由")?,
        },
        "assign" => TaskAction::Assigned {
            date,
            lead: units(&f.lead, "牵头单位")?,
            partners: units(&f.partners, "配合单位")?,
            limit: limit(&f.limit, year)?,
        },
        other => {
            return Err(Error::invalid(format!(
                "不认识的办理事项“{}”：请从任务页面的按钮提交。",
                other.chars().take(30).collect::<String>()
            )));
        }
    })
}

fn date_of(value: &str, what: &str) -> Result<NaiveDate, Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!("请填写{what}的日期。")));
    }
    date(value, what)
}

fn limit(value: &str, year: i32) -> Result<Option<TimeLimit>, Error> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = date(v, "完成时限") {
        return Ok(Some(TimeLimit::on(d)));
    }
    TimeLimit::parse(v, year)
        .map(Some)
        .map_err(|why| Error::invalid(format!("完成时限：{why}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fields(action: &str) -> StepFields {
        StepFields {
            action: action.into(),
            ..StepFields::default()
        }
    }

    #[test]
    fn steps_are_read_with_their_fields_checked() {
        let today = d(2026, 5, 6);
        let mut f = fields("progress");
        f.text = " 已完成权力清单梳理。 ".into();
        f.percent = "60%".into();
        assert_eq!(
            read(&f, today, 2026).unwrap(),
            TaskAction::ProgressReported {
                date: today,
                text: "已完成权力清单梳理。".into(),
                percent: Some(60),
                items: vec![],
                files: Vec::new(),
            }
        );
        f.percent = "120".into();
        assert!(
            read(&f, today, 2026)
                .unwrap_err()
                .to_string()
                .contains("0到100")
        );
        let mut f = fields("extension_request");
        f.until = "2026/7/1".into();
        assert!(
            read(&f, today, 2026)
                .unwrap_err()
                .to_string()
                .contains("请按“2026-06-30”的格式")
        );
        let mut f = fields("assign");
        f.lead = vec!["3".into(), "3".into()];
        f.limit = "6月底前".into();
        assert_eq!(
            read(&f, today, 2026).unwrap(),
            TaskAction::Assigned {
                date: today,
                lead: vec![3],
                partners: vec![],
                limit: Some(TimeLimit::on(d(2026, 6, 30))),
            }
        );
        f.limit = "尽快".into();
        assert!(
            read(&f, today, 2026)
                .unwrap_err()
                .to_string()
                .contains("完成时限")
        );
        assert!(read(&fields("delete"), today, 2026).is_err());
    }
}
