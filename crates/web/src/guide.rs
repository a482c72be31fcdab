//! The 政府信息公开指南 generated from an agency's data (Art. 12): how
//! information is arranged, how to obtain it, the office and its contacts, the
//! channels it opened, who oversees the agency and the routes of redress —
//! in the words of the column's tabs and buttons — and the 政府信息公开申请表
//! the guide offers for download, from the same data.

use gongkai_domain::agency::AgencyProfile;
use gongkai_domain::agency::launch::UNFILLED;
use gongkai_domain::agency::supervision::{Oversight, oversight};
use gongkai_domain::catalogue::PUBLICATION_WORKING_DAYS;
use gongkai_domain::deadline::law;
use gongkai_domain::document::{ChainLink, Redress};
use gongkai_domain::vocabulary::Channel;
use gongkai_render::ApplicationForm;
use gongkai_store::Agency;

use crate::error::AppResult;
use crate::state::AppState;
use crate::views::ColumnPart;

/// The id of the section on how to apply: the 依申请公开 button of an
/// agency without the online channel leads there (`portal::ColumnHead`).
pub const APPLY_ANCHOR: &str = "apply";

/// The column header's buttons as `templates/column_head.html` labels them;
/// the guide names them so (the column's test compares the two).
pub const APPLY_BUTTON: &str = "依申请公开";
pub const TRACK_BUTTON: &str = "查询申请办理进度";
pub const SUBSCRIBE_BUTTON: &str = "订阅";

pub struct GuideSection {
    pub title: String,
    pub paragraphs: Vec<String>,
    /// The section's id in the page, for links to it.
    pub anchor: Option<&'static str>,
}

/// Who the guide names as overseeing the agency and hearing a
/// reconsideration (the domain's rules over the agency's chain).
pub struct Bodies {
    pub oversight: Oversight,
    pub redress: Redress,
}

/// The [`Bodies`] of `agency`: the 主管部门 and 上一级行政机关 by
/// `agency::supervision`, the 复议机关 as its letters name it
/// (`gongkai_app::casework::redress_of`).
pub async fn bodies(state: &AppState, agency: &Agency) -> AppResult<Bodies> {
    let store = state.store.as_ref();
    let profiles = gongkai_app::casework::lineage(store, agency).await?;
    let redress = gongkai_app::casework::redress_of(store, &profiles, agency).await?;
    let chain: Vec<ChainLink<'_>> = profiles.iter().map(Into::into).collect();
    Ok(Bodies {
        oversight: oversight(&chain),
        redress,
    })
}

fn or_unset(s: &str) -> &str {
    if s.is_empty() { UNFILLED } else { s }
}

/// The office's name as the guide gives it.
fn office_name(p: &AgencyProfile) -> String {
    if p.office.name.is_empty() {
        format!("{}政府信息公开工作机构", p.full_name)
    } else {
        p.office.name.clone()
    }
}

/// The application form of the agency: addressed to it, its office and
/// contacts as the guide shows them, the online form's address (under
/// `base_url`) when it accepts applications online.
pub fn application_form(p: &AgencyProfile, base_url: &str) -> ApplicationForm {
    let o = &p.office;
    ApplicationForm {
        agency: p.full_name.clone(),
        office: office_name(p),
        address: or_unset(&o.address).to_string(),
        postcode: or_unset(&o.postcode).to_string(),
        phone: or_unset(&o.phone).to_string(),
        email: or_unset(&o.email).to_string(),
        channels: p.channels.iter().copied().collect(),
        online_url: p
            .channels
            .contains(&Channel::Online)
            .then(|| format!("{base_url}/agencies/{}/apply", p.code)),
    }
}

/// `“label”`, a tab or button of the column as the page shows it.
fn quoted(label: &str) -> String {
    format!("“{label}”")
}

