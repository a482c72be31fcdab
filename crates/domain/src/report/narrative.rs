//! Figures for the report's text, offered to the writer as ready sentences:
//! items published by channel and by category, applications by channel, the
//! on-time rate, the registers of public participation ([`super::engagement`]),
//! and the statement of fees for part 六 (AR-12).

use super::engagement::{self, EngagementFigures};
use super::rules::FeeTotals;

/// What the sentences are made from (counted by the caller from the records
/// of the statistics year).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NarrativeFigures {
    pub year: i32,
    /// Items published in the year.
    pub items_published: u64,
    /// Items published, per channel (label, count), largest first.
    pub items_by_channel: Vec<(String, u64)>,
    /// Items published, per category (Article 20 item or topic), largest first.
    pub items_by_category: Vec<(String, u64)>,
    /// Applications received in the year, per channel (label, count).
    pub applications_by_channel: Vec<(String, u64)>,
    /// Applications answered in the year …
    pub answered: u64,
    /// … of which within the statutory (or extended) time limit.
    pub answered_on_time: u64,
    pub fees: FeeTotals,
    /// 意见征集, 政民互动, 建议提案 and 回应关切 of the year.
    pub engagement: EngagementFigures,
}

fn list(pairs: &[(String, u64)]) -> String {
    pairs
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label}{n}条"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The on-time rate as a percentage with one decimal (`None` when nothing
/// was answered).
pub fn on_time_percent(answered: u64, on_time: u64) -> Option<f64> {
    (answered > 0).then(|| (on_time as f64 * 1000.0 / answered as f64).round() / 10.0)
}

/// Ready sentences for parts 一 and 二; each states figures exactly as the
/// records have them, so AR-11 holds for what the writer copies.
pub fn sentences(f: &NarrativeFigures) -> Vec<String> {
    let mut out = Vec::new();
    if f.items_published > 0 {
        let mut s = format!(
            "{}年，本机关主动公开政府信息{}条",
            f.year, f.items_published
        );
        let by_channel = list(&f.items_by_channel);
        if !by_channel.is_empty() {
            s.push_str(&format!(
                "，按渠道：{by_channel}（同一条信息可经多个渠道发布）"
            ));
        }
        s.push('。');
        out.push(s);
        let by_category = list(&f.items_by_category);
        if !by_category.is_empty() {
            out.push(format!("按类别分：{by_category}。"));
        }
    } else {
        out.push(format!("{}年，本机关未主动公开政府信息。", f.year));
    }
    let received: u64 = f.applications_by_channel.iter().map(|(_, n)| n).sum();
    if received > 0 {
        let by_channel = f
            .applications_by_channel
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| format!("{label}{n}件"))
            .collect::<Vec<_>>()
            .join("、");
        out.push(format!(
            "全年共收到政府信息公开申请{received}件，其中{by_channel}。"
        ));
    } else {
        out.push("全年未收到政府信息公开申请。".to_string());
    }
    if let Some(rate) = on_time_percent(f.answered, f.answered_on_time) {
        out.push(format!(
            "本年度答复申请{}件，按期答复{}件，按期答复率{rate:.1}%。",
            f.answered, f.answered_on_time
        ));
    }
    out.extend(engagement::sentences(f.year, &f.engagement));
    out
}

/// The statement of information-processing fees for part 六 (AR-12), from
/// the fee records.
pub fn fee_statement(year: i32, fees: FeeTotals) -> String {
    if fees.amount_yuan == 0 {
        format!("{year}年，本机关未收取政府信息公开信息处理费。")
    } else {
        format!(
            "{year}年，本机关依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费{}元，涉及申请{}件。",
            fees.amount_yuan, fees.cases
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_statement_states_amount_and_cases_or_none() {
        assert_eq!(
            fee_statement(2025, FeeTotals::default()),
            "2025年，本机关未收取政府信息公开信息处理费。"
        );
        let s = fee_statement(
            2025,
            FeeTotals {
                cases: 2,
                amount_yuan: 300,
            },
        );
        assert!(s.contains("300元") && s.contains("2件"), "{s}");
    }

    #[test]
    fn on_time_rate_rounds_to_one_decimal() {
        assert_eq!(on_time_percent(3, 2), Some(66.7));
        assert_eq!(on_time_percent(0, 0), None);
    }

    #[test]
    fn sentences_quote_the_figures() {
        let f = NarrativeFigures {
            year: 2025,
            items_published: 12,
            items_by_channel: vec![("政府网站".into(), 12), ("政务新媒体".into(), 5)],
            items_by_category: vec![("规范性文件".into(), 3)],
            applications_by_channel: vec![("当面".into(), 2), ("网上".into(), 6)],
            answered: 7,
            answered_on_time: 7,
            fees: FeeTotals::default(),
            engagement: EngagementFigures::default(),
        };
        let s = sentences(&f).join("");
        assert!(s.contains("主动公开政府信息12条"), "{s}");
        assert!(s.contains("收到政府信息公开申请8件"), "{s}");
        assert!(s.contains("按期答复率100.0%"), "{s}");
    }
}
