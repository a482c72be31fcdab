//! The 通报 of a worked run: three agencies on the website inspection,
//! their scores and the 合格率 counted by hand.

use chrono::NaiveDate;

use super::*;
use crate::document::{Block, Document};
use crate::health::{Finding, Rule, Severity};
use crate::plan::paper::PAPER_KIND;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn findings(rule: Rule, severity: Severity, n: usize) -> Vec<Finding> {
    (0..n)
        .map(|_| Finding {
            rule,
            severity,
            subject: "栏目".into(),
            detail: String::new(),
            fix_at: None,
        })
        .collect()
}

/// The hand scores given, and the neutral score (nothing deducted, not
/// vetoed, no bonus, the full weight) for every other manual leaf, so the
/// card is complete.
fn complete(template: &Template, given: Vec<ManualScore>) -> Vec<ManualScore> {
    let mut all = given;
    for leaf in template
        .leaves()
        .filter(|l| l.source == Some(Source::Manual))
    {
        if all.iter().any(|s| s.code == leaf.code) {
            continue;
        }
        let value = match leaf.kind {
            PartKind::Veto => ManualValue::Vetoed(false),
            PartKind::Weighted => ManualValue::Points(leaf.points.unwrap()),
            _ => ManualValue::Points(Points::ZERO),
        };
        all.push(ManualScore {
            code: leaf.code.clone(),
            value,
            evidence: Evidence::default(),
        });
    }
    all
}

fn agency(name: &str, findings: &[Finding], given: Vec<ManualScore>) -> ScoredAgency {
    let t = ScorecardKind::WebsiteInspection.template();
    let m = Measures::from_findings(findings, 0, 0, Some(true));
    ScoredAgency {
        name: name.into(),
        card: score(t, &m, &complete(t, given)).unwrap(),
    }
}

/// 县交通运输局: 2 stale news/notice columns (2 × 5 = 10) and 3 broken
/// links (3 × 1 = 3): 100 − 13 = 87, above 80, no bonus entered: 87, 合格.
/// 县教育局: five empty columns, the health check's 单项否决: 不合格.
/// 县民政局: nothing deducted, 10 bonus points: 100 + 10 = 110, 合格.
/// 2 of 3 合格: 66.7% (2000 / 3 = 666.7‰, rounded to 667‰).
fn run() -> Vec<ScoredAgency> {
    let transport = [
        findings(Rule::StaleFrequentColumn, Severity::Problem, 2),
        findings(Rule::BrokenLink, Severity::Problem, 3),
    ]
    .concat();
    let education = [
        findings(Rule::EmptyColumn, Severity::Problem, 5),
        findings(Rule::EmptyColumn, Severity::Veto, 1),
    ]
    .concat();
    let bonus = ManualScore {
        code: "3.1".into(),
        value: ManualValue::Points(Points::whole(10)),
        evidence: Evidence {
            url: None,
            file_name: Some("政策问答库截图.png".into()),
            note: "建成政策问答库".into(),
        },
    };
    vec![
        agency("县交通运输局", &transport, vec![]),
        agency("县教育局", &education, vec![]),
        agency("县民政局", &[], vec![bonus]),
    ]
}

fn input(agencies: Vec<ScoredAgency>) -> BulletinInput {
    BulletinInput {
        issuer: "白沙县人民政府办公室".into(),
        number: "白政办通〔2027〕2号".into(),
        recipient: "各乡镇人民政府，县政府各部门：".into(),
        kind: ScorecardKind::WebsiteInspection,
        period_label: "2026年第四季度".into(),
        date: d(2027, 1, 8),
        scope: "县政府各部门政府网站".into(),
        method: DEFAULT_METHOD.into(),
        agencies,
        previous: None,
        rectify_by: Some(d(2027, 1, 15)),
    }
}

fn text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(Block::plain_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The blocks after the heading `from` up to the heading `to`.
fn section<'a>(doc: &'a Document, from: &str, to: &str) -> &'a [Block] {
    let at = |h: &str| {
        doc.body
            .iter()
            .position(|b| *b == Block::Heading(h.into()))
            .unwrap_or_else(|| panic!("no heading {h}"))
    };
    &doc.body[at(from) + 1..at(to)]
}

#[test]
fn the_run_scores_as_counted_by_hand() {
    let run = run();
    let totals: Vec<(Points, Verdict)> =
        run.iter().map(|a| (a.card.total, a.card.verdict)).collect();
    assert_eq!(totals[0], (Points::whole(87), Verdict::Pass));
    assert_eq!(totals[1].1, Verdict::Fail);
    assert_eq!(totals[2], (Points::whole(110), Verdict::Pass));
    assert!(run.iter().all(|a| a.card.complete()));
}

