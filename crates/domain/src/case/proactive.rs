//! 依申请公开转主动公开 (Art. 44(1)): "多个申请人就相同政府信息向同一行政机关
//! 提出公开申请，且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围。"
//!
//! Two conditions, both checked here: the information can be public (the
//! case was answered 予以公开 or 部分公开 — for 部分公开 only what was
//! released), and several applicants asked the same agency for it (at least
//! one *other* applicant's application is about the same information). What
//! counts as "the same information" is the requests' text similarity at or
//! above [`SAME_INFORMATION`]; it only finds candidates — the clerk reads them
//! and decides whether to propose.

use crate::similarity::{SIMILARITY_THRESHOLD, similarity};
use crate::vocabulary::Outcome;

/// The article the rule comes from, as letters and pages cite it.
pub const ARTICLE: &str = "《中华人民共和国政府信息公开条例》第四十四条第一款";

/// Requests at or above this similarity are about the same information.
pub const SAME_INFORMATION: f64 = SIMILARITY_THRESHOLD;

/// Another application to the same agency, as the rule compares it.
#[derive(Debug, Clone, Copy)]
pub struct OtherRequest<'a> {
    /// The applicant's identity key (the same person under any channel).
    pub applicant_key: &'a str,
    pub description: &'a str,
}

/// The indices of `others` that ask for the same information as
/// `description` from a different applicant than `applicant_key`, most
/// similar first. The same applicant asking twice is a repeat (Art. 36(六)),
/// not "several applicants".
pub fn same_information(
    applicant_key: &str,
    description: &str,
    others: &[OtherRequest<'_>],
) -> Vec<(usize, f64)> {
    let mut hits: Vec<(usize, f64)> = others
        .iter()
        .enumerate()
        .filter(|(_, o)| o.applicant_key != applicant_key)
        .map(|(i, o)| (i, similarity(description, o.description)))
        .filter(|(_, s)| *s >= SAME_INFORMATION)
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1));
    hits
}

/// Whether the case may be proposed for proactive disclosure: its outcome
/// and the number of *distinct other* applicants who asked for the same
/// information. The refusal says which condition of Art. 44(1) is missing.
pub fn check_proposal(outcome: Option<Outcome>, other_applicants: usize) -> Result<(), String> {
    match outcome {
        Some(Outcome::Disclosed | Outcome::Partial) => {}
        Some(Outcome::AlreadyPublished) => {
            return Err("该信息已经主动公开，无需再纳入主动公开范围。".into());
        }
        Some(_) => {
            return Err(format!(
                "只有答复为予以公开或部分公开的信息才可以纳入主动公开范围（{ARTICLE}：“该政府信息属于可以公开的”）。"
            ));
        }
        None => {
            return Err(
                "本申请尚未作出答复决定：请在予以公开或部分公开的答复作出后再提出。".into(),
            );
        }
    }
    if other_applicants == 0 {
        return Err(format!(
            "未发现其他申请人申请相同的信息：{ARTICLE}要求“多个申请人就相同政府信息”提出申请。"
        ));
    }
    Ok(())
}

/// The draft catalogue item's title and summary, from the request and what
/// the reply released.
pub fn draft(
    description: &str,
    case_number: &str,
    released: &[String],
    other_cases: &[String],
) -> (String, String) {
    let title: String = description.trim().chars().take(60).collect();
    let mut summary = format!(
        "申请编号{case_number}依申请公开的信息，因{}个申请人申请相同信息（另见申请{}），依据{ARTICLE}纳入主动公开范围。",
        other_cases.len() + 1,
        other_cases.join("、"),
    );
    if !released.is_empty() {
        summary.push_str(&format!("答复提供：{}。", released.join("、")));
    }
    (title, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKED: &str = "申请公开2025年白沙县农村公路养护资金分配表";

    fn other<'a>(key: &'a str, description: &'a str) -> OtherRequest<'a> {
        OtherRequest {
            applicant_key: key,
            description,
        }
    }

    #[test]
    fn another_applicant_asking_for_the_same_table_counts() {
        let others = [
            other("B", "请提供白沙县2025年农村公路养护资金的分配表"),
            other("C", "申请公开县交通运输局2024年部门决算"),
        ];
        let hits = same_information("A", ASKED, &others);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn the_same_applicant_asking_twice_is_not_several_applicants() {
        let others = [other("A", "申请公开2025年白沙县农村公路养护资金分配表。")];
        assert!(same_information("A", ASKED, &others).is_empty());
    }

    #[test]
    fn only_information_that_can_be_public_is_proposed() {
        assert!(check_proposal(Some(Outcome::Disclosed), 1).is_ok());
        assert!(check_proposal(Some(Outcome::Partial), 2).is_ok());
        let denied = check_proposal(Some(Outcome::DenyStateSecret), 3).unwrap_err();
        assert!(denied.contains("第四十四条第一款"), "{denied}");
        assert!(check_proposal(Some(Outcome::AlreadyPublished), 3).is_err());
        assert!(
            check_proposal(None, 3)
                .unwrap_err()
                .contains("尚未作出答复")
        );
    }

    #[test]
    fn one_applicant_alone_is_not_enough() {
        let e = check_proposal(Some(Outcome::Disclosed), 0).unwrap_err();
        assert!(e.contains("多个申请人"), "{e}");
    }

    #[test]
    fn the_draft_names_the_cases_and_what_was_released() {
        let (title, summary) = draft(
            ASKED,
            "BSJT-2026-0007",
            &["2025年农村公路养护资金分配表.pdf".into()],
            &["BSJT-2026-0003".into()],
        );
        assert_eq!(title, ASKED);
        assert_eq!(
            summary,
            "申请编号BSJT-2026-0007依申请公开的信息，因2个申请人申请相同信息（另见申请BSJT-2026-0003），\
             依据《中华人民共和国政府信息公开条例》第四十四条第一款纳入主动公开范围。\
             答复提供：2025年农村公路养护资金分配表.pdf。"
        );
    }
}
