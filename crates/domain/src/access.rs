//! Who among the staff sees what of an application for disclosure: the one
//! policy that case pages, downloads, the workbench queue and the JSON API
//! all apply (least privilege).
//!
//! An application carries the applicant's personal data (identity number,
//! phone, address, e-mail, an identity proof). Only the staff who handle it
//! need all of it. The policy first decides a level from the staff member's
//! roles and where the case sits relative to their agency, then what each
//! field shows at that level.
//!
//! Levels, by role (a member holding several roles gets the highest):
//!
//! | role                  | own agency | agency below | elsewhere |
//! |-----------------------|------------|--------------|-----------|
//! | 承办人 clerk           | full       | none         | none      |
//! | 审核人 reviewer        | full       | none         | none      |
//! | 监督员 supervisor      | masked     | masked       | none      |
//! | 管理员 administrator   | masked     | masked       | none      |
//! | 信息员 editor          | none       | none         | none      |
//! | 平台管理员 platform    | none       | none         | none      |
//!
//! Clerks and reviewers handle the agency's cases, so they see everything;
//! their casework is their own agency's, not the agencies below. Supervisors
//! watch deadlines and outcomes of their agency and the agencies below: they
//! see a case with the applicant's name but the identity number and phone
//! masked and no address, e-mail or identity proof (as before). Administrators
//! manage staff, templates and the agency's data; they answer for how the
//! agency works, so they may open a case the way a supervisor does, never more
//! unless they also hold a casework role. Editors publish the catalogue and
//! platform administrators keep the calendar: neither sees cases at all.
//!
//! Fields, by level:
//!
//! | field                          | full | masked                 |
//! |--------------------------------|------|------------------------|
//! | name (姓名/名称)                | yes  | yes                    |
//! | identity number                | yes  | masked (`110105********002X`) |
//! | phone                          | yes  | masked (`138****8000`) |
//! | e-mail, address, postcode      | yes  | hidden                 |
//! | contact person (organisations) | yes  | hidden                 |
//! | identity proof (uploaded file) | yes  | no                     |
//! | issued documents (letters)     | yes  | yes                    |
//! | similar earlier applications   | yes  | no                     |
//!
//! Issued documents carry only the name and the request, which a masked
//! reader sees anyway; supervisors need them to judge a reply.

use crate::application::Applicant;
use crate::staff::Role;

/// Where a case's agency sits relative to the staff member's agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The staff member's own agency handles the case.
    OwnAgency,
    /// An agency below the staff member's (in their subtree).
    Subtree,
    /// Anywhere else.
    Outside,
}

/// How much of a case a staff member sees. Ordered: `None < Masked < Full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseAccess {
    /// Not the case at all (403).
    None,
    /// The case, deadlines and documents; personal data masked or hidden.
    Masked,
    /// Everything, including the identity proof.
    Full,
}

/// What one field of the applicant shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldView {
    Full,
    Masked,
    Hidden,
}

/// The applicant's personal data, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicantField {
    Name,
    IdNumber,
    Phone,
    Email,
    Address,
    Postcode,
    ContactPerson,
}

/// The applicant as a staff member may see them: each field already masked
/// or left out (`None`) according to the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantShown {
    pub name: String,
    /// The identity document's label, e.g. 居民身份证 (not personal).
    pub id_document: &'static str,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub contact_person: Option<String>,
}

impl CaseAccess {
    /// The level for a staff member with `roles` looking at a case of an
    /// agency in `relation` to theirs (the highest any of their roles gives).
    pub fn for_staff(roles: &[Role], relation: Relation) -> CaseAccess {
        roles
            .iter()
            .map(|r| Self::for_role(*r, relation))
            .max()
            .unwrap_or(CaseAccess::None)
    }

    fn for_role(role: Role, relation: Relation) -> CaseAccess {
        match (relation, role) {
            (Relation::Outside, _) => CaseAccess::None,
            (Relation::OwnAgency, Role::Clerk | Role::Reviewer) => CaseAccess::Full,
            (_, Role::Supervisor | Role::Administrator) => CaseAccess::Masked,
            _ => CaseAccess::None,
        }
    }

