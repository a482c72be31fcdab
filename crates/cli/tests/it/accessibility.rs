//! Issue 21 in headless Chromium: every page type passes axe-core without a
//! `serious` or `critical` violation, in the standard display and in 高对比度;
//! 大字版 draws the body text at least 1.3× as large; at 390×844 (a phone) no
//! page scrolls sideways, in the standard display and in 大字版; the print
//! sheet hides the site's chrome. One browser session visits the pages in
//! sequence (this test's time is reported by `cargo test`).
//!
//! axe-core is vendored (`vendor/axe-core/`, see its README) and injected
//! into each page through WebDriver, never served by the application.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::browser::{browser, log_in, published_item};
use crate::helpers::{DbKind, TestApp};

const AXE: &str = include_str!("vendor/axe-core/axe.min.js");
/// 白沙县交通运输局, the demo's agency with items, cases and reports.
const BUREAU: &str = "119901219482199390";
const TODAY: &str = "2025-12-28";
/// A published annual report of the demo (`demo::seed_reports`).
const YEAR: i32 = 2024;
/// A real report's text for the report check, with findings on its cells.
const CORPUS_000: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../parse/tests/corpus/000_a83da41d4916728f.txt"
));

/// Runs axe and keeps the violations that matter: `serious` and `critical`.
/// `rules`: only these rules (None: all of axe's WCAG A/AA rules).
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
const only = arguments[0];
const options = only
  ? { runOnly: { type: 'rule', values: only }, resultTypes: ['violations'] }
  : { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] };
axe.run(document, options).then(r => done(r.passes.length + r.violations.length < (only ? 1 : 20) ? ['axe checked almost nothing'] : r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 4)
    .map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | '))
)).catch(e => done(['axe failed: ' + e]));
"#;

/// The body text's size in px: the first paragraph, cell or list item of main.
const BODY_FONT_SIZE: &str = r#"
const e = document.querySelector('main p, main td, main li');
return e ? parseFloat(getComputedStyle(e).fontSize) : 0;
"#;

/// Whether the page scrolls sideways: (scrollWidth, innerWidth, the widest
/// element sticking out, for the message).
const SIDEWAYS: &str = r#"
const w = window.innerWidth;
let worst = '';
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right > w + 1 && getComputedStyle(e).position !== 'fixed') {
    let p = e.parentElement, clipped = false;
    while (p) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; } p = p.parentElement; }
    if (!clipped) { worst = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' right=' + Math.round(r.right); break; }
  }
}
return [document.documentElement.scrollWidth, w, worst];
"#;

/// The print sheet: a `@media print` rule that hides the header, the
/// navigation and the footer.
const PRINT_HIDES_CHROME: &str = r#"
const hidden = new Set();
for (const sheet of document.styleSheets) {
  for (const rule of sheet.cssRules) {
    if (rule instanceof CSSMediaRule && rule.media.mediaText.includes('print')) {
      for (const r of rule.cssRules) {
        if (r.style && r.style.display === 'none') r.selectorText.split(',').forEach(s => hidden.add(s.trim()));
      }
    }
  }
}
return ['header.site', 'footer.site', 'nav'].filter(s => !hidden.has(s));
"#;

/// One page of the tour: a name for messages and its path.
struct Page {
    name: &'static str,
    path: String,
    staff: bool,
}

async fn tour(app: &TestApp) -> Vec<Page> {
    let item = published_item(app, BUREAU).await;
    let (number, _, _) = app.apply(&"a".repeat(64)).await;
    let public = |name, path: String| Page {
        name,
        path,
        staff: false,
    };
    let staff = |name, path: String| Page {
        name,
        path,
        staff: true,
    };
    let column = format!("/agencies/{BUREAU}");
    vec![
        public("首页", "/".into()),
        public("最新信息", "/latest".into()),
        public("专栏", column.clone()),
        public("指南", format!("{column}/guide")),
        public("制度", format!("{column}/rules")),
        public("目录", format!("{column}/catalogue")),
        public("年报栏目", format!("{column}/reports")),
        public("年度报告", format!("{column}/reports/{YEAR}")),
        public("信息页", format!("/items/{}", item.id)),
        public("检索", "/search?q=%E5%85%AC%E5%BC%80".into()),
        public("申请", format!("{column}/apply")),
        public("查询", "/track".into()),
        public("年报检查", "/reports/check".into()),
        public("意见征集", format!("{column}/consultations")),
        public("提问", format!("{column}/questions/new")),
        public("建议提案", format!("{column}/motions")),
        public("回应关切", format!("{column}/concerns")),
        public("决策目录", format!("{column}/decisions")),
        public("登录", "/login".into()),
        staff("工作台", "/workbench".into()),
        staff("案件", format!("/cases/{number}")),
        staff("审核", format!("/items/{}/manage", item.id)),
    ]
}

