//! 检查情况通报: the supervising office's quarterly 通报 of a scorecard run,
//! in the form offices publish them (“关于2026年第四季度政府网站检查情况的
//! 通报”: an opening with the scope, the method, how many were checked and
//! the 合格率; 一、总体情况; 二、存在的问题, naming the vetoed agencies and the
//! most frequent deductions; 三、下一步工作要求; the results table as 附件).

use chrono::NaiveDate;

use super::{PartKind, Points, ScorecardKind, ScoredAgency, Verdict, rank};
use crate::document::{Block, Document, date_cn};
use crate::plan::paper::{PAPER_KIND, rate_label};

/// 检查方式 when the office does not word its own.
pub const DEFAULT_METHOD: &str = "平台自动监测与人工核查相结合的方式";

/// The columns of the results table (附件).
pub const RESULT_COLUMNS: [&str; 5] = ["序号", "单位", "得分", "单项否决", "结果"];

/// How many kinds of deduction the 通报 names; the rest are in the table
/// and each agency's scorecard.
const LISTED_PROBLEMS: usize = 8;

/// One agency's result in the previous period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousResult {
    pub agency: String,
    pub total: Points,
    pub passed: bool,
}

/// The previous period, to compare the 合格率 and name repeat failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousPeriod {
    /// e.g. `2026年第三季度`.
    pub label: String,
    pub results: Vec<PreviousResult>,
}

/// The input of a 检查情况通报.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulletinInput {
    /// The supervising office (政务公开办 or the 政府办公室 it sits in),
    /// printed at the end (落款).
    pub issuer: String,
    /// 发文字号 (may be empty).
    pub number: String,
    /// 主送, e.g. `各乡镇人民政府，县政府各部门：`.
    pub recipient: String,
    /// The template the agencies were scored on: names the exercise
    /// (政府网站检查) and its basis.
    pub kind: ScorecardKind,
    /// e.g. `2026年第四季度`.
    pub period_label: String,
    pub date: NaiveDate,
    /// 检查范围, e.g. `全县各乡镇、县直各部门政府网站`.
    pub scope: String,
    /// 检查方式, e.g. [`DEFAULT_METHOD`].
    pub method: String,
    pub agencies: Vec<ScoredAgency>,
    pub previous: Option<PreviousPeriod>,
    /// 整改期限; `None`: 立即.
    pub rectify_by: Option<NaiveDate>,
}

impl BulletinInput {
    fn act(&self) -> &'static str {
        match self.kind {
            ScorecardKind::WebsiteInspection => "检查",
            ScorecardKind::DisclosureAssessment => "考核",
        }
    }

    fn passed(&self) -> usize {
        self.agencies
            .iter()
            .filter(|a| a.card.verdict.passed())
            .count()
    }

    fn has_vetoes(&self) -> bool {
        self.kind.template().root(PartKind::Veto).is_some()
    }
}

/// The 通报 of a run.
pub fn bulletin(input: &BulletinInput) -> Document {
    let period = input.period_label.trim();
    let subject = input.kind.subject();
    let mut body = vec![Block::Paragraph(opening(input))];
    body.push(Block::Heading("一、总体情况".into()));
    body.extend(overview(input).into_iter().map(Block::Paragraph));
    body.push(Block::Heading("二、存在的问题".into()));
    body.extend(problems(input));
    body.push(Block::Heading("三、下一步工作要求".into()));
    body.extend(requirements(input).into_iter().map(Block::Paragraph));
    body.push(Block::Paragraph("特此通报。".into()));
    body.push(Block::Heading(format!("附件：{period}{subject}结果")));
    body.push(results_table(input));
    Document {
        kind: PAPER_KIND,
        title: format!("关于{period}{subject}情况的通报"),
        number: input.number.clone(),
        recipient: input.recipient.clone(),
        body,
        issuer: input.issuer.clone(),
        date: input.date,
    }
}

