//! The redress information of a document (救济途径告知): which body hears an
//! application for administrative reconsideration (行政复议机关) against the
//! issuing agency, which court hears a suit, and the sentence that tells the
//! applicant so.
//!
//! The body follows 《中华人民共和国行政复议法》 as revised in 2023 (in force
//! 1 January 2024), which gathered reconsideration in the local people's
//! governments:
//!
//! - 第二十四条第一款：县级以上地方各级人民政府管辖（一）对本级人民政府工作部门作出的
//!   行政行为不服的；（二）对下一级人民政府作出的行政行为不服的；（三）对本级人民政府
//!   依法设立的派出机关作出的行政行为不服的……行政复议案件。
//! - 第二十四条第二款：省、自治区、直辖市人民政府同时管辖对本机关作出的行政行为不服的
//!   行政复议案件。
//! - 第二十四条第四款：对县级以上地方各级人民政府工作部门依法设立的派出机构……以派出
//!   机构的名义作出的行政行为不服的，由本级人民政府管辖。
//! - 第二十七条：对海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全机关的
//!   行政行为不服的，向上一级主管部门申请行政复议。
//!
//! The periods are those of [`crate::deadline::law`] (60 days, 《行政复议法》
//! 第二十条; 6 months, 《行政诉讼法》第四十六条). The court is left as
//! “有管辖权的人民法院” unless the agency configures one: which court has
//! jurisdiction depends on the defendant (《行政诉讼法》第十四条、第十五条: a suit
//! against a county-level or higher government goes to the intermediate court)
//! and on whether the reconsideration body is a co-defendant (第十八条, 第二十六条).

use crate::agency::{AgencyKind, AgencyLevel, AgencyProfile};
use crate::deadline::law::{LITIGATION_MONTHS, RECONSIDERATION_DAYS};

use super::DocumentKind;

/// The court named when the agency configures none.
pub const COURT_WITH_JURISDICTION: &str = "有管辖权的人民法院";

/// What a vertically managed agency's letter names when no body is
/// configured: the words of 第二十七条.
pub const SUPERIOR_DEPARTMENT: &str = "上一级主管部门";

/// The name fragments of the vertically managed systems of 第二十七条
/// (海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全机关). An agency
/// whose name contains one goes to its superior department, not to the local
/// government above it in the agency tree.
/// (A 地方金融管理局 is a local department, not a branch of the national
/// financial regulator, hence the full name of the latter.)
const VERTICAL_SYSTEMS: [&str; 8] = [
    "海关",
    "税务",
    "国家安全",
    "外汇管理",
    "国家金融监督管理总局",
    "人民银行",
    "证券监督管理委员会",
    "证监局",
];

/// One agency of the chain from the issuing agency up to the root of the
/// agency tree: its full name, level (行政层级) and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainLink<'a> {
    pub name: &'a str,
    pub level: AgencyLevel,
    pub kind: AgencyKind,
}

impl<'a> From<&'a AgencyProfile> for ChainLink<'a> {
    fn from(p: &'a AgencyProfile) -> Self {
        ChainLink {
            name: &p.full_name,
            level: p.level,
            kind: p.kind,
        }
    }
}

/// An agency's own settings, which win over the rule: the reconsideration
/// body (for the vertically managed agencies of 第二十七条, or where the tree
/// is incomplete) and the court.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedressOverrides {
    pub reconsideration_body: Option<String>,
    pub court: Option<String>,
}

/// The reconsideration body (行政复议机关) and the court, as a document names
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redress {
    /// The body's name; [`SUPERIOR_DEPARTMENT`] for a vertically managed
    /// agency without a configured body; `None` when the tree does not reach
    /// the body (the sentence then says only 依法申请行政复议).
    pub body: Option<String>,
    /// The article of 《行政复议法》 the body rests on, e.g.
    /// `《中华人民共和国行政复议法》第二十四条第一款第（一）项`.
    pub basis: &'static str,
    /// The court, [`COURT_WITH_JURISDICTION`] unless configured.
    pub court: String,
}

