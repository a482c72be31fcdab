//! Worked examples, each total counted by hand from the templates' rows
//! (data/scorecards/*.csv) before the code ran: caps, per-unit deductions,
//! the 60 pass mark, the bonus above 80, vetoes, and the hand scores refused.

use super::*;
use crate::health::{
    EMPTY_COLUMNS_VETO, FREQUENT_STALE_VETO, Finding, OTHER_STALE_VETO, Rule, Severity,
};

fn finding(rule: Rule, severity: Severity) -> Finding {
    Finding {
        rule,
        severity,
        subject: "栏目".into(),
        detail: String::new(),
        fix_at: None,
    }
}

/// `n` 问题 findings of `rule`.
fn problems(rule: Rule, n: usize) -> Vec<Finding> {
    (0..n).map(|_| finding(rule, Severity::Problem)).collect()
}

fn hand(code: &str, points: &str, note: &str) -> ManualScore {
    ManualScore {
        code: code.into(),
        value: ManualValue::Points(Points::parse(points).unwrap()),
        evidence: Evidence {
            url: Some("https://example.gov.cn/".into()),
            file_name: None,
            note: note.into(),
        },
    }
}

fn veto(code: &str, hit: bool, note: &str) -> ManualScore {
    ManualScore {
        code: code.into(),
        value: ManualValue::Vetoed(hit),
        evidence: Evidence {
            note: note.into(),
            ..Evidence::default()
        },
    }
}

fn web() -> &'static Template {
    ScorecardKind::WebsiteInspection.template()
}

fn disclosure() -> &'static Template {
    ScorecardKind::DisclosureAssessment.template()
}

fn p(text: &str) -> Points {
    Points::parse(text).unwrap()
}

fn value(card: &Scorecard, code: &str) -> LineValue {
    card.line(code).unwrap().value
}

#[test]
fn points_are_tenths_read_and_printed_exactly() {
    assert_eq!(Points::parse("87.5"), Some(Points(875)));
    assert_eq!(Points::parse(" 0.5 "), Some(Points(5)));
    assert_eq!(Points::parse("100"), Some(Points::whole(100)));
    assert_eq!(
        Points::parse("0.25"),
        None,
        "two decimals are refused, not rounded"
    );
    assert_eq!(Points::parse("-1"), None);
    assert_eq!(Points::parse(""), None);
    assert_eq!(Points(875).to_string(), "87.5");
    assert_eq!(Points::whole(90).to_string(), "90");
    assert_eq!(Points(-25).to_string(), "-2.5");
    // 0.1 ten times is exactly 1 (no float drift).
    assert_eq!(Points(1).times(10), Points::whole(1));
    assert_eq!(Points(5).times(u64::MAX), Points(i32::MAX));
}

