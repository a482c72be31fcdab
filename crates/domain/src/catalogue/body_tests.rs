use super::*;

/// What Word 2016 puts on the clipboard for a heading, a paragraph and a
/// two-by-two table with a merged header (abridged by hand from a real
/// paste: conditional comments, `o:p`, `mso-` styles and classes kept).
const WORD_PASTE: &str = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0cm}</style></head><body>
<!--StartFragment--><h1 class=MsoTitle><span lang=ZH-CN>一、总体情况</span></h1>
<p class=MsoNormal style='text-indent:21.0pt'><span style='font-family:仿宋'>全年共发布信息<b>125</b>条。<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse'>
<tr><td colspan=2 style='width:200pt'><p class=MsoNormal>项目<o:p></o:p></p></td></tr>
<tr><td onclick="alert(1)">新制发</td><td rowspan="1" width=80>3</td></tr>
</table>
<p><img width=100 src="file:///C:/Users/a/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png"></p>
<script>alert('x')</script><!--EndFragment--></body></html>"#;

#[test]
fn a_word_paste_keeps_its_table_and_merged_cells_but_not_words_styles() {
    let clean = sanitize(WORD_PASTE);
    let h = &clean.html;
    assert!(h.contains("<h2>一、总体情况</h2>"), "{h}");
    assert!(h.contains("<p>全年共发布信息<b>125</b>条。</p>"), "{h}");
    assert!(h.contains("<td colspan=\"2\">"), "{h}");
    assert!(h.contains("<td rowspan=\"1\">3</td>"), "{h}");
    for gone in [
        "style",
        "class",
        "onclick",
        "script",
        "alert",
        "o:p",
        "MsoNormal",
        "font-family",
    ] {
        assert!(!h.contains(gone), "{gone} left in {h}");
    }
    // The local picture Word pointed at cannot be published: removed, and said.
    assert_eq!(clean.dropped_images, 1);
    assert!(!h.contains("<img"), "{h}");
}

#[test]
fn only_the_items_own_attachments_may_be_images() {
    let sha = "a".repeat(64);
    let ok = format!(r#"<p><img src="/files/{sha}/图1.png" alt="路网图"></p>"#);
    let clean = sanitize(&ok);
    assert_eq!(clean.dropped_images, 0);
    assert!(
        clean
            .html
            .contains(&format!("src=\"/files/{sha}/图1.png\""))
    );
    assert!(clean.html.contains("alt=\"路网图\""));
    for bad in [
        "https://elsewhere.example/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "/files/abc/x.png",
    ] {
        let clean = sanitize(&format!(r#"<p>图<img src="{bad}"></p>"#));
        assert_eq!(clean.dropped_images, 1, "{bad}");
        assert_eq!(clean.html, "<p>图</p>", "{bad}");
    }
    // A script address is no picture an editor pasted: gone without a word.
    let clean = sanitize(r#"<p>图<img src="javascript:alert(1)"></p>"#);
    assert_eq!(
        (clean.html.as_str(), clean.dropped_images),
        ("<p>图</p>", 0)
    );
}

#[test]
fn links_keep_safe_addresses_only_and_cannot_open_the_opener() {
    let clean = sanitize(
        r#"<p><a href="https://www.gov.cn/zhengce/">政策</a><a href="javascript:alert(1)">x</a></p>"#,
    );
    assert!(
        clean.html.contains(
            r#"<a href="https://www.gov.cn/zhengce/" rel="noopener noreferrer">政策</a>"#
        ),
        "{}",
        clean.html
    );
    assert!(!clean.html.contains("javascript"), "{}", clean.html);
    for bad in [
        "file:///C:/a.docx",
        "data:text/html,<script>",
        "//evil.example/x",
    ] {
        let clean = sanitize(&format!(r#"<p><a href="{bad}">附件</a></p>"#));
        assert!(!clean.html.contains("href"), "{bad}: {}", clean.html);
    }
}

#[test]
fn forms_frames_and_event_handlers_never_pass() {
    let clean = sanitize(
        r#"<iframe src="https://x"></iframe><form action="/x"><input name="a"></form><p onmouseover="x()">文</p><svg onload="x()"></svg>"#,
    );
    assert_eq!(clean.html, "<p>文</p>");
}

#[test]
fn the_first_level_rename_touches_h1_only() {
    assert_eq!(
        first_level_to_second("<H1 class=x>a</H1><h10>b</h10><hr>"),
        "<h2 class=x>a</h2><h10>b</h10><hr>"
    );
}

#[test]
fn the_text_of_a_body_is_what_a_reader_reads() {
    let html = "<h2>一、总体情况</h2><p>发布&amp;更新 A&lt;B</p><table><tr><th>项目</th><th>数量</th></tr><tr><td>新制发</td><td>3</td></tr></table><ul><li>甲</li><li>乙</li></ul>";
    assert_eq!(
        text_of_html(html),
        "一、总体情况\n发布&更新 A<B\n项目 数量\n新制发 3\n甲\n乙"
    );
}

#[test]
fn a_text_body_becomes_paragraphs_with_markup_escaped() {
    assert_eq!(
        html_of_text("第一段 <b>\n\n  第二段 & 完  \n"),
        "<p>第一段 &lt;b&gt;</p><p>第二段 &amp; 完</p>"
    );
    assert_eq!(text_of_html(&html_of_text("a<b\nc")), "a<b\nc");
}

#[test]
fn the_form_value_chooses_the_format() {
    assert_eq!(BodyFormat::parse("html"), BodyFormat::Html);
    assert_eq!(BodyFormat::parse(""), BodyFormat::Text);
    assert_eq!(BodyFormat::parse("markdown"), BodyFormat::Text);
}