#[test]
fn the_bulletin_has_its_title_rate_and_names_the_vetoed_agency() {
    let mut input = input(run());
    input.previous = Some(PreviousPeriod {
        label: "2026年第三季度".into(),
        results: vec![
            PreviousResult {
                agency: "县交通运输局".into(),
                total: Points::whole(85),
                passed: true,
            },
            PreviousResult {
                agency: "县教育局".into(),
                total: Points::whole(50),
                passed: false,
            },
            PreviousResult {
                agency: "县民政局".into(),
                total: Points::whole(58),
                passed: false,
            },
        ],
    });
    let doc = bulletin(&input);
    assert_eq!(doc.title, "关于2026年第四季度政府网站检查情况的通报");
    assert_eq!(doc.kind, PAPER_KIND);
    assert_eq!(doc.issuer, "白沙县人民政府办公室");
    let Block::Paragraph(opening) = &doc.body[0] else {
        panic!("opening")
    };
    assert!(opening.contains("国办秘函〔2019〕19号"), "{opening}");
    assert!(
        opening
            .contains("本次检查范围为县政府各部门政府网站，采取平台自动监测与人工核查相结合的方式"),
        "{opening}"
    );
    assert!(
        opening.contains("共检查3个单位，其中合格2个、不合格1个，合格率为66.7%"),
        "{opening}"
    );

    let overview = text(section(&doc, "一、总体情况", "二、存在的问题"));
    assert!(
        overview.contains("从检查结果看，合格2个，不合格1个，其中存在单项否决情形的1个。"),
        "{overview}"
    );
    // (110 + 87) / 2 = 98.5; the vetoed agency's score is not counted.
    assert!(
        overview.contains(
            "参与评分的2个单位平均得分98.5分，最高110分（县民政局），最低87分（县交通运输局）"
        ),
        "{overview}"
    );
    // Last quarter 1 of 3: 33.3%.
    assert!(
        overview.contains("与2026年第三季度相比，合格率由33.3%提高到66.7%。"),
        "{overview}"
    );

    let problems = text(section(&doc, "二、存在的问题", "三、下一步工作要求"));
    assert!(problems.contains("1个单位存在单项否决情形，判定为不合格：县教育局（栏目不更新：空白栏目数量超过（含）5个）。"), "{problems}");
    assert!(
        problems.contains("1.动态要闻、通知公告、政策文件类栏目未按时更新：县交通运输局（2处）。"),
        "{problems}"
    );
    assert!(
        problems.contains("链接不可用（含图片、附件、外部链接）：县交通运输局（3处）"),
        "{problems}"
    );
    assert!(problems.contains("县教育局连续两期不合格。"), "{problems}");
    assert!(!problems.contains("县民政局"), "{problems}");

    let next = text(section(
        &doc,
        "三、下一步工作要求",
        "附件：2026年第四季度政府网站检查结果",
    ));
    assert!(
        next.contains(
            "被通报单位要于2027年1月15日前完成整改，并将整改情况书面报送白沙县人民政府办公室。"
        ),
        "{next}"
    );
    assert!(next.contains("特此通报。"));

    let Some(Block::Table { columns, rows }) = doc.body.last() else {
        panic!("table")
    };
    assert_eq!(columns, &RESULT_COLUMNS.map(String::from).to_vec());
    let row = |cells: [&str; 5]| cells.map(String::from).to_vec();
    assert_eq!(
        rows,
        &[
            row(["1", "县民政局", "110", "无", "合格"]),
            row(["2", "县交通运输局", "87", "无", "合格"]),
            row([
                "3",
                "县教育局",
                "—",
                "栏目不更新：空白栏目数量超过（含）5个",
                "不合格"
            ]),
        ]
    );
}

#[test]
fn a_run_without_vetoes_says_so_and_marks_provisional_scores() {
    let t = ScorecardKind::WebsiteInspection.template();
    // No hand scores at all: every manual leaf is still open.
    let open = ScoredAgency {
        name: "县财政局".into(),
        card: score(t, &Measures::default(), &[]).unwrap(),
    };
    let doc = bulletin(&input(vec![open]));
    let all = text(&doc.body);
    assert!(all.contains("合格率为100.0%"), "{all}");
    assert!(all.contains("本次检查未发现单项否决情形。"), "{all}");
    assert!(all.contains("未发现扣分问题。"), "{all}");
    assert!(
        all.contains("县财政局尚有指标未评分，得分为暂计。"),
        "{all}"
    );
    assert!(all.contains("100（暂计）"), "{all}");
}

#[test]
fn the_assessment_bulletin_grades_and_has_no_veto_section() {
    let t = ScorecardKind::DisclosureAssessment.template();
    let m = Measures::from_findings(&[], 2, 0, Some(true));
    let card = score(t, &m, &complete(t, vec![])).unwrap();
    // Everything full but 2 overdue requests: 10 − 2 × 2 = 6, so 96: 优秀.
    assert_eq!(card.total, Points::whole(96));
    let mut input = input(vec![ScoredAgency {
        name: "县卫生健康委".into(),
        card,
    }]);
    input.kind = ScorecardKind::DisclosureAssessment;
    input.period_label = "2026年度".into();
    let doc = bulletin(&input);
    assert_eq!(doc.title, "关于2026年度政务公开工作考核情况的通报");
    let all = text(&doc.body);
    assert!(
        all.contains("得分90分以上为优秀，80分以上为良好，60分以上为合格，低于60分为不合格"),
        "{all}"
    );
    assert!(all.contains("其中优秀1个、良好0个、合格0个"), "{all}");
    assert!(!all.contains("单项否决问题"), "{all}");
    assert!(all.contains("（一）主要失分问题"), "{all}");
    assert!(
        all.contains("依申请公开按期答复：县卫生健康委（2处）。"),
        "{all}"
    );
    assert!(all.contains("县卫生健康委\t96\t—\t优秀"), "{all}");
}
