//! Plans read from the corpus and from layouts written here, each expected
//! value written by hand from the text.

use super::*;

const P001: &str = include_str!("../../tests/corpus/001_8cf50e034e1a4929.txt");
const P004: &str = include_str!("../../tests/corpus/004_65091cc48e348f9d.txt");

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// (group, number, task, lead, partners) of every task.
type Row<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    Vec<String>,
    Vec<String>,
);

fn rows(r: &PlanReading) -> Vec<Row<'_>> {
    r.tasks
        .iter()
        .map(|t| {
            (
                t.group.as_deref(),
                t.number.as_deref(),
                t.task.as_str(),
                t.lead.clone(),
                t.partners.clone(),
            )
        })
        .collect()
}

#[test]
fn the_city_bureaus_prose_plan_gives_every_task_with_its_lead_units() {
    let r = read_plan_text(P001);
    assert_eq!(r.layout, PlanLayout::Prose);
    let g1 = Some("进一步做好政府信息公开条例的实施");
    let g2 = Some("深化公共资源配置信息公开,维护群众合法权益");
    let g3 = Some("加强政务公开平台机制建设");
    let g4 = Some("进一步强化工作保障和监督");
    let none = Vec::new;
    let expected: Vec<Row> = vec![
        (
            g1,
            Some("（一）"),
            "做好法定公开内容的日常维护",
            none(),
            none(),
        ),
        (
            g1,
            Some("（二）"),
            "优化依申请公开的服务体系",
            none(),
            none(),
        ),
        (
            g2,
            Some("（一）"),
            "全面公开权力清单和责任清单",
            s(&[
                "办公室",
                "纪检监察室",
                "行政审批办",
                "市交通运输综合行政执法支队",
            ]),
            none(),
        ),
        (
            g2,
            Some("（二）"),
            "推进政务服务公开透明",
            s(&["行政审批办", "办公室", "其他相关科室和单位"]),
            none(),
        ),
        (
            g2,
            Some("（三）"),
            "推进经济社会政策公开透明",
            s(&[
                "行政审批办",
                "办公室",
                "财务科",
                "公路处",
                "执法支队",
                "公交公司等有关科室和单位",
            ]),
            none(),
        ),
        (
            g2,
            Some("（四）"),
            "推进政府投资的重大建设项目信息公开",
            s(&["行政审批办", "办公室", "财务科", "公路处等相关科室和单位"]),
            none(),
        ),
        (
            g2,
            Some("（五）"),
            "积极推进决策公开",
            s(&["行政审批办", "办公室等有关科室和单位"]),
            none(),
        ),
        (
            g2,
            None,
            "深入推进预决算公开",
            s(&["财务科", "纪检监察室", "办公室等有关科室和单位"]),
            none(),
        ),
        (
            g3,
            Some("（一）"),
            "加强政务公开信息化平台建设",
            s(&["办公室", "局属各单位", "其他科室"]),
            none(),
        ),
        (
            g3,
            Some("（二）"),
            "加大政策解读力度",
            s(&["办公室", "其他有关科室和单位"]),
            none(),
        ),
        (
            g3,
            Some("（三）"),
            "及时回应公众关切",
            s(&["办公室", "其他有关科室和单位"]),
            none(),
        ),
        (g4, Some("（一）"), "健全组织领导和工作保障", none(), none()),
        (g4, Some("（二）"), "提高业务培训实效", none(), none()),
        (g4, Some("（三）"), "狠抓任务落实", none(), none()),
    ];
    assert_eq!(rows(&r), expected);
    // The requirement is the rest of the paragraph, the bracket left out.
    let t = &r.tasks[9];
    assert_eq!(
        t.requirement
            .as_deref()
            .map(|r| r.starts_with("建立健全行业重点政策解读机制")),
        Some(true)
    );
    assert!(
        t.requirement
            .as_deref()
            .is_some_and(|r| r.ends_with("共同做好信息发布和舆论引导工作。"))
    );
    assert!(
        r.tasks.iter().all(|t| t.deadline.is_none()),
        "no time limit is stated"
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn the_flattened_division_table_gives_lead_and_partner_units() {
    let r = read_plan_text(P004);
    assert_eq!(r.layout, PlanLayout::CellPerLine);
    let g1 = Some("全面深化政府信息公开工作");
    let g2 = Some("推进行政权力运行信息公开");
    let g3 = Some("继续推进财政资金信息公开");
    let g4 = Some("加强公共资源配置信息公开");
    let g5 = Some("加强公共服务信息公开");
    let g6 = Some("推动公共监管信息公开");
    let g7 = Some("跟踪督查落实");
    let expected: Vec<Row> = vec![
        (
            g1,
            Some("1"),
            "继续深化政府信息主动公开",
            s(&["局办公室"]),
            s(&["系统各科室", "各单位"]),
        ),
        // No cell after task 2: the cells above were merged over it.
        (
            g1,
            Some("2"),
            "强化热点难点解读",
            s(&["局办公室"]),
            s(&["系统各科室", "各单位"]),
        ),
        (
            g1,
            Some("3"),
            "强化平台建设",
            s(&["局办公室"]),
            s(&["局信息办"]),
        ),
        (
            g1,
            Some("4"),
            "推进队伍建设",
            s(&["局办公室"]),
            s(&["局信息办"]),
        ),
        (
            g2,
            Some("5"),
            "行政许可审批信息公开",
            s(&["局审批科"]),
            s(&["局总工办", "局信息办", "市道管处", "市水运处"]),
        ),
        (
            g2,
            Some("6"),
            "行政处罚信息公开",
            s(&["局政法科"]),
            s(&["市执法支队"]),
        ),
        (
            g3,
            Some("7"),
            "重大财政预算决算信息公开",
            s(&["局财务科"]),
            s(&["局审计科", "局办公室", "局计建科"]),
        ),
        (
            g3,
            Some("8"),
            "“三公”经费公开",
            s(&["局财务科"]),
            s(&["局办公室"]),
        ),
        (
            g4,
            Some("9"),
            "工程建设项目信息公开",
            s(&["局计建科"]),
            s(&["局总工办"]),
        ),
        (g4, Some("10"), "人事信息公开", s(&["局人事科"]), Vec::new()),
        (
            g5,
            Some("11"),
            "行业服务办理信息公开",
            s(&["市道管处"]),
            s(&["市水运处", "市执法支队", "局办公室"]),
        ),
        (
            g6,
            Some("12"),
            "安全生产事故信息公开",
            s(&["局运安科"]),
            s(&["局办公室", "市道管处", "市水运处", "市质监站"]),
        ),
        (
            g6,
            Some("13"),
            "廉政监察信息公开",
            s(&["局监察室"]),
            s(&["局办公室", "局党建办"]),
        ),
        (g7, None, "跟踪督查落实", s(&["局督查办"]), s(&["局效能办"])),
    ];
    assert_eq!(rows(&r), expected);
    // What rests on a layout rule is said, task by task, and where the table ends.
    let said = |needle: &str| r.notes.iter().any(|n| n.message.contains(needle));
    assert!(said("任务2后没有单元格"), "{:?}", r.notes);
    assert!(said("任务4后没有单元格"));
    assert!(said("任务5的单位有5格"));
    assert!(said("任务11的单位有4格"));
    assert!(
        !said("任务6的单位"),
        "two cells: lead and partner, nothing to check"
    );
    assert!(said("“365bet体育平台”不是分工表的单元格"));
}

#[test]
fn a_table_one_row_per_line_in_any_column_order_and_traditional_script() {
    let text = "\
2019年政務公開工作要點任務分工
序号|工作任务|具體要求|責任單位|配合單位|完成時限
一、政务公开平台建设|||||
1|加强政府网站建设|完善搜索功能。|办公室|信息中心、各科室|2019年11月底前
2|推進預決算公開|按要求公開部門預決算。|財務科||持續推進
|||办公室||
二、政策解读|||||
3|做好政策解读|与政策文件同步发布解读。|办公室、法规科|各业务科室|按市里统一安排";
    let r = read_plan_text(text);
    assert_eq!(r.layout, PlanLayout::RowPerLine);
    let t = &r.tasks;
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].group.as_deref(), Some("政务公开平台建设"));
    assert_eq!(t[0].number.as_deref(), Some("1"));
    assert_eq!(t[0].task, "加强政府网站建设");
    assert_eq!(t[0].requirement.as_deref(), Some("完善搜索功能。"));
    assert_eq!(t[0].lead, s(&["办公室"]));
    assert_eq!(t[0].partners, s(&["信息中心", "各科室"]));
    assert_eq!(t[0].deadline.as_deref(), Some("2019年11月底前"));
    assert_eq!(t[1].task, "推进预决算公开");
    assert_eq!(t[1].lead, s(&["财务科"]));
    assert!(t[1].partners.is_empty());
    assert_eq!(t[1].deadline.as_deref(), Some("持续推进"));
    assert_eq!(t[2].group.as_deref(), Some("政策解读"));
    assert_eq!(t[2].lead, s(&["办公室", "法规科"]));
    assert_eq!(t[2].deadline.as_deref(), Some("按市里统一安排"));
    // The row without a task is reported, not read.
    assert!(
        r.notes
            .iter()
            .any(|n| n.line == 6 && n.message.contains("没有工作任务"))
    );
}

