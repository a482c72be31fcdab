//! Demo records behind complete annual reports, for `gongkai serve --demo`:
//! the cases, appeals, catalogue items, Article 20 figures and written parts
//! of 白沙县交通运输局 (reports of 2020 in the 2019 format, 2024 and 2025 in
//! the 2021 format) and of 白沙县人民政府 (a 2025 draft rolling up the
//! bureau). Every case history is built through `case::check_action`, so the
//! tables come out of the register exactly as they would from real work.
//!
//! Kept apart from [`crate::demo::seed`] and [`crate::demo::seed_content`]
//! (tests start from empty registers). Nothing is dated after `today`: later
//! events are left out, later appeals are pending, later reports unpublished.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, Utc};
use gongkai_domain::agency_code::uscc_check_char;
use gongkai_domain::application::{Application, ApplicationForm, DeliveryMethod};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::register::{AppealKind, AppealResult, AppealSummary};
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord, check_action};
use gongkai_domain::catalogue::{
    Article20Figures, ItemAction, ItemEventRecord, ItemForm, ListCount, ListCounts2019,
    PublicationChannel,
};
use gongkai_domain::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::identity::resident_id_check_char;
use gongkai_domain::report::narrative::fee_statement;
use gongkai_domain::report::{RuleContext, publication_blockers, validate};
use gongkai_domain::staff::Role;
use gongkai_domain::vocabulary::{Channel, Outcome, PostKind};
use gongkai_store::{
    Agency, CaseCreated, CaseId, ItemSnapshot, NewAppeal, NewReportVersion, ReportDraft, StaffId,
    Store, StoreError, StoreResult, calendar_in_force,
};

use crate::clock::start_of_day;
use crate::reporting::{self, Built};

/// 白沙县交通运输局 (a department).
pub const BUREAU_CODE: &str = "119901219482199390";
/// 白沙县人民政府 (a government).
pub const GOVERNMENT_CODE: &str = "11990121082462814Y";

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("演示年报数据：{what}"))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("demo date")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Bureau,
    Government,
}

// ---------------------------------------------------------------------------
// Applicants (fictional; identity numbers and codes carry valid check characters)
// ---------------------------------------------------------------------------

struct Person {
    kind: &'static str,
    name: &'static str,
    /// 17 characters (the check character is computed) or a whole number.
    id: &'static str,
    contact: &'static str,
    phone: &'static str,
    email: &'static str,
    address: &'static str,
}

const ZHANG: usize = 0;
const LI: usize = 1;
const WANG: usize = 2;
const LIU: usize = 3;
const CHEN: usize = 4;
const ZHAO: usize = 5;
const SUN: usize = 6;
const ZHOU: usize = 7;
const ZHENG: usize = 8;
const SHUNDA: usize = 9;
const TONGQU: usize = 10;
const INSTITUTE: usize = 11;
const ASSOCIATION: usize = 12;
const LAW_FIRM: usize = 13;
const VILLAGE: usize = 14;

const PEOPLE: &[Person] = &[
    Person {
        kind: "natural_person",
        name: "张建国",
        id: "99012119680312031",
        contact: "",
        phone: "13907710312",
        email: "zhangjg@example.cn",
        address: "白沙县城关镇东街56号",
    },
    Person {
        kind: "natural_person",
        name: "李秀英",
        id: "99012119750823042",
        contact: "",
        phone: "13577124823",
        email: "lixiuying@example.cn",
        address: "白沙县城关镇南街12号2单元301室",
    },
    Person {
        kind: "natural_person",
        name: "王海涛",
        id: "99012119820105013",
        contact: "",
        phone: "15807712105",
        email: "wanght@example.cn",
        address: "白沙县白沙镇新华路8号",
    },
    Person {
        kind: "natural_person",
        name: "刘晓燕",
        id: "99012119900617062",
        contact: "",
        phone: "18977106617",
        email: "liuxy@example.cn",
        address: "白沙县城关镇滨河小区5栋102室",
    },
    Person {
        kind: "natural_person",
        name: "陈志强",
        id: "99012119710930051",
        contact: "",
        phone: "13768109930",
        email: "chenzq@example.cn",
        address: "白沙县石门乡石门村三组",
    },
    Person {
        kind: "natural_person",
        name: "赵丽娟",
        id: "99012119860214024",
        contact: "",
        phone: "15977432214",
        email: "zhaolj@example.cn",
        address: "白沙县城关镇北街33号",
    },
    Person {
        kind: "natural_person",
        name: "孙伟",
        id: "99012119930402011",
        contact: "",
        phone: "18278104402",
        email: "sunwei@example.cn",
        address: "青山市人民路108号",
    },
    Person {
        kind: "natural_person",
        name: "周敏",
        id: "99012119790711028",
        contact: "",
        phone: "13397717711",
        email: "zhoumin@example.cn",
        address: "白沙县城关镇交通路21号",
    },
    Person {
        kind: "natural_person",
        name: "郑德明",
        id: "11010519491231002X",
        contact: "",
        phone: "13800138000",
        email: "zhengdm@example.cn",
        address: "北京市西城区府右街2号",
    },
    Person {
        kind: "commercial_enterprise",
        name: "白沙县顺达运输有限公司",
        id: "91990121MA0H3K7P2",
        contact: "黄志刚",
        phone: "0991-8861234",
        email: "shunda@example.cn",
        address: "白沙县城关镇工业园区纬二路6号",
    },
    Person {
        kind: "commercial_enterprise",
        name: "青山市通衢工程咨询有限公司",
        id: "91990100MA1W8T5Q6",
        contact: "马俊",
        phone: "0991-6078812",
        email: "tongqu@example.cn",
        address: "青山市建设路77号",
    },
    Person {
        kind: "research_institution",
        name: "江南省交通科学研究院",
        id: "12990000MB0C17429",
        contact: "何文博",
        phone: "0990-5512678",
        email: "jky@example.cn",
        address: "江南省江城市科学大道12号",
    },
    Person {
        kind: "public_welfare_organisation",
        name: "白沙县绿色出行促进会",
        id: "51990121MJ0A2B3C4",
        contact: "林晓",
        phone: "13677120088",
        email: "lvxing@example.cn",
        address: "白沙县城关镇文化路9号",
    },
    Person {
        kind: "legal_service_institution",
        name: "江南青山律师事务所",
        id: "31990000MD1234567",
        contact: "高文杰",
        phone: "0991-6091166",
        email: "qslaw@example.cn",
        address: "青山市人民路200号金融大厦12楼",
    },
    Person {
        kind: "other_organisation",
        name: "白沙县城关镇东街村股份经济合作社",
        id: "N2990121MF0K5L6M7",
        contact: "罗长春",
        phone: "13878125566",
        email: "dongjie@example.cn",
        address: "白沙县城关镇东街村村委会",
    },
];

fn id_number(p: &Person) -> String {
    if p.id.len() == 18 {
        return p.id.to_string();
    }
    let check = if p.kind == "natural_person" {
        resident_id_check_char(p.id)
    } else {
        uscc_check_char(p.id)
    };
    format!("{}{}", p.id, check.expect("17 valid characters"))
}

/// How the application came in (and so how the reply goes out).
#[derive(Debug, Clone, Copy)]
enum Via {
    InPerson,
    Post,
    Online,
    Email,
}

impl Via {
    fn channel(self) -> Channel {
        match self {
            Via::InPerson => Channel::InPerson,
            Via::Post => Channel::Post,
            Via::Online => Channel::Online,
            Via::Email => Channel::Email,
        }
    }

    fn delivery(self) -> (&'static str, &'static str) {
        match self {
            Via::InPerson => ("paper", "collect_in_person"),
            Via::Post => ("paper", "post"),
            Via::Online => ("electronic", "online"),
            Via::Email => ("electronic", "email"),
        }
    }
}

