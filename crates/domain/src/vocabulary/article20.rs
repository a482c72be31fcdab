//! What must be published proactively: the fifteen items of Article 20 and the
//! additional matters of Article 21.

use super::report_format::ReportFormat;

/// An item of Article 20 （一）…（十五）: the statutory content every agency
/// publishes proactively. The catalogue is keyed to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Article20Item {
    /// （一）行政法规、规章和规范性文件
    Regulations,
    /// （二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名
    Organisation,
    /// （三）国民经济和社会发展规划、专项规划、区域规划及相关政策
    Plans,
    /// （四）国民经济和社会发展统计信息
    Statistics,
    /// （五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果
    Licensing,
    /// （六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定
    Enforcement,
    /// （七）财政预算、决算信息
    Budget,
    /// （八）行政事业性收费项目及其依据、标准
    Fees,
    /// （九）政府集中采购项目的目录、标准及实施情况
    Procurement,
    /// （十）重大建设项目的批准和实施情况
    MajorProjects,
    /// （十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况
    SocialPolicies,
    /// （十二）突发公共事件的应急预案、预警信息及应对情况
    Emergencies,
    /// （十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况
    Inspections,
    /// （十四）公务员招考的职位、名额、报考条件等事项以及录用结果
    CivilServiceRecruitment,
    /// （十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息
    OtherStatutory,
}

serde_as_code!(Article20Item);

const CHINESE_NUMERALS: [&str; 15] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五",
];

impl Article20Item {
    /// The fifteen items in statutory order.
    pub const ALL: [Article20Item; 15] = [
        Article20Item::Regulations,
        Article20Item::Organisation,
        Article20Item::Plans,
        Article20Item::Statistics,
        Article20Item::Licensing,
        Article20Item::Enforcement,
        Article20Item::Budget,
        Article20Item::Fees,
        Article20Item::Procurement,
        Article20Item::MajorProjects,
        Article20Item::SocialPolicies,
        Article20Item::Emergencies,
        Article20Item::Inspections,
        Article20Item::CivilServiceRecruitment,
        Article20Item::OtherStatutory,
    ];

    /// The item number, 1..=15.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_number(number: u8) -> Option<Article20Item> {
        Article20Item::ALL
            .get(usize::from(number).checked_sub(1)?)
            .copied()
    }

    /// The stable code stored in databases and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Article20Item::Regulations => "regulations",
            Article20Item::Organisation => "organisation",
            Article20Item::Plans => "plans",
            Article20Item::Statistics => "statistics",
            Article20Item::Licensing => "licensing",
            Article20Item::Enforcement => "enforcement",
            Article20Item::Budget => "budget",
            Article20Item::Fees => "fees",
            Article20Item::Procurement => "procurement",
            Article20Item::MajorProjects => "major_projects",
            Article20Item::SocialPolicies => "social_policies",
            Article20Item::Emergencies => "emergencies",
            Article20Item::Inspections => "inspections",
            Article20Item::CivilServiceRecruitment => "civil_service_recruitment",
            Article20Item::OtherStatutory => "other_statutory",
        }
    }

    pub fn from_code(code: &str) -> Option<Article20Item> {
        Article20Item::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The item's text in the Regulation.
    pub fn label(self) -> &'static str {
        match self {
            Article20Item::Regulations => "行政法规、规章和规范性文件",
            Article20Item::Organisation => {
                "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
            }
            Article20Item::Plans => "国民经济和社会发展规划、专项规划、区域规划及相关政策",
            Article20Item::Statistics => "国民经济和社会发展统计信息",
            Article20Item::Licensing => {
                "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"
            }
            Article20Item::Enforcement => {
                "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
            }
            Article20Item::Budget => "财政预算、决算信息",
            Article20Item::Fees => "行政事业性收费项目及其依据、标准",
            Article20Item::Procurement => "政府集中采购项目的目录、标准及实施情况",
            Article20Item::MajorProjects => "重大建设项目的批准和实施情况",
            Article20Item::SocialPolicies => {
                "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
            }
            Article20Item::Emergencies => "突发公共事件的应急预案、预警信息及应对情况",
            Article20Item::Inspections => {
                "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"
            }
            Article20Item::CivilServiceRecruitment => {
                "公务员招考的职位、名额、报考条件等事项以及录用结果"
            }
            Article20Item::OtherStatutory => {
                "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"
            }
        }
    }

    /// The ordinal as printed before the text: `（一）` … `（十五）`.
    pub fn ordinal_label(self) -> String {
        format!("（{}）", CHINESE_NUMERALS[self as usize])
    }

    /// The citation, as the report's table 二 prints it: `第二十条第（一）项`.
    pub fn citation(self) -> String {
        format!("第二十条第{}项", self.ordinal_label())
    }

    /// Reads a citation such as `第二十条第（五）项` (also with half-width brackets).
    pub fn from_citation(text: &str) -> Option<Article20Item> {
        let inner = text
            .trim()
            .strip_prefix("第二十条第")?
            .strip_suffix('项')?
            .trim();
        let numeral = inner
            .strip_prefix(['（', '('])?
            .strip_suffix(['）', ')'])?
            .trim();
        let index = CHINESE_NUMERALS.iter().position(|n| *n == numeral)?;
        Some(Article20Item::ALL[index])
    }

    /// Whether table 二 of the annual report counts this item: items 一, 五, 六
    /// and 八 in both formats, and 九 (政府集中采购) in the 2019 format only.
    pub fn counted_in_report_table2(self, format: ReportFormat) -> bool {
        match self {
            Article20Item::Regulations
            | Article20Item::Licensing
            | Article20Item::Enforcement
            | Article20Item::Fees => true,
            Article20Item::Procurement => format == ReportFormat::Y2019,
            _ => false,
        }
    }
}

