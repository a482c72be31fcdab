//! Issue 21 item 4: the 指南 offers the 政府信息公开申请表 for download (DOCX
//! and PDF, generated from the agency's data), names the 主管部门 and the
//! 复议机关, and uses the names of the column's tabs and buttons. The files
//! open in LibreOffice and in a PDF reader (poppler).

use std::process::Command;

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp, have, unavailable};
use crate::on_both_backends;

pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    (
        "GET",
        "/agencies/{code}/guide/application-form.docx",
        "O O O O O O O",
    ),
    (
        "GET",
        "/agencies/{code}/guide/application-form.pdf",
        "O O O O O O O",
    ),
];

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/// 白沙县财政局: a demo agency without the online channel.
const NO_ONLINE: &str = "11990121518190937G";

/// The fields of 《条例》第二十九条 and the agency's data, as the form
/// prints them (白沙县交通运输局 of the demo: its office, address, post
/// code, phone and e-mail as `demo::AGENCIES` enters them).
const FORM_TEXT: &[&str] = &[
    "政府信息公开申请表",
    "白沙县交通运输局：",
    "申请人信息",
    "姓名或者名称",
    "身份证明",
    "证件号码",
    "联系电话",
    "电子邮箱",
    "通信地址",
    "邮政编码",
    "所需信息情况",
    "文号",
    "其他特征性描述",
    "提供信息的形式",
    "□纸质",
    "□光盘",
    "获取信息的方式",
    "□邮寄",
    "□当面领取",
    "申请人签名（盖章）",
    "申请日期",
    "受理机构：白沙县交通运输局办公室；地址：白沙县城关镇交通路8号；邮政编码：990100；联系电话：0991-8823456；电子邮箱：jtj@baisha.example.gov.cn。",
    "本表可以通过当面提交、邮寄、电子邮件方式提交受理机构。",
    "也可以在线申请：",
    "/agencies/119901219482199390/apply",
];

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

async fn the_download_routes_have_their_access_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

async fn the_guide_names_the_bodies_and_offers_the_form(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    let html = app
        .get(&format!("/agencies/{TARGET}/guide"))
        .await
        .text()
        .await
        .unwrap();
    // The bureau is a county department under 青山市白沙县人民政府: the
    // county's office oversees it (《条例》第三条), the county government
    // hears its reconsiderations (《行政复议法》第二十四条第一款第（一）项).
    for said in [
        "本机关的上一级行政机关为青山市白沙县人民政府，政府信息公开工作主管部门为青山市白沙县人民政府办公室。",
        "本机关的行政复议机关为青山市白沙县人民政府（《中华人民共和国行政复议法》第二十四条第一款第（一）项）。",
        "也可以自知道该行政行为之日起60日内向青山市白沙县人民政府申请行政复议，或者自知道之日起6个月内向有管辖权的人民法院提起行政诉讼。",
        // The tabs and buttons by the names the header gives them.
        "通过本专栏“法定主动公开内容”发布",
        "分别在本专栏“政府信息公开制度”和“政府信息公开年报”发布。点击“订阅”",
        "在线申请：点击本专栏的“依申请公开”",
        "可以点击本专栏的“查询申请办理进度”",
    ] {
        assert!(html.contains(said), "{said}");
    }
    for button in ["依申请公开", "查询申请办理进度", "订阅"] {
        let head = &html[html.find("id=\"column-actions\"").unwrap()..];
        let head = &head[..head.find("</p>").unwrap()];
        assert!(
            head.contains(&format!(">{button}</a>")),
            "{button} in {head}"
        );
    }
    // The section on applying carries the anchor and both downloads.
    let apply = html
        .find("<h3 id=\"apply\">二、依申请公开</h3>")
        .expect("#apply");
    let docx = html
        .find(&format!(
            "href=\"/agencies/{TARGET}/guide/application-form.docx\""
        ))
        .unwrap();
    let pdf = html
        .find(&format!(
            "href=\"/agencies/{TARGET}/guide/application-form.pdf\""
        ))
        .unwrap();
    let next = html.find("三、政府信息公开工作机构").unwrap();
    assert!(apply < docx && docx < pdf && pdf < next);

    // Without the online channel, the header's 依申请公开 leads to the
    // guide's section, which has the form.
    let html = app
        .get(&format!("/agencies/{NO_ONLINE}/guide"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!(
        "href=\"/agencies/{NO_ONLINE}/guide#apply\" id=\"apply-link\">依申请公开</a>"
    )));
    assert!(html.contains("<h3 id=\"apply\">二、依申请公开</h3>"));
    assert!(html.contains(&format!("/agencies/{NO_ONLINE}/guide/application-form.pdf")));
    assert!(!html.contains("id=\"apply-online\""));
}

