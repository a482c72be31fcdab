//! Applicant types (申请人类型): exactly the six applicant columns of the annual
//! report's table 三, in their printed order.

/// The type of an applicant, as table 三 of the annual report counts it.
///
/// The first column is 自然人; the other five split 法人或其他组织.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApplicantType {
    /// 自然人
    NaturalPerson,
    /// 法人或其他组织：商业企业
    CommercialEnterprise,
    /// 法人或其他组织：科研机构
    ResearchInstitution,
    /// 法人或其他组织：社会公益组织
    PublicWelfareOrganisation,
    /// 法人或其他组织：法律服务机构
    LegalServiceInstitution,
    /// 法人或其他组织：其他
    OtherOrganisation,
}

serde_as_code!(ApplicantType);

impl ApplicantType {
    /// The six types in the order of table 三's columns.
    pub const ALL: [ApplicantType; 6] = [
        ApplicantType::NaturalPerson,
        ApplicantType::CommercialEnterprise,
        ApplicantType::ResearchInstitution,
        ApplicantType::PublicWelfareOrganisation,
        ApplicantType::LegalServiceInstitution,
        ApplicantType::OtherOrganisation,
    ];

    /// The stable code stored in databases and URLs.
    pub fn code(self) -> &'static str {
        match self {
            ApplicantType::NaturalPerson => "natural_person",
            ApplicantType::CommercialEnterprise => "commercial_enterprise",
            ApplicantType::ResearchInstitution => "research_institution",
            ApplicantType::PublicWelfareOrganisation => "public_welfare_organisation",
            ApplicantType::LegalServiceInstitution => "legal_service_institution",
            ApplicantType::OtherOrganisation => "other_organisation",
        }
    }

    pub fn from_code(code: &str) -> Option<ApplicantType> {
        ApplicantType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The column label of table 三, verbatim (`其他` for the last one).
    pub fn label(self) -> &'static str {
        match self {
            ApplicantType::NaturalPerson => "自然人",
            ApplicantType::CommercialEnterprise => "商业企业",
            ApplicantType::ResearchInstitution => "科研机构",
            ApplicantType::PublicWelfareOrganisation => "社会公益组织",
            ApplicantType::LegalServiceInstitution => "法律服务机构",
            ApplicantType::OtherOrganisation => "其他",
        }
    }

    /// The label with its group, for forms where `其他` alone would be unclear:
    /// `自然人`, `法人或其他组织（商业企业）` … `法人或其他组织（其他）`.
    pub fn full_label(self) -> String {
        if self.is_natural_person() {
            self.label().to_string()
        } else {
            format!("{}（{}）", self.group_label(), self.label())
        }
    }

    /// The column of table 三 counting this type, 0..=5 (总计 is column 6 and not
    /// a type).
    pub fn column_index(self) -> usize {
        self as usize
    }

    pub fn from_column_index(index: usize) -> Option<ApplicantType> {
        ApplicantType::ALL.get(index).copied()
    }

    pub fn is_natural_person(self) -> bool {
        self == ApplicantType::NaturalPerson
    }

    /// The column group: `自然人` or `法人或其他组织`.
    pub fn group_label(self) -> &'static str {
        if self.is_natural_person() {
            "自然人"
        } else {
            "法人或其他组织"
        }
    }
}
