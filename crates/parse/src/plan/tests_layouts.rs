//! Plans of other agencies in layouts the reader was not written for
//! (`tests/fixtures/plans/`, sources in its README): every stated cell as
//! written there, the expected values written by hand from the source text
//! (the traditional-script copies read against their simplified copies).

use std::io::Cursor;

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/plans/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// A task as expected: group, number, task, requirement, lead, partners,
/// time limit.
struct Want<'a> {
    group: Option<&'a str>,
    number: &'a str,
    task: &'a str,
    requirement: Option<&'a str>,
    lead: &'a [&'a str],
    partners: &'a [&'a str],
    deadline: Option<&'a str>,
}

fn check(r: &PlanReading, want: &[Want]) {
    assert_eq!(r.tasks.len(), want.len(), "{:#?}", r.tasks);
    for (t, w) in r.tasks.iter().zip(want) {
        let at = format!("task {}", w.number);
        assert_eq!(t.group.as_deref(), w.group, "{at}");
        assert_eq!(t.number.as_deref(), Some(w.number), "{at}");
        assert_eq!(t.task, w.task, "{at}");
        assert_eq!(t.requirement.as_deref(), w.requirement, "{at}");
        assert_eq!(t.lead, s(w.lead), "{at}");
        assert_eq!(t.partners, s(w.partners), "{at}");
        assert_eq!(t.deadline.as_deref(), w.deadline, "{at}");
    }
}

fn said(r: &PlanReading, line: usize, needle: &str) -> bool {
    r.notes
        .iter()
        .any(|n| n.line == line && n.message.contains(needle))
}

/// The 池州市信访局 table as a Word file: 工作任务 merged over two grid
/// columns in the header (the task and its number), and down over tasks 3–4.
fn chizhou_docx() -> Vec<u8> {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
    let cell =
        |t: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
    let row = |task: TableCell, n: &str, req: &str, unit: &str, limit: &str| {
        TableRow::new(vec![task, cell(n), cell(req), cell(unit), cell(limit)])
    };
    let rows = vec![
        TableRow::new(vec![
            cell("工作任务").grid_span(2),
            cell("具体要求"),
            cell("责任科室"),
            cell("时限要求"),
        ]),
        row(
            cell("强化行政规范性文件集中规范公开"),
            "1",
            "对行政规范性文件进行全面清理,并向社会公布现行有效行政规范性文件目录。",
            "办公室",
            "年底前",
        ),
        row(
            cell("深化政策解读形式"),
            "2",
            "积极做好政策解读工作,持续提升政策解读质量,丰富解读形式。",
            "各科室",
            "持续推进",
        ),
        row(
            cell("做好主动公开基础工作").vertical_merge(VMergeType::Restart),
            "3",
            "严格规范政府信息公开专栏,及时、集中、规范发布法定主动公开内容。严格执行政府信息公开制度,完善政府信息公开保密审查,增强保密意识,防范泄密风险。",
            "各科室",
            "持续推进",
        ),
        row(
            cell("").vertical_merge(VMergeType::Continue),
            "4",
            "规范做好政府信息公开工作年度报告编制发布工作,将年度重点工作任务落实情况纳入年报,确保体例规范、数据准确,接受社会监督。",
            "办公室",
            "持续推进",
        ),
        row(
            cell("规范办理依申请公开"),
            "5",
            "依法依规办理政府信息公开申请,做行政复议答复和行政诉讼答辩工作,防范法律风险。",
            "各科室",
            "持续推进",
        ),
        row(
            cell("认真抓好工作落实"),
            "6",
            "制定并公开本部门政务公开重点任务清单,明确具体要求、责任科室及完成时限,逐项推动工作落实",
            "办公室",
            "持续推进",
        ),
        row(
            cell("加强宣传"),
            "7",
            "积极参加“政务公开交流”约稿活动,认真总结报送优秀稿件。",
            "各科室",
            "持续推进",
        ),
        row(
            cell("做好指导监督"),
            "8",
            "积极参加政务公开工作培训和研讨交流,不断提升业务能力。",
            "办公室",
            "持续推进",
        ),
    ];
    let mut buf = Cursor::new(Vec::new());
    Docx::new()
        .add_table(Table::new(rows))
        .build()
        .pack(&mut buf)
        .expect("pack DOCX");
    buf.into_inner()
}

