//! Typed views: one askama struct per page. Templates live in `templates/`.

use askama::Template;
use gongkai_store::Agency;

use crate::auth::CurrentStaff;
use crate::guide::GuideSection;
pub use crate::handlers::items_review::Shows;
pub use gongkai_domain::catalogue::revision::BodyLine;

/// What every page's frame needs: who is logged in and the form token.
pub struct Chrome {
    pub staff_name: Option<String>,
    pub agency_name: Option<String>,
    pub csrf: String,
    /// A draft agency's column seen by staff who may preview it: the
    /// banner 预览（未上线） (see `tree::column_agency`).
    pub preview: bool,
    /// 大字版 / 高对比度, from the browser's cookie (`crate::display`).
    pub display: crate::display::Display,
    /// 网站设置 as this page shows them (footer, name, an agency's theme;
    /// `crate::portal`).
    pub site: gongkai_app::site::SiteView,
}

impl Chrome {
    pub fn new(staff: Option<&CurrentStaff>, csrf: &str) -> Chrome {
        Chrome {
            staff_name: staff.map(|s| s.staff.display_name.clone()),
            agency_name: staff.map(|s| s.agency.profile.short_name.clone()),
            csrf: csrf.to_string(),
            preview: false,
            display: crate::display::Display::current(),
            site: crate::portal::current_site(None),
        }
    }

    /// The header's display-mode links (大字版 etc.), back to this page.
    pub fn display_links(&self) -> Vec<(String, &'static str, bool)> {
        crate::display::Display::switch_links()
    }

    /// A page of `agency`'s column: marked as a preview while it is a
    /// draft (only those who may preview it get such a page).
    pub fn previewing(mut self, agency: &Agency) -> Chrome {
        self.preview = !agency.is_online();
        self.site = crate::portal::current_site(Some(agency.id));
        self
    }
}

/// An agency placed in the tree, for indented lists.
pub struct TreeRow {
    pub agency: Agency,
    pub depth: usize,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    /// 最新信息: the latest published items across online agencies.
    pub latest: Vec<gongkai_store::PortalItem>,
    /// 通知公告: the latest of the genre 通知.
    pub notices: Vec<gongkai_store::PortalItem>,
    /// The agency tree, each level below the first folded (`<details>`).
    pub tree: Vec<crate::handlers::home::FoldedRow>,
}

/// The four parts of an agency's 政府信息公开 column (国办公开办函〔2019〕61号).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnPart {
    Guide,
    Rules,
    Catalogue,
    Reports,
}

impl ColumnPart {
    pub const ALL: [ColumnPart; 4] = [
        ColumnPart::Guide,
        ColumnPart::Rules,
        ColumnPart::Catalogue,
        ColumnPart::Reports,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ColumnPart::Guide => "政府信息公开指南",
            ColumnPart::Rules => "政府信息公开制度",
            ColumnPart::Catalogue => "法定主动公开内容",
            ColumnPart::Reports => "政府信息公开年报",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ColumnPart::Guide => "guide",
            ColumnPart::Rules => "rules",
            ColumnPart::Catalogue => "catalogue",
            ColumnPart::Reports => "reports",
        }
    }
}

#[derive(Template)]
#[template(path = "column.html")]
pub struct ColumnPage {
    pub chrome: Chrome,
    /// The column's one header (`crate::portal`).
    pub head: crate::portal::ColumnHead,
    pub agency: Agency,
    pub ancestors: Vec<Agency>,
    pub children: Vec<Agency>,
    pub part: ColumnPart,
    pub parts: [ColumnPart; 4],
    /// 指南: the edited text, or the sections generated from the agency's data.
    pub guide_text: Option<String>,
    pub guide: Vec<GuideSection>,
    pub rules_text: Option<String>,
    /// 无信息说明 of the 制度 column with its date, when the agency has none.
    pub rules_note: Option<String>,
    pub can_edit: bool,
    /// The agency opened the online channel: offer the application form.
    pub can_apply: bool,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub username: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "texts_edit.html")]
pub struct TextsEditPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub guide_text: String,
    pub generated_guide: String,
    pub rules_text: String,
}

/// Values of the agency form, kept as typed so an error re-shows them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AgencyForm {
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub office_name: String,
    #[serde(default)]
    pub office_address: String,
    #[serde(default)]
    pub office_postcode: String,
    #[serde(default)]
    pub office_hours: String,
    #[serde(default)]
    pub office_phone: String,
    #[serde(default)]
    pub office_fax: String,
    #[serde(default)]
    pub office_email: String,
    #[serde(default)]
    pub ch_online: Option<String>,
    #[serde(default)]
    pub ch_fax: Option<String>,
    #[serde(default)]
    pub ch_email: Option<String>,
}

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "agency_form.html")]
pub struct AgencyFormPage {
    pub chrome: Chrome,
    /// None: creating a new agency under `form.parent`.
    pub editing: Option<Agency>,
    /// 上线 state and checklist of the agency edited.
    pub launch: Option<crate::handlers::admin_launch::LaunchView>,
    /// 检查结果邮件 of the agency edited.
    pub findings_mail: Option<crate::handlers::admin_findings_mail::MailView>,
    pub parent_name: String,
    pub form: AgencyForm,
    pub levels: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub error: Option<String>,
}

pub struct StaffRowView {
    pub username: String,
    pub display_name: String,
    pub roles: String,
    pub state: String,
    pub active: bool,
    pub locked: bool,
    /// `/admin/agencies/{code}/staff/{username}`: the actions are below it.
    pub path: String,
    /// The roles as checkboxes for the role change form.
    pub role_checks: Vec<RoleCheck>,
}

pub struct RoleCheck {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff.html")]
pub struct StaffPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub staff: Vec<StaffRowView>,
    pub roles: Vec<Choice>,
    /// The password policy in words.
    pub policy: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

pub struct CalendarYearView {
    pub year: i32,
    pub source: &'static str,
    pub off_days: usize,
    pub work_days: usize,
    pub notices: String,
    /// Who entered the year and when (empty for the vendored notices).
    pub entered: String,
}

pub struct OverrideView {
    pub date: String,
    pub kind: &'static str,
    pub name: String,
    pub notice: String,
    /// Who entered the change and when.
    pub entered: String,
}

#[derive(Template)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    pub chrome: Chrome,
    pub years: Vec<CalendarYearView>,
    pub overrides: Vec<OverrideView>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub can_edit: bool,
}

mod items;
mod reports;
mod requests;

pub use items::*;
pub use reports::*;
pub use requests::*;