/// Which agencies Article 21 adds matters for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Article21Scope {
    /// 设区的市级、县级人民政府及其部门 (city governments of cities with districts,
    /// county governments, and their departments).
    CityCounty,
    /// 乡（镇）人民政府 (township governments).
    Township,
}

serde_as_code!(Article21Scope);

impl Article21Scope {
    pub const ALL: [Article21Scope; 2] = [Article21Scope::CityCounty, Article21Scope::Township];

    pub fn code(self) -> &'static str {
        match self {
            Article21Scope::CityCounty => "city_county",
            Article21Scope::Township => "township",
        }
    }

    pub fn from_code(code: &str) -> Option<Article21Scope> {
        Article21Scope::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Article21Scope::CityCounty => "设区的市级、县级人民政府及其部门",
            Article21Scope::Township => "乡（镇）人民政府",
        }
    }

    /// The scope that applies to an agency at `level`; provincial agencies have no
    /// Article 21 matters.
    pub fn for_level(level: crate::agency::AgencyLevel) -> Option<Article21Scope> {
        use crate::agency::AgencyLevel;
        match level {
            AgencyLevel::Province => None,
            AgencyLevel::City | AgencyLevel::County => Some(Article21Scope::CityCounty),
            AgencyLevel::Township => Some(Article21Scope::Township),
        }
    }

    /// The matters Article 21 lists for this scope, in the Regulation's order.
    pub fn items(self) -> &'static [Article21Item] {
        use Article21Item::*;
        match self {
            Article21Scope::CityCounty => &[
                MunicipalConstruction,
                PublicServices,
                PublicWelfare,
                LandExpropriation,
                HousingExpropriation,
                PublicOrder,
                SocialAssistance,
            ],
            Article21Scope::Township => &[
                AgriculturalPolicy,
                IrrigationWorks,
                LandContractTransfer,
                HomesteadReview,
                LandExpropriation,
                HousingExpropriation,
                FundAndLabourRaising,
                SocialAssistance,
            ],
        }
    }
}

