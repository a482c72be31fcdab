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