async fn axe(
    c: &Client,
    rules: Option<&[&str]>,
) -> Result<Vec<String>, fantoccini::error::CmdError> {
    c.execute(AXE, vec![]).await?;
    let found = c.execute_async(RUN_AXE, vec![json!(rules)]).await?;
    Ok(found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// The report check's answer for a real report: its tables with cell notes.
async fn check_a_report(c: &Client, app: &TestApp) -> Result<(), fantoccini::error::CmdError> {
    c.goto(&app.url("/reports/check")).await?;
    let text = c.find(Locator::Id("report-text")).await?;
    c.execute(
        "arguments[0].value = arguments[1];",
        vec![serde_json::to_value(&text)?, json!(CORPUS_000)],
    )
    .await?;
    c.find(Locator::Id("check-submit")).await?.click().await?;
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("section.check-result"))
        .await?;
    Ok(())
}

/// Switches the browser's display mode through the header's link target.
async fn display(c: &Client, app: &TestApp, mode: &str) -> Result<(), fantoccini::error::CmdError> {
    c.goto(&app.url(&format!("/display?mode={mode}&back=/login")))
        .await?;
    let class: Value = c
        .execute("return document.documentElement.className;", vec![])
        .await?;
    let want = if mode == "normal" {
        String::new()
    } else {
        format!("mode-{mode}")
    };
    assert_eq!(
        class.as_str(),
        Some(want.as_str()),
        "the <html> class after choosing {mode}"
    );
    Ok(())
}

/// Visits every page (logging in before the first staff page, out after
/// the tour) and calls `each` on it; the report check's answer is visited
/// after the report check's form.
async fn visit<F>(
    c: &Client,
    app: &TestApp,
    pages: &[Page],
    mut each: F,
) -> Result<(), fantoccini::error::CmdError>
where
    F: AsyncFnMut(&Client, &str) -> Result<(), fantoccini::error::CmdError>,
{
    let mut logged_in = false;
    for p in pages {
        if p.staff && !logged_in {
            log_in(c, app, "clerk").await?;
            c.wait().for_element(Locator::Id("workbench-title")).await?;
            logged_in = true;
        }
        c.goto(&app.url(&p.path)).await?;
        eprintln!("visiting {}", p.name);
        each(c, p.name).await?;
        if p.name == "年报检查" {
            check_a_report(c, app).await?;
            each(c, "年报检查结果").await?;
        }
    }
    if logged_in {
        // On a phone the navigation is folded: open the 菜单 first.
        if c.find(Locator::Css("details.menu > summary"))
            .await?
            .is_displayed()
            .await?
        {
            c.find(Locator::Css("details.menu > summary"))
                .await?
                .click()
                .await?;
        }
        c.find(Locator::Id("logout")).await?.click().await?;
        c.wait().for_element(Locator::Id("nav-login")).await?;
    }
    Ok(())
}

#[tokio::test]
async fn every_page_type_is_accessible_large_on_demand_and_fits_a_phone() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).on(TODAY).spawn().await else {
        return;
    };
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    gongkai_app::demo::seed_reports(app.store.as_ref(), today)
        .await
        .expect("seed the demo's reports");
    let pages = tour(&app).await;
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let started = Instant::now();
    let mut problems: Vec<String> = Vec::new();
    let mut normal_sizes: Vec<(String, f64)> = Vec::new();
    let outcome = async {
        // Standard display, desktop: axe, the body text's size, print sheet.
        visit(&c, &app, &pages, async |c: &Client, name: &str| {
            for v in axe(c, None).await? {
                problems.push(format!("{name}（标准版）: {v}"));
            }
            let size = c
                .execute(BODY_FONT_SIZE, vec![])
                .await?
                .as_f64()
                .unwrap_or(0.0);
            normal_sizes.push((name.to_string(), size));
            let missing = c.execute(PRINT_HIDES_CHROME, vec![]).await?;
            if missing.as_array().is_some_and(|a| !a.is_empty()) {
                problems.push(format!("{name}: the print sheet does not hide {missing}"));
            }
            Ok(())
        })
        .await?;
        // 高对比度: the colours again.
        display(&c, &app, "contrast").await?;
        visit(&c, &app, &pages, async |c: &Client, name: &str| {
            for v in axe(c, Some(&["color-contrast", "link-in-text-block"])).await? {
                problems.push(format!("{name}（高对比度）: {v}"));
            }
            Ok(())
        })
        .await?;
        // 大字版: at least 1.3× the standard size on every page.
        display(&c, &app, "large").await?;
        let mut large_sizes = Vec::new();
        visit(&c, &app, &pages, async |c: &Client, _name: &str| {
            large_sizes.push(
                c.execute(BODY_FONT_SIZE, vec![])
                    .await?
                    .as_f64()
                    .unwrap_or(0.0),
            );
            Ok(())
        })
        .await?;
        for ((name, normal), large) in normal_sizes.iter().zip(&large_sizes) {
            if *normal <= 0.0 || *large < normal * 1.3 {
                problems.push(format!(
                    "{name}: 大字版 body text {large}px, standard {normal}px (want ≥ 1.3×)"
                ));
            }
        }
        // A phone, in 大字版 and in the standard display.
        c.set_window_size(390, 844).await?;
        for mode in ["large", "normal"] {
            display(&c, &app, mode).await?;
            visit(&c, &app, &pages, async |c: &Client, name: &str| {
                let r = c.execute(SIDEWAYS, vec![]).await?;
                let (scroll, inner) = (r[0].as_f64().unwrap_or(0.0), r[1].as_f64().unwrap_or(0.0));
                if inner > 500.0 {
                    problems.push(format!(
                        "{name}: the window is {inner}px wide, not a phone's"
                    ));
                } else if scroll > inner {
                    problems.push(format!(
                        "{name}（{mode}，390px）scrolls sideways: {scroll} > {inner}, {}",
                        r[2]
                    ));
                }
                Ok(())
            })
            .await?;
        }
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser tour");
    eprintln!(
        "accessibility tour of {} pages: {:?}",
        pages.len() + 1,
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
