use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response as AxumResponse;
use axum::routing::{get, head};

use super::*;

fn link(href: &str, text: &str) -> Link {
    Link {
        href: href.to_string(),
        text: text.to_string(),
    }
}

#[test]
fn extracts_the_links_of_an_item_body() {
    let html = concat!(
        r#"<p>详见<a href="/items/12">通知</a>，附件<a href='/files/abc/表.xlsx'>下载</a>"#,
        r##"<img SRC=pic.png alt="图解"><a href="mailto:x@y.cn">邮件</a><a href="#top">顶部</a>"##,
        r#"<!-- <a href="/hidden"> --><script>var a='<a href="/js">'</script>"#,
        r#"<a href="https://www.gov.cn/zhengce/?a=1&amp;b=2">国务院</a></p>"#,
    );
    assert_eq!(
        extract_links(html),
        vec![
            link("/items/12", "通知"),
            link("/files/abc/表.xlsx", "下载"),
            link("pic.png", "图解"),
            link("https://www.gov.cn/zhengce/?a=1&b=2", "国务院"),
        ]
    );
}

#[test]
fn reads_every_linking_tag_whatever_the_case_and_quotes() {
    let html = concat!(
        "<A HREF=/a?x=1&amp;y=2>甲</A>",
        r#"<IFRAME src="/embed/1" title="视频"></iframe>"#,
        "<link rel=stylesheet href='/s.css'>",
        r#"<object DATA="/f.pdf"></object><embed src=/e.swf>"#,
        r#"<video><source src="/v.mp4"></video>"#,
        r#"<a href="&#47;b&#x2F;c" title="提示">&lt;乙&gt; &quot;丙&quot;</a>"#,
        r#"<div data-href="/not-a-link" src="/nor-this">文字</div>"#,
    );
    assert_eq!(
        extract_links(html),
        vec![
            link("/a?x=1&y=2", "甲"),
            link("/embed/1", "视频"),
            link("/s.css", ""),
            link("/f.pdf", ""),
            link("/e.swf", ""),
            link("/v.mp4", ""),
            link("/b/c", "<乙> \"丙\""),
        ]
    );
}

#[test]
fn skips_what_is_no_page_and_what_is_not_markup() {
    let html = concat!(
        r#"<a href="">空</a><a href="  ">空白</a><a href="JavaScript:void(0)">脚本</a>"#,
        r#"<a href="tel:12345">电话</a><img src="data:image/png;base64,AAAA">"#,
        r#"<a href=#section-2>第二节</a><STYLE>a[href="/css"] { color: red }</STYLE>"#,
        r#"<SCRIPT type="text/javascript">document.write('<img src="/js.png">')</SCRIPT>"#,
        "<!-- multi\nline <img src=/commented.png> -->",
        r#"<p>1 < 2 且 a<b</p><a href="/last">最后</a>"#,
    );
    assert_eq!(extract_links(html), vec![link("/last", "最后")]);
}

#[test]
fn keeps_the_first_text_of_a_repeated_link() {
    let html = r#"<a href="/items/3">第一次</a><a href="/items/3">第二次</a><img src="/items/3" alt="图">"#;
    assert_eq!(extract_links(html), vec![link("/items/3", "第一次")]);
}

#[test]
fn takes_the_text_of_nested_tags_and_images_in_an_anchor() {
    let html = concat!(
        "<a href=\"/x\"><b>加粗</b>\n   文字</a>",
        r#"<a href="/logo"><img src="/l.png" alt="标志"></a>"#,
        r#"<a href="/unclosed">未闭合<a href="/next">下一个</a>"#,
    );
    assert_eq!(
        extract_links(html),
        vec![
            link("/x", "加粗 文字"),
            link("/logo", "标志"),
            link("/l.png", "标志"),
            link("/unclosed", "未闭合"),
            link("/next", "下一个"),
        ]
    );
}

