//! The demo's applicants (fictional; identity numbers and codes carry valid
//! check characters) and how their applications came in.

use gongkai_domain::agency_code::uscc_check_char;
use gongkai_domain::application::{Application, ApplicationForm};
use gongkai_domain::identity::resident_id_check_char;
use gongkai_domain::vocabulary::Channel;
use gongkai_store::StoreResult;

use super::corrupt;

pub(super) struct Person {
    kind: &'static str,
    name: &'static str,
    /// 17 characters (the check character is computed) or a whole number.
    id: &'static str,
    contact: &'static str,
    phone: &'static str,
    email: &'static str,
    address: &'static str,
}

pub(super) const ZHANG: usize = 0;
pub(super) const LI: usize = 1;
pub(super) const WANG: usize = 2;
pub(super) const LIU: usize = 3;
pub(super) const CHEN: usize = 4;
pub(super) const ZHAO: usize = 5;
pub(super) const SUN: usize = 6;
pub(super) const ZHOU: usize = 7;
pub(super) const ZHENG: usize = 8;
pub(super) const SHUNDA: usize = 9;
pub(super) const TONGQU: usize = 10;
pub(super) const INSTITUTE: usize = 11;
pub(super) const ASSOCIATION: usize = 12;
pub(super) const LAW_FIRM: usize = 13;
pub(super) const VILLAGE: usize = 14;

pub(super) const PEOPLE: &[Person] = &[
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
pub(super) enum Via {
    InPerson,
    Post,
    Online,
    Email,
}

impl Via {
    pub(super) fn channel(self) -> Channel {
        match self {
            Via::InPerson => Channel::InPerson,
            Via::Post => Channel::Post,
            Via::Online => Channel::Online,
            Via::Email => Channel::Email,
        }
    }

    pub(super) fn delivery(self) -> (&'static str, &'static str) {
        match self {
            Via::InPerson => ("paper", "collect_in_person"),
            Via::Post => ("paper", "post"),
            Via::Online => ("electronic", "online"),
            Via::Email => ("electronic", "email"),
        }
    }
}

pub(super) fn application(p: &Person, via: Via, request: &str) -> StoreResult<Application> {
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
