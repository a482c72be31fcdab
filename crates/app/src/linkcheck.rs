//! The link checker of the websites' health check (国办秘函〔2019〕19号):
//! [`extract_links`] reads a page's links, [`classify`] tells the platform's
//! own paths from external URLs, [`check_external`] asks external servers,
//! politely (few requests at once, one host's spaced, HEAD first, retries).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, Response, Url};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

#[cfg(test)]
mod tests;

/// A link found in a page: the raw href/src and the text or alt around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// The attribute holding the link of a tag, for the tags that link.
fn link_attribute(tag: &str) -> Option<&'static str> {
    match tag {
        "a" | "area" | "link" => Some("href"),
        "img" | "iframe" | "source" | "embed" => Some("src"),
        "object" => Some("data"),
        _ => None,
    }
}

/// Links of an HTML fragment (sanitised item bodies, rendered pages) in
/// document order: `a`/`area`/`link[href]`, `img`/`iframe`/`source`/`embed[src]`,
/// `object[data]`; values quoted either way or not at all, names in any case,
/// entities decoded. Comments and `<script>`/`<style>` content are skipped,
/// and so are empty, `#fragment`, `mailto:`, `tel:`, `javascript:` and
/// `data:` links. The text is the anchor's (with the alt of images inside),
/// the image's alt, or else the title. Each href once, with its first text.
pub fn extract_links(html: &str) -> Vec<Link> {
    let b = html.as_bytes();
    let mut links: Vec<(String, String)> = Vec::new();
    // The open anchor: its link's index (None when skipped) and its text so far.
    let mut anchor: Option<(Option<usize>, String)> = None;
    let (mut i, mut text_from) = (0, 0);
    while i < b.len() {
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if b[i] != b'<' || !(next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')) {
            i += 1;
            continue;
        }
        if let Some((_, text)) = anchor.as_mut() {
            text.push_str(&decode_entities(&html[text_from..i]));
        }
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(b.len(), |p| i + 4 + p + 3);
        } else if next == b'!' || next == b'?' {
            i = rest.find('>').map_or(b.len(), |p| i + p + 1);
        } else if next == b'/' {
            let (name, _, end) = parse_tag(html, i + 2);
            if name == "a" {
                close_anchor(&mut links, anchor.take());
            }
            i = end;
        } else {
            let (name, attrs, end) = parse_tag(html, i + 1);
            let attr = |w: &str| attrs.iter().find(|a| a.0 == w).map(|a| a.1.as_str());
            i = end;
            if name == "script" || name == "style" {
                let lower = html[end..].to_ascii_lowercase(); // Same byte positions.
                i = lower
                    .find(&format!("</{name}"))
                    .map_or(b.len(), |p| end + p);
            }
            if name == "a" {
                close_anchor(&mut links, anchor.take());
            }
            let href = link_attribute(&name).and_then(&attr).map(str::trim);
            let index = href.filter(|href| !skipped(href)).map(|href| {
                let text = attr(if name == "img" { "alt" } else { "title" });
                links.push((href.to_string(), collapse(text.unwrap_or(""))));
                links.len() - 1
            });
            if name == "a" {
                anchor = Some((index, String::new()));
            } else if let (Some((_, text)), "img") = (anchor.as_mut(), name.as_str()) {
                text.push_str(attr("alt").unwrap_or(""));
            }
        }
        text_from = i;
    }
    if let Some((_, text)) = anchor.as_mut() {
        text.push_str(&decode_entities(&html[text_from.min(b.len())..]));
    }
    close_anchor(&mut links, anchor);
    let mut seen = std::collections::HashSet::new();
    links.retain(|link| seen.insert(link.0.clone()));
    links
        .into_iter()
        .map(|(href, text)| Link { href, text })
        .collect()
}

/// Gives an anchor's link the anchor's text, when it has some.
fn close_anchor(links: &mut [(String, String)], anchor: Option<(Option<usize>, String)>) {
    if let Some((Some(index), text)) = anchor.map(|(n, text)| (n, collapse(&text)))
        && !text.is_empty()
    {
        links[index].1 = text;
    }
}