#[test]
fn survives_truncated_markup() {
    for html in [
        "<a href=\"/x",
        "<!-- never closed",
        "<script>var a",
        "<",
        "<a",
        "&#x",
        "<a href=/y>尾",
    ] {
        let links = extract_links(html);
        assert!(links.len() <= 1, "{html}: {links:?}");
    }
    assert_eq!(extract_links("<a href=/y>尾"), vec![link("/y", "尾")]);
}

#[test]
fn classifies_relative_links_against_the_page() {
    let own = ["demo.gongkai.example"];
    let internal = |href: &str, base: &str| classify(href, base, &own);
    let path = |p: &str| Target::Internal(p.to_string());
    assert_eq!(internal("pic.png", "/items/12"), path("/items/pic.png"));
    assert_eq!(internal("../files/x", "/items/12"), path("/files/x"));
    assert_eq!(internal("./a/./b/../c", "/items/12"), path("/items/a/c"));
    assert_eq!(internal("../../../x", "/items/12"), path("/x"));
    assert_eq!(internal("?page=2", "/items/12"), path("/items/12?page=2"));
    assert_eq!(
        internal("/items/12?page=2#c", "/items/12"),
        path("/items/12?page=2")
    );
    assert_eq!(
        internal("/files/%E8%A1%A8.xlsx", "/"),
        path("/files/%E8%A1%A8.xlsx")
    );
    assert_eq!(
        internal("abc/表.xlsx", "/files/"),
        path("/files/abc/%E8%A1%A8.xlsx")
    );
    assert_eq!(
        internal("https://demo.gongkai.example/agencies/1", "/"),
        path("/agencies/1")
    );
    assert_eq!(
        internal("HTTP://Demo.Gongkai.Example/a?b=1#c", "/"),
        path("/a?b=1")
    );
}

#[test]
fn classifies_external_and_unsupported_links() {
    let own = ["demo.gongkai.example", "localhost:8080"];
    let external = |u: &str| Target::External(Url::parse(u).unwrap());
    assert_eq!(
        classify("//www.gov.cn/x", "/items/12", &own),
        external("https://www.gov.cn/x")
    );
    assert_eq!(
        classify("HTTPS://WWW.GOV.CN/a#b", "/", &own),
        external("https://www.gov.cn/a")
    );
    assert_eq!(
        classify(r"\\www.gov.cn\x", "/", &own),
        external("https://www.gov.cn/x")
    );
    assert_eq!(
        classify("http://localhost:8080/x", "/", &own),
        Target::Internal("/x".to_string())
    );
    assert_eq!(
        classify("http://localhost:9090/x", "/", &own),
        external("http://localhost:9090/x")
    );
    assert_eq!(
        classify("ftp://x", "/", &own),
        Target::Unsupported("ftp".to_string())
    );
    assert_eq!(
        classify("FILE:///etc/x", "/", &own),
        Target::Unsupported("file".to_string())
    );
    assert_eq!(
        classify("mailto:x@y.cn", "/", &own),
        Target::Unsupported("mailto".to_string())
    );
    assert_eq!(
        classify("http://", "/", &own),
        Target::Unsupported("http".to_string())
    );
}

#[test]
fn labels_are_chinese() {
    assert_eq!(LinkState::Fine.label(), "正常");
    let gone = LinkState::Broken {
        status: Some(404),
        reason: "页面不存在".to_string(),
    };
    assert_eq!(gone.label(), "失效（404）");
    let unreachable = LinkState::Broken {
        status: None,
        reason: "无法访问".to_string(),
    };
    assert_eq!(unreachable.label(), "失效（无法访问）");
    assert_eq!(
        LinkState::Suspect {
            reason: "连接超时".to_string()
        }
        .label(),
        "存疑：连接超时"
    );
}