    /// May see the case at all.
    pub fn may_view(self) -> bool {
        self > CaseAccess::None
    }

    /// What `field` shows at this level.
    pub fn field(self, field: ApplicantField) -> FieldView {
        match (self, field) {
            (CaseAccess::Full, _) => FieldView::Full,
            (CaseAccess::None, _) => FieldView::Hidden,
            (CaseAccess::Masked, ApplicantField::Name) => FieldView::Full,
            (CaseAccess::Masked, ApplicantField::IdNumber | ApplicantField::Phone) => {
                FieldView::Masked
            }
            (
                CaseAccess::Masked,
                ApplicantField::Email
                | ApplicantField::Address
                | ApplicantField::Postcode
                | ApplicantField::ContactPerson,
            ) => FieldView::Hidden,
        }
    }

    /// May download the uploaded identity proof.
    pub fn may_download_id_proof(self) -> bool {
        self == CaseAccess::Full
    }

    /// May download the documents issued on the case (notices, the reply).
    pub fn may_download_documents(self) -> bool {
        self.may_view()
    }

    /// May see the applicant's other applications (a casework tool for the
    /// repeated-application decision, 第三十六条第（六）项: only for handlers).
    pub fn may_see_related_cases(self) -> bool {
        self == CaseAccess::Full
    }

    /// The applicant as this level shows them; `None` when the case is not
    /// to be seen at all.
    pub fn applicant(self, a: &Applicant) -> Option<ApplicantShown> {
        if !self.may_view() {
            return None;
        }
        let pick = |f: ApplicantField, full: &str, masked: &dyn Fn() -> String| match self.field(f)
        {
            FieldView::Full if full.is_empty() => None,
            FieldView::Full => Some(full.to_string()),
            FieldView::Masked => Some(masked()),
            FieldView::Hidden => None,
        };
        let none = || String::new();
        Some(ApplicantShown {
            name: a.name.clone(),
            id_document: a.id_document.label(),
            id_number: pick(ApplicantField::IdNumber, &a.id_number, &|| a.masked_id()),
            phone: pick(ApplicantField::Phone, &a.phone, &|| a.masked_phone()),
            email: pick(
                ApplicantField::Email,
                a.email.as_deref().unwrap_or(""),
                &none,
            ),
            address: pick(ApplicantField::Address, &a.address, &none),
            postcode: pick(ApplicantField::Postcode, &a.postcode, &none),
            contact_person: pick(ApplicantField::ContactPerson, &a.contact_person, &none),
        })
    }