/// Whether a link is no page to check: empty, a fragment, mail, phone, script, data.
fn skipped(href: &str) -> bool {
    let head = href.get(..11).unwrap_or(href).to_ascii_lowercase();
    let schemes = ["mailto:", "tel:", "javascript:", "data:"];
    href.is_empty() || href.starts_with('#') || schemes.iter().any(|p| head.starts_with(p))
}

/// Runs of white space as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first position from `i` whose byte is not to `keep`.
fn skip(b: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && keep(b[i]) {
        i += 1;
    }
    i
}

/// Reads a tag from its name at `i`: the lower-case name, the attributes
/// (lower-case names, decoded values) and the position after the `>`.
fn parse_tag(html: &str, start: usize) -> (String, Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let ws = |c: u8| c.is_ascii_whitespace();
    let mut i = skip(b, start, |c| !ws(c) && c != b'>' && c != b'/');
    let name = html[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        i = skip(b, i, |c| ws(c) || c == b'/');
        match b.get(i) {
            None => return (name, attrs, i),
            Some(b'>') => return (name, attrs, i + 1),
            Some(_) => {}
        }
        let start = i;
        i = skip(b, i, |c| !ws(c) && !matches!(c, b'>' | b'/' | b'='));
        let attr = html[start..i].to_ascii_lowercase();
        let mut value = "";
        let j = skip(b, i, ws);
        if b.get(j) == Some(&b'=') {
            let j = skip(b, j + 1, ws);
            if let Some(&quote @ (b'"' | b'\'')) = b.get(j) {
                let end = skip(b, j + 1, |c| c != quote);
                value = &html[j + 1..end];
                i = (end + 1).min(b.len());
            } else {
                i = skip(b, j, |c| !ws(c) && c != b'>');
                value = &html[j..i];
            }
        }
        attrs.push((attr, decode_entities(value)));
    }
}

/// Decodes character references: `&amp;` `&quot;` `&apos;` `&lt;` `&gt;`
/// `&nbsp;` (with their `;`) and numeric ones (`&#NN;`, `&#xHH;`); others stay.
fn decode_entities(s: &str) -> String {
    const NAMES: [&str; 6] = ["amp", "quot", "apos", "lt", "gt", "nbsp"];
    const CHARS: [char; 6] = ['&', '"', '\'', '<', '>', '\u{a0}'];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'));
        let end = end.map_or(rest.len(), |e| e + 1);
        let (name, semicolon) = (&rest[1..end], rest[end..].starts_with(';'));
        let named = NAMES.iter().position(|n| semicolon && *n == name);
        let decoded = match name.strip_prefix('#') {
            Some(n) if n.starts_with(['x', 'X']) => u32::from_str_radix(&n[1..], 16).ok(),
            Some(n) => n.parse().ok(),
            None => named.map(|k| u32::from(CHARS[k])),
        };
        if let Some(c) = decoded.and_then(char::from_u32) {
            out.push(c);
            rest = &rest[end + usize::from(semicolon)..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path of the platform itself: absolute, with its query, without fragment.
    Internal(String),
    /// An external http(s) URL, without fragment.
    External(Url),
    /// Another scheme (lower case: "ftp", "file"…); also a URL that cannot be parsed.
    Unsupported(String),
}

/// The origin relative links are resolved against (`.invalid` is reserved: no real host).
const PLACEHOLDER_ORIGIN: &str = "https://gongkai.invalid";

/// Where `href` points: a path of the platform itself (relative URLs, or
/// absolute ones whose host is one of `own_hosts`, written "host" or
/// "host:port"), resolved against `base_path` (the page's own path, e.g.
/// "/items/12") as a browser would — an absolute path with its query,
/// without fragment, `..`/`.` resolved, existing percent-encoding kept and
/// characters a URL cannot hold raw (non-ASCII, spaces) percent-encoded; or
/// an external http(s) URL (scheme-relative `//host/…` taken as https).
pub fn classify(href: &str, base_path: &str, own_hosts: &[&str]) -> Target {
    let href = href.trim();
    let scheme = scheme_of(href);
    let parsed = match scheme.as_deref() {
        Some("http" | "https") => Url::parse(href),
        Some(other) => return Target::Unsupported(other.to_string()),
        None => {
            let origin = Url::parse(PLACEHOLDER_ORIGIN).expect("a valid URL");
            origin.join(base_path).unwrap_or(origin).join(href)
        }
    };
    let Ok(mut url) = parsed else {
        return Target::Unsupported(scheme.unwrap_or_default());
    };
    url.set_fragment(None);
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let with_port = format!("{host}:{}", url.port_or_known_default().unwrap_or(0));
    let own = (scheme.is_none()
        && url.origin() == Url::parse(PLACEHOLDER_ORIGIN).expect("valid").origin())
        || own_hosts.iter().any(|h| {
            let h = h.to_ascii_lowercase();
            h == host || h == with_port
        });
    if own {
        let mut path = url.path().to_string();
        if let Some(query) = url.query() {
            path.push('?');
            path.push_str(query);
        }
        Target::Internal(path)
    } else {
        Target::External(url)
    }
}

/// The scheme of an absolute URL (RFC 3986: a letter, then letters, digits,
/// `+`, `-`, `.`, then `:`), in lower case.
fn scheme_of(href: &str) -> Option<String> {
    let (scheme, _) = href.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| scheme.to_ascii_lowercase())
}

/// The outcome of checking one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    /// The page answers.
    Fine,
    /// The link is dead: the server says so (`status`), or it cannot be followed.
    Broken { status: Option<u16>, reason: String },
    /// Not answering now (timeouts, connection errors, server errors, even after
    /// retries): worth checking again later before calling it broken.
    Suspect { reason: String },
}

