use std::io::Write;

use super::*;

/// A DOCX package written by hand: Chinese Word's style ids (`1` for
/// 标题 1), a bullet and a numbered list, a table with a merged header and
/// a cell merged down over two rows, and a picture.
fn package(document: &str) -> Vec<u8> {
    let styles = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Normal"/></w:style></w:styles>"#;
    let numbering = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
    let rels = r#"<Relationships><Relationship Id="rId9" Type="image" Target="media/image1.png"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, body) in [
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.png", b"\x89PNG-not-really".as_slice()),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn p(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}
fn run(text: &str) -> String {
    format!("<w:r><w:t>{text}</w:t></w:r>")
}

const DOC_START: &str = r#"<w:document xmlns:w="w" xmlns:a="a" xmlns:r="r"><w:body>"#;

#[test]
fn a_word_file_keeps_headings_lists_tables_and_pictures() {
    let doc = [
        DOC_START.to_string(),
        p(&format!(r#"<w:pPr><w:pStyle w:val="1"/></w:pPr>{}"#, run("一、总体情况"))),
        p(&format!(
            "{}<w:r><w:rPr><w:b/></w:rPr><w:t>125</w:t></w:r>{}",
            run("全年发布"),
            run("条 &amp; 更新")
        )),
        p(&format!(r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}"#, run("甲"))),
        p(&format!(r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}"#, run("乙"))),
        p(&format!(r#"<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr>{}"#, run("第一步"))),
        "<w:tbl>".into(),
        format!(r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc></w:tr>"#, p(&run("项目"))),
        format!(
            r#"<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>"#,
            p(&run("规章")),
            p(&run("3"))
        ),
        format!(
            r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>"#,
            p(""),
            p(&run("0"))
        ),
        "</w:tbl>".into(),
        p(r#"<w:r><w:drawing><a:blip r:embed="rId9"/></w:drawing></w:r>"#),
        "</w:body></w:document>".into(),
    ]
    .concat();
    let got = docx_to_html(&package(&doc)).unwrap();
    assert_eq!(
        got.html,
        concat!(
            "<h2>一、总体情况</h2>",
            "<p>全年发布<b>125</b>条 &amp; 更新</p>",
            "<ul><li>甲</li><li>乙</li></ul>",
            "<ol><li>第一步</li></ol>",
            "<table><tr><td colspan=\"2\"><p>项目</p></td></tr>",
            "<tr><td rowspan=\"2\"><p>规章</p></td><td><p>3</p></td></tr>",
            "<tr><td><p>0</p></td></tr></table>",
            "<p><img src=\"docx-media:0\" alt=\"图1\"></p>",
        )
    );
    assert_eq!(got.images.len(), 1);
    assert_eq!(got.images[0].name, "image1.png");
    assert_eq!(got.images[0].bytes, b"\x89PNG-not-really");
    // For reading in the page the picture (not an attachment address) goes.
    let page = to_html("说明.docx", &package(&doc)).unwrap();
    assert!(
        page.contains("<td rowspan=\"2\"><p>规章</p></td>"),
        "{page}"
    );
    assert!(!page.contains("<img"), "{page}");
}

#[test]
fn not_a_word_file_is_said_in_chinese() {
    let e = to_html("a.docx", b"PK\x03\x04 broken").err().unwrap();
    assert!(e.to_string().contains("不是可读的 Word"), "{e}");
}

#[test]
fn a_workbook_is_a_table_per_sheet_with_whole_numbers() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("统计").unwrap();
    ws.write(0, 0, "项目").unwrap();
    ws.write(0, 1, "数量").unwrap();
    ws.write(1, 0, "规章<1>").unwrap();
    ws.write(1, 1, 3).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert_eq!(
        to_html("表.xlsx", &bytes).unwrap(),
        "<h3>统计</h3><table><tbody><tr><td>项目</td><td>数量</td></tr><tr><td>规章&lt;1&gt;</td><td>3</td></tr></tbody></table>"
    );
}