fn opening(input: &BulletinInput) -> String {
    let n = input.agencies.len();
    let passed = input.passed();
    format!(
        "根据{}要求，{}组织开展了{}{}工作。本次{act}范围为{}，采取{}，共{act}{n}个单位，其中合格{passed}个、不合格{}个，合格率为{}。现将有关情况通报如下：",
        input.kind.basis(),
        input.issuer.trim(),
        input.period_label.trim(),
        input.kind.subject(),
        input.scope.trim(),
        input.method.trim(),
        n - passed,
        rate_label(passed, n),
        act = input.act(),
    )
}

/// How the result is decided, from the template's thresholds.
fn rule_sentence(input: &BulletinInput) -> String {
    let t = input.kind.thresholds();
    match t.grades {
        None => format!(
            "本次{act}对照指标逐项评分：出现单项否决情形的，判定为不合格；扣分指标得分低于{}分的，判定为不合格；扣分指标得分高于{}分的，另计加分指标得分。",
            t.pass_at,
            t.bonus_above,
            act = input.act()
        ),
        Some(g) => format!(
            "本次{act}满分100分，得分{}分以上为优秀，{}分以上为良好，{}分以上为合格，低于{}分为不合格。",
            g.excellent_at,
            g.good_at,
            t.pass_at,
            t.pass_at,
            act = input.act()
        ),
    }
}

fn overview(input: &BulletinInput) -> Vec<String> {
    let mut out = vec![rule_sentence(input)];
    if input.agencies.is_empty() {
        out.push(format!("本期没有{}单位。", input.act()));
        return out;
    }
    out.push(results_sentence(input));
    if let Some(s) = spread_sentence(input) {
        out.push(s);
    }
    if let Some(s) = previous_sentence(input) {
        out.push(s);
    }
    let provisional: Vec<&str> = input
        .agencies
        .iter()
        .filter(|a| !a.card.complete())
        .map(|a| a.name.as_str())
        .collect();
    if !provisional.is_empty() {
        out.push(format!(
            "{}尚有指标未评分，得分为暂计。",
            provisional.join("、")
        ));
    }
    out
}

fn count(input: &BulletinInput, verdict: Verdict) -> usize {
    input
        .agencies
        .iter()
        .filter(|a| a.card.verdict == verdict)
        .count()
}

fn results_sentence(input: &BulletinInput) -> String {
    let n = input.agencies.len();
    let passed = input.passed();
    let vetoed = input.agencies.iter().filter(|a| a.card.vetoed()).count();
    let low = n - passed - vetoed;
    let mut s = format!("从{}结果看，合格{passed}个", input.act());
    if input.kind.thresholds().grades.is_some() {
        s.push_str(&format!(
            "（其中优秀{}个、良好{}个、合格{}个）",
            count(input, Verdict::Excellent),
            count(input, Verdict::Good),
            count(input, Verdict::Pass)
        ));
    }
    s.push_str(&format!("，不合格{}个", n - passed));
    // Why they failed, naming only the reasons that occurred.
    let pass_at = input.kind.thresholds().pass_at;
    let why: Vec<String> = [
        (vetoed, "存在单项否决情形".to_string()),
        (low, format!("得分低于{pass_at}分")),
    ]
    .into_iter()
    .filter(|(k, _)| *k > 0)
    .map(|(k, reason)| format!("{reason}的{k}个"))
    .collect();
    if !why.is_empty() {
        s.push_str(&format!("，其中{}", why.join("、")));
    }
    s.push('。');
    s
}

