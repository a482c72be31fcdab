//! The 标准目录 over HTTP (issue 18, item 1): the bureau's editor derives
//! its catalogue from the transport template, deletes 港口经营许可 with a
//! reason (a reason of one character is refused), adds a row of its own
//! (a 公开时限 the rule cannot read is refused, saying which column); the
//! county's supervisor reads what differs and cannot change it; the
//! public column shows the rows in force as navigation and table, and the
//! table downloads as XLSX without the deleted row.

use calamine::{Reader, Xlsx};
use gongkai_app::demo::BUREAU_CODE;
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};

const PAGE: &str = "/admin/agencies/119901219482199390/standard-catalogue";

async fn post(app: &TestApp, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let r = app.post_form(PAGE, fields, true).await;
    (r.status(), r.text().await.unwrap())
}

/// The eleven columns of an own row, `limit` as its 公开时限.
fn own_row(limit: &str) -> Vec<(String, String)> {
    [
        "运输服务",
        "城乡公交一体化",
        "城乡公交线路、站点、票价、首末班时间",
        "《中华人民共和国政府信息公开条例》",
        limit,
        "县交通运输局",
        "政府网站、两微一端",
        "全社会",
        "主动",
        "县级、乡级",
        "other_statutory/城乡公交",
    ]
    .iter()
    .enumerate()
    .map(|(i, v)| (format!("c{}", i + 1), v.to_string()))
    .collect()
}

async fn save_own(app: &TestApp, limit: &str) -> (StatusCode, String) {
    let cells = own_row(limit);
    let mut fields: Vec<(&str, &str)> = vec![("op", "save"), ("key", "")];
    fields.extend(cells.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    post(app, &fields).await
}

#[tokio::test]
async fn the_bureau_derives_its_catalogue_and_the_county_reads_what_differs() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    assert_eq!(BUREAU_CODE, "119901219482199390");
    let editor = app.logged_in("editor").await;
    let page = editor.get(PAGE).await.text().await.unwrap();
    assert!(page.contains("id=\"catalogue-derive\""), "{page}");
    // A clerk reads, but may not change it.
    let clerk = app.logged_in("clerk").await;
    let page = clerk.get(PAGE).await.text().await.unwrap();
    assert!(page.contains("本机关尚未编制标准目录。"), "{page}");
    assert!(!page.contains("catalogue-derive"), "{page}");
    let (s, _) = post(&clerk, &[("op", "derive"), ("template", "transport")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (s, page) = post(&editor, &[("op", "derive"), ("template", "transport")]).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("已由模板生成标准目录"), "{page}");
    assert!(
        page.contains("<p class=\"empty\" id=\"no-diffs\">与模板一致。</p>"),
        "{page}"
    );
    let (s, page) = post(&editor, &[("op", "derive"), ("template", "generic")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(page.contains("本机关已经生成了标准目录"), "{page}");

    // Deleting needs a reason the supervising office can read.
    let port = [
        ("op", "delete"),
        ("key", "licensing.port-operation"),
        ("reason", "无"),
    ];
    let (s, page) = post(&editor, &port).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("请写明删除该事项的理由（至少4个字）"),
        "{page}"
    );
    let reason = "白沙县无港口，不涉及港口经营许可";
    let port = [
        ("op", "delete"),
        ("key", "licensing.port-operation"),
        ("reason", reason),
    ];
    let (s, page) = post(&editor, &port).await;
    assert_eq!(s, StatusCode::OK, "{page}");

    // An own row: the 公开时限 must be one the rule reads.
    let (s, page) = save_own(&editor, "尽快公开").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("“公开时限”：公开时限“尽快公开”无法识别"),
        "{page}"
    );
    let (s, page) = save_own(&editor, "实施前3日").await;
    assert_eq!(s, StatusCode::OK, "{page}");

    // The county's supervisor reads the differences; changing is not theirs.
    let supervisor = app.logged_in("supervisor").await;
    let page = supervisor.get(PAGE).await.text().await.unwrap();
    let diffs = page
        .split("id=\"catalogue-diffs\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(diffs.contains("<td>删除</td><td>办事服务—港口经营许可</td><td>理由：白沙县无港口，不涉及港口经营许可</td>"), "{diffs}");
    assert!(
        diffs.contains("<td>新增</td><td>运输服务—城乡公交一体化</td><td>公开时限：实施前3日</td>"),
        "{diffs}"
    );
    assert!(!page.contains("catalogue-add"), "{page}");
    let (s, _) = post(
        &supervisor,
        &[("op", "restore"), ("key", "licensing.port-operation")],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The public column: navigation by the catalogue's columns, the table.
    let public = app.another_browser();
    let page = public
        .get("/agencies/119901219482199390/standard-catalogue")
        .await
        .text()
        .await
        .unwrap();
    let nav = page
        .split("id=\"catalogue-nav\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    assert!(nav.contains("（十）重大建设项目的批准和实施情况"), "{nav}");
    // Each sub-column links to the catalogue narrowed to it.
    assert!(
        nav.contains("<li><a href=\"/agencies/119901219482199390/catalogue?item=major_projects&#38;sub=%E5%86%9C%E6%9D%91%E5%85%AC%E8%B7%AF%E5%BB%BA%E8%AE%BE\">农村公路建设</a></li>"),
        "{nav}"
    );
    assert!(page.contains("农村公路建设计划和补助政策"), "{page}");
    assert!(page.contains("城乡公交一体化"), "{page}");
    assert!(
        page.contains("法定主动公开内容（十）/农村公路建设"),
        "{page}"
    );
    assert!(!page.contains("港口经营许可"), "{page}");

    let r = public
        .get("/agencies/119901219482199390/standard-catalogue.xlsx")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("标准目录").unwrap();
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert_eq!(cells[0], "白沙县交通运输局基层政务公开标准目录");
    assert!(cells.iter().any(|c| c == "农村公路建设计划和补助政策"));
    assert!(cells.iter().any(|c| c == "实施前3日"));
    assert!(!cells.iter().any(|c| c == "港口经营许可"));

    // 无信息说明: too short is refused; published, it shows on the column.
    let (s, page) = post(
        &editor,
        &[("op", "note"), ("column", "fees"), ("note", "无")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("无信息说明应写明该栏目无信息的原因"),
        "{page}"
    );
    let fees = [
        ("op", "note"),
        ("column", "fees"),
        ("note", "本局无行政事业性收费项目。"),
    ];
    let (s, page) = post(&editor, &fees).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let rules = [
        ("op", "note"),
        ("column", "rules"),
        ("note", "本局执行县政府制定的政府信息公开制度。"),
    ];
    assert_eq!(post(&editor, &rules).await.0, StatusCode::OK);
    let today = app.clock.today();
    let page = public
        .get("/agencies/119901219482199390/catalogue?item=fees")
        .await
        .text()
        .await
        .unwrap();
    let shown = format!("无信息说明：本局无行政事业性收费项目。（{today}发布）");
    assert!(page.contains(&shown), "{page}");
    let page = public
        .get("/agencies/119901219482199390/rules")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("无信息说明：本局执行县政府制定的政府信息公开制度。"),
        "{page}"
    );
}
