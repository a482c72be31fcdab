//! The 政府信息公开指南 generated from an agency's data (Art. 12): how
//! information is arranged, how to obtain it, the office and its contacts, the
//! channels it opened, and the routes of redress.

use gongkai_domain::agency::AgencyProfile;
use gongkai_domain::agency::launch::UNFILLED;
use gongkai_domain::catalogue::PUBLICATION_WORKING_DAYS;
use gongkai_domain::deadline::law;
use gongkai_domain::vocabulary::Channel;

pub struct GuideSection {
    pub title: String,
    pub paragraphs: Vec<String>,
}

fn or_unset(s: &str) -> &str {
    if s.is_empty() { UNFILLED } else { s }
}

pub fn generate(p: &AgencyProfile) -> Vec<GuideSection> {
    let o = &p.office;
    let office_name = if o.name.is_empty() {
        format!("{}政府信息公开工作机构", p.full_name)
    } else {
        o.name.clone()
    };
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
            Channel::Online => {
                "在线申请：通过本平台“依申请公开”栏目填写并提交申请，以双方确认之日为收到申请之日。"
                    .to_string()
            }
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
    vec![
        GuideSection {
            title: "一、主动公开".into(),
            paragraphs: vec![
                format!("{}主动公开的政府信息，按照《中华人民共和国政府信息公开条例》第二十条、第二十一条规定的内容和主题分类编排，通过本专栏“法定主动公开内容”发布，每条信息标注索引号、发布机构、文号、成文日期、发布日期和有效性。", p.full_name),
                format!(
                    "属于主动公开范围的政府信息，自该信息形成或者变更之日起{PUBLICATION_WORKING_DAYS}个工作日内予以公开。"
                ),
            ],
        },
        GuideSection { title: "二、依申请公开".into(), paragraphs: how },
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
        },
        GuideSection {
            title: "四、监督和救济".into(),
            paragraphs: vec![
                "公民、法人或者其他组织认为本机关未按照要求主动公开政府信息或者对政府信息公开申请不依法答复处理的，可以向政府信息公开工作主管部门提出。".into(),
                format!(
                    "认为本机关在政府信息公开工作中侵犯其合法权益的，可以自知道该行政行为之日起{}日内依法申请行政复议，或者自知道之日起{}个月内依法提起行政诉讼。",
                    law::RECONSIDERATION_DAYS,
                    law::LITIGATION_MONTHS
                ),
            ],
        },
    ]
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