const ART_24_1_1: &str = "《中华人民共和国行政复议法》第二十四条第一款第（一）项";
const ART_24_1_2: &str = "《中华人民共和国行政复议法》第二十四条第一款第（二）项";
const ART_24_1_3: &str = "《中华人民共和国行政复议法》第二十四条第一款第（三）项";
const ART_24_2: &str = "《中华人民共和国行政复议法》第二十四条第二款";
const ART_24_4: &str = "《中华人民共和国行政复议法》第二十四条第四款";
const ART_27: &str = "《中华人民共和国行政复议法》第二十七条";

fn configured(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Whether the agency belongs to a vertically managed system (第二十七条),
/// judged by its name.
pub fn is_vertically_managed(name: &str) -> bool {
    VERTICAL_SYSTEMS.iter().any(|s| name.contains(s))
}

/// The nearest people's government among `ancestors` (nearest first).
fn nearest_government<'a>(ancestors: &[ChainLink<'a>]) -> Option<&'a str> {
    ancestors
        .iter()
        .find(|a| a.kind == AgencyKind::Government)
        .map(|a| a.name)
}

/// The reconsideration body of the agency `chain[0]`, whose ancestors follow
/// nearest first (`chain[1]` its parent in the agency tree), and the article
/// it rests on. A configured body wins (the text override of the vertically
/// managed agencies of 第二十七条); otherwise:
///
/// - a vertically managed agency (by name, [`is_vertically_managed`]) → its
///   superior department, unnamed (第二十七条);
/// - a working department (政府工作部门) → the government it belongs to, the
///   nearest government above it (第二十四条第一款第（一）项);
/// - a body dispatched by a government (派出机关, e.g. 街道办事处) → that
///   government (第二十四条第一款第（三）项); one set up by a department
///   (派出机构) → the government of the department's level (第二十四条第四款);
/// - a province-level government → itself (第二十四条第二款); any other
///   government → the government one level up (第二十四条第一款第（二）项).
///
/// `None` for the name when the chain does not reach the government needed.
pub fn reconsideration_body(
    chain: &[ChainLink<'_>],
    configured_body: Option<&str>,
) -> (Option<String>, &'static str) {
    if let Some(body) = configured(configured_body) {
        return (Some(body), ART_27);
    }
    let Some((agency, ancestors)) = chain.split_first() else {
        return (None, ART_24_1_1);
    };
    if is_vertically_managed(agency.name) {
        return (None, ART_27);
    }
    let name = |s: Option<&str>| s.map(str::to_string);
    match agency.kind {
        AgencyKind::Government if agency.level == AgencyLevel::Province => {
            (Some(agency.name.to_string()), ART_24_2)
        }
        AgencyKind::Government => (name(nearest_government(ancestors)), ART_24_1_2),
        AgencyKind::Department => (name(nearest_government(ancestors)), ART_24_1_1),
        AgencyKind::DispatchedBody => match ancestors.first() {
            Some(parent) if parent.kind == AgencyKind::Government => {
                (Some(parent.name.to_string()), ART_24_1_3)
            }
            _ => (name(nearest_government(ancestors)), ART_24_4),
        },
    }
}

/// The redress of the agency `chain[0]` (see [`reconsideration_body`]) with
/// the agency's overrides.
pub fn redress(chain: &[ChainLink<'_>], overrides: &RedressOverrides) -> Redress {
    let (body, basis) = reconsideration_body(chain, overrides.reconsideration_body.as_deref());
    let vertical = basis == ART_27;
    Redress {
        body: body.or_else(|| vertical.then(|| SUPERIOR_DEPARTMENT.to_string())),
        basis,
        court: configured(overrides.court.as_deref())
            .unwrap_or_else(|| COURT_WITH_JURISDICTION.to_string()),
    }
}

/// `60日内向青山市人民政府申请行政复议，或者在6个月内向有管辖权的人民法院提起行政诉讼。`
fn named_tail(body: Option<&str>, court: &str) -> String {
    let to = match body.map(str::trim) {
        Some(b) if !b.is_empty() => format!("向{b}"),
        _ => "依法".to_string(),
    };
    format!(
        "{RECONSIDERATION_DAYS}日内{to}申请行政复议，或者在{LITIGATION_MONTHS}个月内向{court}提起行政诉讼。"
    )
}

/// The old tail: `60日内依法[向…]申请行政复议，或者在6个月内依法向人民法院提起行政诉讼。`
fn generic_tail(supervising: Option<&str>) -> String {
    let to = match supervising.map(str::trim) {
        Some(s) if !s.is_empty() => format!("向{s}"),
        _ => String::new(),
    };
    format!(
        "{RECONSIDERATION_DAYS}日内依法{to}申请行政复议，或者在{LITIGATION_MONTHS}个月内依法向人民法院提起行政诉讼。"
    )
}

fn issuer_phrase(agency_name: &str) -> String {
    match agency_name.trim() {
        "" => String::new(),
        name => format!("{name}作出的"),
    }
}

/// The sentence for `kind` around `tail`; `issuer` is the `…作出的` phrase
/// before 本答复 and `agency` the agency of the general sentence.
fn sentence(kind: DocumentKind, issuer: &str, agency: &str, tail: &str) -> String {
    let notice =
        |what: &str, doc: &str| format!("如对{issuer}{what}不服，可以在收到{doc}之日起{tail}");
    let general = |whom: &str| {
        format!(
            "如认为{agency}在政府信息公开工作中侵犯{whom}的合法权益，可以自知道该行政行为之日起{tail}"
        )
    };
    match kind {
        DocumentKind::Reply(_) => notice("本答复", "本答复"),
        DocumentKind::CorrectionNotice
        | DocumentKind::ExtensionNotice
        | DocumentKind::ThirdPartyApplicantNotice => notice("本告知", "本告知书"),
        DocumentKind::FeeNotice => notice("本收费决定", "本通知书"),
        DocumentKind::Receipt => general("您"),
        DocumentKind::ThirdPartyConsultation => general("您（单位）"),
        DocumentKind::CoProducerConsultation => {
            format!("本机关作出答复后，申请人如对答复不服，可以在收到答复之日起{tail}")
        }
    }
}

/// The redress sentence of a reply (《行政复议法》第二十条: 60 days;
/// 《行政诉讼法》第四十六条: 6 months) in its generic form, naming no court, e.g.
/// `如对白云区交通运输局作出的本答复不服，可以在收到本答复之日起60日内依法申请行政复议，或者在6个月内依法向人民法院提起行政诉讼。`
/// With an empty `agency_name` it reads `如对本答复不服，…`; with a
/// `supervising` body the reconsideration goes `向{supervising}`.
/// [`Redress::sentence`] names the body and the court.
pub fn redress_sentence(agency_name: &str, supervising: Option<&str>) -> String {
    redress_sentence_for(
        DocumentKind::Reply(crate::vocabulary::Outcome::Disclosed),
        agency_name,
        supervising,
    )
}

/// The generic redress sentence for `kind`: [`redress_sentence`] for replies;
/// for the notices to the applicant the same sentence about the notice; for
/// the receipt and the letter to a third party the general one of Art. 51
/// (the agency infringing lawful rights in its disclosure work); for the
/// letter to a co-producing agency the applicant's redress against the coming
/// reply.
pub fn redress_sentence_for(
    kind: DocumentKind,
    agency_name: &str,
    supervising: Option<&str>,
) -> String {
    let agency = match agency_name.trim() {
        "" => "本机关",
        name => name,
    };
    let supervising = match kind {
        DocumentKind::CoProducerConsultation => None,
        _ => supervising,
    };
    sentence(
        kind,
        &issuer_phrase(agency_name),
        agency,
        &generic_tail(supervising),
    )
}

/// The redress sentence of a document of `kind` naming the reconsideration
/// `body` and the `court`, in the words agencies use, e.g. for a reply
/// `如对本答复不服，可以在收到本答复之日起60日内向青山市人民政府申请行政复议，或者在6个月内向有管辖权的人民法院提起行政诉讼。`
/// Without a body (empty or `None`) the reconsideration is 依法申请行政复议;
/// without a court, [`COURT_WITH_JURISDICTION`].
pub fn named_redress_sentence(
    kind: DocumentKind,
    body: Option<&str>,
    court: Option<&str>,
) -> String {
    let court = court
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or(COURT_WITH_JURISDICTION);
    sentence(kind, "", "本机关", &named_tail(body, court))
}

impl Redress {
    /// [`named_redress_sentence`] with this body and court.
    pub fn sentence(&self, kind: DocumentKind) -> String {
        named_redress_sentence(kind, self.body.as_deref(), Some(&self.court))
    }
}

/// The government chain the tests of this rule and of the supervising
/// office's (`agency::supervision`) stand on.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::ChainLink;
    use crate::agency::{AgencyKind, AgencyLevel};

    pub(crate) const PROVINCE: ChainLink<'static> = ChainLink {
        name: "江南省人民政府",
        level: AgencyLevel::Province,
        kind: AgencyKind::Government,
    };
    pub(crate) const CITY: ChainLink<'static> = ChainLink {
        name: "青山市人民政府",
        level: AgencyLevel::City,
        kind: AgencyKind::Government,
    };
    pub(crate) const COUNTY: ChainLink<'static> = ChainLink {
        name: "白沙县人民政府",
        level: AgencyLevel::County,
        kind: AgencyKind::Government,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Outcome;

    use fixtures::{CITY, COUNTY, PROVINCE};

    fn county_department(name: &'static str) -> ChainLink<'static> {
        ChainLink {
            name,
            level: AgencyLevel::County,
            kind: AgencyKind::Department,
        }
    }

    fn body(chain: &[ChainLink<'_>]) -> (Option<String>, &'static str) {
        reconsideration_body(chain, None)
    }

    #[test]
    fn a_county_department_goes_to_its_county_government() {
        let chain = [
            county_department("白沙县交通运输局"),
            COUNTY,
            CITY,
            PROVINCE,
        ];
        assert_eq!(
            body(&chain),
            (
                Some("白沙县人民政府".into()),
                "《中华人民共和国行政复议法》第二十四条第一款第（一）项"
            )
        );
        // A department of a department (二级局) still goes to the government.
        let chain = [
            county_department("白沙县交通运输综合行政执法大队"),
            county_department("白沙县交通运输局"),
            COUNTY,
        ];
        assert_eq!(body(&chain).0.as_deref(), Some("白沙县人民政府"));
        // So does a province's department, to the province.
        let chain = [
            ChainLink {
                name: "江南省交通运输厅",
                level: AgencyLevel::Province,
                kind: AgencyKind::Department,
            },
            PROVINCE,
        ];
        assert_eq!(body(&chain).0.as_deref(), Some("江南省人民政府"));
    }

    #[test]
    fn a_government_goes_one_level_up_and_a_province_to_itself() {
        assert_eq!(
            body(&[COUNTY, CITY, PROVINCE]),
            (
                Some("青山市人民政府".into()),
                "《中华人民共和国行政复议法》第二十四条第一款第（二）项"
            )
        );
        let town = ChainLink {
            name: "白沙县城关镇人民政府",
            level: AgencyLevel::Township,
            kind: AgencyKind::Government,
        };
        assert_eq!(body(&[town, COUNTY]).0.as_deref(), Some("白沙县人民政府"));
        assert_eq!(body(&[CITY, PROVINCE]).0.as_deref(), Some("江南省人民政府"));
        assert_eq!(
            body(&[PROVINCE]),
            (
                Some("江南省人民政府".into()),
                "《中华人民共和国行政复议法》第二十四条第二款"
            )
        );
    }

    #[test]
    fn dispatched_bodies_go_to_the_government_that_set_them_up_or_of_their_department() {
        let street = ChainLink {
            name: "白沙县城关街道办事处",
            level: AgencyLevel::Township,
            kind: AgencyKind::DispatchedBody,
        };
        assert_eq!(
            body(&[street, COUNTY, CITY]),
            (
                Some("白沙县人民政府".into()),
                "《中华人民共和国行政复议法》第二十四条第一款第（三）项"
            )
        );
        let station = ChainLink {
            name: "白沙县公安局城关派出所",
            level: AgencyLevel::Township,
            kind: AgencyKind::DispatchedBody,
        };
        assert_eq!(
            body(&[station, county_department("白沙县公安局"), COUNTY, CITY]),
            (
                Some("白沙县人民政府".into()),
                "《中华人民共和国行政复议法》第二十四条第四款"
            )
        );
    }

    #[test]
    fn vertically_managed_agencies_go_to_the_configured_superior_department() {
        let tax = county_department("国家税务总局白沙县税务局");
        let chain = [tax, COUNTY, CITY];
        let configured = RedressOverrides {
            reconsideration_body: Some(" 国家税务总局青山市税务局 ".into()),
            court: None,
        };
        let r = redress(&chain, &configured);
        assert_eq!(r.body.as_deref(), Some("国家税务总局青山市税务局"));
        assert_eq!(r.basis, "《中华人民共和国行政复议法》第二十七条");
        assert_eq!(
            r.sentence(DocumentKind::Reply(Outcome::Disclosed)),
            "如对本答复不服，可以在收到本答复之日起60日内向国家税务总局青山市税务局申请行政复议，或者在6个月内向有管辖权的人民法院提起行政诉讼。"
        );
        // Without a configured body, not the county government: the words of the law.
        let r = redress(&chain, &RedressOverrides::default());
        assert_eq!(r.body.as_deref(), Some("上一级主管部门"));
        assert_eq!(r.basis, "《中华人民共和国行政复议法》第二十七条");
        assert!(is_vertically_managed("青山海关"));
        assert!(is_vertically_managed("国家金融监督管理总局青山监管分局"));
        assert!(!is_vertically_managed("白沙县地方金融管理局"));
        assert!(!is_vertically_managed("白沙县交通运输局"));
    }

    #[test]
    fn the_sentence_names_body_and_court_with_the_periods_of_the_law() {
        let chain = [COUNTY, CITY];
        let r = redress(&chain, &RedressOverrides::default());
        assert_eq!(r.court, "有管辖权的人民法院");
        assert_eq!(
            r.sentence(DocumentKind::Reply(Outcome::Partial)),
            "如对本答复不服，可以在收到本答复之日起60日内向青山市人民政府申请行政复议，或者在6个月内向有管辖权的人民法院提起行政诉讼。"
        );
        let with_court = RedressOverrides {
            reconsideration_body: None,
            court: Some("青山市中级人民法院".into()),
        };
        let r = redress(&chain, &with_court);
        assert_eq!(
            r.sentence(DocumentKind::FeeNotice),
            "如对本收费决定不服，可以在收到本通知书之日起60日内向青山市人民政府申请行政复议，或者在6个月内向青山市中级人民法院提起行政诉讼。"
        );
        assert_eq!(
            r.sentence(DocumentKind::Receipt),
            "如认为本机关在政府信息公开工作中侵犯您的合法权益，可以自知道该行政行为之日起60日内向青山市人民政府申请行政复议，或者在6个月内向青山市中级人民法院提起行政诉讼。"
        );
        assert_eq!(
            r.sentence(DocumentKind::CorrectionNotice),
            "如对本告知不服，可以在收到本告知书之日起60日内向青山市人民政府申请行政复议，或者在6个月内向青山市中级人民法院提起行政诉讼。"
        );
    }

    #[test]
    fn a_tree_that_does_not_reach_the_body_names_none() {
        // A department entered as the root of its tree.
        let r = redress(
            &[county_department("白沙县交通运输局")],
            &RedressOverrides::default(),
        );
        assert_eq!(r.body, None);
        assert_eq!(
            r.sentence(DocumentKind::Reply(Outcome::NotHeld)),
            "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，或者在6个月内向有管辖权的人民法院提起行政诉讼。"
        );
        assert_eq!(redress(&[], &RedressOverrides::default()).body, None);
        // An empty override is no override.
        let blank = RedressOverrides {
            reconsideration_body: Some("  ".into()),
            court: Some(String::new()),
        };
        let r = redress(&[county_department("白沙县交通运输局"), COUNTY], &blank);
        assert_eq!(r.body.as_deref(), Some("白沙县人民政府"));
        assert_eq!(r.court, "有管辖权的人民法院");
    }
}