#[test]
fn both_shipped_templates_read_and_add_up() {
    for kind in ScorecardKind::ALL {
        let t = kind.template();
        assert!(t.errors.is_empty(), "{kind:?}: {:?}", t.errors);
        assert!(!t.indicators.is_empty());
        for (i, ind) in t.indicators.iter().enumerate() {
            // Codes unique, parents present and before their children.
            assert_eq!(
                t.indicators.iter().filter(|o| o.code == ind.code).count(),
                1
            );
            if let Some(parent) = ind.parent_code() {
                let at = t.indicators.iter().position(|o| o.code == parent).unwrap();
                assert!(at < i && ind.parent == Some(at));
            }
            let children: Vec<&Indicator> = t.children(i).collect();
            assert_eq!(ind.leaf, children.is_empty());
            let sum: Points = children.iter().filter_map(|c| c.points).sum();
            match ind.kind {
                PartKind::Weighted | PartKind::Bonus if !ind.leaf => {
                    assert_eq!(Some(sum), ind.points, "{}", ind.code)
                }
                PartKind::Deduction => {
                    for c in &children {
                        assert!(c.points <= ind.points, "{} caps {}", ind.code, c.code);
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn the_inspection_has_its_three_parts_of_19hao() {
    let t = web();
    assert_eq!(
        t.root(PartKind::Deduction).unwrap().points,
        Some(Points::whole(100))
    );
    assert_eq!(
        t.root(PartKind::Bonus).unwrap().points,
        Some(Points::whole(30))
    );
    // The deduction part's groups add up to 100: 40 + 25 + 15 + 20.
    let groups: Vec<Points> = t
        .children(t.indicators.iter().position(|i| i.code == "2").unwrap())
        .filter_map(|i| i.points)
        .collect();
    assert_eq!(groups, [40, 25, 15, 20].map(Points::whole));
    // The veto thresholds are the health checks' own.
    let threshold = |code: &str| t.indicator(code).unwrap().threshold;
    assert_eq!(threshold("1.4.1"), Some(u64::from(FREQUENT_STALE_VETO)));
    assert_eq!(threshold("1.4.2"), Some(u64::from(OTHER_STALE_VETO)));
    assert_eq!(threshold("1.4.3"), Some(u64::from(EMPTY_COLUMNS_VETO)));
    assert_eq!(t.thresholds.pass_at, Points::whole(60));
    assert_eq!(t.thresholds.bonus_above, Points::whole(80));
}

#[test]
fn the_disclosure_assessment_weighs_40_25_15_10_10() {
    let roots: Vec<(String, Points)> = disclosure()
        .indicators
        .iter()
        .filter(|i| i.parent.is_none())
        .map(|i| (i.name.clone(), i.points.unwrap()))
        .collect();
    assert_eq!(
        roots,
        [
            ("主动公开", 40),
            ("依申请公开", 25),
            ("政策解读与政民互动", 15),
            ("平台建设", 10),
            ("创新", 10)
        ]
        .map(|(n, w)| (n.to_string(), Points::whole(w)))
    );
}

#[test]
fn measures_count_problems_per_rule_and_keep_the_veto_flag() {
    let mut findings = problems(Rule::EmptyColumn, 5);
    findings.push(finding(Rule::EmptyColumn, Severity::Veto));
    findings.push(finding(Rule::StaleFrequentColumn, Severity::Warning));
    findings.extend(problems(Rule::BrokenLink, 3));
    findings.push(finding(Rule::SuspectLink, Severity::Warning));
    let m = Measures::from_findings(&findings, 2, 7, Some(false));
    assert_eq!(
        m.count(Measure::EmptyColumns),
        Some(5),
        "the tally finding is not a column"
    );
    assert!(m.vetoed(Rule::EmptyColumn));
    assert_eq!(
        m.count(Measure::StaleFrequentColumns),
        Some(0),
        "a warning is not a fault"
    );
    assert!(!m.vetoed(Rule::StaleFrequentColumn));
    assert_eq!(m.count(Measure::BrokenLinks), Some(3));
    assert_eq!(m.count(Measure::OverdueRequests), Some(2));
    assert_eq!(m.count(Measure::LateItems), Some(7));
    assert_eq!(m.count(Measure::ReportOnTime), Some(1));
    assert_eq!(Measures::default().count(Measure::ReportOnTime), None);
    for measure in Measure::ALL {
        assert_eq!(Measure::from_code(measure.code()), Some(measure));
    }
}

/// 甲: 2 news/notice columns stale (2 × 5 = 10, cap 20), 7 other columns
/// stale (7 × 1 = 7, cap 10), 1 empty column (1), 2 policies without an
/// interpretation (2 × 2 = 4), the guide incomplete (2), last year's report
/// late (3): 发布解读 10 + 7 + 1 + 4 + 2 + 3 = 27 (within its 40).
/// 3 broken links at 1 each, cap 5: 功能设计 3. By hand, 留言答复 not
/// updated: 互动交流 3. Deducted 27 + 3 + 3 = 33 → 67: 合格, and not above
/// 80, so the 5 bonus points entered do not count. Total 67.
#[test]
fn a_worked_inspection_deducts_within_caps_and_passes_with_67() {
    let mut findings = problems(Rule::StaleFrequentColumn, 2);
    findings.extend(problems(Rule::StaleColumn, 7));
    findings.extend(problems(Rule::EmptyColumn, 1));
    findings.extend(problems(Rule::InterpretationMissing, 2));
    findings.extend(problems(Rule::GuideIncomplete, 1));
    findings.extend(problems(Rule::BrokenLink, 3));
    let m = Measures::from_findings(&findings, 0, 0, Some(false));
    let manual = [
        hand("2.3.1", "3", "监测时间点前2个月内未更新留言答复"),
        hand("3.1", "5", "政策图解专栏"),
    ];
    let card = score(web(), &m, &manual).unwrap();
    assert_eq!(value(&card, "2.1.1"), LineValue::Deducted(p("10")));
    assert_eq!(value(&card, "2.1.2"), LineValue::Deducted(p("7")));
    assert_eq!(value(&card, "2.1.9"), LineValue::Deducted(p("3")));
    assert_eq!(value(&card, "2.1"), LineValue::Deducted(p("27")));
    assert_eq!(value(&card, "2.4.2"), LineValue::Deducted(p("3")));
    assert_eq!(card.line("2.4.2").unwrap().measured, Some(3));
    assert_eq!(value(&card, "2"), LineValue::Deducted(p("33")));
    assert_eq!(card.base, p("67"));
    assert_eq!(card.bonus, None);
    assert_eq!(card.total, p("67"));
    assert_eq!(card.verdict, Verdict::Pass);
    assert!(card.vetoes.is_empty());
    // Every other manual leaf is listed as not scored yet.
    assert!(card.unscored.contains(&"1.1".to_string()));
    assert!(card.unscored.contains(&"2.2.1".to_string()));
    assert!(!card.unscored.contains(&"2.3.1".to_string()));
    assert!(!card.complete());
}

/// 乙: 4 news/notice columns stale (4 × 5 = 20, its cap), 9 other (9), 4
/// empty (4), 5 columns with undated items (5), 6 policies without an
/// interpretation (6 × 2 = 12, capped at 10): 20 + 9 + 4 + 5 + 10 = 48,
/// and 发布解读 deducts no more than its 40. Base 60: 合格 (not below 60).
/// Half a point more by hand (2.4.4) makes 59.5: 不合格.
#[test]
fn a_group_deducts_no_more_than_its_points_and_60_is_the_pass_mark() {
    let mut findings = problems(Rule::StaleFrequentColumn, 4);
    findings.extend(problems(Rule::StaleColumn, 9));
    findings.extend(problems(Rule::EmptyColumn, 4));
    findings.extend(problems(Rule::UndatedItem, 5));
    findings.extend(problems(Rule::InterpretationMissing, 6));
    let m = Measures::from_findings(&findings, 0, 0, Some(true));
    let card = score(web(), &m, &[]).unwrap();
    assert_eq!(value(&card, "2.1.1"), LineValue::Deducted(p("20")));
    assert_eq!(value(&card, "2.1.5"), LineValue::Deducted(p("10")));
    assert_eq!(value(&card, "2.1"), LineValue::Deducted(p("40")));
    assert_eq!(card.base, p("60"));
    assert_eq!(card.verdict, Verdict::Pass);
    let half = hand("2.4.4", "0.5", "未加挂党政机关网站标识");
    let card = score(web(), &m, &[half]).unwrap();
    assert_eq!(card.base, p("59.5"));
    assert_eq!(card.total.to_string(), "59.5");
    assert_eq!(card.verdict, Verdict::Fail);
    assert!(card.vetoes.is_empty(), "不合格 on the score, not a veto");
}

/// 办事服务 by hand: 15 + 5 = 20 deducted → 80.0, not above 80: no bonus
/// (total 80). 15 + 4.5 = 19.5 → 80.5: the 8 bonus points count, 88.5.
#[test]
fn the_bonus_counts_only_above_80() {
    let m = Measures::default();
    let at_80 = [
        hand("2.2.1", "15", "办事指南缺少办理时限"),
        hand("2.2.2", "5", "办事统计数据半年未更新"),
        hand("3.2", "8", "一件事一次办专区"),
    ];
    let card = score(web(), &m, &at_80).unwrap();
    assert_eq!(card.base, p("80"));
    assert_eq!(card.bonus, None);
    assert_eq!(card.total, p("80"));
    assert_eq!(card.verdict, Verdict::Pass);
    let mut above = at_80.clone();
    above[1] = hand("2.2.2", "4.5", "办事统计数据半年未更新");
    let card = score(web(), &m, &above).unwrap();
    assert_eq!(card.base, p("80.5"));
    assert_eq!(card.bonus, Some(p("8")));
    assert_eq!(card.total, p("88.5"));
}

/// A site that loses nothing but has five empty columns (the health check's
/// 单项否决) is 不合格 whatever its score, and gets no bonus.
#[test]
fn a_veto_fails_whatever_the_score() {
    let mut findings = problems(Rule::EmptyColumn, 5);
    findings.push(finding(Rule::EmptyColumn, Severity::Veto));
    let m = Measures::from_findings(&findings, 0, 0, Some(true));
    let bonus = [hand("3.1", "10", "政策问答库")];
    let card = score(web(), &m, &bonus).unwrap();
    assert_eq!(card.base, p("95"), "2.1.3: 5 empty columns × 1, cap 5");
    assert_eq!(card.bonus, None);
    assert_eq!(card.total, p("95"));
    assert_eq!(card.verdict, Verdict::Fail);
    assert_eq!(card.vetoes.len(), 1);
    assert_eq!(card.vetoes[0].code, "1.4.3");
    assert_eq!(
        card.vetoes[0].title,
        "栏目不更新：空白栏目数量超过（含）5个"
    );
    assert_eq!(value(&card, "1.4"), LineValue::Vetoed(true));
    assert_eq!(value(&card, "1"), LineValue::Vetoed(true));
}

#[test]
fn a_count_at_the_threshold_vetoes_without_the_flag() {
    // Five stale news/notice columns counted, no veto finding passed in.
    let m = Measures::from_findings(&problems(Rule::StaleFrequentColumn, 5), 0, 0, None);
    let card = score(web(), &m, &[]).unwrap();
    assert_eq!(value(&card, "1.4.1"), LineValue::Vetoed(true));
    let m = Measures::from_findings(&problems(Rule::StaleFrequentColumn, 4), 0, 0, None);
    let card = score(web(), &m, &[]).unwrap();
    assert_eq!(value(&card, "1.4.1"), LineValue::Vetoed(false));
    // The report unknown: its deduction leaf is not scored, not guessed.
    assert_eq!(value(&card, "2.1.9"), LineValue::Unscored);
    assert!(card.unscored.contains(&"2.1.9".to_string()));
}

#[test]
fn a_manual_veto_with_its_reason_fails_the_site() {
    let manual = [veto("1.2", true, "监测1周无法访问次数占比8%")];
    let card = score(web(), &Measures::default(), &manual).unwrap();
    assert_eq!(card.verdict, Verdict::Fail);
    assert_eq!(card.vetoes[0].title, "站点无法访问");
    assert_eq!(
        card.line("1.2").unwrap().evidence.as_ref().unwrap().note,
        "监测1周无法访问次数占比8%"
    );
}

/// 主动公开: 3 late items 10 − 3 = 7; interpretations 5; 1 late
/// interpretation 3 − 1 = 2; no empty 4; news 4; 5 stale other columns
/// 3 − 5 → 0; dates 2; 重点领域 by hand 8: 32. 依申请公开: 2 overdue
/// 10 − 2 × 2 = 6, 8 and 7 by hand: 21. 政策解读与政民互动: 4 + 5, 3.3
/// unscored (0): 9. 平台建设: guide 2, report on time 3, 3 broken links
/// 2 − 3 × 0.5 = 0.5, 专区 3: 8.5. 创新: 3 + 0: 3.
/// Total 32 + 21 + 9 + 8.5 + 3 = 73.5: 合格 (60 ≤ 73.5 < 80).
#[test]
fn a_worked_weighted_assessment_scores_73_5() {
    let mut findings = problems(Rule::InterpretationLate, 1);
    findings.extend(problems(Rule::StaleColumn, 5));
    findings.extend(problems(Rule::BrokenLink, 3));
    let m = Measures::from_findings(&findings, 2, 3, Some(true));
    let manual = [
        hand("1.8", "8", "重大建设项目批准和实施信息公开不全"),
        hand("2.2", "8", ""),
        hand("2.3", "7", ""),
        hand("3.1", "4", "解读形式单一"),
        hand("3.2", "5", ""),
        hand("4.4", "3", ""),
        hand("5.1", "3", "政务开放日活动"),
        hand("5.2", "0", "无被推广的经验做法"),
    ];
    let card = score(disclosure(), &m, &manual).unwrap();
    assert_eq!(value(&card, "1.1"), LineValue::Given(p("7")));
    assert_eq!(value(&card, "1.6"), LineValue::Given(p("0")), "not below 0");
    assert_eq!(value(&card, "1"), LineValue::Given(p("32")));
    assert_eq!(value(&card, "2.1"), LineValue::Given(p("6")));
    assert_eq!(value(&card, "4.3"), LineValue::Given(p("0.5")));
    assert_eq!(value(&card, "3"), LineValue::Given(p("9")));
    assert_eq!(card.unscored, ["3.3"]);
    assert_eq!(card.total.to_string(), "73.5");
    assert_eq!(card.bonus, None);
    assert_eq!(card.verdict, Verdict::Pass);
}

/// One weighted leaf of 100 by hand, to walk the grade bands.
fn single_leaf() -> Template {
    let csv = "code,name,kind,points,per_unit,threshold,source,basis\n\
               1,否决,veto,,,,,依据\n\
               1.1,严重问题,veto,,,,manual,依据\n\
               2,评分,weighted,100,,,,依据\n\
               2.1,得分,weighted,100,,,manual,依据\n";
    Template::read(ScorecardKind::DisclosureAssessment, csv).unwrap()
}

fn graded(points: &str) -> Scorecard {
    score(
        &single_leaf(),
        &Measures::default(),
        &[hand("2.1", points, "评分说明")],
    )
    .unwrap()
}

#[test]
fn the_assessment_grades_at_90_80_60() {
    assert_eq!(graded("90").verdict, Verdict::Excellent);
    assert_eq!(graded("89.5").verdict, Verdict::Good);
    assert_eq!(graded("80").verdict, Verdict::Good);
    assert_eq!(graded("79.5").verdict, Verdict::Pass);
    assert_eq!(graded("60").verdict, Verdict::Pass);
    assert_eq!(graded("59.5").verdict, Verdict::Fail);
    assert_eq!(Verdict::Excellent.label(), "优秀");
}

#[test]
fn hand_scores_out_of_range_or_for_computed_leaves_are_refused() {
    let m = Measures::default();
    let err = score(web(), &m, &[hand("2.3.1", "12", "留言未回复")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "“2.3.1 留言答复未及时更新或留言办理不规范”的扣分应在0至10分之间，填写的是12分，请修改后重新提交"
    );
    let err = score(disclosure(), &m, &[hand("5.1", "6.5", "说明")]).unwrap_err();
    assert!(
        err.to_string()
            .contains("得分应在0至6分之间，填写的是6.5分")
    );
    let negative = ManualScore {
        value: ManualValue::Points(Points(-5)),
        ..hand("2.3.1", "0", "x")
    };
    assert!(matches!(
        score(web(), &m, &[negative]),
        Err(ScoreError::OutOfRange { .. })
    ));
    let err = score(web(), &m, &[hand("2.4.2", "2", "链接打不开")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "“2.4.2 链接不可用（含图片、附件、外部链接）”由系统根据“不可用链接数”自动计算，不能人工评分；如计算结果有误，请先更正平台中的数据再重新计算"
    );
    let err = score(web(), &m, &[hand("9.9", "1", "x")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "指标编号“9.9”不在《政府网站检查》中，请核对编号后重新填写"
    );
    let err = score(web(), &m, &[hand("2.1", "1", "x")]).unwrap_err();
    assert!(matches!(err, ScoreError::NotALeaf { .. }));
    assert!(err.to_string().contains("是分组指标"));
}

#[test]
fn hand_scores_of_the_wrong_form_without_reason_or_twice_are_refused() {
    let m = Measures::default();
    let err = score(web(), &m, &[hand("1.2", "1", "x")]).unwrap_err();
    assert!(matches!(err, ScoreError::ExpectsVeto { .. }));
    let err = score(web(), &m, &[veto("2.3.1", true, "x")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "“2.3.1 留言答复未及时更新或留言办理不规范”是扣分指标，请填写扣分，不能填写“否决”"
    );
    let err = score(web(), &m, &[hand("2.3.1", "3", "  ")]).unwrap_err();
    assert!(matches!(err, ScoreError::MissingEvidence { .. }));
    assert!(err.to_string().contains("须填写理由"));
    let err = score(web(), &m, &[veto("1.1", true, "")]).unwrap_err();
    assert!(matches!(err, ScoreError::MissingEvidence { .. }));
    // The neutral score needs no reason.
    assert!(score(web(), &m, &[hand("2.3.1", "0", ""), veto("1.1", false, "")]).is_ok());
    assert!(score(disclosure(), &m, &[hand("2.2", "8", "")]).is_ok());
    let twice = [hand("2.3.1", "1", "a"), hand("2.3.1", "2", "b")];
    let errors = check_scores(web(), &twice);
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0], ScoreError::Duplicate { .. }));
}

fn read_err(rows: &str) -> Vec<String> {
    let csv = format!("{}\n{rows}", TEMPLATE_HEADER.join(","));
    Template::read(ScorecardKind::DisclosureAssessment, &csv)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_template_that_does_not_add_up_is_refused_with_its_line() {
    let e = read_err("1,甲,weighted,40,,,,依据\n1.1,乙,weighted,30,,,manual,依据\n");
    assert_eq!(
        e,
        ["第2行（指标1）：下级指标分值合计30分，应等于本指标40分"]
    );
    let e = read_err(
        "1,甲,weighted,10,,,,依据\n1.1,乙,weighted,10,,,manual,依据\n1.1,丙,weighted,10,,,manual,依据\n",
    );
    assert!(
        e[0].contains("第4行（指标1.1）：指标编号与前面的行重复"),
        "{e:?}"
    );
    let e = read_err("1,甲,weighted,10,,,manual,依据\n2.1,乙,weighted,10,,,manual,依据\n");
    assert!(e[0].contains("上级指标2不存在"), "{e:?}");
    let e = read_err("1,甲,deduction,100,,,,依据\n1.1,乙,deduction,120,1,,broken_links,依据\n");
    assert!(
        e.iter().any(|m| m.contains("分值超过上级指标1的100分")),
        "{e:?}"
    );
    let e = read_err("1,甲,deduction,100,,,,依据\n1.1,乙,deduction,100,,,broken_links,依据\n");
    assert!(e[0].contains("须填per_unit"), "{e:?}");
    let e = read_err("1,甲,weighted,10,,,,依据\n1.1,乙,weighted,10,,,links,依据\n");
    assert!(
        e[0].contains("source“links”既不是manual也不是已知的计算指标"),
        "{e:?}"
    );
    let e = read_err("1,甲,veto,,,,,依据\n1.1,乙,veto,,,,manual,依据\n");
    assert!(e[0].contains("须有扣分指标或评分指标两者之一"), "{e:?}");
    let e = read_err("1,甲,weighted,10,,,,依据\n1.1,乙,veto,,,,manual,依据\n");
    assert!(e[0].contains("kind与上级指标1不同"), "{e:?}");
    let e = Template::read(ScorecardKind::WebsiteInspection, "编号,名称\n").unwrap_err();
    assert!(
        e[0].to_string()
            .starts_with("第1行：表头应为：code,name,kind")
    );
}

#[test]
fn compare_finds_what_got_worse_and_better() {
    let before = Measures::from_findings(
        &[
            problems(Rule::BrokenLink, 3),
            problems(Rule::StaleFrequentColumn, 2),
        ]
        .concat(),
        0,
        0,
        Some(true),
    );
    let after = Measures::from_findings(
        &[
            problems(Rule::BrokenLink, 1),
            problems(Rule::StaleFrequentColumn, 3),
        ]
        .concat(),
        0,
        0,
        Some(true),
    );
    let prev = score(web(), &before, &[]).unwrap(); // 100 − 3 − 10 = 87
    let card = score(web(), &after, &[]).unwrap(); // 100 − 1 − 15 = 84
    let change = compare(&card, Some(&prev));
    assert_eq!(change.total, Some(Points::whole(-3)));
    assert_eq!(change.verdict_before, Some(Verdict::Pass));
    let codes = |l: &[LineChange]| l.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&change.worse), ["2.1.1"]);
    assert_eq!(change.worse[0].before, LineValue::Deducted(p("10")));
    assert_eq!(change.worse[0].after, LineValue::Deducted(p("15")));
    assert_eq!(codes(&change.better), ["2.4.2"]);
    assert_eq!(compare(&card, None), Change::default());
}

fn scored(name: &str, points: &str, vetoed: bool) -> ScoredAgency {
    let mut manual = vec![hand("2.1", points, "评分说明")];
    if vetoed {
        manual.push(veto("1.1", true, "严重表述错误"));
    }
    ScoredAgency {
        name: name.into(),
        card: score(&single_leaf(), &Measures::default(), &manual).unwrap(),
    }
}

#[test]
fn a_run_ranks_by_total_with_failures_and_vetoes_last() {
    let run = [
        scored("甲局", "88", false),
        scored("乙局", "88", false),
        scored("丙局", "92", false),
        scored("丁局", "95", true),
        scored("戊局", "55", false),
    ];
    let ranked: Vec<(usize, &str)> = rank(&run)
        .iter()
        .map(|r| (r.place, r.agency.name.as_str()))
        .collect();
    // 乙 (U+4E59) sorts before 甲 (U+7532); equal totals share place 2.
    assert_eq!(
        ranked,
        [
            (1, "丙局"),
            (2, "乙局"),
            (2, "甲局"),
            (4, "戊局"),
            (5, "丁局")
        ]
    );
}
