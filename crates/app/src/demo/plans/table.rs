//! The demo's two plans as written: 白沙县人民政府's 政务公开工作要点 (tasks
//! divided among the county government's own units) and 白沙县交通运输局's
//! plan derived from it, each task with the steps its units and its owner
//! took. The texts follow real county plans (corpus `001_…`): a task, what
//! it requires, who leads, by when.
//!
//! The bureau's tasks stand, on the day the demo is seeded, one in each
//! state and light: (1) 待领办 — its division changed three working days
//! ago; (2) 办理中 at 80%, due in two working days: blue, reminded;
//! (3) 已销号; (4) 待销号; (5) 已退回 with the reason; (6) 延期待批;
//! (7) 办理中 at 50%, no light; (8) signed for when the plan came and not
//! reported on since: yellow; (9) due two working days ago: red, 催办
//! yesterday; (10) never signed for, due ten working days ago: red, urged
//! nine working days ago and listed in the 通报 four working days ago. The
//! county's task (六) on 乡镇 is not the bureau's: no task takes it up.

/// When a step was taken.
#[derive(Debug, Clone, Copy)]
pub(super) enum When {
    /// `n` working days after the plan was made.
    AfterPlan(u32),
    /// `n` working days before the day the demo is seeded.
    Back(u32),
}