/// Average, highest and lowest score of the agencies that were scored
/// (the vetoed are not: 不再对其他指标进行评分).
fn spread_sentence(input: &BulletinInput) -> Option<String> {
    let scored: Vec<&ScoredAgency> = input.agencies.iter().filter(|a| !a.card.vetoed()).collect();
    let high = scored.iter().map(|a| a.card.total).max()?;
    let low = scored.iter().map(|a| a.card.total).min()?;
    let names = |p: Points| {
        scored
            .iter()
            .filter(|a| a.card.total == p)
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    Some(format!(
        "参与评分的{}个单位平均得分{}分，最高{}分（{}），最低{}分（{}）。",
        scored.len(),
        average(scored.iter().map(|a| a.card.total)),
        high,
        names(high),
        low,
        names(low)
    ))
}

/// The mean to a tenth, rounded half up (scores are not negative).
fn average(points: impl Iterator<Item = Points>) -> Points {
    let all: Vec<i64> = points.map(|p| i64::from(p.tenths())).collect();
    let n = i64::try_from(all.len()).unwrap_or(1).max(1);
    let sum: i64 = all.iter().sum();
    Points(i32::try_from((2 * sum + n) / (2 * n)).unwrap_or(i32::MAX))
}

fn previous_sentence(input: &BulletinInput) -> Option<String> {
    let prev = input.previous.as_ref()?;
    let n = prev.results.len();
    if n == 0 {
        return None;
    }
    let before_passed = prev.results.iter().filter(|r| r.passed).count();
    let before = rate_label(before_passed, n);
    let now = rate_label(input.passed(), input.agencies.len());
    // Compare the rates as they are printed (per mille), not the counts:
    // the number of agencies may differ between periods.
    let per_mille = |p: usize, n: usize| (p * 2000 + n) / (2 * n.max(1));
    let trend =
        match per_mille(input.passed(), input.agencies.len()).cmp(&per_mille(before_passed, n)) {
            std::cmp::Ordering::Greater => format!("由{before}提高到{now}"),
            std::cmp::Ordering::Less => format!("由{before}下降到{now}"),
            std::cmp::Ordering::Equal => format!("持平，均为{now}"),
        };
    Some(format!("与{}相比，合格率{trend}。", prev.label.trim()))
}

fn problems(input: &BulletinInput) -> Vec<Block> {
    let mut out = Vec::new();
    let mut heads = ["（一）", "（二）", "（三）", "（四）"].into_iter();
    let mut section = |title: &str, out: &mut Vec<Block>| {
        out.push(Block::Heading(format!(
            "{}{title}",
            heads.next().unwrap_or("")
        )));
    };
    if input.has_vetoes() {
        section("单项否决问题", &mut out);
        out.push(Block::Paragraph(veto_sentence(input)));
    }
    let listed = frequent_problems(input);
    section(
        if input.has_vetoes() {
            "主要扣分问题"
        } else {
            "主要失分问题"
        },
        &mut out,
    );
    if listed.is_empty() {
        out.push(Block::Paragraph("未发现扣分问题。".into()));
    }
    out.extend(listed.into_iter().map(Block::Paragraph));
    let failing = failing_sentences(input);
    if !failing.is_empty() {
        section("不合格单位", &mut out);
        out.extend(failing.into_iter().map(Block::Paragraph));
    }
    out
}

fn veto_sentence(input: &BulletinInput) -> String {
    let vetoed: Vec<String> = input
        .agencies
        .iter()
        .filter(|a| a.card.vetoed())
        .map(|a| {
            let titles: Vec<&str> = a.card.vetoes.iter().map(|v| v.title.as_str()).collect();
            format!("{}（{}）", a.name, titles.join("；"))
        })
        .collect();
    if vetoed.is_empty() {
        return format!("本次{}未发现单项否决情形。", input.act());
    }
    format!(
        "{}个单位存在单项否决情形，判定为不合格：{}。",
        vetoed.len(),
        vetoed.join("；")
    )
}

/// The leaves that cost most agencies points, most frequent first, each
/// with the agencies (and the count found, where computed).
fn frequent_problems(input: &BulletinInput) -> Vec<String> {
    // (code, name, agencies) in template order, then by frequency.
    let mut found: Vec<(String, String, Vec<String>)> = Vec::new();
    for a in &input.agencies {
        for line in a.card.problems().filter(|l| l.kind != PartKind::Veto) {
            let who = match line.measured {
                Some(n) => format!("{}（{n}处）", a.name),
                None => a.name.clone(),
            };
            match found.iter_mut().find(|(code, _, _)| *code == line.code) {
                Some((_, _, names)) => names.push(who),
                None => found.push((line.code.clone(), line.name.clone(), vec![who])),
            }
        }
    }
    // Most agencies first; equal counts in the template's order.
    found.sort_by_key(|(code, _, names)| (std::cmp::Reverse(names.len()), code_order(code)));
    let more = found.len().saturating_sub(LISTED_PROBLEMS);
    let mut out: Vec<String> = found
        .into_iter()
        .take(LISTED_PROBLEMS)
        .enumerate()
        .map(|(i, (_, name, names))| match names.as_slice() {
            [one] => format!("{}.{name}：{one}。", i + 1),
            _ => format!(
                "{}.{name}：涉及{}共{}个单位。",
                i + 1,
                names.join("、"),
                names.len()
            ),
        })
        .collect();
    if more > 0 {
        out.push(format!("另有{more}类问题，详见各单位评分表。"));
    }
    out
}

/// `2.1.10` after `2.1.9`: the code's numbers, compared as numbers.
fn code_order(code: &str) -> Vec<u32> {
    code.split('.').map(|n| n.parse().unwrap_or(0)).collect()
}

fn failing_sentences(input: &BulletinInput) -> Vec<String> {
    let mut out = Vec::new();
    let low: Vec<String> = input
        .agencies
        .iter()
        .filter(|a| !a.card.vetoed() && !a.card.verdict.passed())
        .map(|a| format!("{}（{}分）", a.name, a.card.total))
        .collect();
    if !low.is_empty() {
        out.push(format!(
            "{}得分低于{}分，判定为不合格。",
            low.join("、"),
            input.kind.thresholds().pass_at
        ));
    }
    if let Some(prev) = &input.previous {
        let again: Vec<&str> = input
            .agencies
            .iter()
            .filter(|a| !a.card.verdict.passed())
            .filter(|a| prev.results.iter().any(|r| r.agency == a.name && !r.passed))
            .map(|a| a.name.as_str())
            .collect();
        if !again.is_empty() {
            out.push(format!("{}连续两期不合格。", again.join("、")));
        }
    }
    out
}

fn requirements(input: &BulletinInput) -> Vec<String> {
    let by = input
        .rectify_by
        .map_or_else(|| "立即".to_string(), |d| format!("于{}前", date_cn(d)));
    let daily = match input.kind {
        ScorecardKind::WebsiteInspection => {
            "各单位要落实栏目更新、链接巡检、互动回应等日常管理制度，及时处置空白栏目、长期未更新栏目和不可用链接，确保信息发布及时、准确、规范。"
        }
        ScorecardKind::DisclosureAssessment => {
            "各单位要落实主动公开、依申请公开和政策解读等工作制度，严格按照《中华人民共和国政府信息公开条例》规定的时限公开信息、答复申请。"
        }
    };
    vec![
        format!(
            "（一）抓好问题整改。各单位要对照本通报指出的问题和附件评分情况逐项整改。被通报单位要{by}完成整改，并将整改情况书面报送{}。",
            input.issuer.trim()
        ),
        format!("（二）加强日常管理。{daily}"),
        format!(
            "（三）强化结果运用。{}将持续开展常态化{}，对整改不到位、连续不合格的单位予以通报。",
            input.issuer.trim(),
            input.act()
        ),
    ]
}

fn results_table(input: &BulletinInput) -> Block {
    let vetoes = input.has_vetoes();
    let rows = rank(&input.agencies)
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let card = &r.agency.card;
            let score = match (card.vetoed(), card.complete()) {
                (true, _) => "—".to_string(),
                (false, true) => card.total.to_string(),
                (false, false) => format!("{}（暂计）", card.total),
            };
            let veto = match (vetoes, card.vetoed()) {
                (false, _) => "—".to_string(),
                (true, false) => "无".to_string(),
                (true, true) => card
                    .vetoes
                    .iter()
                    .map(|v| v.title.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
            };
            vec![
                (i + 1).to_string(),
                r.agency.name.clone(),
                score,
                veto,
                card.verdict.label().to_string(),
            ]
        })
        .collect();
    Block::Table {
        columns: RESULT_COLUMNS.map(String::from).to_vec(),
        rows,
    }
}
