//! Issue 19's browser story, in headless Chromium: the editor pastes a
//! body with a table from Word into the editor, attaches a PDF, previews
//! the public page and submits; the reviewer's page shows the body with the
//! table, opens the PDF and says where the item stands under Art. 26 before
//! the approval; the published page is the preview.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::browser::{browser, screenshot_path};
use crate::helpers::{DbKind, TestApp};

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

/// What Word 2016 puts on the clipboard for a paragraph and a table with a
/// merged header row (abridged: its styles, classes and `o:p` kept).
const WORD_CLIPBOARD: &str = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>td{mso-border-alt:solid}</style></head><body><!--StartFragment--><p class=MsoNormal style='text-indent:21pt'><span style='font-family:仿宋_GB2312'>现将2025年农村公路养护计划公布如下。<o:p></o:p></span></p><table class=MsoTableGrid border=1 style='border-collapse:collapse'><tr><td colspan=2 style='width:300pt'><p class=MsoNormal><b>2025年养护里程<o:p></o:p></b></p></td></tr><tr><td><p class=MsoNormal>县道X012<o:p></o:p></p></td><td><p class=MsoNormal>40公里<o:p></o:p></p></td></tr></table><!--EndFragment--></body></html>"#;

/// A one-page PDF, written by hand (the viewer only has to open it).
fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

async fn log_in_as(
    c: &Client,
    app: &TestApp,
    user: &str,
) -> Result<(), fantoccini::error::CmdError> {
    if let Ok(b) = c.find(Locator::Id("logout")).await {
        b.click().await?;
        c.wait().for_element(Locator::Id("nav-login")).await?;
    }
    c.goto(&app.url("/login")).await?;
    c.find(Locator::Id("username"))
        .await?
        .send_keys(user)
        .await?;
    c.find(Locator::Id("password")).await?.send_keys(PW).await?;
    c.find(Locator::Id("login-submit")).await?.click().await?;
    c.wait().for_element(Locator::Id("workbench-title")).await?;
    Ok(())
}

async fn set(c: &Client, css: &str, value: &str) -> Result<(), fantoccini::error::CmdError> {
    c.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];",
        vec![css.into(), value.into()],
    )
    .await?;
    Ok(())
}

async fn inner_html(c: &Client, css: &str) -> Result<String, fantoccini::error::CmdError> {
    let v = c
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.innerHTML : null;",
            vec![css.into()],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn the_reviewer_sees_the_pasted_table_the_pdf_and_the_art26_count_and_the_page_is_the_preview()
 {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-10-09")
        .spawn()
        .await
    else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf_path = dir.path().join("养护计划图.pdf");
    std::fs::write(&pdf_path, pdf()).unwrap();
    let outcome = async {
        // The editor drafts: metadata typed, the body pasted from Word.
        log_in_as(&c, &app, "editor").await?;
        c.goto(&app.url("/items/new")).await?;
        for (name, value) in [
            ("title", "白沙县2025年农村公路养护计划"),
            ("summary", "公布本局二〇二五年农村公路养护工程的计划里程和路线。"),
            ("issuers", "白沙县交通运输局"),
            ("formed_on", "2025-09-26"),
            ("topic", "工业、交通\\公路"),
            ("genre", "notice"),
            ("kind", "other"),
            ("attribute", "proactive"),
            ("scope", "public"),
        ] {
            set(&c, &format!("#item-form [name=\"{name}\"]"), value).await?;
        }
        c.execute(
            "const ed = document.getElementById('body-editor'); ed.focus();
             const dt = new DataTransfer(); dt.setData('text/html', arguments[0]);
             dt.setData('text/plain', '现将2025年农村公路养护计划公布如下。');
             ed.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));",
            vec![WORD_CLIPBOARD.into()],
        )
        .await?;
        let pasted = inner_html(&c, "#body-editor").await?;
        assert!(pasted.contains("<td colspan=\"2\">"), "{pasted}");
        assert!(!pasted.contains("mso") && !pasted.contains("style="), "{pasted}");
        c.find(Locator::Id("item-save")).await?.click().await?;
        c.wait().for_element(Locator::Id("item-state")).await?;
        let manage = c.current_url().await?.to_string();
        let id: String = manage
            .trim_end_matches("/manage")
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();

        // A PDF attached on the item's page.
        c.find(Locator::Css("#attach-form input[type=file]"))
            .await?
            .send_keys(pdf_path.to_str().unwrap())
            .await?;
        c.find(Locator::Css("#attach-form button[type=submit]")).await?.click().await?;
        c.wait().for_element(Locator::Id("notice")).await?;

        // The preview of the edit form, in this tab, is the public page to be.
        c.goto(&app.url(&format!("/items/{id}/edit"))).await?;
        c.execute("document.getElementById('item-preview').removeAttribute('formtarget');", vec![])
            .await?;
        c.find(Locator::Id("item-preview")).await?.click().await?;
        c.wait().for_element(Locator::Id("preview-banner")).await?;
        let previewed = inner_html(&c, "#item-body").await?;
        assert!(previewed.contains("<td colspan=\"2\"><p><b>2025年养护里程</b></p></td>"), "{previewed}");
        assert!(c.source().await?.contains("养护计划图.pdf"), "the preview lists the attachment");

        // Submitted from the form.
        c.goto(&app.url(&format!("/items/{id}/edit"))).await?;
        c.find(Locator::Id("item-submit")).await?.click().await?;
        let state = c.wait().for_element(Locator::Id("item-state")).await?.text().await?;
        assert_eq!(state, "待审核");

        // The reviewer sees what will be published before approving.
        log_in_as(&c, &app, "reviewer").await?;
        c.goto(&manage).await?;
        let body = inner_html(&c, "#to-publish #item-body").await?;
        assert_eq!(body, previewed, "the reviewer sees the body as previewed");
        let frame = c
            .find(Locator::Css("#to-publish iframe.review-pdf"))
            .await?
            .attr("src")
            .await?
            .expect("the PDF's frame");
        let opened = c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then(r => done([r.status, r.headers.get('content-type')]));",
                vec![frame.clone().into()],
            )
            .await?;
        assert_eq!(opened, serde_json::json!([200, "application/pdf"]), "{frame}");
        // Art. 26, counted by hand: formed Friday 26 September 2025; 9-28
        // (Sunday worked), 9-29, 9-30, [1–8 October off], 10-9 → 4 working
        // days so far; the 20th working day is 30 October.
        let page = c.source().await?;
        assert!(
            page.contains("成文或变更后已过4个工作日；按《条例》第二十六条，应于2025-10-30前（含当日）公开。"),
            "the Art. 26 count before approval"
        );
        c.screenshot()
            .await
            .map(|png| std::fs::write(screenshot_path("item-review.png"), png).unwrap())?;
        set(&c, "#action-approve [name=\"review\"]", "经保密审查，不涉及国家秘密").await?;
        c.find(Locator::Css("#action-approve button[type=submit]")).await?.click().await?;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("notice"))
            .await?;

        // The published page is the preview.
        c.goto(&app.url(&format!("/items/{id}"))).await?;
        let published = inner_html(&c, "#item-body").await?;
        assert_eq!(published, previewed);
        let page = c.source().await?;
        assert!(page.contains("养护计划图.pdf"));
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.clone().close().await;
    outcome.unwrap();
}
