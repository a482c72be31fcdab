//! The core properties of a DOCX package (`docProps/core.xml`), written by
//! us instead of docx-rs's placeholders.

/// The package's core properties (`docProps/core.xml`): what a file
/// manager, Word's 属性 and a search engine read as the document's title,
/// author and dates — the document's own, not docx-rs's placeholders
/// (“unknown”, 1970-01-01).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CoreMeta {
    pub title: String,
    /// The issuing agency.
    pub author: String,
    /// The document's date (成文日期), when it has one.
    pub date: Option<chrono::NaiveDate>,
}

impl CoreMeta {
    /// The `docProps/core.xml` part.
    pub(crate) fn xml(&self) -> String {
        let date = self
            .date
            .map(|d| {
                let at = format!("{d}T00:00:00Z");
                format!(
                    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{at}</dcterms:created>\
                     <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{at}</dcterms:modified>"
                )
            })
            .unwrap_or_default();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
             xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
             <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>\
             <dc:language>zh-CN</dc:language>{date}<cp:revision>1</cp:revision></cp:coreProperties>",
            xml_text(&self.title),
            xml_text(&self.author),
            xml_text(&self.author),
        )
    }
}

/// `text` as XML character data.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod core_tests {
    use gongkai_domain::document::{Block, Document, DocumentKind};

    /// The core properties of a reply: its title, the issuing agency as
    /// author and last editor, its date as created and modified, in Chinese.
    #[test]
    fn a_documents_package_names_its_title_author_and_date() {
        let doc = Document {
            kind: DocumentKind::Receipt,
            title: "政府信息公开申请登记回执".into(),
            number: String::new(),
            recipient: "张三：".into(),
            body: vec![Block::Paragraph("您的申请已收到。".into())],
            issuer: "白沙县交通运输局".into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
        };
        let bytes = crate::docx::to_docx(&doc).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut core = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
            .unwrap();
        for part in [
            "<dc:title>政府信息公开申请登记回执</dc:title>",
            "<dc:creator>白沙县交通运输局</dc:creator>",
            "<cp:lastModifiedBy>白沙县交通运输局</cp:lastModifiedBy>",
            "<dc:language>zh-CN</dc:language>",
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-03-07T00:00:00Z</dcterms:created>",
            "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2025-03-07T00:00:00Z</dcterms:modified>",
        ] {
            assert!(core.contains(part), "{part} in {core}");
        }
    }

    #[test]
    fn markup_in_a_title_is_text() {
        let meta = super::CoreMeta {
            title: "关于<规范>&解读".into(),
            author: "局".into(),
            date: None,
        };
        let xml = meta.xml();
        assert!(
            xml.contains("<dc:title>关于&lt;规范&gt;&amp;解读</dc:title>"),
            "{xml}"
        );
        assert!(!xml.contains("dcterms:created"), "{xml}");
    }
}
