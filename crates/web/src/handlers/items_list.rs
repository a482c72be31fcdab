//! `GET /items`: the editor's list of the agency's items (信息列表), in
//! every state, narrowed by state, 成文年份, Article 20 item, topic,
//! validity and 退回, searched by title, 文号 or 索引号, last changed first
//! (or first changed first), a page at a time (`?after=`, the "下一页"
//! link, which keeps the filters) with the count of all it selects. Each
//! page is two queries in the database
//! (`gongkai_app::catalogue_list::item_list_page`), never the items' bodies.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_app::catalogue_list::{self, ITEM_SEARCH_MAX_CHARS};
use gongkai_domain::catalogue::{ItemState, PUBLICATION_WORKING_DAYS, TopTopic, Validity};
use gongkai_domain::policy::{self, Permission};
use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::{ItemListFilter, ItemListRow};
use serde::{Deserialize, Serialize};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::{self, Query};
use crate::state::AppState;
use crate::views::{Chrome, ItemRow, Opt};

/// The list's query: where the page starts (`after`, the "下一页" link's
/// cursor) and what it is narrowed to, each as the form sends it.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    /// 检索: title, 文号 or 索引号.
    pub q: String,
    /// An item state's code (`refused`).
    pub state: String,
    /// The year of the 成文日期.
    pub year: String,
    /// A 第二十条 item's code.
    pub item: String,
    /// A top-level topic's code.
    pub topic: String,
    /// A validity's code.
    pub validity: String,
    /// `1`: only items the reviewer returned at least once.
    pub returned: String,
    /// `old`: first changed first; blank or `new`: last changed first.
    pub sort: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "items_staff.html")]
pub struct ItemsStaffPage {
    pub chrome: Chrome,
    pub agency_name: String,
    pub can_edit: bool,
    pub rows: Vec<ItemRow>,
    /// What the list is narrowed to, as asked (the form shows it again).
    pub params: ListParams,
    /// How many items the filters select, on every page.
    pub total: u64,
    /// Whether any filter or search is given.
    pub filtered: bool,
    pub states: Vec<Opt>,
    pub article20: Vec<Opt>,
    pub topics: Vec<Opt>,
    pub validities: Vec<Opt>,
    /// The link to the next page, if there is one.
    pub next: Option<String>,
    /// The link to the first page, on a later one.
    pub first: Option<String>,
}

/// The filter the parameters ask for, or the first parameter that is
/// wrong, said in Chinese with what to do.
fn filter_of(p: &ListParams) -> Result<ItemListFilter, String> {
    let state = match p.state.trim() {
        "" => None,
        code => Some(ItemState::from_code(code).ok_or_else(|| {
            let choices: Vec<String> = ItemState::ALL
                .iter()
                .map(|s| format!("{}（{}）", s.code(), s.label_zh()))
                .collect();
            format!(
                "状态“{}”无法识别，可选：{}。",
                short(code),
                choices.join("、")
            )
        })?),
    };
    let year = match p.year.trim() {
        "" => None,
        y => Some(params::Year::parse(y)?.0),
    };
    let returned = match p.returned.trim() {
        "" | "0" => false,
        "1" => true,
        other => {
            return Err(format!(
                "“退回”参数只能为1（只看被退回过的信息）或留空（收到“{}”）。",
                short(other)
            ));
        }
    };
    let oldest_first = match p.sort.trim() {
        "" | "new" => false,
        "old" => true,
        other => {
            return Err(format!(
                "排序参数只能为new（最近更新在前）或old（最早更新在前）（收到“{}”）。",
                short(other)
            ));
        }
    };
    let q = p.q.trim();
    if q.chars().count() > ITEM_SEARCH_MAX_CHARS {
        return Err(format!(
            "检索词最多{ITEM_SEARCH_MAX_CHARS}个字，请输入标题、文号或索引号中的一段。"
        ));
    }
    if q.chars().any(char::is_control) {
        return Err("检索词中有控制字符，请只输入标题、文号或索引号中的文字。".into());
    }
    Ok(ItemListFilter {
        state,
        year,
        article20: params::article20(&p.item)?,
        topic: params::top_topic(&p.topic)?,
        validity: params::validity(&p.validity)?,
        genre: None,
        returned,
        search: (!q.is_empty()).then(|| q.to_string()),
        oldest_first,
    })
}

/// A long hostile value is not echoed whole.
fn short(v: &str) -> String {
    v.chars().take(24).collect()
}

