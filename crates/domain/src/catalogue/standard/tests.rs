//! Worked examples: the six 公开时限 forms of real catalogues, counted on
//! the 2025 calendar by hand (National Day 10-01…10-08 off, Sun 09-28 and
//! Sat 10-11 working), and the differences a county reads.

use chrono::NaiveDate;

use super::*;
use crate::calendar::Calendar;
use crate::vocabulary::Article20Item;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_six_forms_of_a_disclosure_limit_are_read() {
    use DisclosureLimit as L;
    let p = DisclosureLimit::parse;
    assert_eq!(
        p("信息形成或者变更之日起20个工作日内"),
        Ok(L::WorkingDaysAfterChange { days: 20 })
    );
    assert_eq!(
        p("自信息形成或变更之日起 5 个工作日内"),
        Ok(L::WorkingDaysAfterChange { days: 5 })
    );
    assert_eq!(p("实施前3日"), Ok(L::DaysBeforeEffect { days: 3 }));
    assert_eq!(
        p("信息形成或者变更之日起20日内"),
        Ok(L::DaysAfterChange { days: 20 })
    );
    assert_eq!(p("实时"), Ok(L::SameDay));
    assert_eq!(p("及时"), Ok(L::SameDay));
    assert_eq!(p("每年1月31日前"), Ok(L::FixedDate { month: 1, day: 31 }));
    assert_eq!(
        p("依申请：收到申请之日起20个工作日内"),
        Ok(L::OnRequest { days: 20 })
    );
    assert!(p("尽快").unwrap_err().contains("公开时限“尽快”无法识别"));
    assert!(p("每年2月30日前").is_err());
    assert!(p("信息形成之日起0个工作日内").is_err());
    // Written back the way it reads.
    for t in [
        "信息形成或者变更之日起20个工作日内",
        "实施前3日",
        "实时",
        "每年1月31日前",
    ] {
        assert_eq!(p(t).unwrap().label(), t);
    }
    assert_eq!(
        DisclosureLimit::default(),
        L::WorkingDaysAfterChange { days: 20 }
    );
}

#[test]
fn each_form_gives_its_last_day() {
    let cal = Calendar::vendored();
    use DisclosureLimit as L;
    // Formed Fri 2025-09-26: Sun 28 (1), 29 (2), 30 (3), holiday to 10-08,
    // 10-09 (4), 10 (5), Sat 11 (6), 13–17 (7–11), 20–24 (12–16),
    // 27 (17), 28 (18), 29 (19), 30 (20).
    let art26 = L::WorkingDaysAfterChange { days: 20 };
    assert_eq!(art26.due(&cal, d(2025, 9, 26), None), Some(d(2025, 10, 30)));
    let request = L::OnRequest { days: 20 };
    assert_eq!(
        request.due(&cal, d(2025, 9, 26), None),
        Some(d(2025, 10, 30))
    );
    // A bus line changed from 1 May: out by 28 April; without a date, unknown.
    let bus = L::DaysBeforeEffect { days: 3 };
    assert_eq!(
        bus.due(&cal, d(2025, 4, 20), Some(d(2025, 5, 1))),
        Some(d(2025, 4, 28))
    );
    assert_eq!(bus.due(&cal, d(2025, 4, 20), None), None);
    assert_eq!(
        L::SameDay.due(&cal, d(2025, 7, 3), None),
        Some(d(2025, 7, 3))
    );
    // The annual report of 2025: by 31 January 2026, whenever it is formed.
    let report = L::FixedDate { month: 1, day: 31 };
    assert_eq!(
        report.due(&cal, d(2025, 12, 15), None),
        Some(d(2026, 1, 31))
    );
    assert_eq!(report.due(&cal, d(2026, 1, 10), None), Some(d(2026, 1, 31)));
}

#[test]
fn columns_are_an_article_20_item_with_a_sub_column_or_a_part() {
    assert_eq!(
        ColumnRef::parse("licensing/道路运输许可"),
        Some(ColumnRef::Item {
            item: Article20Item::Licensing,
            sub: "道路运输许可".into()
        })
    );
    assert_eq!(
        ColumnRef::parse("annual_report/年度报告"),
        Some(ColumnRef::AnnualReport)
    );
    assert_eq!(
        ColumnRef::parse("major_projects/农村公路建设")
            .unwrap()
            .label(),
        "法定主动公开内容（十）/农村公路建设"
    );
    assert_eq!(ColumnRef::parse("licensing/"), None);
    assert_eq!(ColumnRef::parse("ports/港口"), None);
    assert_eq!(ColumnRef::parse("道路运输许可"), None);
}

