//! One file per resource and action.

pub mod account;
pub mod admin_agency;
pub mod admin_calendar;
pub mod admin_staff;
pub mod admin_templates;
pub mod admin_texts;
pub mod agency_column;
pub mod apply;
pub mod assets;
pub mod audit_trail;
pub mod case_action;
pub mod case_appeals;
pub mod case_documents;
pub mod case_register;
pub mod case_show;
pub mod figures;
pub mod health;
pub mod home;
pub mod items_public;
pub mod items_staff;
pub mod login;
pub mod logout;
pub mod report_check;
pub mod report_import;
pub mod reports;
pub mod reports_public;
pub mod search_page;
pub mod staff_lifecycle;
pub mod track;
pub mod workbench;

use axum::Extension;

use crate::csrf::CsrfToken;

/// The CSRF token extension, as handlers take it.
pub type Csrf = Extension<CsrfToken>;

/// The agency-tree permission (`gongkai_domain::policy::may`): may `who` do
/// `permission` on agency `target` — their own agency or one below it, per
/// role? The refusal's message is Chinese, for the page.
pub fn may_at(
    all: &[gongkai_store::Agency],
    who: &crate::auth::CurrentStaff,
    permission: gongkai_domain::policy::Permission,
    target: gongkai_store::AgencyId,
) -> Result<(), gongkai_domain::policy::Refusal> {
    let mut path: Vec<_> = crate::tree::ancestors(all, target)
        .iter()
        .map(|a| a.id)
        .collect();
    path.push(target);
    let actor = gongkai_domain::policy::Principal {
        agency: who.agency.id,
        roles: &who.staff.roles,
    };
    gongkai_domain::policy::may(
        &actor,
        permission,
        &gongkai_domain::policy::AgencyPath::new(path),
    )
}