fn application(p: &Person, via: Via, request: &str) -> StoreResult<Application> {
    let (form, method) = via.delivery();
    ApplicationForm {
        applicant_kind: p.kind.into(),
        name: p.name.into(),
        id_document: if p.kind == "natural_person" {
            "resident_id_card".into()
        } else {
            "credit_code".into()
        },
        id_number: id_number(p),
        contact_person: p.contact.into(),
        phone: p.phone.into(),
        email: p.email.into(),
        address: p.address.into(),
        postcode: "990100".into(),
        description: request.into(),
        delivery_form: form.into(),
        delivery_method: method.into(),
        ..Default::default()
    }
    .validate()
    .map_err(|e| corrupt(format!("{}的申请：{e}", p.name)))
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

/// What happens to an application after it is received. Numbers are
/// working days, so every reply is within the statutory period.
#[derive(Debug, Clone, Copy)]
enum Flow {
    /// Decided after n working days.
    Decide(Outcome, u32),
    /// 本机关不掌握, naming the agency responsible.
    Refer(&'static str, u32),
    /// A third party is consulted (Art. 32) before the decision.
    Consult(Outcome, &'static str, &'static str),
    /// The reply period is extended (Art. 33) before the decision.
    Extend(Outcome),
    /// A correction is asked for and answered, then the decision.
    Clarified(Outcome),
    /// A correction is asked for and never made (（六）1).
    CorrectionLapse,
    /// A fee by count (100 元) is paid, then the decision.
    FeePaid(Outcome),
    /// A fee by volume (150 元) is not paid (（六）2).
    FeeLapse,
    /// The applicant withdraws after n working days (（六）3).
    Withdraw(u32),
}

struct DemoCase {
    who: Who,
    received: &'static str,
    via: Via,
    applicant: usize,
    request: &'static str,
    flow: Flow,
    /// Referred to by [`APPEALS`]; empty when no appeal.
    tag: &'static str,
}

const fn case(
    who: Who,
    received: &'static str,
    via: Via,
    applicant: usize,
    request: &'static str,
    flow: Flow,
) -> DemoCase {
    DemoCase {
        who,
        received,
        via,
        applicant,
        request,
        flow,
        tag: "",
    }
}

const fn tagged(c: DemoCase, tag: &'static str) -> DemoCase {
    DemoCase { tag, ..c }
}

use Flow::*;
use Outcome as O;
use Who::{Bureau as B, Government as G};

const CASES: &[DemoCase] = &[
    // ---- the bureau, 2020 (received 2019-12 … 2020-12) ----
    case(
        B,
        "2019-12-16",
        Via::InPerson,
        ZHANG,
        "县城至城关镇公路改造工程征地补偿标准及补偿款发放明细",
        Decide(O::Disclosed, 15),
    ),
    case(
        B,
        "2019-12-23",
        Via::Post,
        SHUNDA,
        "2019年度全县道路运输企业质量信誉考核结果",
        Decide(O::AlreadyPublished, 10),
    ),
    case(
        B,
        "2020-03-09",
        Via::Online,
        LI,
        "2019年城关镇村道硬化项目资金拨付明细",
        Decide(O::Partial, 17),
    ),
    case(
        B,
        "2020-04-13",
        Via::InPerson,
        WANG,
        "新冠肺炎疫情期间县内客运班线停运和恢复运营的通告",
        Decide(O::AlreadyPublished, 5),
    ),
    case(
        B,
        "2020-05-18",
        Via::Online,
        INSTITUTE,
        "全县公路桥梁技术状况评定数据汇总表（按桥梁逐座统计）",
        Decide(O::NeedsCreation, 15),
    ),
    tagged(
        case(
            B,
            "2020-06-22",
            Via::Post,
            LAW_FIRM,
            "城北客运站改造工程竣工验收会议纪要及参会单位意见",
            Decide(O::DenyProcessInformation, 16),
        ),
        "process-2020",
    ),
    case(
        B,
        "2020-07-20",
        Via::Online,
        LIU,
        "交通局去年发的那个文件",
        CorrectionLapse,
    ),
    case(
        B,
        "2020-09-07",
        Via::InPerson,
        CHEN,
        "投诉城关汽车站违规收取行李费，要求查处并答复处理结果",
        Decide(O::Petition, 8),
    ),
    case(
        B,
        "2020-10-19",
        Via::Online,
        ASSOCIATION,
        "2020年城区公交车辆更新补贴的发放情况",
        Withdraw(5),
    ),
    case(
        B,
        "2020-11-16",
        Via::Email,
        VILLAGE,
        "2020年农村公路养护补助资金分配表",
        Decide(O::Disclosed, 14),
    ),
    case(
        B,
        "2020-12-21",
        Via::InPerson,
        ZHAO,
        "城关镇北街排水改造工程的建设工程规划许可证",
        Refer("白沙县自然资源局", 12),
    ),
    case(
        B,
        "2020-12-28",
        Via::Online,
        TONGQU,
        "2020年国省道大中修工程招标文件和中标结果",
        Decide(O::Partial, 15),
    ),
    // ---- the bureau, 2024 ----
    case(
        B,
        "2024-03-11",
        Via::Online,
        SUN,
        "2024年全县农村公路建设计划",
        Decide(O::AlreadyPublished, 6),
    ),
    case(
        B,
        "2024-05-13",
        Via::InPerson,
        SHUNDA,
        "2024年农村客运班线经营权招标评分细则",
        Decide(O::Disclosed, 12),
    ),
    case(
        B,
        "2024-08-19",
        Via::Post,
        LAW_FIRM,
        "S218线K32段交通安全隐患排查整治报告",
        Decide(O::Partial, 16),
    ),
    case(
        B,
        "2024-10-14",
        Via::Online,
        ZHOU,
        "白沙县物流园区建设规划及其审批文件",
        Refer("白沙县发展和改革局", 9),
    ),
    case(
        B,
        "2024-12-16",
        Via::InPerson,
        ZHANG,
        "2025年全县公路养护计划",
        Decide(O::Disclosed, 15),
    ),
    case(
        B,
        "2024-12-23",
        Via::Online,
        TONGQU,
        "城西大桥施工图设计审查意见及审查单位出具的审查报告",
        Consult(
            O::Partial,
            "江南省交通工程设计咨询有限公司",
            "同意公开审查意见，审查报告中的报价和人员信息不同意公开",
        ),
    ),
    case(
        B,
        "2024-12-27",
        Via::Post,
        ASSOCIATION,
        "城区公交线路优化方案（征求意见稿）及各单位反馈意见",
        Decide(O::DenyProcessInformation, 12),
    ),
    // ---- the bureau, 2025 ----
    case(
        B,
        "2025-01-13",
        Via::InPerson,
        LI,
        "2024年城关镇农村公路养护资金的分配和使用情况",
        Decide(O::Disclosed, 9),
    ),
    case(
        B,
        "2025-02-17",
        Via::Online,
        SHUNDA,
        "2024年度道路运输企业质量信誉考核评分明细",
        Decide(O::Partial, 14),
    ),
    case(
        B,
        "2025-02-24",
        Via::Online,
        INSTITUTE,
        "2022年至2024年全县农村公路桥梁定期检测报告",
        FeePaid(O::Disclosed),
    ),
    tagged(
        case(
            B,
            "2025-03-10",
            Via::Post,
            WANG,
            "2024年对城南驾驶员培训学校作出行政处罚的全部案卷材料",
            Decide(O::DenyEnforcementCaseFile, 12),
        ),
        "casefile-2025",
    ),
    tagged(
        case(
            B,
            "2025-03-24",
            Via::Online,
            LAW_FIRM,
            "白沙县城北客运站改造工程中标单位的投标文件",
            Consult(
                O::DenyThirdParty,
                "白沙县路桥建设有限公司",
                "投标文件含有企业报价构成和技术方案，属于商业秘密，不同意公开",
            ),
        ),
        "third-party-2025",
    ),
    case(
        B,
        "2025-04-14",
        Via::InPerson,
        LIU,
        "关于修路的那个文件",
        CorrectionLapse,
    ),
    case(
        B,
        "2025-04-21",
        Via::Online,
        VILLAGE,
        "2025年农村公路建设计划中东街村段的建设内容和资金安排",
        Decide(O::AlreadyPublished, 5),
    ),
    case(
        B,
        "2025-05-12",
        Via::Online,
        TONGQU,
        "2020年至2024年全县公路工程招标项目的全部评标报告",
        FeeLapse,
    ),
    case(
        B,
        "2025-05-19",
        Via::InPerson,
        CHEN,
        "举报城关镇某货运车辆长期超载运输，要求查处并答复",
        Decide(O::Petition, 8),
    ),
    case(
        B,
        "2025-06-09",
        Via::Email,
        ASSOCIATION,
        "按线路、时段统计的2024年城区公交客流分析数据",
        Decide(O::NeedsCreation, 13),
    ),
    case(
        B,
        "2025-06-23",
        Via::Online,
        SUN,
        "白沙至青山城际公交开通计划",
        Withdraw(4),
    ),
    case(
        B,
        "2025-07-14",
        Via::Post,
        ZHAO,
        "城关镇滨河小区周边道路的规划红线图",
        Refer("白沙县自然资源局", 10),
    ),
    tagged(
        case(
            B,
            "2025-08-18",
            Via::Online,
            SHUNDA,
            "县城公交线路特许经营招标方案的内部讨论记录和请示材料",
            Extend(O::DenyProcessInformation),
        ),
        "process-2025",
    ),
    case(
        B,
        "2025-09-15",
        Via::InPerson,
        ZHOU,
        "交通路拓宽改造的相关文件",
        Clarified(O::UnclearAfterCorrection),
    ),
    case(
        B,
        "2025-10-20",
        Via::Online,
        ZHANG,
        "2025年全县公路养护计划",
        Decide(O::RepeatedApplication, 6),
    ),
    case(
        B,
        "2025-11-10",
        Via::Online,
        ZHENG,
        "白沙县国防交通保障预案（战时交通保障部分）",
        Decide(O::DenyStateSecret, 11),
    ),
    case(
        B,
        "2025-12-08",
        Via::InPerson,
        LI,
        "2025年城关镇农村公路安全生命防护工程实施情况",
        Decide(O::Disclosed, 9),
    ),
    case(
        B,
        "2025-12-22",
        Via::Online,
        TONGQU,
        "2025年国省道养护工程施工合同及交工验收资料",
        Decide(O::Partial, 14),
    ),
    case(
        B,
        "2025-12-29",
        Via::Post,
        LAW_FIRM,
        "要求对贵局2024年出具的事故路段情况说明重新盖章出具",
        Decide(O::ConfirmOrReissue, 8),
    ),
    // ---- the county government, 2025 ----
    case(
        G,
        "2025-01-20",
        Via::InPerson,
        ZHOU,
        "2025年县政府重大行政决策事项目录",
        Decide(O::AlreadyPublished, 5),
    ),
    case(
        G,
        "2025-03-03",
        Via::Online,
        TONGQU,
        "城关镇东片区土地征收补偿安置方案及其批复",
        Decide(O::Partial, 15),
    ),
    case(
        G,
        "2025-04-07",
        Via::Post,
        CHEN,
        "本人承包地被征收的土地勘测定界图",
        Refer("白沙县自然资源局", 10),
    ),
    case(
        G,
        "2025-05-26",
        Via::Online,
        ZHAO,
        "县政府办公室2024年度工作人员考勤记录",
        Decide(O::DenyInternalAffairs, 10),
    ),
    case(
        G,
        "2025-07-07",
        Via::Online,
        ASSOCIATION,
        "2025年县级民生实事项目清单及进展情况",
        Decide(O::Disclosed, 12),
    ),
    case(
        G,
        "2025-08-25",
        Via::InPerson,
        LAW_FIRM,
        "某企业2024年度纳税申报和缴纳明细",
        Decide(O::DenyLawForbids, 12),
    ),
    case(
        G,
        "2025-10-13",
        Via::Online,
        SUN,
        "县城重点目标安全防范部署方案",
        Decide(O::DenySecurity, 10),
    ),
    case(
        G,
        "2025-11-17",
        Via::Email,
        VILLAGE,
        "要求提供《白沙县志（1991—2020）》一套",
        Decide(O::PublicPublication, 6),
    ),
];

/// Who records an action.
#[derive(Debug, Clone, Copy)]
enum By {
    Applicant,
    Clerk,
    Reviewer,
}

/// The staff who record the demo actions of one agency.
struct Hands {
    clerk: Actor,
    reviewer: Actor,
    reviewer_id: Option<StaffId>,
}

impl Hands {
    async fn of(store: &dyn Store, agency: &Agency) -> StoreResult<Hands> {
        let staff = store.staff_of_agency(agency.id).await?;
        let find = |role: Role| {
            staff
                .iter()
                .find(|s| s.active && s.has_role(role))
                .map(|s| (s.id, s.display_name.clone()))
        };
        let clerk = find(Role::Clerk);
        let reviewer = find(Role::Reviewer).or_else(|| clerk.clone());
        let actor = |who: &Option<(StaffId, String)>| match who {
            Some((id, name)) => Actor::Staff {
                id: *id,
                name: name.clone(),
            },
            None => Actor::System,
        };
        Ok(Hands {
            clerk: actor(&clerk),
            reviewer: actor(&reviewer),
            reviewer_id: reviewer.map(|(id, _)| id),
        })
    }

    fn actor(&self, by: By) -> Actor {
        match by {
            By::Applicant => Actor::Applicant,
            By::Clerk => self.clerk.clone(),
            By::Reviewer => self.reviewer.clone(),
        }
    }
}

fn reasoning(outcome: Outcome, referred_to: Option<&str>) -> String {
    let basis = outcome
        .article()
        .map(|a| format!("根据《中华人民共和国政府信息公开条例》{a}的规定，"))
        .unwrap_or_else(|| "经审查，".to_string());
    match referred_to {
        Some(r) => format!(
            "{basis}{}；该信息由{r}负责公开，请向其咨询。",
            outcome.label()
        ),
        None => format!("{basis}{}。", outcome.label()),
    }
}

/// The actions of a case, in order, each with who records it.
fn actions(c: &DemoCase, app: &Application, cal: &Calendar) -> StoreResult<Vec<(CaseAction, By)>> {
    let wd = |from: NaiveDate, n: u32| -> StoreResult<NaiveDate> {
        cal.add_working_days(from, n)
            .map(|count| count.due)
            .map_err(corrupt)
    };
    let received = day(c.received);
    let mut out = Vec::new();
    let facts = match c.via {
        Via::InPerson | Via::Email => ReceiptFacts {
            arrived: Some(received),
            ..Default::default()
        },
        Via::Post => ReceiptFacts {
            arrived: Some(received),
            signed: Some(received),
            post_kind: Some(PostKind::Signed),
            ..Default::default()
        },
        Via::Online => {
            // Submitted the evening before, confirmed with the applicant on the day.
            let submitted = received - Duration::days(1);
            out.push((
                CaseAction::SubmittedOnline { date: submitted },
                By::Applicant,
            ));
            ReceiptFacts {
                arrived: Some(submitted),
                confirmed: Some(received),
                ..Default::default()
            }
        }
    };
    out.push((
        CaseAction::ReceiptConfirmed {
            channel: c.via.channel(),
            receipt_date: received,
            facts,
        },
        By::Clerk,
    ));
    let decide = |date: NaiveDate, outcome: Outcome, referred_to: Option<&str>| {
        (
            CaseAction::OutcomeDecided {
                date,
                outcome,
                reasoning: reasoning(outcome, referred_to),
                referred_to: referred_to.map(str::to_string),
            },
            By::Clerk,
        )
    };
    let method = app.request.method;
    // The reply goes out: by post the next working day (the day it is
    // posted counts), collected two working days later, online at once.
    let deliver = |out: &mut Vec<(CaseAction, By)>, decided: NaiveDate| -> StoreResult<()> {
        let date = match method {
            DeliveryMethod::Post => wd(decided, 1)?,
            DeliveryMethod::CollectInPerson => wd(decided, 2)?,
            _ => decided,
        };
        out.push((CaseAction::Delivered { date, method }, By::Clerk));
        out.push((CaseAction::Closed { date }, By::Clerk));
        Ok(())
    };
    let correction = |date: NaiveDate| -> StoreResult<(CaseAction, NaiveDate)> {
        let deadline = wd(date, 10)?;
        Ok((
            CaseAction::CorrectionRequested {
                date,
                items: vec![
                    "请写明所需政府信息的名称、文号，或者便于本机关查询的其他特征性描述（如制作时间、涉及的道路或工程名称）"
                        .into(),
                ],
                applicant_deadline: deadline,
            },
            deadline,
        ))
    };
    match c.flow {
        Decide(outcome, n) => {
            let decided = wd(received, n)?;
            out.push(decide(decided, outcome, None));
            deliver(&mut out, decided)?;
        }
        Refer(agency, n) => {
            let decided = wd(received, n)?;
            out.push(decide(decided, Outcome::NotHeld, Some(agency)));
            deliver(&mut out, decided)?;
        }
        Consult(outcome, party, opinion) => {
            let start = wd(received, 3)?;
            let end = wd(start, 8)?;
            out.push((
                CaseAction::ConsultationStarted {
                    id: 1,
                    date: start,
                    party: ConsultParty::ThirdParty,
                    party_name: party.into(),
                    matter: format!("申请公开的“{}”可能涉及贵单位商业秘密", c.request),
                },
                By::Clerk,
            ));
            out.push((
                CaseAction::ConsultationEnded {
                    id: 1,
                    date: end,
                    how: ConsultationOutcome::Answered,
                    opinion: opinion.into(),
                },
                By::Clerk,
            ));
            let decided = wd(end, 3)?;
            out.push(decide(decided, outcome, None));
            deliver(&mut out, decided)?;
        }
        Extend(outcome) => {
            let asked = wd(received, 15)?;
            out.push((
                CaseAction::ExtensionRequested {
                    date: asked,
                    days: 15,
                    reason:
                        "所需信息涉及多个股室和历年档案，需逐件调阅核查，无法在20个工作日内答复"
                            .into(),
                },
                By::Clerk,
            ));
            out.push((
                CaseAction::ExtensionApproved {
                    date: asked,
                    days: 15,
                },
                By::Reviewer,
            ));
            let decided = wd(received, 27)?;
            out.push(decide(decided, outcome, None));
            deliver(&mut out, decided)?;
        }
        Clarified(outcome) => {
            let (ask, _) = correction(wd(received, 2)?)?;
            let asked_on = ask.date();
            out.push((ask, By::Clerk));
            let answered = wd(asked_on, 4)?;
            out.push((
                CaseAction::CorrectionSubmitted {
                    date: answered,
                    text: "所需信息为交通路拓宽改造有关的全部文件，具体名称不清楚".into(),
                },
                By::Clerk,
            ));
            let decided = wd(answered, 10)?;
            out.push(decide(decided, outcome, None));
            deliver(&mut out, decided)?;
        }
        CorrectionLapse => {
            let (ask, deadline) = correction(wd(received, 2)?)?;
            out.push((ask, By::Clerk));
            let lapsed = wd(deadline, 2)?;
            out.push((CaseAction::CorrectionLapsed { date: lapsed }, By::Clerk));
            out.push(decide(lapsed, Outcome::CorrectionLapsed, None));
            deliver(&mut out, lapsed)?;
        }
        FeePaid(outcome) => {
            let notice = wd(received, 5)?;
            let method = FeeMethod::ByCount {
                ordinal_in_month: 11,
            };
            out.push((
                CaseAction::FeeNoticeIssued {
                    date: notice,
                    method,
                    amount_yuan: method.amount_yuan(),
                },
                By::Clerk,
            ));
            let paid = wd(notice, 6)?;
            out.push((CaseAction::FeePaid { date: paid }, By::Clerk));
            let decided = wd(paid, 4)?;
            out.push(decide(decided, outcome, None));
            deliver(&mut out, decided)?;
        }
        FeeLapse => {
            let notice = wd(received, 6)?;
            let method = FeeMethod::ByVolume { pages: 45 };
            out.push((
                CaseAction::FeeNoticeIssued {
                    date: notice,
                    method,
                    amount_yuan: method.amount_yuan(),
                },
                By::Clerk,
            ));
            let lapsed = wd(notice, 22)?;
            out.push((CaseAction::FeeLapsed { date: lapsed }, By::Clerk));
            out.push(decide(lapsed, Outcome::FeeUnpaid, None));
            deliver(&mut out, lapsed)?;
        }
        Withdraw(n) => {
            let date = wd(received, n)?;
            out.push((
                CaseAction::Withdrawn {
                    date,
                    reason: "申请人表示已通过其他途径获取相关信息，申请撤回".into(),
                },
                By::Applicant,
            ));
            out.push((CaseAction::Closed { date }, By::Clerk));
        }
    }
    Ok(out)
}

/// The instant an action of `date` is recorded: office hours in Beijing.
fn recorded_at(date: NaiveDate, seq: u32) -> chrono::DateTime<Utc> {
    start_of_day(date) + Duration::hours(9) + Duration::minutes(i64::from(seq) * 17)
}

/// A created case: its id and the day its reply (or notice) was delivered.
struct Created {
    id: CaseId,
    delivered: Option<NaiveDate>,
}

async fn seed_cases(
    store: &dyn Store,
    calendar: &Calendar,
    agencies: &[(Who, &Agency, &Hands)],
    today: NaiveDate,
) -> StoreResult<BTreeMap<&'static str, Created>> {
    let mut planned = Vec::new();
    for c in CASES {
        let person = &PEOPLE[c.applicant];
        let app = application(person, c.via, c.request)?;
        let mut steps = actions(c, &app, calendar)?;
        steps.retain(|(a, _)| a.date() <= today);
        if steps.is_empty() {
            continue;
        }
        // Every step must be allowed after the ones before it.
        let mut history: Vec<CaseEventRecord> = Vec::new();
        for (i, (action, _)) in steps.iter().enumerate() {
            check_action(&history, action, calendar)
                .map_err(|e| corrupt(format!("{} {}：{e}", c.received, c.request)))?;
            history.push(CaseEventRecord {
                seq: i as u32 + 1,
                at: recorded_at(action.date(), i as u32),
                actor: Actor::System,
                action: action.clone(),
                note: String::new(),
            });
        }
        planned.push((c, app, steps));
    }
    // Numbers are given in the order the applications arrived.
    planned.sort_by_key(|(_, _, steps)| steps[0].0.date());
    let mut by_tag = BTreeMap::new();
    for (c, app, steps) in planned {
        let Some((_, agency, hands)) = agencies.iter().find(|(w, _, _)| *w == c.who) else {
            continue;
        };
        let events: Vec<CaseEventRecord> = steps
            .into_iter()
            .enumerate()
            .map(|(i, (action, by))| CaseEventRecord {
                seq: i as u32 + 1,
                at: recorded_at(action.date(), i as u32),
                actor: hands.actor(by),
                action,
                note: String::new(),
            })
            .collect();
        let created = through_commands(store, calendar, agency, c, app, &events).await?;
        if !c.tag.is_empty() {
            let delivered = events.iter().find_map(|e| match e.action {
                CaseAction::Delivered { date, .. } => Some(date),
                _ => None,
            });
            by_tag.insert(
                c.tag,
                Created {
                    id: created.id(),
                    delivered,
                },
            );
        }
    }
    Ok(by_tag)
}

/// A demo case entered as a clerk would have: opened and acted on through
/// the commands of [`crate::casework`] on the dates of its events, so that it
/// carries the documents those events issued (登记回执, notices, the reply).
/// No one is mailed: this is a past year entered after the fact.
async fn through_commands(
    store: &dyn Store,
    calendar: &Calendar,
    agency: &Agency,
    c: &DemoCase,
    application: Application,
    events: &[CaseEventRecord],
) -> StoreResult<CaseCreated> {
    use crate::casework::{self, Moment, Opening, Step};
    let failed = |e: &dyn std::fmt::Display| corrupt(format!("{} {}：{e}", c.received, c.request));
    let moment = |e: &CaseEventRecord| Moment {
        at: e.at,
        today: e.action.date(),
        mail: false,
    };
    let first = &events[0];
    let opening = Opening {
        agency_id: agency.id,
        channel: c.via.channel(),
        application,
        actor: first.actor.clone(),
        first: first.action.clone(),
        idempotency_key: None,
    };
    let code = casework::code_hash(&format!(
        "DEMO{}{}",
        c.received.replace('-', ""),
        c.applicant
    ));
    let (created, _) = casework::open_in(store, calendar, opening, &code, moment(first))
        .await
        .map_err(|e| failed(&e))?;
    let Some(mut case) = store.case(created.id()).await? else {
        return Err(corrupt(created.number()));
    };
    for e in &events[1..] {
        let bundle = casework::load_in(store, case, calendar.clone(), e.action.date())
            .await
            .map_err(|e| failed(&e))?;
        let step = Step {
            expected_seq: e.seq,
            actor: e.actor.clone(),
            action: e.action.clone(),
            note: e.note.clone(),
        };
        match casework::record_in(store, &bundle, step, moment(e)).await {
            Ok(_) => {}
            Err(casework::RecordError::Refused(why)) => return Err(failed(&why)),
            Err(casework::RecordError::Stale) => return Err(failed(&"记录序号不连续")),
            Err(casework::RecordError::Other(e)) => return Err(failed(&e)),
        }
        case = bundle.case;
    }
    Ok(created)
}

// ---------------------------------------------------------------------------
// Appeals
// ---------------------------------------------------------------------------

struct DemoAppeal {
    tag: &'static str,
    kind: AppealKind,
    /// The result once decided.
    result: AppealResult,
    /// Calendar days from the delivery of the reply to the filing.
    filed_after: i64,
    /// Calendar days from the filing to the decision.
    decided_after: i64,
    body: &'static str,
    note: &'static str,
}

const APPEALS: &[DemoAppeal] = &[
    DemoAppeal {
        tag: "process-2020",
        kind: AppealKind::Reconsideration,
        result: AppealResult::Upheld,
        filed_after: 12,
        decided_after: 55,
        body: "白沙县人民政府",
        note: "复议决定维持原答复：会议纪要属于过程性信息。",
    },
    DemoAppeal {
        tag: "process-2020",
        kind: AppealKind::LitigationAfterReconsideration,
        result: AppealResult::Upheld,
        filed_after: 85,
        decided_after: 160,
        body: "青山市白沙县人民法院",
        note: "一审判决驳回原告诉讼请求。",
    },
    DemoAppeal {
        tag: "casefile-2025",
        kind: AppealKind::LitigationDirect,
        result: AppealResult::Upheld,
        filed_after: 46,
        decided_after: 130,
        body: "青山市白沙县人民法院",
        note: "一审判决驳回原告诉讼请求：行政执法案卷可以不予公开。",
    },
    DemoAppeal {
        tag: "third-party-2025",
        kind: AppealKind::Reconsideration,
        result: AppealResult::Upheld,
        filed_after: 28,
        decided_after: 50,
        body: "白沙县人民政府",
        note: "复议决定维持原答复。",
    },
    DemoAppeal {
        tag: "process-2025",
        kind: AppealKind::Reconsideration,
        result: AppealResult::Corrected,
        filed_after: 20,
        decided_after: 90,
        body: "白沙县人民政府",
        note: "复议决定撤销原答复，责令在15个工作日内重新答复：应区分处理可以公开的招标方案。",
    },
];

async fn seed_appeals(
    store: &dyn Store,
    cases: &BTreeMap<&'static str, Created>,
    today: NaiveDate,
) -> StoreResult<()> {
    for a in APPEALS {
        let Some(Created {
            id,
            delivered: Some(delivered),
        }) = cases.get(a.tag)
        else {
            continue;
        };
        let filed_on = *delivered + Duration::days(a.filed_after);
        if filed_on > today {
            continue;
        }
        let decided = filed_on + Duration::days(a.decided_after);
        let (result, decided_on, note) = if decided <= today {
            (a.result, Some(decided), a.note)
        } else {
            (AppealResult::Pending, None, "尚在审理中。")
        };
        store
            .add_appeal(&NewAppeal {
                case_id: *id,
                summary: AppealSummary {
                    kind: a.kind,
                    result,
                    filed_on,
                    decided_on,
                },
                body: a.body.into(),
                note: note.into(),
                recorded_by: None,
            })
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Catalogue items
// ---------------------------------------------------------------------------

struct DemoItem {
    who: Who,
    title: &'static str,
    summary: &'static str,
    number: &'static str,
    formed: &'static str,
    published: &'static str,
    /// `normative` or `other`.
    kind: &'static str,
    genre: &'static str,
    topic: &'static str,
    article20: &'static str,
    /// Also pushed on the WeChat account the next day.
    wechat: bool,
    /// Repealed on that day, for that reason.
    repealed: Option<(&'static str, &'static str)>,
}

const ITEMS: &[DemoItem] = &[
    DemoItem {
        who: B,
        title: "关于印发《白沙县农村公路路政巡查管理制度》的通知",
        summary: "明确农村公路路政巡查的频次、内容和发现问题的处置流程，建立巡查台账制度。",
        number: "白交〔2019〕12号",
        formed: "2019-05-08",
        published: "2019-05-15",
        kind: "normative",
        genre: "notice",
        topic: "工业、交通\\公路",
        article20: "regulations",
        wechat: false,
        repealed: Some((
            "2025-06-30",
            "经2025年规范性文件集中清理，相关内容已由新制定的农村公路管理制度涵盖，予以废止",
        )),
    },
    DemoItem {
        who: B,
        title: "白沙县道路运输车辆动态监督管理实施细则",
        summary: "规范客运、危险货物运输车辆卫星定位装置安装使用和动态监控，落实企业监控主体责任。",
        number: "白交〔2020〕5号",
        formed: "2020-04-10",
        published: "2020-04-20",
        kind: "normative",
        genre: "detailed_rules",
        topic: "工业、交通\\道路运输",
        article20: "regulations",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县公路超限超载治理联合执法工作制度",
        summary: "建立交通运输、公安交警等部门联合执法、信息共享和案件移送机制，规范治超执法程序。",
        number: "白交〔2020〕21号",
        formed: "2020-09-14",
        published: "2020-09-24",
        kind: "normative",
        genre: "provisions",
        topic: "工业、交通\\公路",
        article20: "regulations",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "关于新冠肺炎疫情期间暂停县内客运班线运营的通告",
        summary: "疫情防控期间暂停县内城乡客运班线和城市公交运营，明确恢复运营的条件和咨询电话。",
        number: "",
        formed: "2020-01-26",
        published: "2020-01-26",
        kind: "other",
        genre: "public_notice",
        topic: "工业、交通\\道路运输",
        article20: "emergencies",
        wechat: true,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "关于恢复县内客运班线运营的通告",
        summary: "公布分批恢复城乡客运班线的时间、线路和乘车防疫要求。",
        number: "",
        formed: "2020-03-02",
        published: "2020-03-03",
        kind: "other",
        genre: "public_notice",
        topic: "工业、交通\\道路运输",
        article20: "emergencies",
        wechat: true,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县交通运输局2020年部门预算公开",
        summary: "公开本局2020年部门收支预算、财政拨款支出预算和三公经费预算。",
        number: "",
        formed: "2020-02-20",
        published: "2020-02-28",
        kind: "other",
        genre: "report",
        topic: "财政、金融、审计\\预算",
        article20: "budget",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: G,
        title: "白沙县人民政府关于进一步加强农村公路管理养护工作的实施意见",
        summary: "落实县乡村三级农村公路管理养护责任，建立以县级公共财政为主的养护资金保障机制。",
        number: "白政发〔2020〕8号",
        formed: "2020-06-05",
        published: "2020-06-12",
        kind: "normative",
        genre: "opinion",
        topic: "工业、交通\\公路",
        article20: "regulations",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县城市公共交通运营服务考核办法",
        summary: "从安全运营、服务质量、乘客满意度等方面对公交企业进行年度考核，考核结果与运营补贴挂钩。",
        number: "白交〔2024〕9号",
        formed: "2024-05-20",
        published: "2024-05-30",
        kind: "normative",
        genre: "measures",
        topic: "工业、交通\\道路运输",
        article20: "regulations",
        wechat: true,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县2024年农村公路建设计划",
        summary: "安排全县2024年农村公路新改建、桥梁改造和养护工程项目及资金来源。",
        number: "",
        formed: "2024-02-26",
        published: "2024-03-05",
        kind: "other",
        genre: "work_plan",
        topic: "工业、交通\\公路",
        article20: "major_projects",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "2024年上半年道路运输行政处罚结果公示",
        summary: "公示上半年作出的道路运输行政处罚决定的当事人、违法事实、处罚依据和处罚结果。",
        number: "",
        formed: "2024-07-02",
        published: "2024-07-09",
        kind: "other",
        genre: "announcement",
        topic: "工业、交通\\道路运输",
        article20: "enforcement",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: G,
        title: "白沙县人民政府2025年重大行政决策事项目录",
        summary: "公布县政府2025年拟作出的重大行政决策事项、承办单位和计划完成时间。",
        number: "",
        formed: "2025-01-06",
        published: "2025-01-10",
        kind: "other",
        genre: "announcement",
        topic: "综合政务\\政务公开",
        article20: "other_statutory",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县网络预约出租汽车经营服务管理实施细则",
        summary: "规定网约车平台公司、车辆和驾驶员的许可条件与程序，明确经营行为规范和监督检查措施。",
        number: "白交〔2025〕11号",
        formed: "2025-06-16",
        published: "2025-06-25",
        kind: "normative",
        genre: "detailed_rules",
        topic: "工业、交通\\道路运输",
        article20: "regulations",
        wechat: true,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县农村客运站点建设和管理办法",
        summary: "规范农村客运招呼站、候车亭的规划选址、建设标准和日常管护责任。",
        number: "白交〔2025〕19号",
        formed: "2025-09-08",
        published: "2025-09-17",
        kind: "normative",
        genre: "measures",
        topic: "工业、交通\\道路运输",
        article20: "regulations",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县交通运输局行政许可事项清单（2025年版）",
        summary: "列明本局实施的道路运输经营、公路路政等行政许可事项的名称、依据和办理时限。",
        number: "",
        formed: "2025-03-28",
        published: "2025-04-03",
        kind: "other",
        genre: "announcement",
        topic: "工业、交通\\道路运输",
        article20: "licensing",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "2025年第二季度道路运输行政处罚结果公示",
        summary: "公示本季度作出的道路运输行政处罚决定的当事人、违法事实、处罚依据和处罚结果。",
        number: "",
        formed: "2025-07-03",
        published: "2025-07-08",
        kind: "other",
        genre: "announcement",
        topic: "工业、交通\\道路运输",
        article20: "enforcement",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县交通运输局2024年度部门决算公开",
        summary: "公开本局2024年度收支决算、财政拨款支出决算、三公经费支出情况及绩效评价结果。",
        number: "",
        formed: "2025-08-12",
        published: "2025-08-20",
        kind: "other",
        genre: "report",
        topic: "财政、金融、审计\\决算",
        article20: "budget",
        wechat: false,
        repealed: None,
    },
    DemoItem {
        who: B,
        title: "白沙县2025年农村公路建设计划",
        summary: "安排全县2025年农村公路新改建、危桥改造和安全生命防护工程项目及资金。",
        number: "",
        formed: "2025-03-05",
        published: "2025-03-12",
        kind: "other",
        genre: "work_plan",
        topic: "工业、交通\\公路",
        article20: "major_projects",
        wechat: true,
        repealed: None,
    },
    DemoItem {
        who: G,
        title: "白沙县2025年重点项目建设计划",
        summary: "安排全县2025年交通、水利、产业和民生领域重点建设项目及年度投资目标。",
        number: "",
        formed: "2025-02-18",
        published: "2025-02-25",
        kind: "other",
        genre: "work_plan",
        topic: "国民经济管理、国有资产监管\\重点项目",
        article20: "major_projects",
        wechat: true,
        repealed: None,
    },
];

/// Appends one item action with its new snapshot.
async fn append_item_action(
    store: &dyn Store,
    calendar: &Calendar,
    item: gongkai_store::ItemId,
    action: ItemAction,
) -> StoreResult<()> {
    let mut events = store.item_events(item).await?;
    events.push(ItemEventRecord {
        seq: events.len() as u32 + 1,
        at: Utc::now(),
        actor: Actor::System,
        action,
        note: "演示数据".into(),
    });
    let snapshot = ItemSnapshot::from_history(&events, calendar).map_err(corrupt)?;
    let last = events.last().expect("just pushed");
    store.append_item_event(item, last, &snapshot).await
}

async fn seed_items(
    store: &dyn Store,
    calendar: &Calendar,
    agencies: &[(Who, &Agency, &Hands)],
    today: NaiveDate,
) -> StoreResult<()> {
    for it in ITEMS {
        let published = day(it.published);
        if published > today {
            continue;
        }
        let Some((_, agency, _)) = agencies.iter().find(|(w, _, _)| *w == it.who) else {
            continue;
        };
        let metadata = ItemForm {
            title: it.title.into(),
            summary: it.summary.into(),
            issuers: agency.profile.full_name.clone(),
            document_number: it.number.into(),
            formed_on: it.formed.into(),
            topic: it.topic.into(),
            genre: it.genre.into(),
            kind: it.kind.into(),
            article20: it.article20.into(),
            attribute: "proactive".into(),
            scope: "public".into(),
            body: format!("{}\n（演示数据）本文件全文略。", it.title),
            ..Default::default()
        }
        .validate()
        .map_err(|e| corrupt(format!("{}：{e}", it.title)))?;
        let id = crate::demo::publish_item(store, agency, metadata, published, "演示数据").await?;
        let next_day = published + Duration::days(1);
        if it.wechat && next_day <= today {
            append_item_action(
                store,
                calendar,
                id,
                ItemAction::ChannelsRecorded {
                    channels: vec![PublicationChannel::Wechat],
                },
            )
            .await?;
        }
        if let Some((date, reason)) = it.repealed.filter(|(d, _)| day(d) <= today) {
            append_item_action(
                store,
                calendar,
                id,
                ItemAction::Repealed {
                    date: day(date),
                    reason: reason.into(),
                },
            )
            .await?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Article 20 figures
// ---------------------------------------------------------------------------

fn figures_2021(
    year: i32,
    permits: u64,
    penalties: u64,
    compulsory: u64,
    fees: &str,
) -> Article20Figures {
    Article20Figures {
        year,
        permits,
        penalties,
        compulsory_measures: compulsory,
        fee_income_wan_yuan: fees.into(),
        other_services: None,
        procurement_items: None,
        procurement_amount: None,
        list_counts_2019: None,
    }
}

fn list(last_year: u64, change: i64) -> ListCount {
    ListCount { last_year, change }
}

fn figures_of(who: Who) -> Vec<Article20Figures> {
    match who {
        Who::Bureau => vec![
            Article20Figures {
                year: 2020,
                permits: 286,
                penalties: 143,
                compulsory_measures: 12,
                fee_income_wan_yuan: "0".into(),
                other_services: Some(1520),
                procurement_items: Some(6),
                procurement_amount: Some("386.52".into()),
                list_counts_2019: Some(ListCounts2019 {
                    permits: list(32, -3),
                    other_services: list(18, 2),
                    penalties: list(156, -12),
                    compulsory_measures: list(9, 0),
                    fees: list(2, -1),
                }),
            },
            figures_2021(2024, 312, 118, 7, "0"),
            figures_2021(2025, 335, 104, 6, "0"),
        ],
        Who::Government => vec![
            Article20Figures {
                year: 2020,
                permits: 45,
                penalties: 0,
                compulsory_measures: 0,
                fee_income_wan_yuan: "12.6".into(),
                other_services: Some(210),
                procurement_items: Some(14),
                procurement_amount: Some("1268.3".into()),
                list_counts_2019: Some(ListCounts2019 {
                    permits: list(12, 1),
                    other_services: list(25, -2),
                    penalties: list(3, 0),
                    compulsory_measures: list(1, 0),
                    fees: list(4, -1),
                }),
            },
            figures_2021(2024, 52, 3, 0, "8.45"),
            figures_2021(2025, 58, 2, 1, "7.9"),
        ],
    }
}

// ---------------------------------------------------------------------------
// The written parts
// ---------------------------------------------------------------------------

/// The figures the text quotes, read from the built report.
struct Facts {
    new: i64,
    carried: i64,
    done: i64,
    next: i64,
    /// Rows of table 三 by key (总计 column).
    rows: BTreeMap<String, i64>,
    items: u64,
    categories: String,
    channels: String,
    answered: String,
    made: i64,
    repealed: i64,
    in_force: i64,
    permits: i64,
    penalties: i64,
    compulsory: i64,
    reconsiderations: i64,
    suits: i64,
    fee: String,
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

fn facts(b: &Built) -> Facts {
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
    fn row(&self, key: &str) -> i64 {
        self.rows.get(key).copied().unwrap_or(0)
    }

    fn categories_clause(&self) -> String {
        if self.categories.is_empty() {
            String::new()
        } else {
            format!("，其中{}", self.categories)
        }
    }

    fn channels_clause(&self, lead: &str) -> String {
        if self.channels.is_empty() {
            String::new()
        } else {
            format!("{lead}{}。", self.channels)
        }
    }

    fn disclosed(&self) -> i64 {
        self.row("r_open") + self.row("r_partial")
    }
}

fn bureau_2020(f: &Facts) -> [String; 6] {
    let one = format!(
        "2020年，白沙县交通运输局认真贯彻新修订的《中华人民共和国政府信息公开条例》，在全力做好新冠肺炎疫情防控交通保障的同时，扎实推进政府信息公开各项工作。\n\
（一）主动公开情况。全年主动公开政府信息{items}条{cats}。疫情期间及时发布客运班线停运、恢复运营和道路通行管控信息；本年度新制作并公开规范性文件{made}件，截至年底对外公开的规范性文件共{in_force}件；作出行政许可决定{permits}件、行政处罚决定{penalties}件、行政强制决定{compulsory}件，处理结果均依法公开。\n\
（二）依申请公开情况。全年共收到政府信息公开申请{new}件，上年结转{carried}件；本年度办结{done}件，其中予以公开或部分公开{disclosed}件，结转下年度继续办理{next}件。{answered}{channels}\n\
（三）政府信息管理情况。对照新条例梳理本局主动公开基本目录，建立公文公开属性源头认定和保密审查机制，对2019年以前制发的规范性文件开展一次全面清理。\n\
（四）平台建设情况。依托县政府门户网站政府信息公开专栏集中发布本局信息，开通“白沙交通”政务微信公众号，疫情期间用于发布出行提示和运输保障信息。\n\
（五）监督保障情况。成立由局主要负责同志任组长的政务公开工作领导小组，全年开展新条例专题培训1次，将政府信息公开工作纳入股室年度考核。",
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        disclosed = f.disclosed(),
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("从提交方式看，"),
    );
    let five = "（一）存在的问题。一是主动公开内容以文件发布为主，政策解读数量少、形式单一；二是新条例施行后依申请公开答复文书格式不够统一，个别答复说理不够充分；三是基层交通管理站所的信息报送不够及时。\n\
（二）改进措施。2021年，本局将围绕农村公路、道路运输等重点领域，增加图解、问答等解读形式；制定依申请公开答复文书范本并组织集中学习；建立信息报送月通报制度，督促各站所按时报送。"
        .to_string();
    let six = format!(
        "{}\n本局2020年度办理的人大代表建议和政协委员提案复文已按规定公开。无其他需要报告的事项。",
        f.fee
    );
    [one, String::new(), String::new(), String::new(), five, six]
}

fn bureau_2024(f: &Facts) -> [String; 6] {
    let one = format!(
        "2024年，县交通运输局把政务公开作为推进交通运输治理现代化的重要抓手，重点公开农村公路建设、城乡客运服务和道路运输执法等方面的信息，不断提升公开质效。\n\
一是做好主动公开。围绕“四好农村路”和城乡客运一体化，当年对外发布各类政府信息{items}条{cats}。新出台行政规范性文件{made}件，截至12月底仍然有效的共{in_force}件；行政许可{permits}件、行政处罚{penalties}件、行政强制{compulsory}件的结果信息通过“信用白沙”同步公示。\n\
二是规范依申请公开。本年度新收政府信息公开申请{new}件{carried}，当年办结{done}件，另有{next}件跨年转入2025年继续办理。{answered}{channels}\n\
三是加强政府信息管理。按照交通运输领域基层政务公开标准目录更新本局主动公开事项，对历年规范性文件逐件标注有效性，防止失效文件误导公众。\n\
四是优化平台建设。对政府信息公开专栏的栏目进行梳理合并，政务微信公众号全年推送出行服务信息；每季度开展网站和政务新媒体自查。\n\
五是强化监督保障。局办公室配备专职工作人员1名，参加市、县政务公开业务培训3人次，主动接受社会监督，全年未收到对本局政务公开工作的投诉。",
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = if f.carried == 0 {
            "（无上年结转）".to_string()
        } else {
            format!("，加上2023年结转的{}件", f.carried)
        },
        done = f.done,
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("按提交方式统计，"),
    );
    let five = "本年度工作仍有不足：农村公路建设项目信息更新滞后于工程进度，部分项目只公开计划不公开进展；政务微信公众号原创内容少，与群众的互动回应不够；依申请公开办理中与业务股室的会商机制还不顺畅，个别答复临近期限才作出。\n\
下一步，将建立重点项目信息按季度更新台账，由项目股室对进度信息的准确性负责；丰富政务新媒体栏目，开设“交通问答”专栏；完善依申请公开内部流转单，明确各环节办理时限。"
        .to_string();
    let six = format!(
        "{}\n2024年，本局办理县人大代表建议6件、县政协委员提案9件，办理结果均已公开。本年度未发生因政府信息公开引发的重大舆情。",
        f.fee
    );
    [one, String::new(), String::new(), String::new(), five, six]
}

fn bureau_2025(f: &Facts) -> [String; 6] {
    let one = format!(
        "2025年，白沙县交通运输局以《中华人民共和国政府信息公开条例》为遵循，围绕农村公路“四好”建设、网约车和农村客运管理等重点工作，推动政府信息公开标准化规范化。\n\
（一）主动公开。全年在政府信息公开专栏发布信息{items}条{cats}。制定网约车经营服务管理、农村客运站点建设管理等行政规范性文件{made}件，结合集中清理废止{repealed}件，年底现行有效{in_force}件。行政许可办理结果{permits}件、行政处罚决定{penalties}件、行政强制{compulsory}件均在作出决定后7个工作日内公示。\n\
（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{carried}件。本年度办结{done}件，予以公开和部分公开合计{disclosed}件；结转下年度继续办理{next}件。{answered}{channels}对可能涉及商业秘密的申请，依法书面征求第三方意见后再作答复。\n\
（三）政府信息管理。完成2019年以来本局规范性文件的集中清理，在目录中逐件标注效力状态；落实公开属性源头认定，拟公开信息经保密审查后发布。\n\
（四）平台建设。升级政府信息公开专栏的检索功能，新增政策文件分类导航；“白沙交通”政务微信与门户网站内容统一审核、同步发布。\n\
（五）监督保障。调整局政务公开工作领导小组，全年组织业务培训2次，将政务公开纳入股室年度目标考核，主动接受县政务公开主管部门和社会公众的监督。",
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        repealed = f.repealed,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        disclosed = f.disclosed(),
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("提交方式上，"),
    );
    let mut five = "（一）主要问题。1.规范性文件清理后，废止信息在目录中的标注曾滞后约一个月；2.收费通知对计收方式和缴费渠道的说明不够清晰，有的申请人逾期未缴费后又来电询问；"
        .to_string();
    if f.reconsiderations > 0 {
        five.push_str("3.本年度有答复被申请行政复议，审查中反映出对过程性信息的认定依据说明不够充分，答复说理仍需加强。");
    } else {
        five.push_str("3.部分答复对不予公开理由的说明较为简单，答复说理仍需加强。");
    }
    five.push_str("\n（二）改进措施。建立规范性文件“立改废”与目录同步更新机制，文件废止后3个工作日内完成标注；修订收费通知文书模板，逐项列明计收依据、金额和缴费方式；组织依申请公开答复说理专题培训，重要答复经法律顾问审核后出具。");
    let unpaid = f.row("r_other_nofee");
    let mut six = f.fee.clone();
    if unpaid > 0 {
        six.push_str(&format!(
            "另有{unpaid}件因申请人逾期未按收费通知要求缴纳费用，本机关依法不再处理。"
        ));
    }
    six.push_str("\n《2025年白沙县政务公开工作要点》交由本局承担的农村客运信息公开、交通建设项目信息公开等4项任务已全部完成。");
    if f.suits > 0 {
        six.push_str("因政府信息公开引发的行政诉讼，本局负责人依法出庭应诉。");
    }
    [one, String::new(), String::new(), String::new(), five, six]
}

fn government_2025(f: &Facts) -> [String; 6] {
    let one = format!(
        "2025年，白沙县人民政府坚持“以公开为常态、不公开为例外”，统筹推进全县政府信息公开工作。本报告汇总县人民政府本级和县交通运输局的数据。\n\
（一）主动公开。全县在政府门户网站主动公开政府信息{items}条{cats}；本年度制发行政规范性文件{made}件，现行有效{in_force}件；行政许可{permits}件、行政处罚{penalties}件、行政强制{compulsory}件的结果信息依法公开。\n\
（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{carried}件，办结{done}件，结转下年度继续办理{next}件。{answered}{channels}\n\
（三）政府信息管理。组织县直部门开展规范性文件清理，统一规范政府信息公开目录和索引号；严格执行公开前保密审查制度。\n\
（四）平台建设。完成县政府门户网站集约化改造，各部门政府信息公开专栏统一标准、统一检索，政务新媒体实行账号清单化管理。\n\
（五）监督保障。县政府办公室牵头举办全县政务公开业务培训班2期，对各乡镇和县直部门开展季度检查并通报结果。\n\
（六）考核、社会评议和责任追究。将政务公开纳入对乡镇和县直部门的年度绩效考核；委托第三方开展政务公开社会评议，群众满意度为96.2%；本年度未发生政府信息公开工作责任追究情形。",
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("从提交方式看，"),
    );
    let five = "（一）存在的问题。部分县直部门政府信息公开专栏更新不及时；乡镇一级依申请公开工作力量薄弱，答复文书不够规范；政策解读仍以文字为主，群众可读性不强。\n\
（二）改进措施。2026年，县政府将把专栏更新情况纳入季度检查通报，推行依申请公开答复文书范本和法律审核；鼓励部门采用图解、短视频等形式解读政策，提高政策知晓度。"
        .to_string();
    let six = format!(
        "{}\n本年度县人民政府办理的人大代表建议和政协委员提案复文已全部公开。",
        f.fee
    );
    [one, String::new(), String::new(), String::new(), five, six]
}

// ---------------------------------------------------------------------------
// Drafts and published versions
// ---------------------------------------------------------------------------

async fn put_draft(
    store: &dyn Store,
    agency: &Agency,
    year: i32,
    parts: [String; 6],
    members: &[gongkai_store::AgencyId],
    by: Option<StaffId>,
) -> StoreResult<()> {
    store
        .put_report_draft(&ReportDraft {
            agency_id: agency.id,
            year,
            parts,
            members: members.to_vec(),
            updated_by: by,
            updated_at: Utc::now(),
        })
        .await
}

/// Writes the draft of `year` (figures quoted from the records) and, if
/// `publish_on` is given, publishes it as version 1 on that day.
#[allow(clippy::too_many_arguments)]
async fn write_report(
    store: &dyn Store,
    all: &[Agency],
    agency: &Agency,
    year: i32,
    members: &[gongkai_store::AgencyId],
    text: fn(&Facts) -> [String; 6],
    by: Option<StaffId>,
    publish_on: Option<NaiveDate>,
    today: NaiveDate,
) -> StoreResult<()> {
    // The members decide the figures: store them before reading the figures.
    put_draft(store, agency, year, Default::default(), members, by).await?;
    let built = reporting::build(store, all, agency, year, today)
        .await?
        .ok_or_else(|| corrupt(format!("{year}年没有年报格式")))?;
    put_draft(store, agency, year, text(&facts(&built)), members, by).await?;
    let Some(on) = publish_on.filter(|d| *d <= today) else {
        return Ok(());
    };
    // As published on `on`: the records as they stood, findings judged that day.
    let built = reporting::build(store, all, agency, year, on)
        .await?
        .ok_or_else(|| corrupt(format!("{year}年没有年报格式")))?;
    let blockers = publication_blockers(&built.findings);
    if !blockers.is_empty() {
        let list: Vec<String> = blockers
            .iter()
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        return Err(corrupt(format!(
            "{}{year}年度报告无法公布：{}",
            agency.profile.full_name,
            list.join("；")
        )));
    }
    let findings = validate(
        &built.report,
        &RuleContext {
            previous: built.previous.as_ref(),
            agency_kind: Some(reporting::agency_kind(agency)),
            published_on: Some(on),
            fees: Some(built.fees),
            ..RuleContext::default()
        },
    );
    store
        .publish_report(&NewReportVersion {
            agency_id: agency.id,
            year,
            report: built.report.to_json(&findings),
            published_on: on,
            note: None,
            published_by: by,
        })
        .await?;
    Ok(())
}

/// Fills the demo agencies' records behind their annual reports (see the
/// module documentation). Does nothing when 白沙县交通运输局 already has
/// cases, or when the demo agencies do not exist.
pub async fn seed_reports(store: &dyn Store, today: NaiveDate) -> StoreResult<()> {
    let (Some(bureau), Some(government)) = (
        store.agency_by_code(BUREAU_CODE).await?,
        store.agency_by_code(GOVERNMENT_CODE).await?,
    ) else {
        return Ok(());
    };
    if !store.cases_of_agency(bureau.id).await?.is_empty() {
        return Ok(());
    }
    let calendar = calendar_in_force(store).await?;
    let bureau_hands = Hands::of(store, &bureau).await?;
    let government_hands = Hands::of(store, &government).await?;
    let agencies = [
        (Who::Bureau, &bureau, &bureau_hands),
        (Who::Government, &government, &government_hands),
    ];

    seed_items(store, &calendar, &agencies, today).await?;
    for (who, agency, _) in &agencies {
        for f in figures_of(*who) {
            if f.year <= chrono::Datelike::year(&today) {
                store.put_figures(agency.id, &f, None).await?;
            }
        }
    }
    let by_tag = seed_cases(store, &calendar, &agencies, today).await?;
    seed_appeals(store, &by_tag, today).await?;

    let all = store.agencies().await?;
    let year_over = |y: i32| chrono::Datelike::year(&today) > y;
    let by = bureau_hands.reviewer_id;
    if year_over(2020) {
        let on = Some(day("2021-01-20"));
        write_report(store, &all, &bureau, 2020, &[], bureau_2020, by, on, today).await?;
    }
    if year_over(2024) {
        let on = Some(day("2025-01-22"));
        write_report(store, &all, &bureau, 2024, &[], bureau_2024, by, on, today).await?;
    }
    if chrono::Datelike::year(&today) >= 2025 {
        // Published once the year is over (by the 31 January deadline), else
        // left for the writer.
        let on = (today > day("2026-01-01")).then(|| today.min(day("2026-01-23")));
        write_report(store, &all, &bureau, 2025, &[], bureau_2025, by, on, today).await?;
        // The government's roll-up stays a draft for its writer.
        write_report(
            store,
            &all,
            &government,
            2025,
            &[bureau.id],
            government_2025,
            government_hands.reviewer_id,
            None,
            today,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::case::{validate_history, view};
    use gongkai_domain::report::AnnualReport;
    use gongkai_domain::vocabulary::ReportFormat;
    use gongkai_store_sqlite::SqliteStore;

    struct TempStore {
        store: SqliteStore,
        dir: std::path::PathBuf,
    }

    impl Drop for TempStore {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    async fn demo_store(name: &str) -> TempStore {
        let dir = std::env::temp_dir().join(format!(
            "gk-demo-reports-{name}-{}-{}",
            std::process::id(),
            Utc::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let store = SqliteStore::open_file(&dir.join("gongkai.db"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        assert!(crate::demo::seed(&store).await.unwrap());
        TempStore { store, dir }
    }

    async fn agency(store: &dyn Store, code: &str) -> Agency {
        store.agency_by_code(code).await.unwrap().unwrap()
    }

    async fn built(store: &dyn Store, code: &str, year: i32, today: NaiveDate) -> Built {
        let all = store.agencies().await.unwrap();
        let a = agency(store, code).await;
        reporting::build(store, &all, &a, year, today)
            .await
            .unwrap()
            .unwrap()
    }

    fn total(r: &AnnualReport, key: &str) -> i64 {
        r.table3_row(key).unwrap()[6].count().unwrap()
    }

    fn rules(b: &Built) -> Vec<&'static str> {
        b.findings.iter().map(|f| f.rule).collect()
    }

    async fn counts(store: &dyn Store) -> (usize, usize, usize, usize) {
        let (mut cases, mut items, mut appeals, mut versions) = (0, 0, 0, 0);
        for a in store.agencies().await.unwrap() {
            cases += store.cases_of_agency(a.id).await.unwrap().len();
            items += store.items_of_agency(a.id).await.unwrap().len();
            appeals += store.appeals_of_agency(a.id).await.unwrap().len();
            versions += store.published_reports(a.id).await.unwrap().len();
        }
        (cases, items, appeals, versions)
    }

    #[tokio::test]
    async fn demo_reports_are_complete_and_publishable() {
        let t = demo_store("full").await;
        let store: &dyn Store = &t.store;
        let today = day("2026-02-15");
        seed_reports(store, today).await.unwrap();

        // Every history is valid; every reply was on time; nothing after today.
        let calendar = calendar_in_force(store).await.unwrap();
        for code in [BUREAU_CODE, GOVERNMENT_CODE] {
            let a = agency(store, code).await;
            for c in store.cases_of_agency(a.id).await.unwrap() {
                let events = store.case_events(c.id).await.unwrap();
                validate_history(&events, &calendar).unwrap();
                assert!(events.iter().all(|e| e.action.date() <= today));
                let v = view(&events, &calendar, today).unwrap();
                assert!(!v.is_open, "{} is still open", c.number);
                assert_ne!(v.on_time, Some(false), "{} was answered late", c.number);
            }
        }

        // The bureau's 2025 report: publishable, and the identities hold
        // (last year's report is published, so AR-09 is checked, not skipped).
        let b25 = built(store, BUREAU_CODE, 2025, today).await;
        assert!(b25.previous.is_some());
        assert!(
            publication_blockers(&b25.findings).is_empty(),
            "{:?}",
            b25.findings
        );
        for rule in ["AR-05", "AR-06", "AR-07", "AR-08", "AR-09"] {
            assert!(!rules(&b25).contains(&rule), "{rule}: {:?}", b25.findings);
        }
        // The texts quote the register, differ from last year and state the fees.
        for rule in [
            "AR-10", "AR-11", "AR-12", "AR-13", "AR-14", "AR-18", "AR-19",
        ] {
            assert!(!rules(&b25).contains(&rule), "{rule}: {:?}", b25.findings);
        }
        let r = &b25.report;
        assert_eq!(r.format, ReportFormat::Y2021);
        assert_eq!(total(r, "carried_over"), 3);
        assert_eq!(total(r, "new_received"), 19);
        assert_eq!(total(r, "carry_next"), 2);
        for key in [
            "r_open",
            "r_partial",
            "r_deny_secret",
            "r_deny_3rd",
            "r_deny_process",
            "r_deny_casefile",
            "r_cannot_nothold",
            "r_cannot_create",
            "r_cannot_unclear",
            "r_noproc_petition",
            "r_noproc_repeat",
            "r_other_nocorrect",
            "r_other_nofee",
            "r_other_other",
        ] {
            assert!(total(r, key) > 0, "row {key} is empty");
        }
        let columns = r.table3_row("new_received").unwrap();
        assert!(columns[..6].iter().all(|c| c.count().unwrap() > 0));
        let t4: Vec<i64> = r.table4.iter().map(|c| c.count().unwrap()).collect();
        assert_eq!(t4, [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
        assert_eq!(b25.fees.amount_yuan, 100);
        assert!(r.parts[5].contains("100元"));
        assert_eq!(
            store
                .report_versions(agency(store, BUREAU_CODE).await.id, 2025)
                .await
                .unwrap()
                .len(),
            1
        );

        // 2020 in the 2019 format, every cell of table 二 a number, published.
        let b20 = built(store, BUREAU_CODE, 2020, today).await;
        let r = &b20.report;
        assert_eq!(r.format, ReportFormat::Y2019);
        assert_eq!(r.table3.len(), 23);
        assert!(
            r.table2
                .iter()
                .all(|row| row.cells.iter().all(|(_, c)| c.is_number()))
        );
        assert!(
            publication_blockers(&b20.findings).is_empty(),
            "{:?}",
            b20.findings
        );
        assert_eq!(
            (total(r, "carried_over"), total(r, "new_received")),
            (2, 10)
        );
        assert_eq!(total(r, "r_other"), 2);
        assert_eq!(total(r, "carry_next"), 2);
        let bureau = agency(store, BUREAU_CODE).await;
        let v2020 = store.report_versions(bureau.id, 2020).await.unwrap();
        assert_eq!(v2020.len(), 1);
        assert_eq!(v2020[0].published_on, day("2021-01-20"));
        let published = AnnualReport::from_json(&v2020[0].report).unwrap();
        assert_eq!(published.table3, r.table3);
        let v2024 = store.report_versions(bureau.id, 2024).await.unwrap();
        assert_eq!(v2024.len(), 1);
        let findings = v2024[0].report["findings"].as_array().unwrap();
        assert!(
            findings.iter().all(|f| f["severity"] != "E"),
            "{findings:?}"
        );

        // The government's roll-up draft includes the bureau and is publishable.
        let g25 = built(store, GOVERNMENT_CODE, 2025, today).await;
        assert_eq!(g25.members.len(), 1);
        assert_eq!(g25.members[0].id, bureau.id);
        assert!(
            publication_blockers(&g25.findings).is_empty(),
            "{:?}",
            g25.findings
        );
        assert_eq!(total(&g25.report, "new_received"), 19 + 8);
        for rule in ["AR-11", "AR-12", "AR-13", "AR-18"] {
            assert!(!rules(&g25).contains(&rule), "{rule}: {:?}", g25.findings);
        }

        // A second run creates nothing.
        let before = counts(store).await;
        seed_reports(store, today).await.unwrap();
        assert_eq!(counts(store).await, before);
    }

    #[tokio::test]
    async fn nothing_is_dated_after_today() {
        let t = demo_store("early").await;
        let store: &dyn Store = &t.store;
        let today = day("2025-12-24");
        seed_reports(store, today).await.unwrap();
        let bureau = agency(store, BUREAU_CODE).await;
        for c in store.cases_of_agency(bureau.id).await.unwrap() {
            let events = store.case_events(c.id).await.unwrap();
            assert!(
                events.iter().all(|e| e.action.date() <= today),
                "{}",
                c.number
            );
        }
        for a in store.appeals_of_agency(bureau.id).await.unwrap() {
            assert!(a.summary.filed_on <= today);
            assert!(a.summary.decided_on.is_none_or(|d| d <= today));
        }
        // 2024 is published; 2025 is still the writer's draft.
        assert_eq!(
            store.report_versions(bureau.id, 2024).await.unwrap().len(),
            1
        );
        assert!(
            store
                .report_versions(bureau.id, 2025)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(store.report_draft(bureau.id, 2025).await.unwrap().is_some());
        let b25 = built(store, BUREAU_CODE, 2025, today).await;
        assert!(
            publication_blockers(&b25.findings).is_empty(),
            "{:?}",
            b25.findings
        );
    }

    /// The demo's cases went through the commands, so each carries the
    /// letters its events issued, in order: the titles are those of the
    /// 登记回执 and the notices (示范文本), written out by hand.
    #[tokio::test]
    async fn demo_cases_carry_the_documents_their_events_issued() {
        let t = demo_store("letters").await;
        let store: &dyn Store = &t.store;
        seed_reports(store, day("2026-02-15")).await.unwrap();
        let bureau = agency(store, BUREAU_CODE).await;
        let cases = store.cases_of_agency(bureau.id).await.unwrap();
        let titles = |request: &'static str| {
            let case = cases
                .iter()
                .find(|c| c.application.request.description == request)
                .unwrap_or_else(|| panic!("no demo case {request}"));
            async move {
                let docs = store.case_documents(case.id).await.unwrap();
                docs.into_iter()
                    .map(|d| d.document.title)
                    .collect::<Vec<_>>()
            }
        };
        // By post in 2020, refused as process information (Art. 16(2)).
        assert_eq!(
            titles("城北客运站改造工程竣工验收会议纪要及参会单位意见").await,
            ["政府信息公开申请登记回执", "政府信息不予公开告知书"]
        );
        // Online in 2025; the bidder objected (Art. 32); refused (Art. 15).
        assert_eq!(
            titles("白沙县城北客运站改造工程中标单位的投标文件").await,
            [
                "政府信息公开申请登记回执",
                "政府信息公开征求第三方意见书",
                "征求第三方意见告知书",
                "政府信息不予公开告知书"
            ]
        );
        // Nothing was queued for mail: a past year entered after the fact.
        assert!(store.pending_mail(100, 1000).await.unwrap().is_empty());
    }
}