#[test]
fn a_word_table_with_a_task_merged_down_and_over_its_number() {
    let r = read_plan_bytes(&chizhou_docx()).expect("read DOCX");
    assert_eq!(r.layout, PlanLayout::RowPerLine);
    let w = |number, task, requirement, unit, deadline| Want {
        group: None,
        number,
        task,
        requirement: Some(requirement),
        lead: match unit {
            "办公室" => &["办公室"],
            _ => &["各科室"],
        },
        partners: &[],
        deadline: Some(deadline),
    };
    check(
        &r,
        &[
            w(
                "1",
                "强化行政规范性文件集中规范公开",
                "对行政规范性文件进行全面清理,并向社会公布现行有效行政规范性文件目录。",
                "办公室",
                "年底前",
            ),
            w(
                "2",
                "深化政策解读形式",
                "积极做好政策解读工作,持续提升政策解读质量,丰富解读形式。",
                "各科室",
                "持续推进",
            ),
            w(
                "3",
                "做好主动公开基础工作",
                "严格规范政府信息公开专栏,及时、集中、规范发布法定主动公开内容。严格执行政府信息公开制度,完善政府信息公开保密审查,增强保密意识,防范泄密风险。",
                "各科室",
                "持续推进",
            ),
            // The merged 工作任务 applies to task 4 as well.
            w(
                "4",
                "做好主动公开基础工作",
                "规范做好政府信息公开工作年度报告编制发布工作,将年度重点工作任务落实情况纳入年报,确保体例规范、数据准确,接受社会监督。",
                "办公室",
                "持续推进",
            ),
            w(
                "5",
                "规范办理依申请公开",
                "依法依规办理政府信息公开申请,做行政复议答复和行政诉讼答辩工作,防范法律风险。",
                "各科室",
                "持续推进",
            ),
            w(
                "6",
                "认真抓好工作落实",
                "制定并公开本部门政务公开重点任务清单,明确具体要求、责任科室及完成时限,逐项推动工作落实",
                "办公室",
                "持续推进",
            ),
            w(
                "7",
                "加强宣传",
                "积极参加“政务公开交流”约稿活动,认真总结报送优秀稿件。",
                "各科室",
                "持续推进",
            ),
            w(
                "8",
                "做好指导监督",
                "积极参加政务公开工作培训和研讨交流,不断提升业务能力。",
                "办公室",
                "持续推进",
            ),
        ],
    );
    // Header row 1, tasks on rows 2–9; nothing to report but where the table is.
    assert_eq!(r.tasks[3].line, 5);
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
}

#[test]
fn an_html_table_with_tasks_merged_over_their_requirements() {
    let r = read_plan_bytes(&fixture("jiangmen_land_reserve.html")).expect("read HTML");
    assert_eq!(r.layout, PlanLayout::RowPerLine);
    let w = |number, task, requirement, lead: &'static [&'static str]| Want {
        group: None,
        number,
        task,
        requirement: Some(requirement),
        lead,
        partners: if lead == ["办公室"] && ["4", "7", "9"].contains(&number) {
            &["各科室"]
        } else {
            &[]
        },
        deadline: None,
    };
    let site = "做好政府网站专栏信息公开";
    let policy = "持续加强重大政策发布解读";
    let ways = "不断改进政策解读工作方式";
    check(
        &r,
        &[
            w(
                "1",
                "做好财政信息公开",
                "积极推进本中心预算、决算及相关报表公开。",
                &["财务科"],
            ),
            w("2", site, "及时更新网站频道的各类型概况信息。", &["办公室"]),
            w("3", site, "及时反馈网民对调查征集信息的意见。", &["各科室"]),
            // 办公室牵头,各科室配合: the lead and its partners in one cell.
            w("4", site, "及时更新微信公众号信息。", &["办公室"]),
            w(
                "5",
                policy,
                "聚焦我中心工作,切实加强重大政策实施的发布解读。要开展深入宣传阐释,精心组织策划,及时发布权威信息,积极开展多角度、全方位、立体化、多频次的深度解读。",
                &["各科室"],
            ),
            w(
                "6",
                policy,
                "综合运用新闻发布会、在线访谈、图文动画、短视频等形式,对重大政策开展深入解读,更加注重对政策背景、出台目的、重要举措等方面的实质性解读。",
                &["各科室"],
            ),
            w(
                "7",
                ways,
                "按照《江门市政府系统政策解读工作细则(试行)》相关要求,健全政策解读工作机制,规范工作流程,确保解读方案、解读材料与政策文件同步组织、同步审签、同步部署。",
                &["办公室"],
            ),
            w(
                "8",
                ways,
                "加强政策咨询服务,要积极解答政策执行机关和企业、群众的咨询,精准传达政策意图(政策文件和解读资料需添加咨询方式)。",
                &["各科室"],
            ),
            w(
                "9",
                ways,
                "加强内部协调工作,修订本单位政府信息公开指南,明确对外告知政府信息公开渠道。",
                &["办公室"],
            ),
        ],
    );
    // Each task on the source line of its row (task 3's row is the page's line 13).
    assert_eq!(r.tasks[2].line, 13);
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
}