/// The list's link with `p`'s filters (and `after`, if any).
fn href(p: &ListParams, after: Option<String>) -> String {
    let given = ListParams {
        after: after.unwrap_or_default(),
        ..p.clone()
    };
    let pairs: Vec<(&str, String)> = [
        ("q", &given.q),
        ("state", &given.state),
        ("year", &given.year),
        ("item", &given.item),
        ("topic", &given.topic),
        ("validity", &given.validity),
        ("returned", &given.returned),
        ("sort", &given.sort),
        ("after", &given.after),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k, v.trim().to_string()))
    .collect();
    match serde_urlencoded::to_string(&pairs).unwrap_or_default() {
        q if q.is_empty() => "/items".into(),
        q => format!("/items?{q}"),
    }
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(params): Query<ListParams>,
) -> AppResult<Html<String>> {
    let may = |p| policy::may_here(&who.staff.roles, p);
    may(Permission::ListCatalogue).map_err(|r| AppError::forbidden(r.0))?;
    let filter = filter_of(&params).map_err(AppError::bad_request)?;
    let after = match params.after.trim() {
        "" => None,
        a => Some(catalogue_list::parse_item_list_cursor(a)?),
    };
    let (page, total) =
        catalogue_list::item_list_page(&state, who.agency.id, &filter, after.as_ref()).await?;
    let next = page
        .next
        .map(|k| href(&params, Some(catalogue_list::item_list_cursor(&k))));
    let opt = |value: &str, label: String| Opt {
        value: value.into(),
        label,
    };
    let every = ListParams {
        sort: params.sort.clone(),
        ..ListParams::default()
    };
    Ok(Html(
        ItemsStaffPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            agency_name: who.agency.profile.full_name.clone(),
            can_edit: may(Permission::EditCatalogueItem).is_ok(),
            rows: page.rows.iter().map(row).collect(),
            filtered: href(&params, None) != href(&every, None),
            total,
            states: ItemState::ALL
                .iter()
                .map(|s| opt(s.code(), s.label_zh().into()))
                .collect(),
            article20: Article20Item::ALL
                .iter()
                .map(|a| opt(a.code(), format!("{}{}", a.ordinal_label(), a.label())))
                .collect(),
            topics: TopTopic::ALL
                .iter()
                .map(|t| opt(t.code(), t.label().into()))
                .collect(),
            validities: Validity::ALL
                .iter()
                .map(|v| opt(v.code(), v.label().into()))
                .collect(),
            next,
            first: after.map(|_| href(&params, None)),
            params,
        }
        .render()?,
    ))
}

fn row(r: &ItemListRow) -> ItemRow {
    ItemRow {
        id: r.id,
        title: r.title.clone(),
        state: r.state.label_zh().into(),
        returned: r.state == ItemState::Refused,
        index_number: r.index_number.clone().unwrap_or_default(),
        document_number: r.document_number.clone().unwrap_or_default(),
        formed_on: r.timeliness_start.to_string(),
        published_on: r.published_on.map(|d| d.to_string()).unwrap_or_default(),
        timeliness: match r.delay_working_days {
            Some(n) if r.late => format!("{n}个工作日，超过{PUBLICATION_WORKING_DAYS}个工作日"),
            Some(n) => format!("{n}个工作日"),
            None => String::new(),
        },
        late: r.late,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> ListParams {
        let q = serde_urlencoded::to_string(pairs).unwrap();
        serde_urlencoded::from_str(&q).unwrap()
    }

    #[test]
    fn every_filter_is_read_or_refused_in_chinese() {
        let f = filter_of(&p(&[
            ("q", " 白交 "),
            ("state", "refused"),
            ("year", "2025"),
            ("item", "regulations"),
            ("topic", "industry_transport"),
            ("validity", "repealed"),
            ("returned", "1"),
            ("sort", "old"),
        ]))
        .unwrap();
        assert_eq!(f.state, Some(ItemState::Refused));
        assert_eq!(f.year, Some(2025));
        assert_eq!(f.article20, Some(Article20Item::Regulations));
        assert_eq!(f.topic, Some(TopTopic::IndustryTransport));
        assert_eq!(f.validity, Some(Validity::Repealed));
        assert!(f.returned && f.oldest_first);
        assert_eq!(f.search.as_deref(), Some("白交"));
        assert_eq!(
            filter_of(&ListParams::default()).unwrap(),
            ItemListFilter::default()
        );
        assert_eq!(
            filter_of(&p(&[("state", "lost")])).unwrap_err(),
            "状态“lost”无法识别，可选：draft（草稿）、submitted（待审核）、refused（已退回）、approved（已审核待发布）、published（已发布）、withdrawn（已撤回）。"
        );
        assert!(
            filter_of(&p(&[("year", "25")]))
                .unwrap_err()
                .contains("四位数字")
        );
        assert_eq!(
            filter_of(&p(&[("returned", "yes")])).unwrap_err(),
            "“退回”参数只能为1（只看被退回过的信息）或留空（收到“yes”）。"
        );
        assert!(
            filter_of(&p(&[("sort", "title")]))
                .unwrap_err()
                .starts_with("排序参数")
        );
        assert!(
            filter_of(&p(&[("q", &"字".repeat(51))]))
                .unwrap_err()
                .contains("最多50个字")
        );
        assert!(
            filter_of(&p(&[("topic", "x")]))
                .unwrap_err()
                .contains("主题分类")
        );
    }

    #[test]
    fn links_keep_the_filters() {
        let params = p(&[("state", "refused"), ("q", "养护"), ("sort", "old")]);
        assert_eq!(
            href(&params, Some("2030-01-01T00:00:00Z_9".into())),
            "/items?q=%E5%85%BB%E6%8A%A4&state=refused&sort=old&after=2030-01-01T00%3A00%3A00Z_9"
        );
        assert_eq!(href(&ListParams::default(), None), "/items");
    }
}
