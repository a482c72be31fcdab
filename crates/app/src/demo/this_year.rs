//! The demo's cases of this year: those closed earlier in the year (each
//! shown only once its reply is delivered by today), and the clerk's queue
//! of 白沙县交通运输局 — open cases placed back from today on the working-day
//! calendar so that, on any date, some are normal, some due soon and one
//! overdue, one online application awaits confirmation, one the
//! applicant's correction and one the reviewer's decision on an extension.

use gongkai_domain::vocabulary::Outcome as O;

use super::Who::{Bureau as B, Government as G};
use super::cases::{DemoCase, Received, case, open};
use super::flows::Flow::*;
use super::people::*;
use super::when::{Year, at};

const THIS: Year = Year::Ago(0);

/// Closed earlier this year.
pub(super) const CLOSED: &[DemoCase] = &[
    case(
        B,
        at(THIS, 1, 12),
        Via::Online,
        WANG,
        "{y}年春运期间县内客运班线加班车的安排",
        Decide(O::AlreadyPublished, 4),
    ),
    case(
        G,
        at(THIS, 2, 9),
        Via::Online,
        VILLAGE,
        "{y}年县级财政衔接推进乡村振兴补助资金的分配方案",
        Decide(O::Disclosed, 12),
    ),
    case(
        B,
        at(THIS, 2, 23),
        Via::InPerson,
        CHEN,
        "石门乡石门村通村公路硬化工程的施工合同和交工验收报告",
        Decide(O::Disclosed, 12),
    ),
    case(
        B,
        at(THIS, 3, 16),
        Via::Post,
        LAW_FIRM,
        "{y-1}年县城至白沙镇公路改扩建工程环境影响报告书的审批意见",
        Refer("青山市生态环境局白沙分局", 8),
    ),
    case(
        B,
        at(THIS, 4, 20),
        Via::Online,
        SHUNDA,
        "{y}年道路运输企业安全生产检查中对本公司的检查记录和整改意见",
        Decide(O::Disclosed, 10),
    ),
    case(
        B,
        at(THIS, 5, 18),
        Via::Email,
        ASSOCIATION,
        "县城新增公交线路的站点设置方案及客流测算依据",
        Decide(O::Partial, 15),
    ),
    case(
        G,
        at(THIS, 6, 8),
        Via::InPerson,
        ZHENG,
        "县政府常务会议研究城区交通拥堵治理的会议纪要",
        Decide(O::DenyProcessInformation, 14),
    ),
    case(
        B,
        at(THIS, 6, 15),
        Via::InPerson,
        LI,
        "城关镇南街人行道改造工程的施工期限",
        Withdraw(3),
    ),
    case(
        B,
        at(THIS, 7, 13),
        Via::Online,
        INSTITUTE,
        "{y-1}年全县公路交通量调查数据汇总表",
        Decide(O::Disclosed, 14),
    ),
    case(
        B,
        at(THIS, 9, 7),
        Via::Online,
        TONGQU,
        "交通路拓宽改造工程招标控制价的编制说明",
        Consult(
            O::Partial,
            "青山市通达工程造价咨询有限公司",
            "同意公开编制说明，其中的询价记录和编制人员信息不同意公开",
        ),
    ),
    case(
        G,
        at(THIS, 9, 21),
        Via::Online,
        TONGQU,
        "城关镇西片区旧城改造项目的立项批复",
        Decide(O::Disclosed, 10),
    ),
    case(
        B,
        at(THIS, 10, 19),
        Via::InPerson,
        ZHAO,
        "北街公交站台迁移的决定及征求意见情况",
        Decide(O::Disclosed, 9),
    ),
    case(
        B,
        at(THIS, 11, 9),
        Via::Post,
        SUN,
        "{y}年农村公路危桥改造项目清单",
        Decide(O::AlreadyPublished, 5),
    ),
];

/// Open today, in the clerk's queue (received `n` working days ago, or so
/// that the reply falls due `n` working days after today). The reply
/// period is 20 working days (Art. 33), the queue marks a case due soon 3
/// working days ahead (`QueueMark::DueSoon`).
pub(super) const QUEUE: &[DemoCase] = &[
    // Due three working days ago: overdue.
    open(
        Received::WorkingDaysAgo(23),
        Via::InPerson,
        ZHANG,
        "城关镇东街人行道改造工程的设计图纸和施工合同",
        Handling,
    ),
    // Due in two working days.
    open(
        Received::DueIn(2),
        Via::Post,
        LAW_FIRM,
        "S218线K45段事故多发路段的整治方案及实施情况",
        Handling,
    ),
    // Due in three working days; the clerk asked to extend (Art. 33).
    open(
        Received::DueIn(3),
        Via::Online,
        INSTITUTE,
        "近三年全县农村公路桥梁技术状况评定结果（按桥梁逐座列明）",
        ExtensionAsked,
    ),
    open(
        Received::WorkingDaysAgo(9),
        Via::InPerson,
        LIU,
        "滨河小区门前公交站点迁移的决定及依据",
        Handling,
    ),
    open(
        Received::WorkingDaysAgo(4),
        Via::InPerson,
        CHEN,
        "关于石门那条路的文件",
        AwaitingCorrection,
    ),
    open(
        Received::WorkingDaysAgo(2),
        Via::Email,
        VILLAGE,
        "{y}年东街村通村公路养护资金的拨付情况",
        Handling,
    ),
    open(
        Received::WorkingDaysAgo(0),
        Via::Online,
        SUN,
        "城区共享电动自行车停放点的设置方案",
        Unconfirmed,
    ),
];