    /// Why a staff member may not see a case, in Chinese, for the 403 page
    /// or the API's error.
    pub fn refusal_zh(relation: Relation) -> &'static str {
        match relation {
            Relation::Outside => "该申请不属于本机关或下级机关，无权查看。",
            Relation::OwnAgency => {
                "查看依申请公开的申请需要本机关的承办人、审核人、监督员或管理员角色；\
                 您的角色不办理申请，无权查看申请和申请人的个人信息。如需办理，请联系本机关管理员分配角色。"
            }
            Relation::Subtree => {
                "查看下级机关的申请需要监督员或管理员角色；申请人的个人信息只有受理机关的承办人、审核人可以查看。"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::IdDocument;
    use crate::vocabulary::ApplicantType;
    use CaseAccess::{Full, Masked, None as No};
    use Relation::{Outside, OwnAgency, Subtree};
    use Role::*;

    #[test]
    fn levels_by_roles_and_relation() {
        // (roles, relation, expected level) — written from the table in the module doc.
        let table: &[(&[Role], Relation, CaseAccess)] = &[
            (&[Clerk], OwnAgency, Full),
            (&[Reviewer], OwnAgency, Full),
            (&[Supervisor], OwnAgency, Masked),
            (&[Administrator], OwnAgency, Masked),
            (&[Editor], OwnAgency, No),
            (&[PlatformAdministrator], OwnAgency, No),
            (&[Clerk], Subtree, No),
            (&[Reviewer], Subtree, No),
            (&[Supervisor], Subtree, Masked),
            (&[Administrator], Subtree, Masked),
            (&[Editor], Subtree, No),
            (&[Clerk], Outside, No),
            (&[Supervisor], Outside, No),
            (&[Administrator, Supervisor, Clerk], Outside, No),
            // several roles: the highest counts
            (&[Editor, Clerk], OwnAgency, Full),
            (&[Editor, Supervisor], OwnAgency, Masked),
            (&[Administrator, Reviewer], OwnAgency, Full),
            (&[Administrator, Reviewer], Subtree, Masked),
            (
                &[PlatformAdministrator, Administrator, Supervisor],
                Subtree,
                Masked,
            ),
            (&[], OwnAgency, No),
        ];
        for (roles, relation, expected) in table {
            assert_eq!(
                CaseAccess::for_staff(roles, *relation),
                *expected,
                "{roles:?} on a case {relation:?}"
            );
        }
    }

    #[test]
    fn fields_by_level() {
        use ApplicantField::*;
        let table: &[(CaseAccess, ApplicantField, FieldView)] = &[
            (Full, Name, FieldView::Full),
            (Full, IdNumber, FieldView::Full),
            (Full, Phone, FieldView::Full),
            (Full, Email, FieldView::Full),
            (Full, Address, FieldView::Full),
            (Full, ContactPerson, FieldView::Full),
            (Masked, Name, FieldView::Full),
            (Masked, IdNumber, FieldView::Masked),
            (Masked, Phone, FieldView::Masked),
            (Masked, Email, FieldView::Hidden),
            (Masked, Address, FieldView::Hidden),
            (Masked, Postcode, FieldView::Hidden),
            (Masked, ContactPerson, FieldView::Hidden),
            (No, Name, FieldView::Hidden),
            (No, IdNumber, FieldView::Hidden),
        ];
        for (level, field, expected) in table {
            assert_eq!(level.field(*field), *expected, "{level:?} {field:?}");
        }
        // downloads: (level, identity proof, documents, related cases)
        let downloads: &[(CaseAccess, bool, bool, bool)] = &[
            (Full, true, true, true),
            (Masked, false, true, false),
            (No, false, false, false),
        ];
        for (level, proof, docs, related) in downloads {
            assert_eq!(level.may_download_id_proof(), *proof, "{level:?}");
            assert_eq!(level.may_download_documents(), *docs, "{level:?}");
            assert_eq!(level.may_see_related_cases(), *related, "{level:?}");
        }
    }

    fn zhang_san() -> Applicant {
        Applicant {
            kind: ApplicantType::NaturalPerson,
            name: "张三".into(),
            id_document: IdDocument::ResidentIdCard,
            id_number: "11010519491231002X".into(),
            contact_person: String::new(),
            phone: "13800138000".into(),
            email: Some("zs@example.cn".into()),
            address: "青山市人民路1号".into(),
            postcode: "100000".into(),
        }
    }

    #[test]
    fn the_applicant_as_each_level_shows_them() {
        let a = zhang_san();
        let full = Full.applicant(&a).unwrap();
        assert_eq!(full.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(full.phone.as_deref(), Some("13800138000"));
        assert_eq!(full.email.as_deref(), Some("zs@example.cn"));
        assert_eq!(full.address.as_deref(), Some("青山市人民路1号"));
        assert_eq!(full.contact_person, None); // empty for a natural person

        let masked = Masked.applicant(&a).unwrap();
        assert_eq!(masked.name, "张三");
        assert_eq!(masked.id_number.as_deref(), Some("110105********002X"));
        assert_eq!(masked.phone.as_deref(), Some("138****8000"));
        assert_eq!(masked.email, None);
        assert_eq!(masked.address, None);
        assert_eq!(masked.postcode, None);

        assert_eq!(No.applicant(&a), None);
    }
}