/// A matter Article 21 adds to the proactive catalogue "根据本地方的具体情况".
///
/// City-level governments of cities with districts, county governments and their
/// departments ([`Article21Scope::CityCounty`]): 市政建设、公共服务、公益事业、土地征收、
/// 房屋征收、治安管理、社会救助. Township governments ([`Article21Scope::Township`]):
/// 农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、
/// 土地征收、房屋征收、筹资筹劳、社会救助. 土地征收, 房屋征收 and 社会救助 are in both
/// lists; see [`Article21Item::scopes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Article21Item {
    /// 市政建设 (city/county)
    MunicipalConstruction,
    /// 公共服务 (city/county)
    PublicServices,
    /// 公益事业 (city/county)
    PublicWelfare,
    /// 土地征收 (both)
    LandExpropriation,
    /// 房屋征收 (both)
    HousingExpropriation,
    /// 治安管理 (city/county)
    PublicOrder,
    /// 社会救助 (both)
    SocialAssistance,
    /// 农业农村政策 (township)
    AgriculturalPolicy,
    /// 农田水利工程建设运营 (township)
    IrrigationWorks,
    /// 农村土地承包经营权流转 (township)
    LandContractTransfer,
    /// 宅基地使用情况审核 (township)
    HomesteadReview,
    /// 筹资筹劳 (township)
    FundAndLabourRaising,
}

serde_as_code!(Article21Item);

impl Article21Item {
    pub const ALL: [Article21Item; 12] = [
        Article21Item::MunicipalConstruction,
        Article21Item::PublicServices,
        Article21Item::PublicWelfare,
        Article21Item::LandExpropriation,
        Article21Item::HousingExpropriation,
        Article21Item::PublicOrder,
        Article21Item::SocialAssistance,
        Article21Item::AgriculturalPolicy,
        Article21Item::IrrigationWorks,
        Article21Item::LandContractTransfer,
        Article21Item::HomesteadReview,
        Article21Item::FundAndLabourRaising,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Article21Item::MunicipalConstruction => "municipal_construction",
            Article21Item::PublicServices => "public_services",
            Article21Item::PublicWelfare => "public_welfare",
            Article21Item::LandExpropriation => "land_expropriation",
            Article21Item::HousingExpropriation => "housing_expropriation",
            Article21Item::PublicOrder => "public_order",
            Article21Item::SocialAssistance => "social_assistance",
            Article21Item::AgriculturalPolicy => "agricultural_policy",
            Article21Item::IrrigationWorks => "irrigation_works",
            Article21Item::LandContractTransfer => "land_contract_transfer",
            Article21Item::HomesteadReview => "homestead_review",
            Article21Item::FundAndLabourRaising => "fund_and_labour_raising",
        }
    }

    pub fn from_code(code: &str) -> Option<Article21Item> {
        Article21Item::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The matter as the Regulation words it.
    pub fn label(self) -> &'static str {
        match self {
            Article21Item::MunicipalConstruction => "市政建设",
            Article21Item::PublicServices => "公共服务",
            Article21Item::PublicWelfare => "公益事业",
            Article21Item::LandExpropriation => "土地征收",
            Article21Item::HousingExpropriation => "房屋征收",
            Article21Item::PublicOrder => "治安管理",
            Article21Item::SocialAssistance => "社会救助",
            Article21Item::AgriculturalPolicy => "农业农村政策",
            Article21Item::IrrigationWorks => "农田水利工程建设运营",
            Article21Item::LandContractTransfer => "农村土地承包经营权流转",
            Article21Item::HomesteadReview => "宅基地使用情况审核",
            Article21Item::FundAndLabourRaising => "筹资筹劳",
        }
    }

    /// The agencies this matter applies to.
    pub fn scopes(self) -> &'static [Article21Scope] {
        match self {
            Article21Item::LandExpropriation
            | Article21Item::HousingExpropriation
            | Article21Item::SocialAssistance => {
                &[Article21Scope::CityCounty, Article21Scope::Township]
            }
            Article21Item::MunicipalConstruction
            | Article21Item::PublicServices
            | Article21Item::PublicWelfare
            | Article21Item::PublicOrder => &[Article21Scope::CityCounty],
            Article21Item::AgriculturalPolicy
            | Article21Item::IrrigationWorks
            | Article21Item::LandContractTransfer
            | Article21Item::HomesteadReview
            | Article21Item::FundAndLabourRaising => &[Article21Scope::Township],
        }
    }

    pub fn applies_to(self, scope: Article21Scope) -> bool {
        self.scopes().contains(&scope)
    }
}