fn cells(key: &str, level2: &str, limit: &str) -> Vec<String> {
    [
        key,
        "公路水运工程基础设施",
        level2,
        "建设计划、补助政策",
        "《中华人民共和国政府信息公开条例》",
        limit,
        "县交通运输局",
        "政府网站、政务服务中心",
        "全社会",
        "主动",
        "县级",
        "major_projects/农村公路建设",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_row_names_the_column_that_is_wrong() {
    let row = CatalogueRow::from_cells(
        &cells(
            "road.plan",
            "农村公路建设计划和补助政策",
            "信息形成或者变更之日起20个工作日内",
        ),
        2,
    )
    .unwrap();
    assert_eq!(
        row.channels.iter().map(|c| c.name()).collect::<Vec<_>>(),
        ["政府网站", "政务服务中心"]
    );
    assert_eq!(
        row.tier,
        Tier {
            county: true,
            township: false
        }
    );
    assert_eq!(CatalogueRow::from_cells(&row.cells(), 2).unwrap(), row);
    let mut bad = cells("road.plan", "x", "实时");
    bad[7] = "政府网站、微博".into();
    assert_eq!(
        CatalogueRow::from_cells(&bad, 7).unwrap_err().to_string(),
        "第7行“公开渠道和载体”：不认识的渠道“微博”"
    );
    let mut bad = cells("Road Plan", "x", "实时");
    bad[0] = "Road Plan".into();
    assert!(
        CatalogueRow::from_cells(&bad, 3)
            .unwrap_err()
            .to_string()
            .starts_with("第3行“key”")
    );
    let mut bad = cells("road.plan", "x", "实时");
    bad[9] = "公开".into();
    assert!(
        CatalogueRow::from_cells(&bad, 4)
            .unwrap_err()
            .to_string()
            .contains("“公开方式”")
    );
}

#[test]
fn a_county_reads_what_an_agency_deleted_changed_and_added() {
    let row = |c: Vec<String>| CatalogueRow::from_cells(&c, 2).unwrap();
    let template = vec![
        row(cells(
            "road.plan",
            "农村公路建设计划和补助政策",
            "信息形成或者变更之日起20个工作日内",
        )),
        row(cells(
            "port.licence",
            "港口经营许可",
            "信息形成或者变更之日起20个工作日内",
        )),
        row(cells("road.block", "公路交通阻断信息", "实时")),
    ];
    let mut plan = template[0].clone();
    plan.limit = DisclosureLimit::WorkingDaysAfterChange { days: 10 };
    let own = row(cells("bus.route", "城市公交线路调整", "实施前3日"));
    let agency = vec![plan.clone(), template[2].clone(), own.clone()];
    let deleted = vec![Deletion {
        key: "port.licence".into(),
        reason: "本县无港口".into(),
    }];
    assert_eq!(
        differences(&template, &agency, &deleted),
        vec![
            Difference::Changed {
                row: plan,
                columns: vec!["公开时限"]
            },
            Difference::Deleted {
                row: template[1].clone(),
                reason: "本县无港口".into()
            },
            Difference::Added { row: own },
        ]
    );
    assert!(deletion_reason(" 无 ").is_err());
    assert_eq!(deletion_reason(" 本县无港口 ").unwrap(), "本县无港口");
}

/// The shipped templates read whole; rows checked against the sources
/// named in `data/standard_catalogue/README.md`.
#[test]
fn the_shipped_templates_read_with_their_rules() {
    use DisclosureLimit as L;
    let transport = TemplateKind::Transport.template();
    assert_eq!(transport.errors, vec![], "transport.csv");
    assert!(transport.rows.len() >= 40, "{}", transport.rows.len());
    // 交办办〔2021〕75号: 农村公路建设计划和补助政策, 20 working days, the county bureau.
    let plan = transport.row("road.rural-plan").unwrap();
    assert_eq!(plan.level1, "公路水运工程基础设施");
    assert_eq!(plan.level2, "农村公路建设计划和补助政策");
    assert_eq!(plan.limit, L::WorkingDaysAfterChange { days: 20 });
    assert_eq!(plan.subject, "县交通运输局");
    // 《公共交通企业信息公开规定》: line changes 3 days before, temporary ones at once.
    let bus = transport.row("transport.bus-route-change").unwrap();
    assert_eq!(
        bus.limit,
        L::DaysBeforeEffect {
            days: PUBLIC_TRANSPORT_DAYS_BEFORE
        }
    );
    let temporary = transport.row("transport.bus-route-temp-change").unwrap();
    assert_eq!(temporary.limit, L::SameDay);
    // What a county without a port deletes.
    assert_eq!(
        transport.row("licensing.port-operation").unwrap().level2,
        "港口经营许可"
    );

    let generic = TemplateKind::Generic.template();
    assert_eq!(generic.errors, vec![], "generic.csv");
    // Every Article 20 item has a row.
    for item in Article20Item::ALL {
        assert!(
            generic
                .rows
                .iter()
                .any(|r| matches!(&r.column, ColumnRef::Item { item: i, .. } if *i == item)),
            "{item:?}"
        );
    }
    // 《预算法》第十四条: 20 days after approval.
    assert_eq!(
        generic.row("art20.budget").unwrap().limit,
        L::DaysAfterChange { days: 20 }
    );
    // Art. 49: the annual report by 31 January.
    let report = generic.row("ogi.annual-report").unwrap();
    assert_eq!(report.limit, L::FixedDate { month: 1, day: 31 });
    assert_eq!(report.column, ColumnRef::AnnualReport);
}

#[test]
fn a_template_with_a_repeated_key_or_a_bad_row_is_refused_whole() {
    let header = CATALOGUE_HEADER.join(",");
    let line = cells("road.plan", "农村公路建设计划和补助政策", "实时").join(",");
    let twice = format!("{header}\n{line}\n{line}\n");
    let errors = Template::read(TemplateKind::Transport, &twice).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "第3行“key”：“road.plan”与前面的行重复"
    );
    let errors = Template::read(TemplateKind::Transport, "序号,一级事项\n").unwrap_err();
    assert!(errors[0].to_string().starts_with("第1行“key”：表头应为"));
}

#[test]
fn a_periodic_limit_is_read_and_its_next_update_counted() {
    use DisclosureLimit as L;
    let p = DisclosureLimit::parse;
    assert_eq!(p("每季度更新"), Ok(L::Periodic { months: 3 }));
    assert_eq!(p("每季度至少更新一次"), Ok(L::Periodic { months: 3 }));
    assert_eq!(p("每月"), Ok(L::Periodic { months: 1 }));
    assert_eq!(p("每半年公开一次"), Ok(L::Periodic { months: 6 }));
    assert_eq!(p("每年更新"), Ok(L::Periodic { months: 12 }));
    assert_eq!(p("每2个月更新"), Ok(L::Periodic { months: 2 }));
    // A date after 每年 is still the fixed date of the annual report.
    assert_eq!(p("每年1月31日前"), Ok(L::FixedDate { month: 1, day: 31 }));
    assert!(p("每0个月更新").is_err());
    assert!(p("每周更新").is_err());
    for t in [
        "每月更新",
        "每季度更新",
        "每半年更新",
        "每年更新",
        "每2个月更新",
    ] {
        assert_eq!(p(t).unwrap().label(), t);
    }
    // The next update: a quarter after 15 January is 15 April; a month
    // after 31 January is the last day of February.
    let cal = Calendar::vendored();
    let quarterly = L::Periodic { months: 3 };
    assert_eq!(
        quarterly.due(&cal, d(2025, 1, 15), None),
        Some(d(2025, 4, 15))
    );
    let monthly = L::Periodic { months: 1 };
    assert_eq!(
        monthly.due(&cal, d(2025, 1, 31), None),
        Some(d(2025, 2, 28))
    );
}

fn column_row(key: &str, level2: &str, column: &str) -> CatalogueRow {
    let mut c = cells(key, level2, "信息形成或者变更之日起20个工作日内");
    c[11] = column.into();
    CatalogueRow::from_cells(&c, 2).unwrap()
}

#[test]
fn the_rows_under_an_article_20_item_are_its_sub_columns() {
    use Article20Item as I;
    use filing::{sub_column, sub_columns, sub_columns_of};
    let rows = vec![
        column_row(
            "road.plan",
            "农村公路建设计划",
            "major_projects/农村公路建设",
        ),
        column_row("road.permit", "农村公路设计审批", "licensing/农村公路建设"),
        column_row("road.tender", "招标投标", "major_projects/招标投标"),
        column_row(
            "road.subsidy",
            "农村公路建设补助",
            "major_projects/农村公路建设",
        ),
        column_row("ogi.report", "年度报告", "annual_report/年度报告"),
    ];
    // Items in the Regulation's order ((五) before (十)), sub-columns in
    // the order of their first row; the report is no sub-column.
    let all: Vec<(I, &str, Vec<String>)> = sub_columns(&rows)
        .iter()
        .map(|s| (s.item, s.name, s.keys()))
        .collect();
    assert_eq!(
        all,
        vec![
            (
                I::Licensing,
                "农村公路建设",
                vec!["road.permit".to_string()]
            ),
            (
                I::MajorProjects,
                "农村公路建设",
                vec!["road.plan".to_string(), "road.subsidy".to_string()]
            ),
            (
                I::MajorProjects,
                "招标投标",
                vec!["road.tender".to_string()]
            ),
        ]
    );
    assert_eq!(sub_columns_of(&rows, I::Budget), vec![]);
    let found = sub_column(&rows, Some(I::MajorProjects), " 农村公路建设 ").unwrap();
    assert_eq!(found.keys(), ["road.plan", "road.subsidy"]);
    assert_eq!(
        sub_column(&rows, Some(I::MajorProjects), "码头建设").unwrap_err(),
        "本机关的标准目录中，第二十条（十）重大建设项目的批准和实施情况下没有“码头建设”子栏目：请从栏目导航中选择子栏目，或查看该事项下的全部信息。"
    );
    assert_eq!(
        sub_column(&rows, None, "招标投标").unwrap_err(),
        "子栏目“招标投标”须与其所属的第二十条事项一同选择：请从栏目导航进入子栏目。"
    );
}

#[test]
fn an_item_is_filed_only_under_a_row_of_its_own_article_20_item() {
    use Article20Item as I;
    use filing::{file, filing_row};
    let rows = vec![
        column_row(
            "road.plan",
            "农村公路建设计划",
            "major_projects/农村公路建设",
        ),
        column_row("ogi.report", "年度报告", "annual_report/年度报告"),
    ];
    let (row, item) = filing_row(&rows, "road.plan", Some(I::MajorProjects)).unwrap();
    assert_eq!((row.key.as_str(), item), ("road.plan", I::MajorProjects));
    assert_eq!(
        filing_row(&rows, "road.gone", None).unwrap_err(),
        "本机关标准目录中没有“road.gone”这一事项（或已删除）：请从列表中重新选择子栏目，或选择“不归入”。"
    );
    assert_eq!(
        filing_row(&rows, "road.plan", Some(I::Licensing)).unwrap_err(),
        "标准目录事项“农村公路建设计划”在第二十条（十）重大建设项目的批准和实施情况的“农村公路建设”子栏目下，与所选的第二十条（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果不一致：请改选第二十条事项，或选择该事项下的子栏目。"
    );
    assert_eq!(
        filing_row(&rows, "ogi.report", None).unwrap_err(),
        "标准目录事项“年度报告”属于政府信息公开年报，不是法定主动公开内容的子栏目：请选择第二十条事项下的子栏目，或选择“不归入”。"
    );
    // Without an Article 20 item the item takes the row's.
    let mut m = crate::catalogue::ItemForm {
        title: "白沙县2026年农村公路建设计划".into(),
        summary: "公布年度建设项目、规模和补助标准。".into(),
        issuers: "白沙县交通运输局".into(),
        formed_on: "2026-03-02".into(),
        topic: "工业、交通\\公路".into(),
        genre: "work_plan".into(),
        kind: "other".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        standard_row: " road.plan ".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(m.standard_row.as_deref(), Some("road.plan"));
    assert_eq!(m.article20, None);
    file(&mut m, &rows).unwrap();
    assert_eq!(m.article20, Some(I::MajorProjects));
    // A key that cannot be one is refused with the form.
    let bad = crate::catalogue::ItemForm {
        standard_row: "Road Plan".into(),
        ..crate::catalogue::ItemForm::from(&m)
    };
    let errors = bad.validate().unwrap_err();
    assert_eq!(
        errors.get("standard_row"),
        Some("标准目录子栏目“Road Plan”无法识别：请从列表中选择，或选择“不归入”。")
    );
}