/// The 荆州市 table as a workbook: the title merged over the row, 工作任务
/// and 具体要求 each merged over two columns, the group and the task merged
/// down over their two rows, the numbers stored as numbers.
fn jingzhou_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let units = "市政府各有关部门,各县市区人民政府、功能区管委会负责落实";
    let mut book = Workbook::new();
    let f = Format::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 5, "2022年政务公开任务分解责任清单", &f)
        .unwrap();
    ws.merge_range(1, 0, 1, 1, "工作任务", &f).unwrap();
    ws.merge_range(1, 2, 1, 3, "具体要求", &f).unwrap();
    ws.write_string(1, 4, "责任单位").unwrap();
    ws.write_string(1, 5, "时限要求").unwrap();
    ws.merge_range(2, 0, 3, 0, "一、以公开助力经济平稳健康发展。", &f)
        .unwrap();
    ws.merge_range(2, 1, 3, 1, "(一)加强涉及市场主体的信息公开。", &f)
        .unwrap();
    ws.write_number(2, 2, 1).unwrap();
    ws.write_string(2, 3, "进一步增强政策文件制定实施的透明度与可预期性,更好地提振市场主体信心、持续打造更优营商环境,切实公开涉及市场主体政策文件的决策、解读、执行落实情况。").unwrap();
    ws.write_string(2, 4, units).unwrap();
    ws.write_string(2, 5, "持续推进").unwrap();
    ws.write_number(3, 2, 2).unwrap();
    ws.write_string(3, 3, "开设行业帮扶政策公开专题,加大受疫情影响重的餐饮、住宿、零售、文化、旅游、客运等行业帮扶政策与解读的公开力度,切实促进行业发展和消费恢复。").unwrap();
    ws.write_string(3, 4, units).unwrap();
    ws.write_string(3, 5, "持续推进").unwrap();
    book.save_to_buffer().expect("XLSX")
}

#[test]
fn a_workbook_with_merged_groups_tasks_and_header_labels() {
    let r = read_plan_bytes(&jingzhou_xlsx()).expect("read XLSX");
    assert_eq!(r.layout, PlanLayout::RowPerLine);
    let lead = &["市政府各有关部门", "各县市区人民政府", "功能区管委会"];
    let w = |number, requirement| Want {
        group: Some("以公开助力经济平稳健康发展"),
        number,
        task: "加强涉及市场主体的信息公开",
        requirement: Some(requirement),
        lead,
        partners: &[],
        deadline: Some("持续推进"),
    };
    check(
        &r,
        &[
            w(
                "1",
                "进一步增强政策文件制定实施的透明度与可预期性,更好地提振市场主体信心、持续打造更优营商环境,切实公开涉及市场主体政策文件的决策、解读、执行落实情况。",
            ),
            w(
                "2",
                "开设行业帮扶政策公开专题,加大受疫情影响重的餐饮、住宿、零售、文化、旅游、客运等行业帮扶政策与解读的公开力度,切实促进行业发展和消费恢复。",
            ),
        ],
    );
    // Rows as Excel numbers them; the sheet read is named.
    assert_eq!((r.tasks[0].line, r.tasks[1].line), (3, 4));
    assert!(said(&r, 2, "工作表“Sheet1”"), "{:?}", r.notes);
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
}