pub fn generate(p: &AgencyProfile, bodies: &Bodies) -> Vec<GuideSection> {
    let o = &p.office;
    let office_name = office_name(p);
    let channels: Vec<&str> = p.channels.iter().map(|c| c.label()).collect();
    let mut how = vec![format!(
        "公民、法人或者其他组织可以向{}申请获取相关政府信息。本机关开通的申请渠道：{}。",
        p.full_name,
        channels.join("、")
    )];
    for c in &p.channels {
        let line = match c {
            Channel::InPerson => format!(
                "当面提交：请于办公时间（{}）到{}（{}）填写《政府信息公开申请表》，并出示身份证明。",
                or_unset(&o.hours),
                office_name,
                or_unset(&o.address)
            ),
            Channel::Post => format!(
                "邮寄：请将申请表和身份证明复印件寄至{}（邮政编码{}），信封上注明“政府信息公开申请”。以挂号信等需签收方式寄送的，以签收之日为收到申请之日；以平常信函寄送的，以与申请人确认之日为收到申请之日。",
                or_unset(&o.address),
                or_unset(&o.postcode)
            ),
            Channel::Online => format!(
                "在线申请：点击本专栏的{}，填写并提交申请，以双方确认之日为收到申请之日。",
                quoted(APPLY_BUTTON)
            ),
            Channel::Fax => format!(
                "传真：请将申请表传真至{}，以双方确认之日为收到申请之日。",
                or_unset(&o.fax)
            ),
            Channel::Email => format!(
                "电子邮件：请将申请表发送至{}，以电子邮件系统收到之日为收到申请之日。",
                or_unset(&o.email)
            ),
        };
        how.push(line);
    }
    how.push(format!(
        "本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起{}个工作日内答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过{}个工作日。征求第三方和其他机关意见所需时间不计算在期限内。",
        law::REPLY_WORKING_DAYS,
        law::MAX_EXTENSION_WORKING_DAYS
    ));
    how.push(format!(
        "提交申请后，可以点击本专栏的{}，凭登记回执上的查询码查看办理情况。",
        quoted(TRACK_BUTTON)
    ));
    vec![
        published_section(p),
        GuideSection {
            title: "二、依申请公开".into(),
            paragraphs: how,
            anchor: Some(APPLY_ANCHOR),
        },
        GuideSection {
            title: "三、政府信息公开工作机构".into(),
            paragraphs: vec![
                format!("机构名称：{office_name}"),
                format!("办公地址：{}", or_unset(&o.address)),
                format!("邮政编码：{}", or_unset(&o.postcode)),
                format!("办公时间：{}", or_unset(&o.hours)),
                format!("联系电话：{}", or_unset(&o.phone)),
                format!("传真：{}", or_unset(&o.fax)),
                format!("电子邮箱：{}", or_unset(&o.email)),
            ],
            anchor: None,
        },
        oversight_section(bodies),
    ]
}

/// 一、主动公开: where each kind of information is, by the tabs' names.
fn published_section(p: &AgencyProfile) -> GuideSection {
    GuideSection {
        title: "一、主动公开".into(),
        paragraphs: vec![
            format!(
                "{}主动公开的政府信息，按照《中华人民共和国政府信息公开条例》第二十条、第二十一条规定的内容和主题分类编排，通过本专栏{}发布，每条信息标注索引号、发布机构、文号、成文日期、发布日期和有效性。",
                p.full_name,
                quoted(ColumnPart::Catalogue.label())
            ),
            format!(
                "属于主动公开范围的政府信息，自该信息形成或者变更之日起{PUBLICATION_WORKING_DAYS}个工作日内予以公开。"
            ),
            format!(
                "本机关的政府信息公开制度和政府信息公开工作年度报告分别在本专栏{}和{}发布。点击{}，可以在本专栏发布新信息时及时获知。",
                quoted(ColumnPart::Rules.label()),
                quoted(ColumnPart::Reports.label()),
                quoted(SUBSCRIBE_BUTTON)
            ),
        ],
        anchor: None,
    }
}

/// 四、监督和救济: the 上一级行政机关 and the 主管部门 (Art. 47, 51), the
/// 复议机关 with its article and the court.
fn oversight_section(bodies: &Bodies) -> GuideSection {
    let Oversight {
        superior,
        competent_office,
    } = &bodies.oversight;
    let mut paragraphs = Vec::new();
    let named = match (superior, competent_office) {
        (Some(s), Some(o)) => Some(format!(
            "本机关的上一级行政机关为{s}，政府信息公开工作主管部门为{o}。"
        )),
        (None, Some(o)) => Some(format!("本机关的政府信息公开工作主管部门为{o}。")),
        (Some(s), None) => Some(format!("本机关的上一级行政机关为{s}。")),
        (None, None) => None,
    };
    paragraphs.extend(named);
    paragraphs.push("公民、法人或者其他组织认为本机关未按照要求主动公开政府信息或者对政府信息公开申请不依法答复处理的，可以提请政府信息公开工作主管部门督促整改（《中华人民共和国政府信息公开条例》第四十七条）；认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报（第五十一条）。".into());
    let r = &bodies.redress;
    let to = match &r.body {
        Some(body) => {
            paragraphs.push(format!("本机关的行政复议机关为{body}（{}）。", r.basis));
            format!("向{body}")
        }
        None => "依法".to_string(),
    };
    paragraphs.push(format!(
        "认为本机关在政府信息公开工作中侵犯其合法权益的，也可以自知道该行政行为之日起{}日内{to}申请行政复议，或者自知道之日起{}个月内向{}提起行政诉讼。",
        law::RECONSIDERATION_DAYS,
        law::LITIGATION_MONTHS,
        r.court
    ));
    GuideSection {
        title: "四、监督和救济".into(),
        paragraphs,
        anchor: None,
    }
}

/// The generated guide as plain text (the editor's starting point).
pub fn as_text(sections: &[GuideSection]) -> String {
    let mut out = String::new();
    for s in sections {
        out.push_str(&s.title);
        out.push('\n');
        for p in &s.paragraphs {
            out.push_str(p);
            out.push('\n');
        }
    }
    out
}