impl LinkState {
    /// The state as shown to the staff: 正常, 失效（404）, 失效（重定向次数过多）, 存疑：连接超时…
    pub fn label(&self) -> String {
        match self {
            LinkState::Fine => "正常".to_string(),
            LinkState::Broken { status, reason } => match status {
                Some(status) => format!("失效（{status}）"),
                None => format!("失效（{reason}）"),
            },
            LinkState::Suspect { reason } => format!("存疑：{reason}"),
        }
    }
}

fn broken(status: Option<u16>, reason: &str) -> LinkState {
    let reason = reason.to_string();
    LinkState::Broken { status, reason }
}

fn suspect(reason: impl Into<String>) -> LinkState {
    let reason = reason.into();
    LinkState::Suspect { reason }
}

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// The longest one request (connection, redirects and headers) may take.
    pub timeout: Duration,
    /// Requests under way at most, all hosts together.
    pub concurrency: usize,
    /// The least time between the starts of two requests to one host.
    pub per_host_interval: Duration,
    /// Further attempts after a timeout, a connection error, a 5xx or a 429.
    pub retries: u32,
    /// The wait before the first retry, doubled before each next one (or a
    /// server's longer Retry-After, up to 30 s).
    pub retry_backoff: Duration,
    /// The User-Agent header sent.
    pub user_agent: String,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            per_host_interval: Duration::from_millis(500),
            retries: 2,
            retry_backoff: Duration::from_secs(1),
            user_agent: "gongkai-linkcheck/1 (政务公开栏目检查)".to_string(),
        }
    }
}