#[test]
fn a_traditional_copy_with_pinyin_glosses_and_responsible_units() {
    let r = read_plan_bytes(&fixture("jingmen_2022_traditional.txt")).expect("read");
    assert_eq!(r.layout, PlanLayout::Prose);
    let g = Some("以公开助力经济平稳健康发展");
    let w = |number, task, lead| Want {
        group: g,
        number,
        task,
        requirement: None,
        lead,
        partners: if number == "1" {
            &["市直各部门", "各县市区"]
        } else {
            &["市直各部门"]
        },
        deadline: None,
    };
    check(
        &r,
        &[
            w(
                "1",
                "做好涉及市场主体政策文件的制定、解读、执行落实情况公开,增强政策文件制定实施的透明度与可预期性,提振市场主体信心",
                &["市审批局", "市发改委", "市市场监管局"],
            ),
            w(
                "2",
                "做好受疫情影响重的餐饮、住宿、零售、文化、旅游、客运等行业帮扶政策公开专题,及时公开政策文件与解读",
                &["市商务局", "市文旅局", "市交通运输局"],
            ),
            w(
                "3",
                "畅通政务服务热线等市场主体反映投资、工程建设、项目审批等问题的受理和反馈机制,及时回应和解决“堵点”问题,推动优化投资和建设环境",
                &["市发改委", "市审批局"],
            ),
            w(
                "4",
                "依托省“互联网 监管”系统,依法公开行政检查、行政处罚、行政强制等监管执法数据,全面公开“双随机”抽查计划、抽查对象、抽查结果等信息",
                &["市市场监管局"],
            ),
        ],
    );
    // 责任单位 beside 牵头单位 read as partners, said for each task; the
    // remark among task 1's units is not taken for units.
    for line in [8, 9, 10, 11] {
        assert!(
            said(&r, line, "：责任单位（市直各部门"),
            "line {line}: {:?}",
            r.notes
        );
    }
    assert!(said(
        &r,
        8,
        "“以下均需各县市区落实”“不再逐一列出”不像单位名称"
    ));
    assert_eq!(r.notes.len(), 5, "{:?}", r.notes);
}

#[test]
fn prose_with_a_lead_units_carrying_it_out_and_a_remark() {
    let r = read_plan_bytes(&fixture("zhoushan_2022_prose.txt")).expect("read");
    check(
        &r,
        &[Want {
            group: Some("主要任务"),
            number: "（一）",
            task: "夯实主动公开基础",
            requirement: Some(
                "依据《中华人民共和国政府信息公开条例》第二十条、第二十一条规定,按照国务院、省政府及市政府年度政务公开工作要点要求,不断扩大公开范围、细化公开内容,不断优化公开方法、创新公开形式,确保法定主动公开要求全面落实,建立市县乡三级政务公开事项标准体系及动态调整工作机制,形成“基础+个性”信息公开的基本框架。",
            ),
            lead: &["市府办〔市大数据局〕"],
            partners: &["市政府各部门", "各县〔区〕政府", "各功能区管委会"],
            deadline: None,
        }],
    );
    assert!(said(
        &r,
        8,
        "负责单位（市政府各部门、各县〔区〕政府、各功能区管委会）按配合单位读取"
    ));
    assert!(said(
        &r,
        8,
        "“以下工作均需各县〔区〕政府、各功能区管委会落实,不再列出”不是单位分工"
    ));
    assert_eq!(r.notes.len(), 2, "{:?}", r.notes);
}

