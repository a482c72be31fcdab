//! The figures the demo's written parts quote, read from the built report
//! (so that the text agrees with tables 二 and 三, AR-11).

use std::collections::BTreeMap;

use gongkai_domain::report::narrative::fee_statement;

use crate::reporting::Built;

/// The figures the text quotes, read from the built report.
pub(super) struct Facts {
    /// The year reported on.
    pub year: i32,
    pub new: i64,
    pub carried: i64,
    pub done: i64,
    pub next: i64,
    /// Rows of table 三 by key (总计 column).
    pub rows: BTreeMap<String, i64>,
    pub items: u64,
    pub categories: String,
    pub channels: String,
    pub answered: String,
    pub made: i64,
    pub repealed: i64,
    pub in_force: i64,
    pub permits: i64,
    pub penalties: i64,
    pub compulsory: i64,
    pub reconsiderations: i64,
    pub suits: i64,
    pub fee: String,
}

/// A category as a report's text names it (the Article 20 items are long).
fn short_category(label: &str) -> &str {
    use gongkai_domain::vocabulary::Article20Item as A;
    let short = [
        (A::Organisation, "机构职能信息"),
        (A::Plans, "规划及相关政策"),
        (A::Statistics, "统计信息"),
        (A::Licensing, "行政许可事项信息"),
        (A::Enforcement, "行政处罚和行政强制信息"),
        (A::Budget, "财政预决算信息"),
        (A::Fees, "收费项目信息"),
        (A::Procurement, "政府采购信息"),
        (A::MajorProjects, "重大建设项目信息"),
        (A::SocialPolicies, "民生政策信息"),
        (A::Emergencies, "突发事件应对信息"),
        (A::Inspections, "监督检查信息"),
        (A::CivilServiceRecruitment, "公务员招考信息"),
        (A::OtherStatutory, "其他法定公开信息"),
    ];
    short
        .iter()
        .find(|(a, _)| a.label() == label)
        .map_or(label, |(_, s)| s)
}

pub(super) fn facts(b: &Built) -> Facts {
    let r = &b.report;
    let rows: BTreeMap<String, i64> = r
        .table3
        .iter()
        .map(|row| (row.key.clone(), row.cells[6].count().unwrap_or(0)))
        .collect();
    let row = |k: &str| rows.get(k).copied().unwrap_or(0);
    let normative = r
        .table2
        .iter()
        .find(|x| x.block == "第二十条第（一）项" && x.row.contains("规范性文件"))
        .map(|x| {
            x.cells
                .iter()
                .map(|(_, c)| c.count().unwrap_or(0))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let cell = |i: usize| normative.get(i).copied().unwrap_or(0);
    let decisions = |name: &str| {
        r.table2
            .iter()
            .find(|x| x.row == name)
            .and_then(|x| x.cells.iter().find(|(c, _)| c.contains("处理决定数量")))
            .and_then(|(_, c)| c.count())
            .unwrap_or(0)
    };
    let n = &b.narrative;
    let categories = n
        .items_by_category
        .iter()
        .filter(|(_, k)| *k > 0)
        .map(|(label, k)| format!("{}{k}条", short_category(label)))
        .collect::<Vec<_>>()
        .join("、");
    let channels = n
        .applications_by_channel
        .iter()
        .filter(|(_, k)| *k > 0)
        .map(|(label, k)| {
            let how = match label.as_str() {
                "当面提交" => "当面提交",
                "邮寄" => "信函邮寄",
                "在线申请" => "通过网上平台提交",
                "电子邮件" => "通过电子邮件提交",
                "传真" => "通过传真提交",
                other => other,
            };
            format!("{how}{k}件")
        })
        .collect::<Vec<_>>()
        .join("、");
    let answered = match (n.answered, n.answered_on_time) {
        (0, _) => String::new(),
        (a, o) if a == o => format!("本年度作出并送达答复{a}件，均在法定期限内答复。"),
        (a, o) => format!(
            "本年度作出并送达答复{a}件，按期答复{o}件，按期答复率{:.1}%。",
            gongkai_domain::report::narrative::on_time_percent(a, o).unwrap_or(0.0)
        ),
    };
    let t4 = |i: usize| r.table4[i].count().unwrap_or(0);
    Facts {
        year: r.year,
        new: row("new_received"),
        carried: row("carried_over"),
        done: row("r_total"),
        next: row("carry_next"),
        items: n.items_published,
        categories,
        channels,
        answered,
        made: cell(0),
        repealed: if r.format == gongkai_domain::vocabulary::ReportFormat::Y2021 {
            cell(1)
        } else {
            0
        },
        in_force: cell(2),
        permits: decisions("行政许可"),
        penalties: decisions("行政处罚"),
        compulsory: decisions("行政强制"),
        reconsiderations: t4(4),
        suits: t4(9) + t4(14),
        fee: fee_statement(r.year, b.fees),
        rows,
    }
}

impl Facts {
    pub fn row(&self, key: &str) -> i64 {
        self.rows.get(key).copied().unwrap_or(0)
    }

    pub fn categories_clause(&self) -> String {
        if self.categories.is_empty() {
            String::new()
        } else {
            format!("，其中{}", self.categories)
        }
    }

    pub fn channels_clause(&self, lead: &str) -> String {
        if self.channels.is_empty() {
            String::new()
        } else {
            format!("{lead}{}。", self.channels)
        }
    }

    pub fn disclosed(&self) -> i64 {
        self.row("r_open") + self.row("r_partial")
    }
}
