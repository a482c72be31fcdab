//! The links of an agency's published items: internal ones answered by the
//! platform's own pages (`InternalPages`, no HTTP), external ones fetched
//! by the link checker with its limits.

use std::future::Future;
use std::pin::Pin;

use gongkai_domain::health::LinkFigures;
use gongkai_store::Agency;

use crate::linkcheck::{CheckSettings, LinkState, Target, check_external, classify, extract_links};
use crate::{App, Error};

/// The platform's own pages: the status a GET of `path` would answer
/// (the web layer answers it from its router, without a socket).
pub trait InternalPages: Send + Sync {
    fn status<'a>(&'a self, path: &'a str) -> Pin<Box<dyn Future<Output = u16> + Send + 'a>>;
}

/// How links are checked.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Host names that are the platform itself (links to them are internal).
    pub own_hosts: Vec<String>,
    /// Fetch external links (off: only internal ones are checked).
    pub external: bool,
    pub settings: CheckSettings,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            own_hosts: Vec::new(),
            external: true,
            settings: CheckSettings::default(),
        }
    }
}

/// A link found on a page.
struct Found {
    page: String,
    fix_at: String,
    href: String,
    target: Target,
}

/// The broken and suspect links of the agency's published items.
pub async fn check(
    app: &App,
    agency: &Agency,
    pages: &dyn InternalPages,
    options: &LinkOptions,
) -> Result<Vec<LinkFigures>, Error> {
    let hosts: Vec<&str> = options.own_hosts.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    for item in app.store.items_of_agency(agency.id).await? {
        if item.snapshot.published_on.is_none() {
            continue;
        }
        let base = format!("/items/{}", item.id);
        for link in extract_links(&item.snapshot.metadata.body) {
            found.push(Found {
                page: item.snapshot.metadata.title.clone(),
                fix_at: format!("/items/{}/manage", item.id),
                target: classify(&link.href, &base, &hosts),
                href: link.href,
            });
        }
    }
    let mut out = Vec::new();
    let mut external = Vec::new();
    for f in &found {
        match &f.target {
            Target::Internal(path) => {
                let status = pages.status(path).await;
                if !(200..400).contains(&status) {
                    out.push(figure(f, format!("失效（{status}）"), true));
                }
            }
            Target::External(url) if options.external => external.push(url.clone()),
            Target::External(_) => {}
            Target::Unsupported(scheme) => {
                out.push(figure(
                    f,
                    format!("存疑：不支持的链接类型（{scheme}）"),
                    false,
                ));
            }
        }
    }
    if !external.is_empty() {
        let checked = check_external(&external, &options.settings).await;
        for f in &found {
            let Target::External(url) = &f.target else {
                continue;
            };
            let Some((_, state)) = checked.iter().find(|(u, _)| u == url) else {
                continue;
            };
            match state {
                LinkState::Fine => {}
                LinkState::Broken { .. } => out.push(figure(f, state.label(), true)),
                LinkState::Suspect { .. } => out.push(figure(f, state.label(), false)),
            }
        }
    }
    Ok(out)
}

fn figure(f: &Found, state: String, broken: bool) -> LinkFigures {
    LinkFigures {
        page: f.page.clone(),
        fix_at: f.fix_at.clone(),
        href: f.href.clone(),
        state,
        broken,
    }
}