#[test]
fn default_settings() {
    let s = CheckSettings::default();
    assert_eq!(s.timeout, Duration::from_secs(10));
    assert_eq!(s.concurrency, 8);
    assert_eq!(s.per_host_interval, Duration::from_millis(500));
    assert_eq!(s.retries, 2);
    assert_eq!(s.retry_backoff, Duration::from_secs(1));
    assert_eq!(s.user_agent, "gongkai-linkcheck/1 (政务公开栏目检查)");
}

/// What the test server saw.
#[derive(Default)]
struct Seen {
    /// Method, path and arrival of every request.
    requests: Mutex<Vec<(String, String, std::time::Instant)>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    flaky: AtomicUsize,
}

impl Seen {
    fn hits(&self, path: &str) -> Vec<(String, std::time::Instant)> {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .filter(|r| r.1 == path)
            .map(|r| (r.0.clone(), r.2))
            .collect()
    }
}

async fn record(State(seen): State<Arc<Seen>>, request: Request, next: Next) -> AxumResponse {
    let entry = (
        request.method().to_string(),
        request.uri().path().to_string(),
        std::time::Instant::now(),
    );
    seen.requests.lock().unwrap().push(entry);
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most_in_flight.fetch_max(now, Ordering::SeqCst);
    let response = next.run(request).await;
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

async fn flaky(State(seen): State<Arc<Seen>>) -> StatusCode {
    match seen.flaky.fetch_add(1, Ordering::SeqCst) {
        0 => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::OK,
    }
}

/// Starts a loopback server answering the routes the tests need.
async fn serve(seen: Arc<Seen>) -> SocketAddr {
    let app = Router::new()
        .route("/ok", get(|| async { "ok" }))
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route("/forbidden", get(|| async { StatusCode::FORBIDDEN }))
        .route("/teapot", get(|| async { StatusCode::IM_A_TEAPOT }))
        .route(
            "/head-not-allowed",
            head(|| async { StatusCode::METHOD_NOT_ALLOWED }).get(|| async { "body" }),
        )
        .route("/flaky", get(flaky))
        .route(
            "/always500",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(2)).await;
                "late"
            }),
        )
        .route(
            "/moved",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/ok")]) }),
        )
        .route(
            "/loop",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop")]) }),
        )
        .route(
            "/busy/{n}",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(150)).await;
                "done"
            }),
        )
        .with_state(seen.clone())
        .layer(from_fn_with_state(seen, record));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn quick() -> CheckSettings {
    CheckSettings {
        timeout: Duration::from_millis(300),
        concurrency: 8,
        per_host_interval: Duration::ZERO,
        retries: 1,
        retry_backoff: Duration::from_millis(50),
        user_agent: "gongkai-linkcheck-test".to_string(),
    }
}

fn urls(addr: SocketAddr, paths: &[&str]) -> Vec<Url> {
    paths
        .iter()
        .map(|p| Url::parse(&format!("http://{addr}{p}")).unwrap())
        .collect()
}

#[tokio::test]
async fn checks_each_kind_of_answer() {
    let seen = Arc::new(Seen::default());
    let addr = serve(seen.clone()).await;
    let paths = [
        "/ok",
        "/gone",
        "/forbidden",
        "/head-not-allowed",
        "/flaky",
        "/always500",
        "/slow",
        "/moved",
        "/teapot",
        "/loop",
    ];
    let urls = urls(addr, &paths);
    let results = check_external(&urls, &quick()).await;
    let broken = |status, reason: &str| LinkState::Broken {
        status,
        reason: reason.to_string(),
    };
    let suspect = |reason: &str| LinkState::Suspect {
        reason: reason.to_string(),
    };
    let expected = vec![
        LinkState::Fine,
        broken(Some(404), "页面不存在"),
        broken(Some(403), "禁止访问"),
        LinkState::Fine,
        LinkState::Fine,
        suspect("服务器错误（500）"),
        suspect("连接超时"),
        LinkState::Fine,
        broken(Some(418), "请求被拒绝"),
        broken(None, "重定向次数过多"),
    ];
    assert_eq!(
        results.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        urls
    );
    assert_eq!(
        results.into_iter().map(|r| r.1).collect::<Vec<_>>(),
        expected
    );

    let methods = |path| seen.hits(path).into_iter().map(|h| h.0).collect::<Vec<_>>();
    assert_eq!(
        methods("/ok"),
        ["HEAD"; 2],
        "once itself, once after /moved"
    );
    assert_eq!(methods("/head-not-allowed"), ["HEAD", "GET"]);
    assert_eq!(
        methods("/flaky"),
        ["HEAD", "HEAD"],
        "retried once, then fine"
    );
    assert_eq!(methods("/always500"), ["HEAD", "HEAD"], "retries: 1");
    assert_eq!(methods("/slow"), ["HEAD", "HEAD"]);
    assert_eq!(methods("/gone"), ["HEAD"], "a 404 is not retried");
}