async fn the_form_downloads_are_named_typed_and_cacheable(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    for (ext, content_type) in [("docx", DOCX), ("pdf", "application/pdf")] {
        let path = format!("/agencies/{TARGET}/guide/application-form.{ext}");
        let r = app.get(&path).await;
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers().clone();
        assert_eq!(h["content-type"], content_type);
        // 白沙县交通运输局政府信息公开申请表.{ext} (the full name: a
        // downloaded file among others should say whose it is), percent-encoded (UTF-8).
        assert_eq!(
            h["content-disposition"].to_str().unwrap(),
            format!(
                "attachment; filename=\"_________________.{ext}\"; filename*=UTF-8''%E7%99%BD%E6%B2%99%E5%8E%BF%E4%BA%A4%E9%80%9A%E8%BF%90%E8%BE%93%E5%B1%80%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E7%94%B3%E8%AF%B7%E8%A1%A8.{ext}"
            )
        );
        assert_eq!(h["cache-control"], "public, max-age=600");
        let body = r.bytes().await.unwrap();
        let magic: &[u8] = if ext == "pdf" {
            b"%PDF-"
        } else {
            b"PK\x03\x04"
        };
        assert!(body.starts_with(magic), "{path}");
        // The size bound of the handler: 2 MiB.
        assert!(body.len() < 2 * 1024 * 1024);
        // Asked again with its ETag: 304, no body.
        let again = app
            .client
            .get(app.url(&path))
            .header("if-none-match", h["etag"].clone())
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304);
        assert_eq!(again.headers()["etag"], h["etag"]);
    }
    for path in [
        "/agencies/000000000000000000/guide/application-form.pdf",
        "/agencies/000000000000000000/guide/application-form.docx",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

on_both_backends!(
    the_download_routes_have_their_access_decisions,
    the_guide_names_the_bodies_and_offers_the_form,
    the_form_downloads_are_named_typed_and_cacheable,
);

/// `pdftotext` of a PDF file, and `pdfinfo`'s page size and count.
fn read_pdf(pdf: &std::path::Path) -> (String, String) {
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success());
    let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    (
        String::from_utf8_lossy(&text.stdout).into_owned(),
        String::from_utf8_lossy(&info.stdout).into_owned(),
    )
}

fn check_form_text(what: &str, text: &str, info: &str) {
    let text = squash(text);
    for field in FORM_TEXT {
        assert!(text.contains(&squash(field)), "{what}: {field} in {text}");
    }
    // A4 portrait (595.28 × 841.89 pt), one page.
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default();
    assert!(
        size.contains("595") && (size.contains("841") || size.contains("842")),
        "{what}: {size}"
    );
    assert!(info.contains("Pages:           1"), "{what}: {info}");
}

/// The served PDF read by poppler, and the served DOCX opened by
/// LibreOffice Writer (converted to PDF, then read by poppler): both hold
/// the agency and every field of the form.
#[tokio::test]
async fn the_form_opens_in_libreoffice_and_a_pdf_reader() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-12-28")
        .spawn()
        .await
    else {
        return;
    };
    if !have("pdftotext") || !have("pdfinfo") {
        unavailable::<()>("pdftotext and pdfinfo (poppler-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fetch = |ext: &'static str| {
        let app = &app;
        async move {
            let r = app
                .get(&format!("/agencies/{TARGET}/guide/application-form.{ext}"))
                .await;
            assert_eq!(r.status(), 200);
            r.bytes().await.unwrap().to_vec()
        }
    };
    let pdf = dir.path().join("served.pdf");
    std::fs::write(&pdf, fetch("pdf").await).unwrap();
    let (text, info) = read_pdf(&pdf);
    check_form_text("PDF", &text, &info);

    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| have(p)) else {
        unavailable::<()>("LibreOffice (Debian package libreoffice-writer)");
        return;
    };
    let docx = dir.path().join("form.docx");
    std::fs::write(&docx, fetch("docx").await).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    let converted = dir.path().join("form.pdf");
    assert!(
        converted.exists(),
        "LibreOffice did not convert the DOCX: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (text, info) = read_pdf(&converted);
    check_form_text("DOCX in LibreOffice", &text, &info);
    // Kept for a look, beside the browser tests' screenshots.
    for (from, to) in [
        (&pdf, "application-form.pdf"),
        (&converted, "application-form-docx.pdf"),
    ] {
        std::fs::copy(from, crate::browser::screenshot_path(to)).unwrap();
    }
}