#[test]
fn a_traditional_copy_with_the_time_limit_in_the_text() {
    let r = read_plan_bytes(&fixture("xinxiang_2020_traditional.txt")).expect("read");
    check(
        &r,
        &[Want {
            group: Some("目标要求"),
            number: "（一）",
            task: "2020年年底前,我市初步建成26个试点领域基层政务公开事项目录体系,政务公开制度持续规范,组织保障更加有力",
            requirement: None,
            lead: &[],
            partners: &[],
            deadline: Some("2020年年底前"),
        }],
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn a_column_no_division_table_has_is_reported_not_read() {
    let r = read_plan_bytes(&fixture("zhoushan_2020_task_table.txt")).expect("read");
    check(
        &r,
        &[Want {
            group: None,
            number: "1",
            task: "全面落实党中央、国务院和省委省政府决策部署,把人民群众生命安全和身体健康放在第一位,建立强有力的组织指挥体系,全力夺取疫情防控和经济社会发展“双胜利”",
            requirement: None,
            lead: &["市疫情防控办", "各县(区)政府", "各功能区管委会"],
            partners: &[],
            deadline: None,
        }],
    );
    assert!(
        said(&r, 3, "表头“全年完成情况”不是分工表的列"),
        "{:?}",
        r.notes
    );
    assert_eq!(r.notes.len(), 2, "{:?}", r.notes);
}

/// Headers as plans name their columns, in another order, with a 备注; a
/// row without its lead is read and reported, not completed.
#[test]
fn variant_headers_an_empty_lead_and_a_remark() {
    let text = "\
序号|工作任务|完成时间|配合单位|牵头单位|备注
1|做好政策解读|年底前|各业务科室|办公室|与文件同步发布
2|规范依申请公开|持续推进|法规科||";
    let r = read_plan_text(text);
    let t = &r.tasks;
    assert_eq!(t.len(), 2);
    assert_eq!(
        (
            t[0].task.as_str(),
            t[0].deadline.as_deref(),
            t[0].remark.as_deref()
        ),
        ("做好政策解读", Some("年底前"), Some("与文件同步发布"))
    );
    assert_eq!(
        (t[0].lead.clone(), t[0].partners.clone()),
        (s(&["办公室"]), s(&["各业务科室"]))
    );
    assert!(t[1].lead.is_empty());
    assert_eq!(t[1].partners, s(&["法规科"]));
    assert!(said(&r, 3, "牵头单位一格为空"), "{:?}", r.notes);
    for (label, column) in [
        ("重点任务", table::Column::Task),
        ("工作要求", table::Column::Requirement),
        ("责任部门", table::Column::Lead),
        ("责任科室", table::Column::Lead),
        ("时限要求", table::Column::Deadline),
        ("完成时限", table::Column::Deadline),
    ] {
        let header = crate::lines::Line::row(1, vec![label.to_string()]);
        let mut notes = Vec::new();
        assert_eq!(
            table::header_columns(&header, &mut notes),
            vec![Some(column)],
            "{label}"
        );
    }
}

#[test]
fn a_zip_that_is_neither_word_nor_excel_is_refused() {
    use std::io::Write;
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"x").unwrap();
    zip.finish().unwrap();
    let err = read_plan_bytes(buf.get_ref()).unwrap_err();
    assert_eq!(err, PlanReadError::NotAPlanZip(String::new()));
    assert!(
        err.to_string()
            .contains("不是 Word（.docx）或 Excel（.xlsx）文件")
    );
}

/// 厦门市集美区's 2021 分解表 names both 牵头单位 and 责任单位 (header as
/// published at http://www.jimei.gov.cn/zfxxgk/F1783/202107/t20210701_791510.htm;
/// the row is written here): the second carries the task out under the lead.
#[test]
fn a_table_naming_lead_and_responsible_units() {
    let text = "\
工作任务|工作要求|牵头单位|责任单位
做好规划公开|公开“十四五”规划纲要。|区发改局|区直各部门";
    let r = read_plan_text(text);
    assert_eq!(r.tasks[0].lead, s(&["区发改局"]));
    assert_eq!(r.tasks[0].partners, s(&["区直各部门"]));
    assert!(said(&r, 1, "“责任单位”按配合单位读取"), "{:?}", r.notes);
}

/// A workbook without a division table is read as prose, and that is said.
#[test]
fn a_workbook_without_a_division_table() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "一、规范发布").unwrap();
    ws.write_string(1, 0, "1.加强网站建设。(牵头单位:办公室)")
        .unwrap();
    let r = read_plan_bytes(&book.save_to_buffer().unwrap()).expect("read XLSX");
    assert_eq!(r.layout, PlanLayout::Prose);
    assert_eq!(r.tasks[0].task, "加强网站建设");
    assert_eq!(r.tasks[0].group.as_deref(), Some("规范发布"));
    assert_eq!(r.tasks[0].lead, s(&["办公室"]));
    assert!(said(&r, 1, "工作簿中没有分工表"), "{:?}", r.notes);
}