/// Checks external URLs; answers each with its state, in the input order.
/// At most `concurrency` requests at once; one host's (host and port)
/// requests one after another, their starts `per_host_interval` apart.
/// HEAD first, GET (headers only) when HEAD answers 405 or 501; up to 5
/// redirects. 2xx is Fine; 403, 404, 410 and other 4xx Broken; timeouts,
/// connection errors, 5xx and 429 are tried again up to `retries` times
/// after a back-off, then Suspect. A URL given twice (fragments aside) is
/// requested once.
pub async fn check_external(urls: &[Url], settings: &CheckSettings) -> Vec<(Url, LinkState)> {
    let (mut distinct, mut index) = (Vec::new(), HashMap::new());
    let mut slots = Vec::with_capacity(urls.len());
    for url in urls {
        let mut key = url.clone();
        key.set_fragment(None);
        slots.push(*index.entry(key.clone()).or_insert_with(|| {
            distinct.push(key);
            distinct.len() - 1
        }));
    }
    let mut hosts: HashMap<_, Vec<(usize, Url)>> = HashMap::new();
    for (n, url) in distinct.iter().enumerate() {
        let port = url.port_or_known_default();
        let host = (url.host_str().unwrap_or("").to_string(), port);
        hosts.entry(host).or_default().push((n, url.clone()));
    }
    let mut states = vec![suspect("检查未完成"); distinct.len()];
    let client = reqwest::Client::builder()
        .timeout(settings.timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(settings.user_agent.as_str())
        .build();
    match client {
        Ok(client) => {
            let permits = Semaphore::new(settings.concurrency.max(1));
            let shared = Arc::new(Shared {
                client,
                settings: settings.clone(),
                permits,
            });
            let mut tasks = JoinSet::new();
            for jobs in hosts.into_values() {
                let shared = shared.clone();
                tasks.spawn(async move {
                    let (mut last_start, mut done) = (None, Vec::with_capacity(jobs.len()));
                    for (n, url) in jobs {
                        done.push((n, check_one(&shared, &mut last_start, &url).await));
                    }
                    done
                });
            }
            while let Some(done) = tasks.join_next().await {
                for (n, state) in done.into_iter().flatten() {
                    states[n] = state;
                }
            }
        }
        Err(error) => tracing::error!(%error, "link checker: no HTTP client"),
    }
    urls.iter()
        .zip(slots)
        .map(|(url, n)| (url.clone(), states[n].clone()))
        .collect()
}

/// What every host's checker shares.
struct Shared {
    client: reqwest::Client,
    settings: CheckSettings,
    permits: Semaphore,
}

/// Checks one URL, trying again while the answer is temporary.
async fn check_one(shared: &Shared, last_start: &mut Option<Instant>, url: &Url) -> LinkState {
    let (mut use_get, mut attempt) = (false, 0);
    loop {
        let method = if use_get { Method::GET } else { Method::HEAD };
        let mut answer = send(shared, last_start, method, url).await;
        if !use_get
            && let Ok(response) = &answer
            && matches!(response.status().as_u16(), 405 | 501)
        {
            use_get = true;
            answer = send(shared, last_start, Method::GET, url).await;
        }
        match judge(answer) {
            Ok(state) => return state,
            Err((reason, _)) if attempt >= shared.settings.retries => return suspect(reason),
            Err((_, wait)) => {
                let backoff = shared.settings.retry_backoff;
                let backoff = backoff.saturating_mul(2u32.saturating_pow(attempt));
                tokio::time::sleep(wait.map_or(backoff, |w| w.max(backoff))).await;
                attempt += 1;
            }
        }
    }
}

/// Sends one request once the host's interval has passed and a permit is
/// free. The body is never read: dropping the response closes the connection.
async fn send(
    shared: &Shared,
    last_start: &mut Option<Instant>,
    method: Method,
    url: &Url,
) -> Result<Response, reqwest::Error> {
    if let Some(last) = *last_start {
        tokio::time::sleep_until(last + shared.settings.per_host_interval).await;
    }
    let _permit = shared.permits.acquire().await.ok();
    *last_start = Some(Instant::now());
    shared.client.request(method, url.clone()).send().await
}

/// A reason to try again, with the wait the server asks for.
type Retry = (String, Option<Duration>);

/// The state an answer gives, or the reason to try again.
fn judge(answer: Result<Response, reqwest::Error>) -> Result<LinkState, Retry> {
    let response = match answer {
        Ok(response) => response,
        Err(e) if e.is_redirect() => return Ok(broken(None, "重定向次数过多")),
        Err(e) if e.is_timeout() => return Err(("连接超时".to_string(), None)),
        Err(e) if e.is_connect() => return Err(("无法连接".to_string(), None)),
        Err(_) => return Err(("请求失败".to_string(), None)),
    };
    let status = response.status().as_u16();
    let retry_after = response.headers().get(reqwest::header::RETRY_AFTER);
    let retry_after = retry_after.and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    let retry_after = retry_after.map(|seconds| Duration::from_secs(seconds.min(30)));
    match status {
        200..=299 => Ok(LinkState::Fine),
        404 => Ok(broken(Some(status), "页面不存在")),
        410 => Ok(broken(Some(status), "页面已删除")),
        403 => Ok(broken(Some(status), "禁止访问")),
        429 => Err(("请求过于频繁（429）".to_string(), retry_after)),
        500..=599 => Err((format!("服务器错误（{status}）"), retry_after)),
        300..=399 => Ok(suspect(format!("重定向未完成（{status}）"))),
        400..=499 => Ok(broken(Some(status), "请求被拒绝")),
        _ => Ok(suspect(format!("异常状态（{status}）"))),
    }
}