#[test]
fn prose_with_roles_written_inline_and_a_stated_time_limit() {
    let text = "\
一、规范发布
1.规范发布流程。建立信息发布审核机制。(办公室牵头，法规科、信息中心配合)
2.公开权责清单。(责任单位:法规科;完成时限:2019年11月底前)
3.年底前完成专栏改版。（牵头单位：信息中心）
本局将认真落实上述任务，牵头单位要高度重视。";
    let r = read_plan_text(text);
    assert_eq!(r.layout, PlanLayout::Prose);
    let t = &r.tasks;
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].task, "规范发布流程");
    assert_eq!(t[0].requirement.as_deref(), Some("建立信息发布审核机制。"));
    assert_eq!(t[0].lead, s(&["办公室"]));
    assert_eq!(t[0].partners, s(&["法规科", "信息中心"]));
    assert_eq!(t[1].lead, s(&["法规科"]));
    assert_eq!(t[1].deadline.as_deref(), Some("2019年11月底前"));
    assert_eq!(t[2].task, "年底前完成专栏改版");
    assert_eq!(t[2].lead, s(&["信息中心"]));
    assert_eq!(t[2].deadline.as_deref(), Some("年底前"));
    // A sentence that speaks of lead units but names none is reported.
    assert_eq!(r.notes.len(), 1);
    assert_eq!(r.notes[0].line, 5);
}

#[test]
fn the_json_has_the_documented_shape() {
    let r = read_plan_text("1.加强网站建设。(牵头单位:办公室)");
    let j = r.to_json();
    assert_eq!(j["tasks"][0]["task"], "加强网站建设");
    assert_eq!(j["tasks"][0]["group"], serde_json::Value::Null);
    assert_eq!(j["tasks"][0]["lead"], serde_json::json!(["办公室"]));
    assert_eq!(j["tasks"][0]["partners"], serde_json::json!([]));
    assert_eq!(j["tasks"][0]["deadline"], serde_json::Value::Null);
}