#[tokio::test]
async fn spaces_the_requests_to_one_host() {
    let seen = Arc::new(Seen::default());
    let addr = serve(seen.clone()).await;
    let settings = CheckSettings {
        per_host_interval: Duration::from_millis(200),
        ..quick()
    };
    let started = std::time::Instant::now();
    let results = check_external(&urls(addr, &["/ok?1", "/ok?2", "/ok?3"]), &settings).await;
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert!(
        results.iter().all(|r| r.1 == LinkState::Fine),
        "{results:?}"
    );
    let arrivals: Vec<_> = seen.hits("/ok").into_iter().map(|h| h.1).collect();
    assert_eq!(arrivals.len(), 3);
    for pair in arrivals.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(190), "{gap:?}");
    }
}

#[tokio::test]
async fn requests_a_repeated_url_once() {
    let seen = Arc::new(Seen::default());
    let addr = serve(seen.clone()).await;
    let urls = urls(addr, &["/ok", "/gone", "/ok", "/ok#part"]);
    let results = check_external(&urls, &quick()).await;
    let states: Vec<_> = results.iter().map(|r| r.1.label()).collect();
    assert_eq!(states, ["正常", "失效（404）", "正常", "正常"]);
    assert_eq!(results[3].0, urls[3], "answered with the URL as given");
    assert_eq!(seen.hits("/ok").len(), 1);
}

#[tokio::test]
async fn bounds_the_requests_under_way_across_hosts() {
    // Two servers are two hosts (host and port): their requests may overlap,
    // up to `concurrency`.
    for (concurrency, expected) in [(1, 1), (2, 2)] {
        let seen = Arc::new(Seen::default());
        let (a, b) = (serve(seen.clone()).await, serve(seen.clone()).await);
        let mut list = urls(a, &["/busy/1", "/busy/2"]);
        list.extend(urls(b, &["/busy/1", "/busy/2"]));
        let settings = CheckSettings {
            concurrency,
            timeout: Duration::from_secs(2),
            ..quick()
        };
        let results = check_external(&list, &settings).await;
        assert!(
            results.iter().all(|r| r.1 == LinkState::Fine),
            "{results:?}"
        );
        assert_eq!(
            seen.most_in_flight.load(Ordering::SeqCst),
            expected,
            "concurrency {concurrency}"
        );
    }
}

#[tokio::test]
async fn never_overlaps_the_requests_to_one_host() {
    let seen = Arc::new(Seen::default());
    let addr = serve(seen.clone()).await;
    let settings = CheckSettings {
        timeout: Duration::from_secs(2),
        ..quick()
    };
    let results = check_external(&urls(addr, &["/busy/1", "/busy/2", "/busy/3"]), &settings).await;
    assert!(
        results.iter().all(|r| r.1 == LinkState::Fine),
        "{results:?}"
    );
    assert_eq!(seen.hits("/busy/3").len(), 1);
    assert_eq!(seen.most_in_flight.load(Ordering::SeqCst), 1);
}