/// A task's time limit.
#[derive(Debug, Clone, Copy)]
pub(super) enum Due {
    /// As the plan writes it (a term of the plan's year).
    Written(&'static str),
    /// The `n`th working day after the seeding day.
    Ahead(u32),
    /// `n` working days before the seeding day.
    Ago(u32),
}

/// A step of a task: the lead unit's or, for the last three, the owner's.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    Sign,
    Progress(&'static str, u8),
    /// 申请延期 to `days` calendar days after the limit, with the reason.
    AskMore(i64, &'static str),
    Complete(&'static str),
    Accept(&'static str),
    Return(&'static str),
    /// 调整分工: lead and partner units from now.
    Redivide(&'static [&'static str], &'static [&'static str]),
}

pub(super) struct DemoTask {
    pub chapter: &'static str,
    pub number: &'static str,
    /// The county task it implements (its index); None: the bureau's own.
    pub cites: Option<usize>,
    pub task: &'static str,
    pub requirement: &'static str,
    pub lead: &'static [&'static str],
    pub partners: &'static [&'static str],
    pub due: Due,
    pub major: bool,
    pub steps: &'static [(When, Step)],
}

use Due::*;
use Step::*;
use When::*;

const POLICY: &str = "加强政策发布解读回应";
const FIELDS: &str = "深化重点领域信息公开";
const PLATFORM: &str = "加强政务公开平台和制度建设";

/// 白沙县人民政府's units: 内设机构, then 直属单位.
pub(super) const COUNTY_UNITS: (&[&str], &[&str]) = (&["政务公开办", "办公室"], &["信息中心"]);

/// 白沙县交通运输局's units.
pub(super) const BUREAU_UNITS: (&[&str], &[&str]) = (
    &["办公室", "财务科", "运输管理股", "行政审批股"],
    &["综合行政执法大队", "公路事业发展中心"],
);

pub(super) const COUNTY: &[DemoTask] = &[
    DemoTask {
        chapter: POLICY,
        number: "（一）",
        cites: None,
        task: "集中公开现行有效的政策文件",
        requirement: "全面梳理县政府及其部门现行有效的行政规范性文件，在政府信息公开专栏“政策文件”栏目集中公开，标注有效性并动态更新；新制发的行政规范性文件印发后20个工作日内公开。",
        lead: &["办公室"],
        partners: &["政务公开办"],
        due: Written("持续推进"),
        major: true,
        steps: &[
            (AfterPlan(3), Sign),
            (
                Back(8),
                Progress(
                    "已梳理现行有效的行政规范性文件46件，在“政策文件”栏目集中公开并逐件标注有效性。",
                    70,
                ),
            ),
        ],
    },
    DemoTask {
        chapter: POLICY,
        number: "（二）",
        cites: None,
        task: "做好政策解读和回应关切",
        requirement: "坚持政策文件与解读材料同步组织、同步审签、同步部署，运用图表图解、音频视频等形式解读；对涉及群众切身利益、社会关注度高的事项及时回应关切。",
        lead: &["政务公开办"],
        partners: &["办公室", "信息中心"],
        due: Written("持续推进"),
        major: false,
        steps: &[
            (AfterPlan(2), Sign),
            (
                Back(6),
                Progress("已发布政策解读材料21篇，其中图解8篇、视频解读2期。", 60),
            ),
        ],
    },
    DemoTask {
        chapter: FIELDS,
        number: "（三）",
        cites: None,
        task: "动态公开权力清单和责任清单",
        requirement: "及时公开县级部门权力清单、责任清单及其调整情况，重点公开行政许可事项清单和办事指南。",
        lead: &["政务公开办"],
        partners: &["办公室"],
        due: Written("年底前"),
        major: false,
        steps: &[
            (AfterPlan(2), Sign),
            (
                Back(25),
                Complete(
                    "县级部门权力清单和责任清单已在县政府门户网站集中公开，行政许可事项清单随调整同步更新。",
                ),
            ),
            (
                Back(22),
                Accept("经核查，清单已集中公开并动态更新，予以销号。"),
            ),
        ],
    },
    DemoTask {
        chapter: FIELDS,
        number: "（四）",
        cites: None,
        task: "深入推进预决算公开",
        requirement: "县本级和各部门预算、决算在批复后20日内公开，公开到支出功能分类的项级科目，“三公”经费逐项说明增减原因。",
        lead: &["办公室"],
        partners: &["政务公开办"],
        due: Written("按市财政局统一安排"),
        major: true,
        steps: &[
            (AfterPlan(4), Sign),
            (
                Back(9),
                Progress("县本级和28个部门的预算已在批复后20日内公开。", 50),
            ),
        ],
    },
    DemoTask {
        chapter: FIELDS,
        number: "（五）",
        cites: None,
        task: "推进重大建设项目和公共资源配置信息公开",
        requirement: "按照“谁批准、谁公开，谁实施、谁公开”的原则，公开重大建设项目的批准、招标投标、施工和竣工信息，公开交通、水利等领域公共资源交易信息。",
        lead: &["政务公开办"],
        partners: &["办公室"],
        due: Written("持续推进"),
        major: false,
        steps: &[
            (AfterPlan(3), Sign),
            (
                Back(7),
                Progress(
                    "已建立重大建设项目信息公开台账，按项目公开批准和招标投标信息。",
                    40,
                ),
            ),
        ],
    },
    DemoTask {
        chapter: FIELDS,
        number: "（六）",
        cites: None,
        task: "深化基层政务公开标准化规范化",
        requirement: "指导各乡镇编制政务公开事项标准目录，在乡镇便民服务中心设置政务公开专区，年底前实现全县乡镇全覆盖。",
        lead: &["政务公开办"],
        partners: &["信息中心"],
        due: Written("年底前"),
        major: false,
        steps: &[
            (AfterPlan(5), Sign),
            (
                Back(10),
                Progress("已有4个乡镇完成标准目录编制并设置政务公开专区。", 30),
            ),
        ],
    },
    DemoTask {
        chapter: PLATFORM,
        number: "（七）",
        cites: None,
        task: "规范政府信息公开专栏",
        requirement: "每季度对县政府门户网站和各部门政府信息公开专栏开展检查，杜绝错链、断链和内容混杂，检查结果在全县通报。",
        lead: &["信息中心", "政务公开办"],
        partners: &["办公室"],
        due: Written("每季度"),
        major: false,
        steps: &[
            (AfterPlan(3), Sign),
            (
                Back(12),
                Progress(
                    "已完成本季度专栏检查，发现并督促整改断链12处、栏目内容混杂3处。",
                    50,
                ),
            ),
        ],
    },
    DemoTask {
        chapter: PLATFORM,
        number: "（八）",
        cites: None,
        task: "做好依申请公开和年度报告工作",
        requirement: "规范依申请公开受理、办理、答复流程，答复文书使用统一示范文本；各部门1月31日前、县政府3月31日前公布上一年度政府信息公开工作年度报告。",
        lead: &["政务公开办"],
        partners: &["办公室"],
        due: Written("长期"),
        major: false,
        steps: &[
            (AfterPlan(2), Sign),
            (
                Back(5),
                Progress(
                    "各部门年度报告均已按期公布；依申请公开答复统一使用示范文本。",
                    60,
                ),
            ),
        ],
    },
];

pub(super) const BUREAU: &[DemoTask] = &[
    DemoTask {
        chapter: "",
        number: "1",
        cites: Some(0),
        task: "集中公开交通运输政策文件",
        requirement: "梳理本局现行有效的行政规范性文件，在政府信息公开专栏“政策文件”栏目集中公开并标注有效性；新制发的文件印发后20个工作日内公开。",
        lead: &["行政审批股"],
        partners: &["办公室"],
        due: Ahead(20),
        major: false,
        steps: &[(Back(3), Redivide(&["办公室"], &["行政审批股"]))],
    },
    DemoTask {
        chapter: "",
        number: "2",
        cites: Some(1),
        task: "做好交通运输政策解读",
        requirement: "本局制发的政策文件与解读材料同步起草、同步审签、同步发布；对农村客运班线调整、出租汽车运价等群众关切及时回应。",
        lead: &["办公室"],
        partners: &["运输管理股"],
        due: Ahead(2),
        major: false,
        steps: &[
            (AfterPlan(2), Sign),
            (
                Back(6),
                Progress(
                    "已发布政策解读5篇，其中图解2篇；就城乡公交线路调整回应群众关切3次。",
                    80,
                ),
            ),
        ],
    },
    DemoTask {
        chapter: "",
        number: "3",
        cites: Some(2),
        task: "公开交通运输权力清单和责任清单",
        requirement: "公开本局行政许可、行政处罚等权力事项清单和责任清单，随权责调整同步更新，公开行政许可事项办事指南。",
        lead: &["行政审批股"],
        partners: &["综合行政执法大队"],
        due: Ago(5),
        major: false,
        steps: &[
            (AfterPlan(2), Sign),
            (Back(20), Progress("已完成权力清单和责任清单的梳理。", 60)),
            (
                Back(12),
                Complete(
                    "权力清单89项、责任清单89项已在本局政府信息公开专栏公开，行政许可事项办事指南12项同步公开。",
                ),
            ),
            (
                Back(10),
                Accept("经核查，清单及办事指南均已公开，予以销号。"),
            ),
        ],
    },
    DemoTask {
        chapter: "",
        number: "4",
        cites: Some(3),
        task: "公开部门预决算和“三公”经费",
        requirement: "本局部门预算、决算在县财政局批复后20日内公开，公开到支出功能分类的项级科目，“三公”经费逐项说明增减原因。",
        lead: &["财务科", "办公室"],
        partners: &[],
        due: Ahead(10),
        major: true,
        steps: &[
            (AfterPlan(3), Sign),
            (Back(15), Progress("部门预算已在批复后20日内公开。", 50)),
            (
                Back(1),
                Complete("部门预算、决算和“三公”经费情况说明已全部在本局政府信息公开专栏公开。"),
            ),
        ],
    },
    DemoTask {
        chapter: "",
        number: "5",
        cites: Some(4),
        task: "推进交通建设项目信息公开",
        requirement: "公开农村公路、危桥改造等交通建设项目的批准、招标投标、施工和交竣工验收信息。",
        lead: &["行政审批股"],
        partners: &["公路事业发展中心"],
        due: Ahead(15),
        major: true,
        steps: &[
            (AfterPlan(2), Sign),
            (Back(14), Progress("已公开农村公路建设项目的批准信息。", 70)),
            (
                Back(6),
                Complete("交通建设项目的批准和招标投标信息已全部公开。"),
            ),
            (
                Back(4),
                Return("未公开施工许可和交竣工验收信息，请补充公开后重新报告完成。"),
            ),
        ],
    },
    DemoTask {
        chapter: "",
        number: "6",
        cites: Some(4),
        task: "公开道路运输行业监管信息",
        requirement: "公开道路运输经营许可、客运企业质量信誉考核结果和“双随机、一公开”抽查结果。",
        lead: &["行政审批股"],
        partners: &["运输管理股"],
        due: Ahead(8),
        major: false,
        steps: &[
            (AfterPlan(3), Sign),
            (
                Back(5),
                Progress("已公开道路运输经营许可信息和上半年“双随机”抽查结果。", 50),
            ),
            (
                Back(2),
                AskMore(
                    30,
                    "客运企业质量信誉考核结果须待市交通运输局统一发布后公开，申请延期30天。",
                ),
            ),
        ],
    },
    DemoTask {
        chapter: "",
        number: "7",
        cites: Some(6),
        task: "规范本局政府信息公开专栏",
        requirement: "对照县政府政务公开标准目录调整栏目设置，每月检查专栏内容，杜绝错链、断链。",
        lead: &["办公室"],
        partners: &[],
        due: Ahead(30),
        major: false,
        steps: &[
            (AfterPlan(2), Sign),
            (
                Back(5),
                Progress("已完成栏目调整，本月检查发现并修复断链3处。", 50),
            ),
        ],
    },
    DemoTask {
        chapter: "",
        number: "8",
        cites: Some(7),
        task: "做好依申请公开办理",
        requirement: "依申请公开答复使用统一示范文本，按期答复率达到100%，办理情况按季度报县政务公开办。",
        lead: &["办公室"],
        partners: &["行政审批股"],
        due: Ahead(40),
        major: false,
        steps: &[(AfterPlan(2), Sign)],
    },
    DemoTask {
        chapter: FIELDS,
        number: "9",
        cites: None,
        task: "全面推行行政执法公示",
        requirement: "公开执法主体、人员、职责、权限、依据、程序和监督方式，行政处罚决定自作出之日起7个工作日内公开。",
        lead: &["综合行政执法大队", "办公室"],
        partners: &[],
        due: Ago(2),
        major: true,
        steps: &[
            (AfterPlan(2), Sign),
            (
                Back(12),
                Progress(
                    "已公开执法主体和执法人员信息，行政处罚决定的公开尚未完成。",
                    60,
                ),
            ),
        ],
    },
    DemoTask {
        chapter: FIELDS,
        number: "10",
        cites: None,
        task: "公开农村公路建设养护信息",
        requirement: "公开年度农村公路建设计划、危桥改造项目清单和养护资金使用情况。",
        lead: &["公路事业发展中心"],
        partners: &["财务科"],
        due: Ago(10),
        major: false,
        steps: &[],
    },
];
